package keystore

import (
	"bytes"
	"encoding/json"
	"errors"
	"math/big"
	"reflect"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/sessionsigner/sessionsigner/ethtypes"
)

func TestRecordRoundTrip(t *testing.T) {
	_, _, keys := testVault(t)
	r, priv := testRecord(t, 41, keys)
	if r.KeyID != keys.Current || len(r.SealedKey) != sealedKeySize || !r.Sealed() {
		t.Fatalf("SealKey left keyId %q and %d sealed bytes", r.KeyID, len(r.SealedKey))
	}
	raw, err := r.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(raw, priv) || strings.Contains(string(raw), common.Bytes2Hex(priv)) {
		t.Fatal("the stored record holds the private key in clear")
	}
	parsed, err := ParseRecord(r.StorageKey(), raw)
	if err != nil {
		t.Fatalf("ParseRecord(Marshal()): %v\n%s", err, raw)
	}
	if !reflect.DeepEqual(parsed, r) {
		t.Errorf("round trip changed the record:\n got %+v\nwant %+v", parsed, r)
	}
	got, err := parsed.OpenKey(keys)
	if err != nil {
		t.Fatalf("OpenKey: %v", err)
	}
	if !bytes.Equal(got, priv) {
		t.Fatal("OpenKey returned a different key")
	}
	key, err := crypto.ToECDSA(got)
	if err != nil || ethtypes.Address(crypto.PubkeyToAddress(key.PublicKey)) != parsed.Address {
		t.Errorf("the opened key is not the key of %s", parsed.Address)
	}
	if parsed.ChainIDInt().Cmp(big.NewInt(11124)) != 0 {
		t.Errorf("ChainIDInt = %v", parsed.ChainIDInt())
	}
}

func TestNewRecordID(t *testing.T) {
	rnd := testRand(3)
	seen := map[string]bool{}
	for i := 0; i < 100; i++ {
		id, err := NewRecordID(rnd)
		if err != nil {
			t.Fatal(err)
		}
		if !ValidRecordID(id) || seen[id] {
			t.Fatalf("NewRecordID gave %q (valid %v, repeated %v)", id, ValidRecordID(id), seen[id])
		}
		seen[id] = true
	}
	if _, err := NewRecordID(failingReader{}); err == nil {
		t.Error("NewRecordID with a failing random source succeeded")
	}
	for _, bad := range []string{"", "session/00", strings.Repeat("A", 32), strings.Repeat("0", 31), strings.Repeat("0", 33), "../" + strings.Repeat("0", 29)} {
		if ValidRecordID(bad) {
			t.Errorf("ValidRecordID(%q) = true", bad)
		}
	}
}

func TestSealKeyErrors(t *testing.T) {
	_, _, keys := testVault(t)
	r, priv := testRecord(t, 42, keys)
	if err := r.SealKey(testRand(1), keys, priv[:31]); err == nil {
		t.Error("SealKey accepted a 31-byte key")
	}
	if err := r.SealKey(testRand(1), nil, priv); err == nil {
		t.Error("SealKey without keys succeeded")
	}
	if err := r.SealKey(testRand(1), &Keys{Current: "0011223344556677"}, priv); err == nil {
		t.Error("SealKey without a current key succeeded")
	}
	if err := r.SealKey(failingReader{}, keys, priv); err == nil {
		t.Error("SealKey with a failing random source succeeded")
	}
}

// recordCase is a record changed after sealing, or stored bytes edited.
type recordCase struct {
	name string
	key  string // storage key to parse under; "" = the record's own
	data []byte
	want error // nil: a control that must parse
}

