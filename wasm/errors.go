//go:build js && wasm

package main

import (
	"errors"
	"syscall/js"

	"github.com/sessionsigner/sessionsigner/session"
)

// errPanic marks a recovered panic: a bug, reported as INTERNAL.
var errPanic = errors.New("internal error in the sessionsigner module")

// jsError converts err to a JavaScript Error with the vault's stable code
// (session.Code) and, for a policy refusal, the rule that failed; a
// signMany that stopped adds the refused request's index and the signatures
// made before it (a JSON array). The worker copies these fields across
// postMessage; the page rebuilds a
// SessionSignerError from them. Error messages never hold key material (the
// vault's rule), so the message is passed through as it is.
func jsError(err error) js.Value {
	e := js.Global().Get("Error").New(err.Error())
	e.Set("code", session.Code(err))
	if rule := session.Rule(err); rule != "" {
		e.Set("rule", rule)
	}
	var stop *batchStop
	if errors.As(err, &stop) {
		e.Set("index", stop.Index)
		e.Set("signatures", hexListJSON(stop.signed))
	}
	return e
}
