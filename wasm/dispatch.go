//go:build js && wasm

package main

import (
	"fmt"
	"sync"
	"syscall/js"

	"github.com/sessionsigner/sessionsigner/session"
)

// The vault's calls reach Go through one long-lived entry point instead of
// a JavaScript function, a Promise and a goroutine per call:
//
//	vault.call(seq, method, ...args) -> undefined | Error
//	answer(seq, error|null, value, state)   (the function given to open)
//
// call only queues the request and returns; one goroutine per vault takes
// the requests in the order they came and answers each through answer,
// with its value and the vault's state after it. A call that cannot be
// queued (a closed vault, a seq that is not a number) returns its Error at
// once and is never answered. The queue keeps the order JavaScript made the
// calls in, as the worker's own FIFO does (js/src/worker/server.ts).
//
// Measured against the per-call Promise it replaces: see the i11 report
// (the per-call js.FuncOf, goroutine and reply object were about a fifth of
// a warm signature's Go time).

// request is one queued call.
type request struct {
	seq    int
	method string
	args   []js.Value
}

// vaultMethod runs one call: its value (a string, a number or nil) or an error.
type vaultMethod func(args []js.Value) (any, error)

// dispatcher queues a vault's calls and serves them on one goroutine.
type dispatcher struct {
	answer  js.Value
	methods map[string]vaultMethod
	// run wraps each method call: the vault adds the state after it.
	run func(vaultMethod, []js.Value) (value any, state string, err error)

	mu     sync.Mutex
	queue  []request
	closed bool
	wake   chan struct{} // one pending signal is enough: serve drains the queue
}

func newDispatcher(answer js.Value, run func(vaultMethod, []js.Value) (any, string, error)) *dispatcher {
	d := &dispatcher{answer: answer, methods: map[string]vaultMethod{}, run: run, wake: make(chan struct{}, 1)}
	go d.serve()
	return d
}

// call is vault.call as JavaScript sees it. It never blocks the event loop:
// it takes only the queue's lock, which no one holds while waiting for
// JavaScript.
func (d *dispatcher) call(_ js.Value, args []js.Value) any {
	if len(args) < 2 || args[0].Type() != js.TypeNumber || args[1].Type() != js.TypeString {
		return jsError(errBadCall)
	}
	r := request{seq: args[0].Int(), method: args[1].String(), args: args[2:]}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return jsError(errClosed)
	}
	d.queue = append(d.queue, r)
	callsInFlight.add(1)
	select {
	case d.wake <- struct{}{}:
	default:
	}
	return js.Undefined()
}

// close refuses later calls and answers the queued ones with errClosed
// (through serve, which then ends).
func (d *dispatcher) close() {
	d.mu.Lock()
	defer d.mu.Unlock()
	if !d.closed {
		d.closed = true
		close(d.wake)
	}
}

// serve answers the queue in order until close.
func (d *dispatcher) serve() {
	for range d.wake {
		for {
			r, ok := d.next()
			if !ok {
				break
			}
			d.serveOne(r)
			callsInFlight.add(-1)
		}
	}
	for r, ok := d.next(); ok; r, ok = d.next() {
		d.answer.Invoke(r.seq, jsError(errClosed), js.Undefined(), js.Undefined())
		callsInFlight.add(-1)
	}
}

// stateValues are the vault's states as JavaScript strings, made once.
// Every answer carries one; made per answer, each would be a string built
// in JavaScript, a crossing and a finalizer for Go's garbage collector.
var stateValues = func() map[string]js.Value {
	m := map[string]js.Value{}
	for _, s := range []session.State{session.StateNew, session.StateLocked, session.StateUnlocked} {
		m[string(s)] = js.ValueOf(string(s))
	}
	return m
}()

// stateValue is state as answer passes it: one of stateValues, or (a state
// this list lacks) a new string.
func stateValue(state string) any {
	if v, ok := stateValues[state]; ok {
		return v
	}
	return state
}

func (d *dispatcher) next() (request, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if len(d.queue) == 0 {
		return request{}, false
	}
	r := d.queue[0]
	d.queue[0] = request{}
	d.queue = d.queue[1:]
	return r, true
}

// serveOne runs one request and answers it. A panic answers INTERNAL
// instead of stopping the whole module (and every other vault in it).
func (d *dispatcher) serveOne(r request) {
	defer func() {
		if p := recover(); p != nil {
			d.answer.Invoke(r.seq, jsError(fmt.Errorf("%w: %v", errPanic, p)), js.Undefined(), js.Undefined())
		}
	}()
	m, ok := d.methods[r.method]
	if !ok {
		d.answer.Invoke(r.seq, jsError(fmt.Errorf("%w: no method %q", errBadCall, r.method)), js.Undefined(), js.Undefined())
		return
	}
	value, state, err := d.run(m, r.args)
	if err != nil {
		d.answer.Invoke(r.seq, jsError(err), js.Undefined(), js.Undefined())
		return
	}
	d.answer.Invoke(r.seq, js.Null(), value, stateValue(state))
}
