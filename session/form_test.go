package session

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"

	"github.com/sessionsigner/sessionsigner/internal/sigtest"
	"github.com/sessionsigner/sessionsigner/scheme"
)

func formReq(form string) json.RawMessage {
	return json.RawMessage(`{"type":"hash","hash":"` + testHash.Hex() + `","signatureForm":` + form + `}`)
}

// TestSignatureForm: "ecdsa" returns the session key's bare signature where
// the scheme would wrap it, over the same digest, counted like any other
// signature; "scheme" and no member return the scheme's form; the scheme
// (a strict one) never sees the member.
func TestSignatureForm(t *testing.T) {
	v, _, _ := unlocked(t)
	info := createTest(t, v, `,"wrap":true,"max":4`)

	wrapped := mustSign(t, v, info.ID)
	if len(wrapped) != 66 || wrapped[0] != 0xff {
		t.Fatalf("default form: %x, want 0xff and the signature", wrapped)
	}
	named, err := v.Sign(ctx, info.ID, formReq(`"scheme"`))
	if err != nil || !bytes.Equal(named, wrapped) {
		t.Fatalf(`"scheme" form: %x, %v; want the default %x`, named, err, wrapped)
	}
	bare, err := v.Sign(ctx, info.ID, formReq(`"ecdsa"`))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(bare, wrapped[1:]) {
		t.Fatalf(`"ecdsa" form: %x, want the signature inside the scheme's form %x`, bare, wrapped[1:])
	}
	if signer, err := sigtest.Recover(testHash, bare); err != nil || signer != info.Signer {
		t.Fatalf("the bare signature recovers to %s (%v), want the session key %s", signer.Hex(), err, info.Signer.Hex())
	}
	// Three signatures so far, each counted: one more passes, then the
	// limit holds whatever the form.
	if _, err := v.Sign(ctx, info.ID, formReq(`"ecdsa"`)); err != nil {
		t.Fatal(err)
	}
	var pe *scheme.PolicyError
	if _, err := v.Sign(ctx, info.ID, formReq(`"ecdsa"`)); !errors.As(err, &pe) || pe.Rule != "uses" {
		t.Fatalf("fifth signature: %v, want the use limit", err)
	}
}

// TestSignatureFormRefusals: any other value, or the member spelled in
// another case, is INVALID_REQUEST naming it, and nothing is signed or
// counted.
func TestSignatureFormRefusals(t *testing.T) {
	v, _, _ := unlocked(t)
	info := createTest(t, v, `,"wrap":true,"max":1`)
	for _, form := range []string{`"ECDSA"`, `""`, `"bare"`, `null`, `1`, `true`, `["ecdsa"]`, `{"form":"ecdsa"}`} {
		_, err := v.Sign(ctx, info.ID, formReq(form))
		var re *scheme.RequestError
		if !errors.As(err, &re) || re.Field != "signatureForm" {
			t.Errorf("signatureForm %s: %v, want INVALID_REQUEST on signatureForm", form, err)
		}
	}
	cased := json.RawMessage(`{"type":"hash","hash":"` + testHash.Hex() + `","SignatureForm":"ecdsa"}`)
	if _, err := v.Sign(ctx, info.ID, cased); !errors.Is(err, scheme.ErrInvalidRequest) {
		t.Errorf("SignatureForm: %v, want INVALID_REQUEST", err)
	}
	// The one use the session has is still there.
	if sig, err := v.Sign(ctx, info.ID, formReq(`"ecdsa"`)); err != nil || len(sig) != 65 {
		t.Fatalf("after the refusals: %x, %v; want a signature", sig, err)
	}
}

// TestTakeFormKeepsTheRest: the scheme gets every other member as the app
// wrote it, in its order, strings with <, > and & included.
func TestTakeFormKeepsTheRest(t *testing.T) {
	raw := json.RawMessage(`{"type":"message","message":"a <b> & c","signatureForm":"ecdsa","n":[1, 2]}`)
	got, ecdsa, err := takeForm(raw, json.RawMessage(`"ecdsa"`))
	if err != nil || !ecdsa {
		t.Fatalf("takeForm: %v, ecdsa %v", err, ecdsa)
	}
	if want := `{"type":"message","message":"a <b> & c","n":[1, 2]}`; string(got) != want {
		t.Fatalf("takeForm left %s, want %s", got, want)
	}
	same, ecdsa, err := takeForm(raw, nil)
	if err != nil || ecdsa || !bytes.Equal(same, raw) {
		t.Fatalf("no member: %s, %v, %v; want the request untouched", same, ecdsa, err)
	}
}
