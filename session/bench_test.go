package session

import (
	"encoding/json"
	"testing"

	"github.com/sessionsigner/sessionsigner/keystore"
)

// BenchmarkSignHash is the warm path the browser measures: a cached key, a
// record read, the scheme's check, a signature. Run with -bench; it prints
// figures and asserts nothing about time.
func BenchmarkSignHash(b *testing.B) {
	v, _, _ := unlocked(b)
	info, err := v.CreateSession(ctx, json.RawMessage(`{"scheme":"local","chainId":1,"rawHash":true,
		"allow":[{"target":"0x000000000000000000000000000000000000dEaD","maxValuePerUse":"0"}]}`))
	if err != nil {
		b.Fatal(err)
	}
	mustSign(b, v, info.ID)
	for b.Loop() {
		if _, err := v.Sign(ctx, info.ID, hashReq); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCreateSession(b *testing.B) {
	v, _, _ := unlocked(b)
	req := json.RawMessage(`{"scheme":"local","chainId":1,"allow":[{"target":"0x000000000000000000000000000000000000dEaD","maxValuePerUse":"0"}]}`)
	for b.Loop() {
		if _, err := v.CreateSession(ctx, req); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkListSessions1000 lists 1,000 stored sessions and writes them as
// JSON, describing every one (the Go API's path).
func BenchmarkListSessions1000(b *testing.B) {
	v := vaultOf1000(b)
	for b.Loop() {
		infos, err := v.ListSessions(ctx)
		if err != nil || len(infos) != 1000 {
			b.Fatal(len(infos), err)
		}
		if _, err := MarshalInfos(infos); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkListSessionsJSON1000 is the browser bench's listSessions row
// without the crossing into JavaScript: the same JSON, with the sessions
// unchanged since the last listing.
func BenchmarkListSessionsJSON1000(b *testing.B) {
	v := vaultOf1000(b)
	for b.Loop() {
		if _, err := v.ListSessionsJSON(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

func vaultOf1000(b *testing.B) *Vault {
	v, _, _ := unlocked(b)
	req := json.RawMessage(`{"scheme":"local","chainId":1,"allow":[{"target":"0x000000000000000000000000000000000000dEaD","maxValuePerUse":"0"}]}`)
	for range 1000 {
		if _, err := v.CreateSession(ctx, req); err != nil {
			b.Fatal(err)
		}
	}
	return v
}

// BenchmarkUnlockFullEntropy: unlock with a passkey-sized secret, from the
// bytes to an unlocked vault (HKDF-SHA256 and one unwrap; no Argon2id), on a
// vault that also has a passphrase slot. Figures only.
func BenchmarkUnlockFullEntropy(b *testing.B) {
	v, _, _ := unlocked(b)
	if _, err := v.AddSlot(ctx, passkey(passkeySecret)); err != nil {
		b.Fatal(err)
	}
	s := Secret{Kind: keystore.SlotPasskey, Bytes: passkeySecret}
	for b.Loop() {
		v.Lock()
		if err := v.UnlockWith(ctx, s); err != nil {
			b.Fatal(err)
		}
	}
}
