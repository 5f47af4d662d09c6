package keystore

import (
	"bytes"
	"errors"
	"testing"
)

const newSecret = "a brand new secret"

// pendingRekey starts a change from testSecret to newSecret on the test
// vault and returns the old header, the stored pending header re-parsed, the
// old keys and the keys BeginRekey returned.
func pendingRekey(t *testing.T) (old, pending *Header, oldKeys, both *Keys) {
	t.Helper()
	old, _, oldKeys = testVault(t)
	p, both, err := old.BeginRekey(testRand(21), pass(testSecret), pass(newSecret), MinKDF, testCreatedAt)
	if err != nil {
		t.Fatalf("BeginRekey: %v", err)
	}
	raw, err := p.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if pending, err = ParseHeader(raw); err != nil {
		t.Fatalf("the pending header does not parse: %v\n%s", err, raw)
	}
	return old, pending, oldKeys, both
}

func TestBeginRekey(t *testing.T) {
	old, pending, oldKeys, both := pendingRekey(t)
	oldID, newID := old.KeyID, pending.Rekey.KeyID
	if pending.KeyID != oldID || newID == oldID {
		t.Fatalf("pending header: slot %s, rekey %s; want slot %s and a new id", pending.KeyID, newID, oldID)
	}
	if both.Current != newID {
		t.Errorf("BeginRekey's keys seal with %s, want the new key %s", both.Current, newID)
	}
	if !bytes.Equal(both.Get(oldID), oldKeys.Get(oldID)) {
		t.Error("BeginRekey's keys hold a different old vault key")
	}
	if bytes.Equal(both.Get(newID), oldKeys.Get(oldID)) || len(both.Get(newID)) != KeySize {
		t.Error("the new vault key is not a fresh key")
	}
	if old.Rekey != nil {
		t.Error("BeginRekey modified the header it was called on")
	}

	// Either secret opens both keys, and Open says which secret it was.
	for _, c := range []struct {
		secret string
		opened Opened
	}{{testSecret, OpenedCurrent}, {newSecret, OpenedNew}} {
		keys, opened, err := openPass(pending, []byte(c.secret))
		if err != nil {
			t.Fatalf("Open(%q) of the pending header: %v", c.secret, err)
		}
		if opened != c.opened {
			t.Errorf("Open(%q) reported %v, want %v", c.secret, opened, c.opened)
		}
		for _, id := range []string{oldID, newID} {
			if !bytes.Equal(keys.Get(id), both.Get(id)) {
				t.Errorf("Open(%q) did not recover vault key %s", c.secret, id)
			}
		}
	}
	if _, _, err := openPass(pending, []byte("neither")); !errors.Is(err, ErrWrongSecret) {
		t.Errorf("Open with neither secret: err = %v, want ErrWrongSecret", err)
	}
}

// TestRekeyRecords: a record sealed before the change opens throughout, and
// one resealed under the new key opens with the keys either secret yields.
func TestRekeyRecords(t *testing.T) {
	_, pending, oldKeys, both := pendingRekey(t)
	before, priv := testRecord(t, 31, oldKeys)
	moved, _ := testRecord(t, 31, oldKeys)
	if err := moved.SealKey(testRand(32), both, priv); err != nil {
		t.Fatal(err)
	}
	if moved.KeyID != pending.Rekey.KeyID {
		t.Fatalf("resealed record names key %s, want %s", moved.KeyID, pending.Rekey.KeyID)
	}
	for _, secret := range []string{testSecret, newSecret} {
		keys, _, err := openPass(pending, []byte(secret))
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range []*Record{before, moved} {
			if got, err := r.OpenKey(keys); err != nil || !bytes.Equal(got, priv) {
				t.Errorf("with %q, record under key %s: OpenKey = %v", secret, r.KeyID, err)
			}
		}
	}
}

func TestFinishAndUndoRekey(t *testing.T) {
	old, pending, _, _ := pendingRekey(t)
	oldID, newID := old.KeyID, pending.Rekey.KeyID
	tests := []struct {
		name            string
		h               *Header
		opens, refuses  string
		keepID, dropped string
	}{
		{"finish", pending.FinishRekey(), newSecret, testSecret, newID, oldID},
		{"undo", pending.UndoRekey(), testSecret, newSecret, oldID, newID},
	}
	for _, tt := range tests {
		raw, err := tt.h.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		h, err := ParseHeader(raw)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if h.Rekey != nil || h.KeyID != tt.keepID {
			t.Errorf("%s: header keeps slot %s (rekey %v), want only %s", tt.name, h.KeyID, h.Rekey, tt.keepID)
		}
		keys, opened, err := openPass(h, []byte(tt.opens))
		if err != nil || opened != OpenedCurrent {
			t.Fatalf("%s: Open(%q) = %v, %v", tt.name, tt.opens, opened, err)
		}
		if keys.Current != tt.keepID || keys.Get(tt.keepID) == nil || keys.Get(tt.dropped) != nil {
			t.Errorf("%s: keys hold current %s, want only %s", tt.name, keys.Current, tt.keepID)
		}
		if _, _, err := openPass(h, []byte(tt.refuses)); !errors.Is(err, ErrWrongSecret) {
			t.Errorf("%s: Open(%q) = %v, want ErrWrongSecret", tt.name, tt.refuses, err)
		}
	}
	if pending.Rekey == nil {
		t.Error("FinishRekey or UndoRekey modified the pending header")
	}
	// On a header with nothing pending both are no-ops.
	if f, u := old.FinishRekey(), old.UndoRekey(); f.KeyID != oldID || u.KeyID != oldID || f.Rekey != nil || u.Rekey != nil {
		t.Error("FinishRekey/UndoRekey changed a header with no change pending")
	}
}

