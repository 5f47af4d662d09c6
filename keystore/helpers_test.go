package keystore

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	"github.com/ethereum/go-ethereum/crypto"
	"github.com/sessionsigner/sessionsigner/ethtypes"
)

// Shared fixtures for the package's tests. Every Argon2 run costs ~0.1 s
// at MinKDF, so one vault is created once and its keys are cloned per test.

const (
	testSecret    = "correct horse battery staple"
	testCreatedAt = 1767225600 // 2026-01-01T00:00:00Z
)

// testRand is a deterministic random source, so a failure reproduces.
func testRand(seed uint64) io.Reader {
	var s [32]byte
	binary.LittleEndian.PutUint64(s[:], seed)
	return rand.NewChaCha8(s)
}

// failingReader fails every read, for the random-source error paths.
type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("no entropy today") }

var vaultFixture struct {
	once   sync.Once
	header *Header
	raw    []byte
	keys   *Keys
	err    error
}

// testVault returns a stored vault header made with MinKDF for testSecret,
// its encoding, and a private copy of its keys.
func testVault(t testing.TB) (*Header, []byte, *Keys) {
	t.Helper()
	f := &vaultFixture
	f.once.Do(func() {
		f.header, f.keys, f.err = NewHeader(testRand(1), []byte(testSecret), MinKDF, testCreatedAt)
		if f.err == nil {
			f.raw, f.err = f.header.Marshal()
		}
	})
	if f.err != nil {
		t.Fatalf("creating the test vault: %v", f.err)
	}
	h, err := ParseHeader(f.raw)
	if err != nil {
		t.Fatalf("parsing the test vault: %v", err)
	}
	return h, bytes.Clone(f.raw), cloneKeys(f.keys)
}

func cloneKeys(k *Keys) *Keys {
	c := &Keys{Current: k.Current, byID: map[string][]byte{}}
	for id, v := range k.byID {
		c.byID[id] = bytes.Clone(v)
	}
	return c
}

// testRecord makes an active, sealed session record with a fresh key drawn
// from seed, and returns the record and its private key.
func testRecord(t testing.TB, seed uint64, keys *Keys) (*Record, []byte) {
	t.Helper()
	rnd := testRand(seed)
	priv := make([]byte, privKeySize)
	if _, err := io.ReadFull(rnd, priv); err != nil {
		t.Fatal(err)
	}
	key, err := crypto.ToECDSA(priv)
	if err != nil {
		t.Fatalf("seed %d drew an invalid secp256k1 key: %v", seed, err)
	}
	id, err := NewRecordID(rnd)
	if err != nil {
		t.Fatal(err)
	}
	config := json.RawMessage(`{"targets":["0x000000000000000000000000000000000000dead"],"maxValue":"1000"}`)
	r := &Record{
		Version:    RecordVersion,
		ID:         id,
		Scheme:     "local",
		ChainID:    "11124",
		Address:    ethtypes.Address(crypto.PubkeyToAddress(key.PublicKey)),
		ConfigHash: ethtypes.Hash(crypto.Keccak256Hash(config)),
		CreatedAt:  testCreatedAt,
		ExpiresAt:  testCreatedAt + 86400,
		Status:     StatusActive,
		Config:     config,
		State:      json.RawMessage(`{"uses":0}`),
	}
	if err := r.SealKey(rnd, keys, priv); err != nil {
		t.Fatalf("SealKey: %v", err)
	}
	return r, priv
}

// editJSON decodes raw into a generic object, lets edit change it, and
// encodes it again: bad-input cases are written as edits of valid output.
func editJSON(t testing.TB, raw []byte, edit func(m map[string]any)) []byte {
	t.Helper()
	var m map[string]any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("editJSON: %v", err)
	}
	edit(m)
	out, err := json.Marshal(m)
	if err != nil {
		t.Fatalf("editJSON: %v", err)
	}
	return out
}

// object returns m[key] as an object, for edits of nested fields.
func object(m map[string]any, key string) map[string]any { return m[key].(map[string]any) }

// checkNoSecrets fails if err's message contains any of the secrets, in hex
// (lower or upper case) or in the base64 the formats store.
func checkNoSecrets(t testing.TB, err error, secrets ...[]byte) {
	t.Helper()
	if err == nil {
		return
	}
	msg := strings.ToLower(err.Error())
	for _, s := range secrets {
		if len(s) == 0 {
			continue
		}
		b64, _ := json.Marshal(s) // encoding/json's base64, quoted
		if strings.Contains(msg, hex.EncodeToString(s)) ||
			strings.Contains(err.Error(), strings.Trim(string(b64), `"`)) {
			t.Errorf("error message reveals secret bytes: %v", err)
		}
	}
}

// openPass opens h with a passphrase, as v1's Open(secret) did.
func openPass(h *Header, secret []byte) (*Keys, Opened, error) {
	o, err := h.Open(Secret{Kind: SlotPassphrase, Bytes: secret}, testCreatedAt)
	if err != nil {
		return nil, 0, err
	}
	o.Forget()
	return o.Keys, o.Opened, nil
}

func pass(s string) Secret { return Secret{Kind: SlotPassphrase, Bytes: []byte(s)} }

// cloneHeader deep-copies h, so a test can edit the copy.
func cloneHeader(h *Header) *Header {
	raw, err := json.Marshal(h)
	if err != nil {
		panic(err)
	}
	var c Header
	if err := json.Unmarshal(raw, &c); err != nil {
		panic(err)
	}
	for i := range c.Slots {
		c.Slots[i].legacy = h.Slots[i].legacy
	}
	c.Version = h.Version
	return &c
}

// firstSlot is the first slot of a header decoded into a map.
func firstSlot(m map[string]any) map[string]any { return m["slots"].([]any)[0].(map[string]any) }
