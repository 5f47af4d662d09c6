//go:build js && wasm

package main

import (
	"encoding/json"
	"strings"
	"syscall/js"
	"testing"

	"github.com/sessionsigner/sessionsigner/keystore"
	"github.com/sessionsigner/sessionsigner/scheme"
	"github.com/sessionsigner/sessionsigner/session"
)

func TestJSError(t *testing.T) {
	e := jsError(scheme.Refuse("valuePerUse", "too much"))
	if e.Get("code").String() != session.CodePolicyViolation || e.Get("rule").String() != "valuePerUse" {
		t.Fatalf("code %v rule %v", e.Get("code"), e.Get("rule"))
	}
	if !e.InstanceOf(js.Global().Get("Error")) {
		t.Fatal("not an Error")
	}
	plain := jsError(keystore.ErrWrongSecret)
	if plain.Get("code").String() != session.CodeWrongSecret || !plain.Get("rule").IsUndefined() {
		t.Fatalf("code %v rule %v", plain.Get("code"), plain.Get("rule"))
	}
}

// TestVaultObject drives the object JavaScript receives, through its
// Promises, over a JavaScript adapter: the whole glue without the npm package.
func TestVaultObject(t *testing.T) {
	api := newAPI()
	v, err := openTestVault(api, `{"kdf":{"memoryKiB":19456,"time":2,"threads":1}}`, jsValue(mapAdapter))
	if err != nil {
		t.Fatal(err)
	}
	if s, _ := v.do("state"); s.String() != "new" {
		t.Fatalf("state = %v", s)
	}
	secret := js.Global().Get("Uint8Array").New(3)
	js.CopyBytesToJS(secret, []byte("abc"))
	if _, err := v.do("unlock", secret); err != nil {
		t.Fatal(err)
	}
	info, err := v.do("createSession", `{"scheme":"local","chainId":"1","messages":true}`)
	if err != nil {
		t.Fatal(err)
	}
	var created struct{ ID string }
	if err := json.Unmarshal([]byte(info.String()), &created); err != nil {
		t.Fatal(err)
	}
	sig, err := v.do("sign", created.ID, `{"type":"message","message":"hi"}`)
	if err != nil {
		t.Fatal(err)
	}
	if s := sig.String(); len(s) != 2+130 || s[:2] != "0x" {
		t.Fatalf("signature %q", s)
	}
	if _, err := v.do("sign", created.ID, `{"type":"teleport"}`); err == nil || !strings.HasPrefix(err.Error(), session.CodeInvalidRequest) {
		t.Fatalf("an unknown request type = %v, want %s", err, session.CodeInvalidRequest)
	}
	// signMany: every signature, as JSON; a refusal in the middle says
	// which request and carries the signatures made before it.
	many, err := v.do("signMany", created.ID, `[{"type":"message","message":"a"},{"type":"message","message":"b"}]`)
	var sigs []string
	if err != nil || json.Unmarshal([]byte(many.String()), &sigs) != nil || len(sigs) != 2 || len(sigs[1]) != 132 {
		t.Fatalf("signMany = %v, %v", many, err)
	}
	stopped, err := v.do("signMany", created.ID, `[{"type":"message","message":"a"},{"type":"hash","hash":"0x01"},{"type":"message","message":"c"}]`)
	if err == nil {
		t.Fatalf("signMany with a refused request resolved %v", stopped)
	}
	var before []string
	if stopped.Get("index").Int() != 1 || json.Unmarshal([]byte(stopped.Get("signatures").String()), &before) != nil || len(before) != 1 || before[0] == "" {
		t.Fatalf("stopped signMany: index %v, signatures %v (%v)", stopped.Get("index"), stopped.Get("signatures"), err)
	}
	if _, err := v.do("unlock", "a string"); err == nil || !strings.HasPrefix(err.Error(), session.CodeInvalidRequest) {
		t.Fatalf("unlock with a non-Uint8Array = %v, want %s", err, session.CodeInvalidRequest)
	}
	v.Call("close")
	v.Call("close") // twice is harmless
	if _, err := v.do("state"); err == nil || !strings.HasPrefix(err.Error(), session.CodeCanceled) {
		t.Fatalf("a closed vault answered %v, want %s", err, session.CodeCanceled)
	}
}