// badRecords are edits of a valid record's encoding that ParseRecord must
// refuse. The fuzz target is seeded from them.
func badRecords(t testing.TB, r *Record, raw []byte) []recordCase {
	edit := func(f func(m map[string]any)) []byte { return editJSON(t, raw, f) }
	set := func(field string, v any) []byte { return edit(func(m map[string]any) { m[field] = v }) }
	drop := func(fields ...string) []byte {
		return edit(func(m map[string]any) {
			for _, f := range fields {
				delete(m, f)
			}
		})
	}
	b64 := func(b []byte) string { s, _ := json.Marshal(b); return strings.Trim(string(s), `"`) }
	other := strings.Repeat("ab", recordIDSize)
	return []recordCase{
		{"control", "", raw, nil},
		{"empty", "", nil, ErrCorruptRecord},
		{"malformed", "", raw[:len(raw)-1], ErrCorruptRecord},
		{"not an object", "", []byte(`"session"`), ErrCorruptRecord},
		{"trailing data", "", append(bytes.Clone(raw), ` {}`...), ErrCorruptRecord},
		{"trailing bracket", "", append(bytes.Clone(raw), `]`...), ErrCorruptRecord},
		{"unknown field", "", set("privateKey", "0x00"), ErrCorruptRecord},
		{"missing v", "", drop("v"), ErrCorruptRecord},
		{"v 2", "", set("v", 2), ErrUnsupportedVersion},
		{"v 0", "", set("v", 0), ErrUnsupportedVersion},
		{"v twice", "", raw2(raw, `{"v":1,`, `{"v":1,"v":1,`), ErrCorruptRecord},
		{"v twice, unknown first", "", raw2(raw, `{"v":1,`, `{"v":2,"v":1,`), ErrCorruptRecord},
		{"V beside v", "", raw2(raw, `{"v":1,`, `{"v":1,"V":1,`), ErrCorruptRecord},
		{"id twice", "", raw2(raw, `"id":`, `"id":"`+other+`","id":`), ErrCorruptRecord},
		{"stored under another id", RecordPrefix + other, raw, ErrCorruptRecord},
		{"stored without prefix", r.ID, raw, ErrCorruptRecord},
		{"stored under the header key", HeaderKey, raw, ErrCorruptRecord},
		{"id upper case", RecordPrefix + strings.ToUpper(other), set("id", strings.ToUpper(other)), ErrCorruptRecord},
		{"id short", RecordPrefix + "abcd", set("id", "abcd"), ErrCorruptRecord},
		{"id path", RecordPrefix + "../vault", set("id", "../vault"), ErrCorruptRecord},
		{"active without key", "", drop("sealedKey", "keyId"), ErrCorruptRecord},
		{"revoked with key", "", set("status", StatusRevoked), ErrCorruptRecord},
		{"expired with key", "", set("status", StatusExpired), ErrCorruptRecord},
		{"status empty", "", set("status", ""), ErrCorruptRecord},
		{"status upper case", "", set("status", "ACTIVE"), ErrCorruptRecord},
		{"status unknown", "", set("status", "deleted"), ErrCorruptRecord},
		{"chainId 0", "", set("chainId", "0"), ErrCorruptRecord},
		{"chainId 01", "", set("chainId", "01"), ErrCorruptRecord},
		{"chainId -1", "", set("chainId", "-1"), ErrCorruptRecord},
		{"chainId 1e3", "", set("chainId", "1e3"), ErrCorruptRecord},
		{"chainId hex", "", set("chainId", "0x1"), ErrCorruptRecord},
		{"chainId empty", "", set("chainId", ""), ErrCorruptRecord},
		{"chainId space", "", set("chainId", " 1"), ErrCorruptRecord},
		{"chainId number", "", set("chainId", 1), ErrCorruptRecord},
		{"chainId 79 digits", "", set("chainId", strings.Repeat("9", 79)), ErrCorruptRecord},
		{"scheme empty", "", set("scheme", ""), ErrCorruptRecord},
		{"scheme padded", "", set("scheme", " local"), ErrCorruptRecord},
		{"scheme too long", "", set("scheme", strings.Repeat("s", 65)), ErrCorruptRecord},
		{"address zero", "", set("address", ethtypes.Address{}.Hex()), ErrCorruptRecord},
		{"address short", "", set("address", "0x1234"), ErrCorruptRecord},
		{"address missing", "", drop("address"), ErrCorruptRecord},
		{"configHash short", "", set("configHash", "0x1234"), ErrCorruptRecord},
		{"createdAt zero", "", set("createdAt", 0), ErrCorruptRecord},
		{"expiresAt before createdAt", "", set("expiresAt", r.CreatedAt-1), ErrCorruptRecord},
		{"expiresAt equals createdAt", "", set("expiresAt", r.CreatedAt), ErrCorruptRecord},
		{"expiresAt string", "", set("expiresAt", "1767312000"), ErrCorruptRecord},
		{"config array", "", set("config", []any{}), ErrCorruptRecord},
		{"config string", "", set("config", "{}"), ErrCorruptRecord},
		{"config null", "", set("config", nil), ErrCorruptRecord},
		{"config missing", "", drop("config"), ErrCorruptRecord},
		{"state array", "", set("state", []any{1}), ErrCorruptRecord},
		{"state number", "", set("state", 0), ErrCorruptRecord},
		{"sealedKey truncated", "", set("sealedKey", b64(r.SealedKey[:len(r.SealedKey)-1])), ErrCorruptRecord},
		{"sealedKey extended", "", set("sealedKey", b64(append(bytes.Clone(r.SealedKey), 0))), ErrCorruptRecord},
		{"sealedKey not base64", "", set("sealedKey", "not base64!"), ErrCorruptRecord},
		{"keyId missing", "", drop("keyId"), ErrCorruptRecord},
		{"keyId upper case", "", set("keyId", "00112233445566AA"), ErrCorruptRecord},
		{"keyId without key", "", edit(func(m map[string]any) { delete(m, "sealedKey"); m["status"] = StatusRevoked }), ErrCorruptRecord},
	}
}

