package session

import (
	"maps"
	"testing"

	"github.com/sessionsigner/sessionsigner/keystore"
)

func pass(s string) Secret { return Secret{Kind: keystore.SlotPassphrase, Bytes: []byte(s)} }

// TestUnlockReading: the read-only unlock opens a plain vault, refuses a
// wrong secret as UnlockWith does, and declines (false, nothing written,
// still locked) wherever UnlockWith would write: a new store, and an
// interrupted change of secret. UnlockWith then does the write.
func TestUnlockReading(t *testing.T) {
	v, store, c := unlocked(t)
	s := createTest(t, v, "")
	v.Lock()
	wantCode(t, func() error { _, err := v.UnlockReading(ctx, pass("wrong secret")); return err }(), CodeWrongSecret)
	if done, err := v.UnlockReading(ctx, pass(string(secret))); !done || err != nil {
		t.Fatalf("UnlockReading = %v, %v", done, err)
	}
	mustSign(t, v, s.ID)

	// A new store: nothing is created.
	empty := newVault(t, keystore.NewMemoryStore(), c)
	if done, err := empty.UnlockReading(ctx, pass("first")); done || err != nil {
		t.Fatalf("UnlockReading on a new store = %v, %v", done, err)
	}
	if st, _ := empty.State(ctx); st != StateNew {
		t.Fatalf("state %s after declining on a new store", st)
	}

	// An interrupted change of secret: the pending header stays as it is.
	flaky := &flakyStore{Store: store, failAt: 2}
	vf := newVault(t, flaky, c)
	if err := vf.Unlock(ctx, secret); err != nil {
		t.Fatal(err)
	}
	if err := vf.ChangeSecret(ctx, secret, newSecret); err == nil {
		t.Fatal("the change of secret did not stop at the injected failure")
	}
	before := snapshot(t, store)
	w := newVault(t, store, c)
	for _, use := range [][]byte{secret, newSecret} {
		if done, err := w.UnlockReading(ctx, pass(string(use))); done || err != nil {
			t.Fatalf("UnlockReading with a change pending = %v, %v", done, err)
		}
	}
	if st, _ := w.State(ctx); st != StateLocked || !maps.EqualFunc(before, snapshot(t, store), func(a, b []byte) bool { return string(a) == string(b) }) {
		t.Fatalf("declining changed something (state %s)", st)
	}
	if err := w.UnlockWith(ctx, pass(string(newSecret))); err != nil {
		t.Fatal(err)
	}
	mustSign(t, w, s.ID)
}