func TestBeginRekeyRefusals(t *testing.T) {
	old, pending, _, _ := pendingRekey(t)
	if _, keys, err := old.BeginRekey(testRand(1), pass("not it"), pass(newSecret), MinKDF, testCreatedAt); !errors.Is(err, ErrWrongSecret) || keys != nil {
		t.Errorf("wrong old secret: err = %v, want ErrWrongSecret", err)
	}
	if _, _, err := pending.BeginRekey(testRand(1), pass(testSecret), pass("third"), MinKDF, testCreatedAt); !errors.Is(err, ErrCorruptRecord) {
		t.Errorf("second change while one is pending: err = %v, want ErrCorruptRecord", err)
	}
	if _, _, err := old.BeginRekey(testRand(1), pass(testSecret), pass(newSecret), KDFParams{MemoryKiB: 1024, Time: 1, Threads: 1}, testCreatedAt); !errors.Is(err, ErrUnsafeKDF) {
		t.Errorf("new params below the floor: err = %v, want ErrUnsafeKDF", err)
	}
	if _, _, err := old.BeginRekey(failingReader{}, pass(testSecret), pass(newSecret), MinKDF, testCreatedAt); err == nil {
		t.Error("BeginRekey with a failing random source succeeded")
	}
}

// TestRekeyCrossWrapTampering: the cross-wrapped keys are checked with the
// secret already proven right, so damage there is ErrCorruptRecord, not a
// wrong secret; the undamaged direction keeps working.
func TestRekeyCrossWrapTampering(t *testing.T) {
	_, pending, _, _ := pendingRekey(t)
	flip := func(b []byte) []byte { c := bytes.Clone(b); c[len(c)-1] ^= 1; return c }
	tests := []struct {
		name            string
		edit            func(r *RekeySlot)
		corruptWith     []string
		stillOpensWith  []string
		wrongSecretWith []string
	}{
		{"newUnderOld flipped", func(r *RekeySlot) { r.NewUnderOld = flip(r.NewUnderOld) }, []string{testSecret}, []string{newSecret}, nil},
		{"oldUnderNew flipped", func(r *RekeySlot) { r.OldUnderNew = flip(r.OldUnderNew) }, []string{newSecret}, []string{testSecret}, nil},
		{"swapped", func(r *RekeySlot) { r.OldUnderNew, r.NewUnderOld = r.NewUnderOld, r.OldUnderNew }, []string{testSecret, newSecret}, nil, nil},
		// The rekey key id is in both the rekey slot's own ad and the
		// cross-wraps' ad: the old secret finds the cross-wrap damaged,
		// the new secret no longer opens its slot.
		{"rekey keyId edited", func(r *RekeySlot) { r.KeyID = "0123456789abcdef" }, []string{testSecret}, nil, []string{newSecret}},
	}
	for _, tt := range tests {
		h := *pending
		r := *pending.Rekey
		tt.edit(&r)
		h.Rekey = &r
		raw, err := h.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		parsed, err := ParseHeader(raw)
		if err != nil {
			t.Fatalf("%s: the edited header should still parse: %v", tt.name, err)
		}
		for _, s := range tt.corruptWith {
			if keys, _, err := openPass(parsed, []byte(s)); !errors.Is(err, ErrCorruptRecord) || keys != nil {
				t.Errorf("%s: Open(%q) = %v, want ErrCorruptRecord", tt.name, s, err)
			}
		}
		for _, s := range tt.stillOpensWith {
			if _, _, err := openPass(parsed, []byte(s)); err != nil {
				t.Errorf("%s: Open(%q) = %v, want success", tt.name, s, err)
			}
		}
		for _, s := range tt.wrongSecretWith {
			if _, _, err := openPass(parsed, []byte(s)); !errors.Is(err, ErrWrongSecret) {
				t.Errorf("%s: Open(%q) = %v, want ErrWrongSecret", tt.name, s, err)
			}
		}
	}
}

func TestKeysForget(t *testing.T) {
	_, _, _, both := pendingRekey(t)
	var keep, drop string
	for id := range both.byID {
		if id == both.Current {
			keep = id
		} else {
			drop = id
		}
	}
	dropped := both.Get(drop)
	both.Forget(keep)
	if both.Current != keep || both.Get(keep) == nil || both.Get(drop) != nil {
		t.Errorf("Forget(%s) left current %s, dropped key reachable: %v", keep, both.Current, both.Get(drop) != nil)
	}
	if !bytes.Equal(dropped, make([]byte, KeySize)) {
		t.Error("Forget did not zero the dropped key")
	}
}
