#!/bin/sh
# Prepares the WebAssembly module's build and prints the go flags for it:
#
#   GOOS=js GOARCH=wasm go build $(scripts/wasmbuild/prepare.sh) ./wasm
#
# The module takes decred secp256k1's field, scalar and point arithmetic,
# and none of three files around it:
#
#   - compressedbytepoints.go: the shipped base-point table, a 0.55 MB
#     string (brotli cannot shrink it) registered by an init function, so
#     the linker keeps it even when nothing multiplies with it. The module
#     signs with internal/ethcrypto's own table, built in memory, and the
#     `tinygo` tag makes decred's own k*G take its table-free path.
#   - loadprecomputed.go: that table's loader, which links compress/zlib.
#   - ellipticadaptor.go: the bridge to crypto/elliptic and crypto/ecdsa,
#     which links the standard library's NIST curves and their tables
#     (about 130 KB of brotli) for adapters the module never calls.
#
# In their place goes sessionsigner_curve.go.in (this folder; see its comment):
# the group order and base point the rest of decred reads, and the names
# the unused fast path needs to compile. The build copies the module's
# decred source as downloaded (same version as go.mod says) into build/,
# swaps those files, and points a build-only go.mod (build/wasm.mod, a copy
# of go.mod plus a replace line) at the copy. The Makefile's wasm build,
# go vet and the wasm tests all use these flags; a plain `go build ./wasm`
# still works, with decred as published.
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
# The copy is remade whenever this script or the file it adds changes.
stamp=$(cat "$0" "$root/scripts/wasmbuild/sessionsigner_curve.go.in" | cksum)
if [ "$(cat "$copy/.prepared" 2>/dev/null)" != "$stamp" ]; then
	rm -rf "$copy"
	mkdir -p "$build"
	cp -R "$src" "$copy"
	chmod -R u+w "$copy"
	rm "$copy/compressedbytepoints.go" "$copy/loadprecomputed.go" "$copy/ellipticadaptor.go"
	cp "$root/scripts/wasmbuild/sessionsigner_curve.go.in" "$copy/sessionsigner_curve.go"
	echo "$stamp" > "$copy/.prepared"
fi
{ cat "$root/go.mod"; printf '\nreplace %s => %s\n' "$mod" "$copy"; } > "$build/wasm.mod.tmp"
cmp -s "$build/wasm.mod.tmp" "$build/wasm.mod" 2>/dev/null && rm "$build/wasm.mod.tmp" || mv "$build/wasm.mod.tmp" "$build/wasm.mod"
cmp -s "$root/go.sum" "$build/wasm.sum" 2>/dev/null || cp "$root/go.sum" "$build/wasm.sum"
printf -- '-tags=tinygo -modfile=%s\n' "$build/wasm.mod"
