//go:build js && wasm

// Command wasm is the sessionsigner vault compiled for JavaScript
// (GOOS=js GOARCH=wasm). It is the only package that imports syscall/js.
//
// JavaScript starts it with Go's wasm_exec.js, passing in argv[1] the name of
// a global function; once the API object exists, main calls that function
// with it. That explicit signal replaces polling for a global, and lets two
// modules start in one thread without taking each other's API. The API (see
// api.go) has one entry point, open, which returns a vault object whose
// methods all return Promises.
//
// The npm package in ../js hosts this module in a Web Worker; read its
// worker/server.ts for the one caller.
package main

import (
	"os"
	"syscall/js"
)

func main() {
	api := newAPI()
	if len(os.Args) > 1 {
		if ready := js.Global().Get(os.Args[1]); ready.Type() == js.TypeFunction {
			ready.Invoke(api)
			select {} // the callbacks in api serve JavaScript from now on
		}
	}
	// Started without a ready callback (by hand, in a console): publish the
	// API under a fixed name instead.
	js.Global().Set("sessionsignerModule", api)
	select {}
}
