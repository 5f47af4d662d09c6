package session

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/sessionsigner/sessionsigner/keystore"
)

var newSecret = []byte("a much better passphrase")

func TestChangeSecret(t *testing.T) {
	v, store, c := unlocked(t)
	var ids []*Info
	for range 3 {
		ids = append(ids, createTest(t, v, ""))
	}
	revoked := createTest(t, v, "")
	if _, err := v.Revoke(ctx, revoked.ID); err != nil {
		t.Fatal(err)
	}
	var stages []Progress
	v.report = func(p Progress) { stages = append(stages, p) }
	wantCode(t, v.ChangeSecret(ctx, []byte("wrong"), newSecret), CodeWrongSecret)
	if err := v.ChangeSecret(ctx, secret, newSecret); err != nil {
		t.Fatal(err)
	}
	if last := stages[len(stages)-1]; last.Stage != "reseal" || last.Done != last.Total || last.Total != 4 {
		t.Fatalf("progress %+v", stages)
	}
	for _, s := range ids {
		mustSign(t, v, s.ID) // still unlocked, under the new key
	}
	v2 := newVault(t, store, c)
	wantCode(t, v2.Unlock(ctx, secret), CodeWrongSecret)
	if err := v2.Unlock(ctx, newSecret); err != nil {
		t.Fatal(err)
	}
	for _, s := range ids {
		if recoverSigner(t, mustSign(t, v2, s.ID)) != s.Signer {
			t.Fatal("signer changed across change of secret")
		}
	}
}

// TestChangeSecretCrash fails the n-th storage write of a change of secret,
// for every n, and checks that afterwards every session opens with the old
// or the new secret, and that unlocking settles the vault on the secret used.
func TestChangeSecretCrash(t *testing.T) {
	for failAt := 1; ; failAt++ {
		v, store, c := unlocked(t)
		var sessions []*Info
		for range 3 {
			sessions = append(sessions, createTest(t, v, ""))
		}
		flaky := &flakyStore{Store: store, failAt: failAt}
		vf := newVault(t, flaky, c)
		if err := vf.Unlock(ctx, secret); err != nil {
			t.Fatal(err)
		}
		err := vf.ChangeSecret(ctx, secret, newSecret)
		if err == nil {
			if failAt < 5 {
				t.Fatalf("change of secret took only %d writes", failAt-1)
			}
			return // every write point has been tried
		}
		if !errors.Is(err, errInjected) {
			t.Fatalf("failAt %d: %v", failAt, err)
		}
		for _, use := range [][]byte{secret, newSecret} {
			// Work on a copy of storage so each secret sees the same crash.
			copyStore := keystore.NewMemoryStore()
			for k, val := range snapshot(t, store) {
				_ = copyStore.Put(ctx, k, val)
			}
			vc := newVault(t, copyStore, c)
			err := vc.Unlock(ctx, use)
			if string(use) == string(newSecret) && failAt == 1 {
				// The pending header was never written: only the old secret exists.
				wantCode(t, err, CodeWrongSecret)
				continue
			}
			if err != nil {
				t.Fatalf("failAt %d, secret %q: unlock: %v", failAt, use, err)
			}
			for _, s := range sessions {
				if recoverSigner(t, mustSign(t, vc, s.ID)) != s.Signer {
					t.Fatalf("failAt %d: wrong signer", failAt)
				}
			}
			// Settled: a fresh vault opens with the secret used, not the other.
			other := newSecret
			if string(use) == string(newSecret) {
				other = secret
			}
			vs := newVault(t, copyStore, c)
			wantCode(t, vs.Unlock(ctx, other), CodeWrongSecret)
			if err := vs.Unlock(ctx, use); err != nil {
				t.Fatal(err)
			}
			raw, _ := copyStore.Get(ctx, keystore.HeaderKey)
			if h, _ := keystore.ParseHeader(raw); h.Rekey != nil {
				t.Fatalf("failAt %d: change still pending after unlock", failAt)
			}
		}
	}
}

func TestChangeSecretWhileLocked(t *testing.T) {
	v, _, _ := unlocked(t)
	s := createTest(t, v, "")
	v.Lock()
	if err := v.ChangeSecret(ctx, secret, newSecret); err != nil {
		t.Fatal(err)
	}
	mustSign(t, v, s.ID)
	wantCode(t, v.ChangeSecret(ctx, secret, nil), CodeInvalidRequest)
}

// TestChangeSecretReadFailureKeepsSessions: a record that fails to read
// during the change must abort it, not be skipped and stranded under the old
// key; either secret still opens every session afterwards.
func TestChangeSecretReadFailureKeepsSessions(t *testing.T) {
	for _, use := range [][]byte{secret, newSecret} {
		v, store, c := unlocked(t)
		a, b := createTest(t, v, ""), createTest(t, v, "")
		flaky := &getFailsOnce{Store: store, key: keystore.RecordPrefix + b.ID}
		vf := newVault(t, flaky, c)
		if err := vf.Unlock(ctx, secret); err != nil {
			t.Fatal(err)
		}
		if _, err := vf.State(ctx); err != nil { // wait for the post-unlock sweep to read everything once
			t.Fatal(err)
		}
		flaky.mu.Lock()
		flaky.done = false
		flaky.mu.Unlock()
		wantCode(t, vf.ChangeSecret(ctx, secret, newSecret), CodeStorageUnavailable)
		v2 := newVault(t, store, c)
		if err := v2.Unlock(ctx, use); err != nil {
			t.Fatalf("unlock with %q after the aborted change: %v", use, err)
		}
		for _, s := range []*Info{a, b} {
			if recoverSigner(t, mustSign(t, v2, s.ID)) != s.Signer {
				t.Fatal("wrong signer")
			}
		}
	}
}

// TestSecretChangedInAnotherTab: tab B, unlocked before tab A changed the
// secret, must not seal new sessions under the dropped key, nor report A's
// resealed records as corrupt: it locks itself and says why.
func TestSecretChangedInAnotherTab(t *testing.T) {
	a, store, c := unlocked(t)
	old := createTest(t, a, "")
	b := newVault(t, store, c)
	if err := b.Unlock(ctx, secret); err != nil {
		t.Fatal(err)
	}
	if err := a.ChangeSecret(ctx, secret, newSecret); err != nil {
		t.Fatal(err)
	}
	_, err := b.CreateSession(ctx, json.RawMessage(`{"scheme":"test","chainId":1}`))
	wantCode(t, err, CodeLocked)
	if st, _ := b.State(ctx); st != StateLocked {
		t.Fatalf("tab B state %s, want locked", st)
	}
	// And through Sign: a fresh B, unlocked before another change.
	b2 := newVault(t, store, c)
	if err := b2.Unlock(ctx, newSecret); err != nil {
		t.Fatal(err)
	}
	if err := a.ChangeSecret(ctx, newSecret, secret); err != nil {
		t.Fatal(err)
	}
	_, err = b2.Sign(ctx, old.ID, hashReq)
	wantCode(t, err, CodeLocked)
	if err := b2.Unlock(ctx, secret); err != nil {
		t.Fatal(err)
	}
	mustSign(t, b2, old.ID)
}
