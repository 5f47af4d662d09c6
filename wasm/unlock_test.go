//go:build js && wasm

package main

import (
	"syscall/js"
	"testing"
	"time"
)

// heldListAdapter is a Map adapter whose list() waits, while hold is set,
// until release() is called: it stands for IndexedDB listing the records.
const heldListAdapter = `(() => {
	const m = new Map()
	const keys = (p) => [...m.keys()].filter((k) => k.startsWith(p)).sort()
	const a = {
		hold: false,
		listing: false,
		release: () => {},
		get: async (k) => (m.has(k) ? m.get(k).slice() : null),
		put: async (k, v) => { m.set(k, v.slice()) },
		delete: async (k) => { m.delete(k) },
		list: (p) => {
			if (!a.hold) return Promise.resolve(keys(p))
			a.listing = true
			return new Promise((ok) => { a.release = () => ok(keys(p)) })
		},
	}
	return a
})()`

// TestUnlockRepliesBeforeTheSweep: unlock's reply does not wait for the
// sweep that wipes expired keys (it lists and reads every record); the
// vault is unlocked as soon as the key is open. A call made after it waits
// for the sweep and then answers.
func TestUnlockRepliesBeforeTheSweep(t *testing.T) {
	adapter := jsValue(heldListAdapter)
	v, err := await(newAPI().Call("open", `{"kdf":{"memoryKiB":19456,"time":2,"threads":1}}`, adapter, js.Null(), js.Null()))
	if err != nil {
		t.Fatal(err)
	}
	secret := func() js.Value {
		s := js.Global().Get("Uint8Array").New(3)
		js.CopyBytesToJS(s, []byte("abc"))
		return s
	}
	if _, err := awaitValue(v.Call("unlock", secret())); err != nil {
		t.Fatal(err)
	}
	if _, err := awaitValue(v.Call("lock")); err != nil {
		t.Fatal(err)
	}
	adapter.Set("hold", true)
	for _, method := range []string{"unlock", "unlockWith"} {
		args := []any{secret()}
		if method == "unlockWith" {
			args = []any{"passphrase", "", secret()}
		}
		replied := make(chan js.Value, 1)
		go func() {
			reply, err := await(v.Call(method, args...))
			if err != nil {
				t.Error(err)
			}
			replied <- reply
		}()
		select {
		case reply := <-replied:
			if s := reply.Get("state").String(); s != "unlocked" {
				t.Fatalf("%s replied state %q", method, s)
			}
		case <-time.After(30 * time.Second):
			t.Fatalf("%s did not reply while the sweep's listing was held: the reply waits for the sweep", method)
		}
		for !adapter.Get("listing").Bool() {
			time.Sleep(time.Millisecond)
		}
		adapter.Set("listing", false)
		adapter.Call("release")
		if s, err := awaitValue(v.Call("state")); err != nil || s.String() != "unlocked" {
			t.Fatalf("state after the sweep = %v, %v", s, err)
		}
		if _, err := awaitValue(v.Call("lock")); err != nil {
			t.Fatal(err)
		}
	}
}
