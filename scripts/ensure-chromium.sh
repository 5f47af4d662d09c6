#!/usr/bin/env bash
# Headless browser tests use Debian's chromium (never a downloaded browser).
# Install it when missing and we may; otherwise say exactly what to run.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends chromium
else
  echo "chromium is missing: run 'sudo apt-get install chromium' (Debian) and retry" >&2
  exit 1
fi
