package session

import (
	"testing"
	"time"

	"github.com/sessionsigner/sessionsigner/keystore"
)

func TestDestroy(t *testing.T) {
	v, store, c := unlocked(t)
	createTest(t, v, "")
	v.Lock()
	wantCode(t, v.Destroy(ctx, false), CodeLocked)
	if len(snapshot(t, store)) != 2 {
		t.Fatal("a refused Destroy deleted something")
	}
	if err := v.Destroy(ctx, true); err != nil {
		t.Fatal(err)
	}
	if n := len(snapshot(t, store)); n != 0 {
		t.Fatalf("%d keys left after Destroy", n)
	}
	if st, _ := v.State(ctx); st != StateNew {
		t.Fatalf("state after Destroy: %s", st)
	}
	// Unlocked: no option needed, and the vault is locked afterwards.
	w := newVault(t, store, c)
	if err := w.Unlock(ctx, []byte("another secret")); err != nil {
		t.Fatal(err)
	}
	createTest(t, w, "")
	if err := w.Destroy(ctx, false); err != nil {
		t.Fatal(err)
	}
	if len(snapshot(t, store)) != 0 || w.keys != nil {
		t.Fatal("Destroy while unlocked left keys in storage or memory")
	}
}

// TestRecheck: two vaults on one store, as two tabs. After one destroys
// the vault or changes its secret, Recheck locks the other; while the
// header still matches, Recheck changes nothing.
func TestRecheck(t *testing.T) {
	a, store, c := unlocked(t)
	s := createTest(t, a, "")
	b := newVault(t, store, c)
	if err := b.Unlock(ctx, secret); err != nil {
		t.Fatal(err)
	}
	state := func(v *Vault) State {
		t.Helper()
		st, err := v.State(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	if err := b.Recheck(ctx); err != nil || state(b) != StateUnlocked {
		t.Fatalf("Recheck with the header unchanged: %v, %s", err, state(b))
	}
	// Another slot changes the header but not its key: still unlocked.
	added, err := a.AddSlot(ctx, passkey(passkeySecret))
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Recheck(ctx); err != nil || state(b) != StateUnlocked {
		t.Fatalf("Recheck after a slot was added: %v, %s", err, state(b))
	}
	mustSign(t, b, s.ID)

	// The secret changed in the other tab (one slot: a new vault key).
	if err := a.RemoveSlot(ctx, added.ID); err != nil {
		t.Fatal(err)
	}
	if err := a.ChangeSecret(ctx, secret, []byte("next secret")); err != nil {
		t.Fatal(err)
	}
	if err := b.Recheck(ctx); err != nil || state(b) != StateLocked || b.keys != nil {
		t.Fatalf("Recheck after a change of secret: %v, %s", err, state(b))
	}
	if err := b.Unlock(ctx, []byte("next secret")); err != nil {
		t.Fatal(err)
	}
	mustSign(t, b, s.ID)

	// Destroyed in the other tab: locked, and the vault is new.
	if err := a.Destroy(ctx, false); err != nil {
		t.Fatal(err)
	}
	if err := b.Recheck(ctx); err != nil || state(b) != StateNew || b.keys != nil {
		t.Fatalf("Recheck after Destroy: %v, %s", err, state(b))
	}
	if err := b.Recheck(ctx); err != nil {
		t.Fatalf("Recheck of a locked vault: %v", err)
	}
}

func TestPrune(t *testing.T) {
	v, store, c := unlocked(t)
	keep := createTest(t, v, "")
	revoked := createTest(t, v, "")
	if _, err := v.Revoke(ctx, revoked.ID); err != nil {
		t.Fatal(err)
	}
	expiring := createTest(t, v, `,"expiresAt":`+fmtInt(testNow.Add(time.Hour).Unix()))
	c.Add(2 * time.Hour)
	v.Lock()
	// Before the revocation: nothing to prune.
	if n, err := v.Prune(ctx, testNow.Add(-time.Minute)); err != nil || n != 0 {
		t.Fatalf("Prune(before revocation) = %d, %v", n, err)
	}
	if n, err := v.Prune(ctx, c.Now().Add(time.Second)); err != nil || n != 2 {
		t.Fatalf("Prune = %d, %v; want the revoked and the expired session", n, err)
	}
	for _, id := range []string{revoked.ID, expiring.ID} {
		if _, err := store.Get(ctx, keystore.RecordPrefix+id); err == nil {
			t.Errorf("session %s still stored", id)
		}
	}
	if _, err := v.GetSession(ctx, keep.ID); err != nil {
		t.Fatal(err)
	}
}