func TestParseRecordBadInput(t *testing.T) {
	_, _, keys := testVault(t)
	r, priv := testRecord(t, 43, keys)
	raw, err := r.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range badRecords(t, r, raw) {
		key := tt.key
		if key == "" {
			key = r.StorageKey()
		}
		got, err := ParseRecord(key, tt.data)
		if tt.want == nil {
			if err != nil {
				t.Errorf("%s: %v", tt.name, err)
			}
			continue
		}
		if !errors.Is(err, tt.want) || got != nil {
			t.Errorf("%s: ParseRecord = %v, %v; want %v", tt.name, got, err, tt.want)
			continue
		}
		if !strings.Contains(err.Error(), key) {
			t.Errorf("%s: error does not name the storage key %q: %v", tt.name, key, err)
		}
		checkNoSecrets(t, err, priv, r.SealedKey, keys.Get(keys.Current))
	}
}

// TestOpenKeyRefusesEditedRecords: records that still parse but whose bound
// fields, sealed bytes or key no longer belong together fail to open with
// ErrCorruptRecord, in a message that names the session and holds no key.
func TestOpenKeyRefusesEditedRecords(t *testing.T) {
	_, _, keys := testVault(t)
	r, priv := testRecord(t, 44, keys)
	r2, priv2 := testRecord(t, 45, keys)
	otherAddr := r2.Address

	// A second vault key in the same Keys, to seal under a key id that
	// exists but did not seal this record.
	keys2 := cloneKeys(keys)
	keys2.byID["00112233445566aa"] = testKey(0x33)

	edits := []struct {
		name string
		edit func(c *Record)
		keys *Keys
	}{
		{"scheme", func(c *Record) { c.Scheme = "abstract" }, keys},
		{"chainId", func(c *Record) { c.ChainID = "1" }, keys},
		{"address", func(c *Record) { c.Address = otherAddr }, keys},
		{"configHash", func(c *Record) { c.ConfigHash[31] ^= 1 }, keys},
		{"config (a looser policy)", func(c *Record) { c.Config = json.RawMessage(`{"allow":"everything"}`) }, keys},
		{"expiresAt", func(c *Record) { c.ExpiresAt += 365 * 86400 }, keys},
		{"id (moved to another storage key)", func(c *Record) { c.ID = strings.Repeat("cd", recordIDSize) }, keys},
		{"version (in memory)", func(c *Record) { c.Version = 2 }, keys},
		{"keyId of a key this vault lacks", func(c *Record) { c.KeyID = "0123456789abcdef" }, keys},
		{"keyId of another vault key", func(c *Record) { c.KeyID = "00112233445566aa" }, keys2},
		{"sealedKey swapped with another record's", func(c *Record) { c.SealedKey = bytes.Clone(r2.SealedKey) }, keys},
		{"sealedKey nonce flipped", func(c *Record) { c.SealedKey[0] ^= 1 }, keys},
		{"sealedKey ciphertext flipped", func(c *Record) { c.SealedKey[30] ^= 0x80 }, keys},
		{"sealedKey tag flipped", func(c *Record) { c.SealedKey[sealedKeySize-1] ^= 1 }, keys},
		{"opened with another vault's keys", func(c *Record) {}, &Keys{Current: r.KeyID, byID: map[string][]byte{r.KeyID: testKey(0x44)}}},
		{"opened while locked", func(c *Record) {}, nil},
	}
	for _, tt := range edits {
		c := *r
		c.SealedKey = bytes.Clone(r.SealedKey)
		tt.edit(&c)
		// Through storage, where the record would be read from.
		raw, err := c.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		if parsed, err := ParseRecord(c.StorageKey(), raw); err == nil {
			c = *parsed
		} else if c.Version == RecordVersion {
			t.Errorf("%s: the edited record should still parse: %v", tt.name, err)
			continue
		}
		got, err := c.OpenKey(tt.keys)
		if !errors.Is(err, ErrCorruptRecord) || got != nil {
			t.Errorf("%s: OpenKey = %x, %v; want ErrCorruptRecord", tt.name, got, err)
			continue
		}
		if !strings.Contains(err.Error(), c.ID) {
			t.Errorf("%s: error does not name session %s: %v", tt.name, c.ID, err)
		}
		checkNoSecrets(t, err, priv, priv2, keys.Get(keys.Current), c.SealedKey)
	}

	// Every single-bit flip of the sealed key is caught.
	for i := 0; i < sealedKeySize*8; i++ {
		c := *r
		c.SealedKey = bytes.Clone(r.SealedKey)
		c.SealedKey[i/8] ^= 1 << (i % 8)
		if _, err := c.OpenKey(keys); !errors.Is(err, ErrCorruptRecord) {
			t.Fatalf("bit %d flipped: OpenKey = %v, want ErrCorruptRecord", i, err)
		}
	}

	// Fields outside the associated data may change without resealing:
	// the vault updates counters and status on every signature.
	c := *r
	c.State, c.CreatedAt = json.RawMessage(`{"uses":7}`), c.CreatedAt-1
	if got, err := c.OpenKey(keys); err != nil || !bytes.Equal(got, priv) {
		t.Errorf("editing unbound fields: OpenKey = %v", err)
	}
}

