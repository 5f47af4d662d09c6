package keystore

import (
	"bytes"
	"errors"
	"testing"
)

func testKey(seed byte) []byte { return repeat(seed, KeySize) }

func TestSealOpenRoundTrip(t *testing.T) {
	key, ad := testKey(7), []byte("where it belongs")
	for _, pt := range [][]byte{nil, {0}, repeat(0xab, 32), repeat(0xcd, 1000)} {
		sealed, err := seal(testRand(1), key, pt, ad)
		if err != nil {
			t.Fatal(err)
		}
		if len(sealed) != len(pt)+sealOverhead {
			t.Errorf("sealed %d bytes into %d, want %d", len(pt), len(sealed), len(pt)+sealOverhead)
		}
		if len(pt) > 0 && bytes.Contains(sealed, pt) {
			t.Errorf("sealed output contains the plaintext")
		}
		got, err := open(key, sealed, ad)
		if err != nil {
			t.Fatalf("open(%d bytes): %v", len(pt), err)
		}
		if !bytes.Equal(got, pt) {
			t.Fatalf("open = %x, want %x", got, pt)
		}
	}
}

// TestSealNonceIsFresh: sealing the same plaintext twice (one random
// source, as in real use) gives different nonces and ciphertexts.
func TestSealNonceIsFresh(t *testing.T) {
	key, pt, rnd := testKey(7), repeat(1, 32), testRand(2)
	seen := map[string]bool{}
	for i := 0; i < 64; i++ {
		sealed, err := seal(rnd, key, pt, nil)
		if err != nil {
			t.Fatal(err)
		}
		nonce := string(sealed[:24])
		if seen[nonce] {
			t.Fatalf("seal %d reused a nonce", i)
		}
		seen[nonce] = true
	}
}

func TestSealErrors(t *testing.T) {
	if _, err := seal(failingReader{}, testKey(1), []byte("x"), nil); err == nil {
		t.Error("seal with a failing random source succeeded")
	}
	if _, err := seal(testRand(1), make([]byte, KeySize-1), []byte("x"), nil); err == nil {
		t.Error("seal with a short key succeeded")
	}
}

// TestOpenRefusesAlteration: every single-bit flip, every truncation, any
// extension, a wrong ad and a wrong key all fail with errOpen.
func TestOpenRefusesAlteration(t *testing.T) {
	key, pt, ad := testKey(9), repeat(0x42, 32), []byte("record ad")
	sealed, err := seal(testRand(3), key, pt, ad)
	if err != nil {
		t.Fatal(err)
	}
	mustFail := func(what string, k, s, a []byte) {
		t.Helper()
		got, err := open(k, s, a)
		if !errors.Is(err, errOpen) || got != nil {
			t.Errorf("%s: open = (%x, %v), want errOpen", what, got, err)
		}
	}
	for i := 0; i < len(sealed)*8; i++ {
		s := bytes.Clone(sealed)
		s[i/8] ^= 1 << (i % 8)
		mustFail("bit flip", key, s, ad)
	}
	for n := 0; n < len(sealed); n++ {
		mustFail("truncation", key, sealed[:n], ad)
	}
	for _, extra := range [][]byte{{0}, {0xff}, repeat(0, 16)} {
		mustFail("extension", key, append(bytes.Clone(sealed), extra...), ad)
	}
	for i := 0; i < len(ad)*8; i++ {
		a := bytes.Clone(ad)
		a[i/8] ^= 1 << (i % 8)
		mustFail("ad bit flip", key, sealed, a)
	}
	mustFail("ad truncated", key, sealed, ad[:len(ad)-1])
	mustFail("ad extended", key, sealed, append(bytes.Clone(ad), 0))
	mustFail("no ad", key, sealed, nil)
	mustFail("wrong key", testKey(10), sealed, ad)

	if got, err := open(key, sealed, ad); err != nil || !bytes.Equal(got, pt) {
		t.Fatalf("the unaltered message no longer opens: %v", err)
	}
}

func TestSubkey(t *testing.T) {
	vk := testKey(3)
	a, b := subkey(vk, "one"), subkey(vk, "two")
	if len(a) != KeySize {
		t.Fatalf("subkey is %d bytes, want %d", len(a), KeySize)
	}
	if bytes.Equal(a, b) || bytes.Equal(a, vk) {
		t.Error("subkeys for different purposes, or a subkey and its vault key, are equal")
	}
	if !bytes.Equal(a, subkey(bytes.Clone(vk), "one")) {
		t.Error("subkey is not deterministic")
	}
	if bytes.Equal(a, subkey(testKey(4), "one")) {
		t.Error("subkeys of different vault keys are equal")
	}
}

func TestZero(t *testing.T) {
	b := repeat(0xff, 40)
	Zero(b)
	if !bytes.Equal(b, make([]byte, 40)) {
		t.Errorf("Zero left %x", b)
	}
	Zero(nil) // must not panic
}
