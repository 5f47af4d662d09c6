package keystore

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"testing"
)

// isFormatError reports whether err is one of the refusals a parser of
// stored bytes may give: every failure must be classifiable by the vault.
func isFormatError(err error) bool {
	return errors.Is(err, ErrCorruptRecord) || errors.Is(err, ErrUnsafeKDF) || errors.Is(err, ErrUnsupportedVersion)
}

// FuzzParseHeader: ParseHeader never panics, refuses with a known error,
// and whatever it accepts re-encodes to bytes it accepts as the same header.
func FuzzParseHeader(f *testing.F) {
	_, raw, _ := testVault(f)
	f.Add(raw)
	for _, tt := range badHeaders(f, raw) {
		f.Add(tt.data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		h, err := ParseHeader(data)
		if err != nil {
			if h != nil || !isFormatError(err) {
				t.Fatalf("ParseHeader = %v, %v", h, err)
			}
			return
		}
		if h.Legacy() {
			return // a v1 header is written only after Upgrade (see slots_test.go)
		}
		again, err := h.Marshal()
		if err != nil {
			t.Fatalf("an accepted header does not marshal: %v", err)
		}
		h2, err := ParseHeader(again)
		if err != nil {
			t.Fatalf("re-encoded header refused: %v\n%s", err, again)
		}
		if !reflect.DeepEqual(h, h2) {
			t.Fatalf("re-encoding changed the header:\n%+v\n%+v", h, h2)
		}
	})
}

// FuzzParseRecord: ParseRecord never panics, refuses with a known error,
// accepts a record only under its own storage key, and re-encodes what it
// accepts to an equal record. OpenKey on any accepted record never panics.
func FuzzParseRecord(f *testing.F) {
	_, _, keys := testVault(f)
	r, _ := testRecord(f, 61, keys)
	raw, err := r.Marshal()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(r.StorageKey(), raw)
	for _, tt := range badRecords(f, r, raw) {
		key := tt.key
		if key == "" {
			key = r.StorageKey()
		}
		f.Add(key, tt.data)
	}
	r.Wipe(StatusRevoked, testCreatedAt+1)
	tomb, err := r.Marshal()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(r.StorageKey(), tomb)

	f.Fuzz(func(t *testing.T, key string, data []byte) {
		r1, err := ParseRecord(key, data)
		if err != nil {
			if r1 != nil || !isFormatError(err) || errors.Is(err, ErrUnsafeKDF) {
				t.Fatalf("ParseRecord = %v, %v", r1, err)
			}
			return
		}
		if key != RecordPrefix+r1.ID || r1.StorageKey() != key || r1.Version != RecordVersion {
			t.Fatalf("accepted record %s (v%d) under key %q", r1.ID, r1.Version, key)
		}
		again, err := r1.Marshal()
		if err != nil {
			t.Fatalf("an accepted record does not marshal: %v", err)
		}
		r2, err := ParseRecord(key, again)
		if err != nil {
			t.Fatalf("re-encoded record refused: %v\n%s", err, again)
		}
		// Config and state are kept as raw JSON, which encoding compacts:
		// compare them as JSON values and everything else exactly.
		if !sameJSON(r1.Config, r2.Config) || !sameJSON(r1.State, r2.State) {
			t.Fatalf("re-encoding changed config or state: %s %s -> %s %s", r1.Config, r1.State, r2.Config, r2.State)
		}
		c := *r2
		c.Config, c.State = r1.Config, r1.State
		if !reflect.DeepEqual(r1, &c) {
			t.Fatalf("re-encoding changed the record:\n%+v\n%+v", r1, r2)
		}
		if third, _ := r2.Marshal(); !bytes.Equal(third, again) {
			t.Fatalf("encoding is not stable:\n%s\n%s", again, third)
		}
		if priv, err := r1.OpenKey(keys); err != nil && !errors.Is(err, ErrCorruptRecord) {
			t.Fatalf("OpenKey: %v", err)
		} else if err == nil && len(priv) != privKeySize {
			t.Fatalf("OpenKey returned %d bytes", len(priv))
		}
	})
}

func sameJSON(a, b json.RawMessage) bool {
	if len(a) == 0 || len(b) == 0 {
		return len(a) == len(b)
	}
	var va, vb any
	if json.Unmarshal(a, &va) != nil || json.Unmarshal(b, &vb) != nil {
		return false
	}
	return reflect.DeepEqual(va, vb)
}

// FuzzOpen: arbitrary bytes as a sealed message, with arbitrary associated
// data, never panic and never open, except the one genuine message with its
// own associated data.
func FuzzOpen(f *testing.F) {
	key, plaintext, genuineAD := testKey(0x55), repeat(0x11, privKeySize), []byte("genuine ad")
	genuine, err := seal(testRand(71), key, plaintext, genuineAD)
	if err != nil {
		f.Fatal(err)
	}
	flipped := bytes.Clone(genuine)
	flipped[len(flipped)-1] ^= 1
	f.Add(flipped, genuineAD)
	f.Add(genuine[:len(genuine)-1], genuineAD)
	f.Add(append(bytes.Clone(genuine), 0), genuineAD)
	f.Add(genuine, []byte("other ad"))
	f.Add([]byte{}, []byte{})
	f.Add(make([]byte, sealOverhead), []byte(nil))
	f.Fuzz(func(t *testing.T, sealed, ad []byte) {
		pt, err := open(key, sealed, ad)
		if err != nil {
			if pt != nil || !errors.Is(err, errOpen) {
				t.Fatalf("open = %x, %v", pt, err)
			}
			return
		}
		if !bytes.Equal(sealed, genuine) || !bytes.Equal(ad, genuineAD) || !bytes.Equal(pt, plaintext) {
			t.Fatalf("forged message opened: sealed %x ad %x -> %x", sealed, ad, pt)
		}
	})
}
