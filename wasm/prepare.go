//go:build js && wasm

package main

import (
	"time"

	"github.com/sessionsigner/sessionsigner/internal/ethcrypto"
)

// prepareWhenIdle builds the signer's base-point table (tens of ms, once per
// module; internal/ethcrypto/basepoint.go) in 32 steps with a pause before
// each. Go and JavaScript share the worker's one thread and nothing
// preempts a goroutine there: built in one piece right after open, the
// table held back the open handshake's last reply by its whole build time
// (measured: 50 to 90 ms of a cold start) and would hold back an unlock
// sent at once. Between steps the worker takes its messages, and a request
// that needs k*G before the table is ready uses decred's own multiply
// instead of waiting.
func prepareWhenIdle() {
	go ethcrypto.BuildBaseTableInSteps(func() { time.Sleep(time.Millisecond) })
}
