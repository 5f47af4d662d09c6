//go:build js && wasm

package main

import (
	"errors"
	"sync"
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
		err = errorOf(args[0])
		close(done)
		return nil
	})
	defer onOK.Release()
	defer onErr.Release()
	p.Call("then", onOK, onErr)
	<-done
	return val, err
}

// testVault is an open vault object with its answers routed back to the
// test, as js/src/worker/calls.ts routes them to the worker's promises.
type testVault struct {
	js.Value
	mu      sync.Mutex
	next    int
	waiting map[int]chan answer
	answer  js.Func
}

// answer is what answer(seq, error, value, state) received.
type answer struct{ err, value, state js.Value }

// openTestVault opens a vault through the API object, as the worker does.
func openTestVault(api js.Value, options string, adapter js.Value) (*testVault, error) {
	tv := &testVault{waiting: map[int]chan answer{}}
	tv.answer = js.FuncOf(func(_ js.Value, args []js.Value) any {
		tv.mu.Lock()
		ch := tv.waiting[args[0].Int()]
		delete(tv.waiting, args[0].Int())
		tv.mu.Unlock()
		ch <- answer{args[1], args[2], args[3]}
		return nil
	})
	v, err := await(api.Call("open", options, adapter, js.Null(), js.Null(), tv.answer))
	if err != nil {
		tv.answer.Release()
		return nil, err
	}
	tv.Value = v
	return tv, nil
}

// do calls method and waits for its answer: the value (after checking the
// state rides along), or the error's code and message as an error with the
// error object as the value.
func (tv *testVault) do(method string, args ...any) (js.Value, error) {
	a, err := tv.ask(method, args...)
	if err != nil {
		return a.err, err
	}
	if s := a.state; s.Type() != js.TypeString || (s.String() != "new" && s.String() != "locked" && s.String() != "unlocked") {
		return a.value, errors.New("INTERNAL: the answer carries no vault state")
	}
	return a.value, nil
}

// ask calls method and returns its whole answer; a refusal or an error
// answer is also returned as an error (code and message).
func (tv *testVault) ask(method string, args ...any) (answer, error) {
	tv.mu.Lock()
	tv.next++
	seq := tv.next
	ch := make(chan answer, 1)
	tv.waiting[seq] = ch
	tv.mu.Unlock()
	if refused := tv.Call("call", append([]any{seq, method}, args...)...); !refused.IsUndefined() && !refused.IsNull() {
		tv.mu.Lock()
		delete(tv.waiting, seq)
		tv.mu.Unlock()
		return answer{err: refused}, errorOf(refused)
	}
	a := <-ch
	if !a.err.IsNull() {
		return a, errorOf(a.err)
	}
	return a, nil
}

func errorOf(e js.Value) error {
	return errors.New(e.Get("code").String() + ": " + e.Get("message").String())
}