// TestOpenKeyChecksTheKey: a record sealed with a key that is not its
// address's, or that is no valid secp256k1 key, is refused after opening.
func TestOpenKeyChecksTheKey(t *testing.T) {
	_, _, keys := testVault(t)
	r, _ := testRecord(t, 46, keys)
	_, priv2 := testRecord(t, 47, keys)
	n := crypto.S256().Params().N
	for name, priv := range map[string][]byte{
		"another key":      priv2,
		"zero":             make([]byte, privKeySize),
		"the group order":  n.FillBytes(make([]byte, privKeySize)),
		"above the order":  new(big.Int).Add(n, big.NewInt(1)).FillBytes(make([]byte, privKeySize)),
		"all ones (> n-1)": bytes.Repeat([]byte{0xff}, privKeySize),
	} {
		c := *r
		if err := c.SealKey(testRand(48), keys, priv); err != nil {
			t.Fatal(err)
		}
		got, err := c.OpenKey(keys)
		if !errors.Is(err, ErrCorruptRecord) || got != nil {
			t.Errorf("%s: OpenKey = %x, %v; want ErrCorruptRecord", name, got, err)
			continue
		}
		if !strings.Contains(err.Error(), r.ID) {
			t.Errorf("%s: error does not name the session: %v", name, err)
		}
		checkNoSecrets(t, err, priv)
	}
}

func TestWipe(t *testing.T) {
	_, _, keys := testVault(t)
	for _, status := range []string{StatusRevoked, StatusExpired} {
		r, priv := testRecord(t, 49, keys)
		r.Wipe(status, testCreatedAt+100)
		if r.Sealed() || r.KeyID != "" || r.Status != status || r.WipedAt != testCreatedAt+100 {
			t.Fatalf("Wipe(%s) left %+v", status, r)
		}
		raw, err := r.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(raw), "sealedKey") || strings.Contains(string(raw), "keyId") {
			t.Errorf("the tombstone still stores key fields: %s", raw)
		}
		tomb, err := ParseRecord(r.StorageKey(), raw)
		if err != nil {
			t.Fatalf("the %s tombstone does not parse: %v\n%s", status, err, raw)
		}
		if tomb.Address != r.Address || tomb.Status != status || tomb.Sealed() {
			t.Errorf("tombstone lost its listing fields: %+v", tomb)
		}
		got, err := tomb.OpenKey(keys)
		if !errors.Is(err, ErrCorruptRecord) || got != nil {
			t.Errorf("OpenKey on a tombstone = %v, want ErrCorruptRecord", err)
		}
		checkNoSecrets(t, err, priv)
	}
}