// TestVaultObjectCache: with {"cache":true} repeated reads stay in Go, and
// invalidate(key) is how the host makes another tab's write visible.
func TestVaultObjectCache(t *testing.T) {
	adapter := jsValue(`(() => {
		const m = new Map(), gets = new Map()
		return {
			gets,
			get: async (k) => { gets.set(k, (gets.get(k) ?? 0) + 1); return m.has(k) ? m.get(k).slice() : null },
			put: async (k, v) => { m.set(k, v.slice()) },
			add: async (k, v) => { if (m.has(k)) return false; m.set(k, v.slice()); return true },
			delete: async (k) => { m.delete(k) },
			list: async (p) => [...m.keys()].filter((k) => k.startsWith(p)),
		}
	})()`)
	api := newAPI()
	open := func(options string) *testVault {
		v, err := openTestVault(api, options, adapter)
		if err != nil {
			t.Fatal(err)
		}
		secret := js.Global().Get("Uint8Array").New(3)
		js.CopyBytesToJS(secret, []byte("abc"))
		if _, err := v.do("unlock", secret); err != nil {
			t.Fatal(err)
		}
		return v
	}
	kdf := `"kdf":{"memoryKiB":19456,"time":2,"threads":1}`
	a, b := open(`{`+kdf+`,"cache":true}`), open(`{`+kdf+`}`)
	defer a.Call("close")
	defer b.Call("close")
	if !b.Get("invalidate").IsUndefined() {
		t.Fatal("a vault without a cache must not offer invalidate")
	}
	info, err := a.do("createSession", `{"scheme":"local","chainId":"1","messages":true}`)
	if err != nil {
		t.Fatal(err)
	}
	var created struct{ ID string }
	if err := json.Unmarshal([]byte(info.String()), &created); err != nil {
		t.Fatal(err)
	}
	key := keystore.RecordPrefix + created.ID
	for range 3 {
		if _, err := a.do("sign", created.ID, `{"type":"message","message":"hi"}`); err != nil {
			t.Fatal(err)
		}
	}
	if n := adapter.Get("gets").Call("get", key); n.Type() != js.TypeNumber || n.Int() != 1 {
		t.Fatalf("three signatures read the record %v times from storage, want once", n)
	}
	if _, err := b.do("revoke", created.ID); err != nil {
		t.Fatal(err)
	}
	a.Call("invalidate", key)
	if _, err := a.do("sign", created.ID, `{"type":"message","message":"hi"}`); err == nil || !strings.HasPrefix(err.Error(), session.CodeRevoked) {
		t.Fatalf("after invalidate, signing a session revoked elsewhere = %v, want %s", err, session.CodeRevoked)
	}
	a.Call("invalidate", 42) // not a key: forgets everything, harmlessly
	a.Call("invalidateAll")
	a.Call("close")
	a.Call("invalidate", key) // closed: does nothing, does not throw
}

// TestCallsQueued: calls made without waiting are answered once each, in
// the order they were made, each with the state after it; a close with
// calls still queued answers them CANCELED instead of dropping them; an
// unknown method or a malformed call is refused, not a crash.
func TestCallsQueued(t *testing.T) {
	var order []int
	var codes []string
	done := make(chan struct{}, 64)
	answer := js.FuncOf(func(_ js.Value, args []js.Value) any {
		order = append(order, args[0].Int())
		if args[1].IsNull() {
			codes = append(codes, "ok:"+args[3].String())
		} else {
			codes = append(codes, args[1].Get("code").String())
		}
		done <- struct{}{}
		return nil
	})
	defer answer.Release()
	v, err := await(newAPI().Call("open", `{"kdf":{"memoryKiB":19456,"time":2,"threads":1}}`, jsValue(mapAdapter), js.Null(), js.Null(), answer))
	if err != nil {
		t.Fatal(err)
	}
	secret := js.Global().Get("Uint8Array").New(3)
	calls := [][]any{{"state"}, {"unlock", secret}, {"state"}, {"lock"}, {"teleport"}, {"state"}}
	for i, c := range calls {
		if r := v.Call("call", append([]any{i + 1}, c...)...); !r.IsUndefined() {
			t.Fatalf("call %d refused: %v", i+1, r)
		}
	}
	for range calls {
		<-done
	}
	want := []string{"ok:new", "ok:unlocked", "ok:unlocked", "ok:locked", session.CodeInvalidRequest, "ok:locked"}
	if strings.Join(codes, " ") != strings.Join(want, " ") || len(order) != len(calls) {
		t.Fatalf("answers %v (order %v), want %v", codes, order, want)
	}
	for i, seq := range order {
		if seq != i+1 {
			t.Fatalf("answer order %v", order)
		}
	}
	if r := v.Call("call", "not a number", "state"); r.Get("code").String() != session.CodeInvalidRequest {
		t.Fatalf("a malformed call = %v", r)
	}

	// Queued, then closed before the goroutine runs them: each is
	// answered, none twice, and later calls are refused at once.
	codes, order = nil, nil
	for i := range 5 {
		v.Call("call", 100+i, "state")
	}
	v.Call("close")
	for range 5 {
		<-done
	}
	for _, c := range codes {
		if c != session.CodeCanceled && c != "ok:locked" {
			t.Fatalf("answers after close %v", codes)
		}
	}
	if r := v.Call("call", 200, "state"); r.Get("code").String() != session.CodeCanceled {
		t.Fatalf("a call on a closed vault = %v, want %s at once", r, session.CodeCanceled)
	}
	select {
	case <-done:
		t.Fatal("a refused call was answered as well")
	default:
	}
}
