package session

import (
	"testing"

	"github.com/sessionsigner/sessionsigner/keystore"
)

// deriveReports returns the "derive-key" reports among ps.
func deriveReports(ps []Progress) []Progress {
	var out []Progress
	for _, p := range ps {
		if p.Stage == "derive-key" {
			out = append(out, p)
		}
	}
	return out
}

// checkDeriveProgress asserts what a page drawing a bar relies on: one
// total throughout, done starting at 0 and never going back, one report per
// Argon2id slice at most, and a last report of total.
func checkDeriveProgress(t *testing.T, what string, ps []Progress, total int) {
	t.Helper()
	ps = deriveReports(ps)
	if len(ps) < 3 || len(ps) > total+1 {
		t.Fatalf("%s: %d derive-key reports %+v, want between 3 and %d", what, len(ps), ps, total+1)
	}
	for i, p := range ps {
		switch {
		case p.Total != total:
			t.Fatalf("%s: report %d has total %d, want %d: %+v", what, i, p.Total, total, ps)
		case i == 0 && p.Done != 0:
			t.Fatalf("%s: first report %+v, want 0 done", what, p)
		case i > 0 && p.Done <= ps[i-1].Done:
			t.Fatalf("%s: done went from %d to %d: %+v", what, ps[i-1].Done, p.Done, ps)
		}
	}
	if last := ps[len(ps)-1]; last.Done != total {
		t.Fatalf("%s: last report %+v, want %d done", what, last, total)
	}
}

func TestDeriveKeyProgress(t *testing.T) {
	store := keystore.NewMemoryStore()
	c := &clock{t: testNow}
	v := newVault(t, store, c)
	var seen []Progress
	v.report = func(p Progress) { seen = append(seen, p) }
	per := keystore.MinKDF.Steps()

	if err := v.Unlock(ctx, secret); err != nil { // creates the vault
		t.Fatal(err)
	}
	checkDeriveProgress(t, "create", seen, per)

	v.Lock()
	seen = nil
	if err := v.Unlock(ctx, secret); err != nil {
		t.Fatal(err)
	}
	checkDeriveProgress(t, "unlock", seen, per)

	seen = nil
	if _, err := v.AddSlot(ctx, Secret{Kind: keystore.SlotPassphrase, Bytes: []byte("second passphrase")}); err != nil {
		t.Fatal(err)
	}
	checkDeriveProgress(t, "add a passphrase", seen, per)

	// Two passphrase slots: the total is both, and opening with the first
	// stops after one, then jumps to the total.
	v.Lock()
	seen = nil
	if err := v.Unlock(ctx, secret); err != nil {
		t.Fatal(err)
	}
	checkDeriveProgress(t, "unlock one of two passphrases", seen, 2*per)

	// Replacing the second: opening may try both, then the new key.
	seen = nil
	if err := v.ChangeSecret(ctx, []byte("second passphrase"), newSecret); err != nil {
		t.Fatal(err)
	}
	checkDeriveProgress(t, "change secret", seen, 3*per)

	seen = nil
	if err := v.ChangeSecret(ctx, []byte("wrong"), newSecret); err == nil {
		t.Fatal("a wrong secret changed the secret")
	}
	if ps := deriveReports(seen); len(ps) == 0 || ps[len(ps)-1].Done == ps[len(ps)-1].Total {
		t.Fatalf("a wrong secret reported the derivation complete: %+v", ps)
	}

	// A passkey runs no Argon2id: nothing to report.
	seen = nil
	if _, err := v.AddSlot(ctx, passkey(passkeySecret)); err != nil {
		t.Fatal(err)
	}
	v.Lock()
	if err := v.UnlockWith(ctx, passkey(passkeySecret)); err != nil {
		t.Fatal(err)
	}
	if ps := deriveReports(seen); len(ps) != 0 {
		t.Fatalf("a passkey reported Argon2id progress: %+v", ps)
	}
}
