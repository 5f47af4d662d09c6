//go:build js && wasm

package main

import (
	"fmt"
	"syscall/js"

	promise "github.com/nlepage/go-js-promise"
)

// async returns a JavaScript Promise settled by work, which runs on its own
// goroutine. A js.FuncOf callback runs on the JavaScript event loop and must
// return before any JavaScript promise can settle, so anything that awaits
// JavaScript (every storage call does) deadlocks the runtime if it runs in
// the callback itself. A panic in work rejects the promise with INTERNAL
// instead of stopping the whole module.
func async(work func() (any, error)) js.Value {
	p, resolve, reject := promise.New()
	go func() {
		defer func() {
			if r := recover(); r != nil {
				reject(jsError(fmt.Errorf("%w: %v", errPanic, r)))
			}
		}()
		v, err := work()
		if err != nil {
			reject(jsError(err))
			return
		}
		resolve(v)
	}()
	return p
}
