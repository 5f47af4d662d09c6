#!/bin/sh
# Prepares the WebAssembly module's build and prints the go flags for it:
#
#   GOOS=js GOARCH=wasm go build $(scripts/wasmbuild/prepare.sh) ./wasm
#
# decred secp256k1 ships its precomputed base-point table as a 0.55 MB
# string (brotli cannot shrink it) in compressedbytepoints.go, registered
# by an init function, so the linker keeps it even when nothing multiplies
# with it. The module signs with internal/ethcrypto's own table, built in
# memory, so the build leaves decred's out: it copies the module's decred
# source as downloaded (same version as go.mod says) into build/, without
# that one file, and points a build-only go.mod (build/wasm.mod, a copy of
# go.mod plus a replace line) at the copy. The `tinygo` tag makes decred's
# own k*G take its table-free path, so nothing can read the missing table.
# The Makefile's wasm build, go vet and the wasm tests all use these flags;
# a plain `go build ./wasm` still works, with the table.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$root/build
mod=github.com/decred/dcrd/dcrec/secp256k1/v4
# A fresh module cache has no source yet: go list -m names no folder until
# the module is downloaded.
(cd "$root" && go mod download $mod)
src=$(cd "$root" && go list -m -f '{{.Dir}}' $mod)
[ -n "$src" ] || { echo "prepare.sh: no source folder for $mod" >&2; exit 1; }
version=$(cd "$root" && go list -m -f '{{.Version}}' $mod)
copy=$build/decred-secp256k1-$version
if [ ! -f "$copy/.prepared" ]; then
	rm -rf "$copy"
	mkdir -p "$build"
	cp -R "$src" "$copy"
	chmod -R u+w "$copy"
	rm "$copy/compressedbytepoints.go"
	touch "$copy/.prepared"
fi
{ cat "$root/go.mod"; printf '\nreplace %s => %s\n' "$mod" "$copy"; } > "$build/wasm.mod.tmp"
cmp -s "$build/wasm.mod.tmp" "$build/wasm.mod" 2>/dev/null && rm "$build/wasm.mod.tmp" || mv "$build/wasm.mod.tmp" "$build/wasm.mod"
cmp -s "$root/go.sum" "$build/wasm.sum" 2>/dev/null || cp "$root/go.sum" "$build/wasm.sum"
printf -- '-tags=tinygo -modfile=%s\n' "$build/wasm.mod"
