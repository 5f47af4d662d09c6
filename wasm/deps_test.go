//go:build !(js && wasm)

package main

import (
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// leftOut are packages the two WebAssembly builds (this module and the
// server host in cloudflare/) must not link: go-ethereum's common, hexutil
// and common/math with holiman/uint256 and database/sql behind them, and
// regexp (ethtypes and cloudflare/shapes.go say why). Only
// go-ethereum's keccak is kept.
var leftOut = []string{
	"github.com/ethereum/go-ethereum/",
	"github.com/holiman/uint256",
	"database/sql",
	"regexp",
}

// TestBuildsLeaveOutHeavyPackages lists what GOOS=js GOARCH=wasm builds of
// ./wasm and ./cloudflare import, at any depth, and fails on any package
// under leftOut (keccak aside), so an import that would bring one back is
// caught here and not in the size report.
func TestBuildsLeaveOutHeavyPackages(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	cmd := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "list", "-deps", ".", "../cloudflare")
	cmd.Env = append(cmd.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, pkg := range strings.Fields(string(out)) {
		if pkg == "github.com/ethereum/go-ethereum/crypto/keccak" {
			continue
		}
		for _, p := range leftOut {
			if pkg == p || strings.HasPrefix(pkg, strings.TrimSuffix(p, "/")+"/") {
				t.Errorf("the WebAssembly builds import %s (a package they leave out)", pkg)
			}
		}
	}
}
