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
	v, err := await(api.Call("open", `{"kdf":{"memoryKiB":19456,"time":2,"threads":1}}`, jsValue(mapAdapter), js.Null(), js.Null()))
	if err != nil {
		t.Fatal(err)
	}
	if s, _ := await(v.Call("state")); s.String() != "new" {
		t.Fatalf("state = %v", s)
	}
	secret := js.Global().Get("Uint8Array").New(3)
	js.CopyBytesToJS(secret, []byte("abc"))
	if _, err := await(v.Call("unlock", secret)); err != nil {
		t.Fatal(err)
	}
	info, err := await(v.Call("createSession", `{"scheme":"local","chainId":"1","messages":true}`))
	if err != nil {
		t.Fatal(err)
	}
	var created struct{ ID string }
	if err := json.Unmarshal([]byte(info.String()), &created); err != nil {
		t.Fatal(err)
	}
	sig, err := await(v.Call("sign", created.ID, `{"type":"message","message":"hi"}`))
	if err != nil {
		t.Fatal(err)
	}
	if s := sig.String(); len(s) != 2+130 || s[:2] != "0x" {
		t.Fatalf("signature %q", s)
	}
	if _, err := await(v.Call("sign", created.ID, `{"type":"teleport"}`)); err == nil || !strings.HasPrefix(err.Error(), session.CodeInvalidRequest) {
		t.Fatalf("an unknown request type = %v, want %s", err, session.CodeInvalidRequest)
	}
	if _, err := await(v.Call("unlock", "a string")); err == nil || !strings.HasPrefix(err.Error(), session.CodeInvalidRequest) {
		t.Fatalf("unlock with a non-Uint8Array = %v, want %s", err, session.CodeInvalidRequest)
	}
	v.Call("close")
	v.Call("close") // twice is harmless
	if _, err := await(v.Call("state")); err == nil || !strings.HasPrefix(err.Error(), session.CodeCanceled) {
		t.Fatalf("a closed vault answered %v, want %s", err, session.CodeCanceled)
	}
}
