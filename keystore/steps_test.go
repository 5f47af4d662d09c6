package keystore

import "testing"

// counting returns s with a Step that counts into n.
func counting(s Secret, n *int) Secret {
	s.Step = func() { *n++ }
	return s
}

// TestStepsCountEverySlice checks that each operation calls Step once per
// Argon2id slice it runs, and that the totals announced before it
// (Header.Steps, Secret.Steps) are exact when the first
// candidate opens and an upper bound otherwise.
func TestStepsCountEverySlice(t *testing.T) {
	per := MinKDF.Steps()
	if per != 4*int(MinKDF.Time) {
		t.Fatalf("MinKDF.Steps() = %d, want 4 per pass", per)
	}
	var n int
	h, keys, err := NewHeaderWith(testRand(7), counting(pass(testSecret), &n), MinKDF, testCreatedAt)
	if err != nil {
		t.Fatal(err)
	}
	if ps := pass(testSecret); ps.Steps(MinKDF) != per || n != per {
		t.Fatalf("creating: %d steps, announced %d, want %d", n, ps.Steps(MinKDF), per)
	}

	n = 0
	if _, err := h.Open(counting(pass(testSecret), &n), testCreatedAt); err != nil {
		t.Fatal(err)
	}
	if want := h.Steps(pass(testSecret), nil, MinKDF, testCreatedAt); n != want || want != per {
		t.Fatalf("opening: %d steps, announced %d, want %d", n, want, per)
	}

	// Two passphrase slots: the second secret is tried on both.
	two, _, err := h.AddSlot(testRand(8), keys, pass("second passphrase"), MinKDF, testCreatedAt)
	if err != nil {
		t.Fatal(err)
	}
	n = 0
	if _, err := two.Open(counting(pass("second passphrase"), &n), testCreatedAt); err != nil {
		t.Fatal(err)
	}
	if want := two.Steps(pass("second passphrase"), nil, MinKDF, testCreatedAt); n != want || want != 2*per {
		t.Fatalf("opening the second of two slots: %d steps, announced %d, want %d", n, want, 2*per)
	}
	n = 0
	if _, err := two.Open(counting(pass(testSecret), &n), testCreatedAt); err != nil {
		t.Fatal(err)
	}
	if n != per {
		t.Fatalf("opening the first of two slots: %d steps, want %d (it stops there)", n, per)
	}

	// A change of secret: the old key, then the new one at costs not weaker.
	stronger := KDFParams{MemoryKiB: MinKDF.MemoryKiB, Time: MinKDF.Time + 1, Threads: 1}
	n = 0
	old, next := counting(pass(testSecret), &n), counting(pass("new passphrase"), &n)
	if _, _, err := h.BeginRekey(testRand(9), old, next, stronger, testCreatedAt); err != nil {
		t.Fatal(err)
	}
	if want := h.Steps(old, &next, stronger, testCreatedAt); n != want || want != per+stronger.Steps() {
		t.Fatalf("changing the secret: %d steps, announced %d, want %d", n, want, per+stronger.Steps())
	}
	n = 0
	if _, _, err := h.BeginRekey(testRand(9), old, next, KDFParams{MemoryKiB: MinKDF.MemoryKiB, Time: MinKDF.Time, Threads: 1}, testCreatedAt); err != nil {
		t.Fatal(err)
	}
	if n != 2*per {
		t.Fatalf("changing the secret at the slot's own costs: %d steps, want %d", n, 2*per)
	}

	// A full-entropy secret runs no Argon2id and announces no steps.
	server := Secret{Kind: SlotServer, Bytes: make([]byte, 32)}
	if got := server.Steps(MinKDF) + h.Steps(server, nil, MinKDF, testCreatedAt); got != 0 {
		t.Fatalf("a server secret announces %d steps", got)
	}
}
