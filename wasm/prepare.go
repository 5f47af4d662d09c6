//go:build js && wasm

package main

import (
	"syscall/js"

	"github.com/sessionsigner/sessionsigner/internal/ethcrypto"
)

// prepareWhenIdle builds the signer's base-point table (tens of ms, once per
// module; internal/ethcrypto/basepoint.go) on a later turn of the event
// loop. Go and JavaScript share the worker's one thread, so work started
// on a goroutine right away would hold back the reply open is about to
// send; a zero-delay timer lets that reply go out first, and the table is
// ready before the first key needs it (createSession's address, the first
// signature) unless that request comes within the same few milliseconds,
// in which case it waits for the table instead of building its own.
func prepareWhenIdle() {
	var fn js.Func
	fn = js.FuncOf(func(js.Value, []js.Value) any {
		fn.Release()
		go ethcrypto.PrepareBaseTable()
		return nil
	})
	js.Global().Call("setTimeout", fn, 0)
}
