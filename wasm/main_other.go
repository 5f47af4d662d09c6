//go:build !(js && wasm)

package main

import (
	"fmt"
	"os"
)

// main exists outside GOOS=js so that `go test ./...` and `go vet ./...` can
// build this package and run its portable tests (options parsing).
func main() {
	fmt.Fprintln(os.Stderr, "sessionsigner's wasm module: build it with GOOS=js GOARCH=wasm (make wasm)")
	os.Exit(2)
}
