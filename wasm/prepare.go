//go:build js && wasm

package main

import (
	"syscall/js"

	"github.com/sessionsigner/sessionsigner/internal/ethcrypto"
)

// prepareWhenIdle builds the signer's base-point table (tens of ms, once per
// module; internal/ethcrypto/basepoint.go) in 32 steps, giving the event
// loop a turn before each. Go and JavaScript share the worker's one thread
// and nothing preempts a goroutine there: built in one piece right after
// open, the table held back the open handshake's last reply by its whole
// build time (measured: 50 to 90 ms of a cold start) and would have held
// back an unlock sent at once. Between steps the worker takes its messages,
// and a request that needs k*G before the table is ready uses decred's own
// multiply instead of waiting.
func prepareWhenIdle() {
	turn, done := eventLoopTurns()
	go func() {
		defer done()
		ethcrypto.BuildBaseTableInSteps(turn)
	}()
}

// eventLoopTurns returns turn, which blocks its goroutine until the worker
// has nothing more urgent to do (no task queued ahead, no vault call
// queued or running: callsInFlight), and done, which releases what turn
// uses.
// A turn is a background-priority task (scheduler.postTask, in Chromium):
// it runs once the tasks ahead of it, the page's messages and IndexedDB's
// answers among them, have run, and without the 4 ms that timers nested in
// timers wait. (A MessageChannel message, tried first, starved IndexedDB's
// answers: the open handshake's State waited for all 32 steps.) Elsewhere
// it is a zero-delay timer.
func eventLoopTurns() (turn, done func()) {
	next := make(chan struct{}, 1)
	wake := js.FuncOf(func(js.Value, []js.Value) any {
		next <- struct{}{}
		return nil
	})
	schedule := func() { js.Global().Call("setTimeout", wake, 0) }
	if s := js.Global().Get("scheduler"); s.Type() == js.TypeObject && s.Get("postTask").Type() == js.TypeFunction {
		background := js.ValueOf(map[string]any{"priority": "background"})
		schedule = func() { s.Call("postTask", wake, background) }
	}
	turn = func() {
		for {
			schedule()
			<-next
			if callsInFlight.idle() {
				return
			}
			callsInFlight.waitIdle()
		}
	}
	return turn, wake.Release
}
