//go:build js && wasm

package main

import (
	"errors"
	"syscall/js"
)

// jsValue evaluates a JavaScript expression (test fixtures written in the
// language the real adapters are written in).
func jsValue(src string) js.Value {
	return js.Global().Call("eval", "("+src+")")
}

// mapAdapter is an adapter over a JavaScript Map that, like a careless
// custom adapter, returns list results unsorted and unfiltered.
const mapAdapter = `(() => {
	const m = new Map()
	return {
		m,
		get: async (k) => (m.has(k) ? m.get(k).slice() : null),
		put: async (k, v) => { m.set(k, v.slice()) },
		delete: async (k) => { m.delete(k) },
		list: async (p) => [...m.keys()].reverse().concat(['zzz-not-' + p]),
	}
})()`

// await waits for a Promise and returns its value, or the rejection's code
// and message as an error (and the rejection as the value).
func await(p js.Value) (js.Value, error) {
	done := make(chan struct{})
	var val js.Value
	var err error
	var onOK, onErr js.Func
	onOK = js.FuncOf(func(_ js.Value, args []js.Value) any { val = args[0]; close(done); return nil })
	onErr = js.FuncOf(func(_ js.Value, args []js.Value) any {
		val = args[0]
		err = errors.New(args[0].Get("code").String() + ": " + args[0].Get("message").String())
		close(done)
		return nil
	})
	defer onOK.Release()
	defer onErr.Release()
	p.Call("then", onOK, onErr)
	<-done
	return val, err
}

// awaitValue awaits a vault method's reply, {value, state}, and returns its
// value, after checking the state is there.
func awaitValue(p js.Value) (js.Value, error) {
	reply, err := await(p)
	if err != nil {
		return reply, err
	}
	if s := reply.Get("state"); s.Type() != js.TypeString || (s.String() != "new" && s.String() != "locked" && s.String() != "unlocked") {
		return reply, errors.New("INTERNAL: the reply carries no vault state")
	}
	return reply.Get("value"), nil
}
