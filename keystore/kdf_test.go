package keystore

import (
	"bytes"
	"encoding/hex"
	"errors"
	"math"
	"testing"

	"golang.org/x/crypto/argon2"

	"github.com/sessionsigner/sessionsigner/internal/argon2id"
	"github.com/sessionsigner/sessionsigner/internal/nodetest"
)

func repeat(b byte, n int) []byte { return bytes.Repeat([]byte{b}, n) }

func mustHex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestArgon2idReferenceVectors runs the Argon2id version 0x13 vectors of the
// reference implementation's test suite (phc-winner-argon2, src/test.c)
// through DeriveKey's Argon2id (internal/argon2id, which also runs RFC 9106's
// vector) and x/crypto's IDKey, its reference. Memory is in KiB (the
// reference writes 2^m).
func TestArgon2idReferenceVectors(t *testing.T) {
	vectors := []struct {
		time, memoryKiB uint32
		threads         uint8
		password, salt  string
		hash            string
	}{
		{2, 1 << 16, 1, "password", "somesalt", "09316115d5cf24ed5a15a31a3ba326e5cf32edc24702987c02b6566f61913cf7"},
		{2, 1 << 8, 1, "password", "somesalt", "9dfeb910e80bad0311fee20f9c0e2b12c17987b4cac90c2ef54d5b3021c68bfe"},
		{2, 1 << 8, 2, "password", "somesalt", "6d093c501fd5999645e0ea3bf620d7b8be7fd2db59c20d9fff9539da2bf57037"},
		{1, 1 << 16, 1, "password", "somesalt", "f6a5adc1ba723dddef9b5ac1d464e180fcd9dffc9d1cbf76cca2fed795d9ca98"},
		{4, 1 << 16, 1, "password", "somesalt", "9025d48e68ef7395cca9079da4c4ec3affb3c8911fe4f86d1a2520856f63172c"},
		{2, 1 << 16, 1, "differentpassword", "somesalt", "0b84d652cf6b0c4beaef0dfe278ba6a80df6696281d7e0d2891b817d8c458fde"},
		{2, 1 << 16, 1, "password", "diffsalt", "bdf32b05ccc42eb15d58fd19b1f856b113da1e9a5874fdcc544308565aa8141c"},
	}
	for _, v := range vectors {
		want := mustHex(t, v.hash)
		for name, got := range map[string][]byte{
			"argon2id.Key":   argon2id.Key([]byte(v.password), []byte(v.salt), v.time, v.memoryKiB, v.threads, 32, nil),
			"x/crypto IDKey": argon2.IDKey([]byte(v.password), []byte(v.salt), v.time, v.memoryKiB, v.threads, 32),
		} {
			if !bytes.Equal(got, want) {
				t.Errorf("%s(%q, %q, t=%d, m=%d, p=%d):\n got %x\nwant %x", name, v.password, v.salt, v.time, v.memoryKiB, v.threads, got, want)
			}
		}
	}
}

// hashWasmCase is one input of testdata/hashwasm.mjs. Salt is the raw
// per-vault salt: the script prepends the domain label itself, so a change
// of kdfLabel (which would orphan every existing vault) fails this test.
type hashWasmCase struct {
	Secret    string `json:"secret"` // hex
	Salt      string `json:"salt"`   // hex
	MemoryKiB uint32 `json:"memoryKiB"`
	Time      uint32 `json:"time"`
	Threads   uint8  `json:"threads"`
}

// TestDeriveKeyMatchesHashWasm compares DeriveKey with hash-wasm's Argon2id
// (a WebAssembly build of the reference C code), computed now by Node.
func TestDeriveKeyMatchesHashWasm(t *testing.T) {
	rnd := testRand(9106)
	inputs := []struct {
		secret []byte
		p      KDFParams
	}{
		{[]byte(testSecret), MinKDF},
		{[]byte("pässwörd ✓"), KDFParams{MemoryKiB: MinKDF.MemoryKiB, Time: 2, Threads: 4}},
		// 20000 KiB is not a multiple of 4p: both sides must round it alike.
		{[]byte{0x00, 0xff, 0x80, 0x00}, KDFParams{MemoryKiB: 20000, Time: 3, Threads: 3}},
	}
	var cases []hashWasmCase
	var want []string
	for _, in := range inputs {
		salt := make([]byte, SaltSize)
		rnd.Read(salt)
		key, err := DeriveKey(in.secret, salt, in.p)
		if err != nil {
			t.Fatalf("DeriveKey(%+v): %v", in.p, err)
		}
		cases = append(cases, hashWasmCase{hex.EncodeToString(in.secret), hex.EncodeToString(salt), in.p.MemoryKiB, in.p.Time, in.p.Threads})
		want = append(want, hex.EncodeToString(key))
	}
	var got struct {
		Keys []string `json:"keys"`
	}
	nodetest.Run(t, "keystore/testdata/hashwasm.mjs", map[string]any{"cases": cases}, &got)
	if len(got.Keys) != len(want) {
		t.Fatalf("hash-wasm returned %d keys for %d cases", len(got.Keys), len(want))
	}
	for i := range want {
		if got.Keys[i] != want[i] {
			t.Errorf("case %+v:\n  DeriveKey %s\n  hash-wasm %s", cases[i], want[i], got.Keys[i])
		}
	}
}

