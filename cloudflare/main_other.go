//go:build !(js && wasm)

package main

import (
	"fmt"
	"os"
)

// main explains how to build the Worker: without syscall/js there is no
// Durable Object to keep vaults in.
func main() {
	fmt.Fprintln(os.Stderr, "the server host runs inside a Cloudflare Worker: build it with `make worker`, serve it with `make worker-dev`")
	os.Exit(2)
}