// TestDeriveKeyInputs: each input changes the key, and the label makes it
// differ from plain Argon2id over the same salt.
func TestDeriveKeyInputs(t *testing.T) {
	salt := repeat(0x5a, SaltSize)
	base, err := DeriveKey([]byte(testSecret), salt, MinKDF)
	if err != nil {
		t.Fatal(err)
	}
	if len(base) != KeySize {
		t.Fatalf("key is %d bytes, want %d", len(base), KeySize)
	}
	again, _ := DeriveKey([]byte(testSecret), bytes.Clone(salt), MinKDF)
	if !bytes.Equal(base, again) {
		t.Fatal("DeriveKey is not deterministic")
	}
	otherSalt := bytes.Clone(salt)
	otherSalt[15] ^= 1
	variants := map[string]func() ([]byte, error){
		"secret": func() ([]byte, error) { return DeriveKey([]byte(testSecret+"!"), salt, MinKDF) },
		"salt":   func() ([]byte, error) { return DeriveKey([]byte(testSecret), otherSalt, MinKDF) },
		"time":   func() ([]byte, error) { return DeriveKey([]byte(testSecret), salt, KDFParams{MinKDF.MemoryKiB, 3, 1}) },
		"unlabelled": func() ([]byte, error) {
			return argon2.IDKey([]byte(testSecret), salt, MinKDF.Time, MinKDF.MemoryKiB, MinKDF.Threads, KeySize), nil
		},
	}
	for name, derive := range variants {
		k, err := derive()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if bytes.Equal(k, base) {
			t.Errorf("changing the %s did not change the key", name)
		}
	}
}

func TestDeriveKeyRefusals(t *testing.T) {
	for _, n := range []int{0, 8, SaltSize - 1, SaltSize + 1} {
		if _, err := DeriveKey([]byte("s"), make([]byte, n), MinKDF); !errors.Is(err, ErrCorruptRecord) {
			t.Errorf("salt of %d bytes: err = %v, want ErrCorruptRecord", n, err)
		}
	}
	// Refused before any work: the memory asked for here (4 TiB) could not
	// even be allocated, so returning at all shows Check ran first.
	huge := KDFParams{MemoryKiB: math.MaxUint32, Time: math.MaxUint32, Threads: math.MaxUint8}
	if _, err := DeriveKey([]byte("s"), make([]byte, SaltSize), huge); !errors.Is(err, ErrUnsafeKDF) {
		t.Errorf("huge params: err = %v, want ErrUnsafeKDF", err)
	}
	if _, err := DeriveKey([]byte("s"), make([]byte, SaltSize), KDFParams{}); !errors.Is(err, ErrUnsafeKDF) {
		t.Errorf("zero params: err = %v, want ErrUnsafeKDF", err)
	}
}

func TestKDFParamsCheck(t *testing.T) {
	tests := []struct {
		name string
		p    KDFParams
		ok   bool
	}{
		{"default", DefaultKDF, true},
		{"floor", MinKDF, true},
		{"ceiling", MaxKDF, true},
		{"floor memory, ceiling time and threads", KDFParams{MinKDF.MemoryKiB, MaxKDF.Time, MaxKDF.Threads}, true},
		{"zero", KDFParams{}, false},
		{"memory below floor", KDFParams{MinKDF.MemoryKiB - 1, 3, 1}, false},
		{"time below floor", KDFParams{64 * 1024, MinKDF.Time - 1, 1}, false},
		{"no threads", KDFParams{64 * 1024, 3, 0}, false},
		{"OWASP 46 MiB t=1 (below our time floor)", KDFParams{46 * 1024, 1, 1}, false},
		{"memory above ceiling", KDFParams{MaxKDF.MemoryKiB + 1, 3, 4}, false},
		{"time above ceiling", KDFParams{64 * 1024, MaxKDF.Time + 1, 4}, false},
		{"threads above ceiling", KDFParams{64 * 1024, 3, MaxKDF.Threads + 1}, false},
		{"everything maximal", KDFParams{math.MaxUint32, math.MaxUint32, math.MaxUint8}, false},
	}
	for _, tt := range tests {
		err := tt.p.Check()
		if tt.ok && err != nil {
			t.Errorf("%s %+v: unexpected error %v", tt.name, tt.p, err)
		}
		if !tt.ok && !errors.Is(err, ErrUnsafeKDF) {
			t.Errorf("%s %+v: err = %v, want ErrUnsafeKDF", tt.name, tt.p, err)
		}
	}
	// Argon2 needs at least 8 KiB per lane. The floor and ceiling are chosen
	// so that every accepted combination meets it: the smallest memory must
	// cover the most threads. (Check's own per-thread branch guards this if
	// the bounds are ever changed.)
	if MinKDF.MemoryKiB < 8*uint32(MaxKDF.Threads) {
		t.Errorf("MinKDF.MemoryKiB %d is below 8 KiB x MaxKDF.Threads %d", MinKDF.MemoryKiB, MaxKDF.Threads)
	}
}
