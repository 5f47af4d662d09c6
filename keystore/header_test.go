package keystore

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"runtime"
	"strings"
	"testing"
)

func TestHeaderRoundTrip(t *testing.T) {
	h, keys, err := NewHeader(testRand(5), []byte(testSecret), MinKDF, testCreatedAt)
	if err != nil {
		t.Fatal(err)
	}
	if h.Version != HeaderVersion || h.CreatedAt != testCreatedAt || h.Slot.Alg != "argon2id" || h.Slot.KDF != MinKDF || h.Rekey != nil {
		t.Errorf("NewHeader made %+v", h)
	}
	if keys.Current != h.Slot.KeyID || len(keys.Get(keys.Current)) != KeySize {
		t.Fatalf("NewHeader's keys do not hold the slot's key %s", h.Slot.KeyID)
	}
	raw, err := h.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	parsed, err := ParseHeader(raw)
	if err != nil {
		t.Fatalf("ParseHeader(Marshal()): %v\n%s", err, raw)
	}
	if !reflect.DeepEqual(parsed, h) {
		t.Errorf("round trip changed the header:\n got %+v\nwant %+v", parsed, h)
	}
	opened, which, err := parsed.Open([]byte(testSecret))
	if err != nil {
		t.Fatalf("Open with the right secret: %v", err)
	}
	if which != OpenedCurrent || opened.Current != h.Slot.KeyID {
		t.Errorf("Open reported %v with current key %s, want OpenedCurrent and %s", which, opened.Current, h.Slot.KeyID)
	}
	if !bytes.Equal(opened.Get(h.Slot.KeyID), keys.Get(h.Slot.KeyID)) {
		t.Error("Open recovered a different vault key than NewHeader made")
	}
	if strings.Contains(string(raw), testSecret) || bytes.Contains(raw, keys.Get(keys.Current)) {
		t.Error("the stored header holds the secret or the vault key in clear")
	}
}

func TestNewHeaderIsFresh(t *testing.T) {
	h1, k1, err1 := NewHeader(testRand(11), []byte(testSecret), MinKDF, testCreatedAt)
	h2, k2, err2 := NewHeader(testRand(12), []byte(testSecret), MinKDF, testCreatedAt)
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	if h1.Slot.KeyID == h2.Slot.KeyID || bytes.Equal(h1.Slot.Salt, h2.Slot.Salt) ||
		bytes.Equal(k1.Get(k1.Current), k2.Get(k2.Current)) {
		t.Error("two vaults share a key id, salt or vault key")
	}
}

func TestNewHeaderErrors(t *testing.T) {
	if _, _, err := NewHeader(testRand(1), []byte("s"), KDFParams{MemoryKiB: 1024, Time: 1, Threads: 1}, 0); !errors.Is(err, ErrUnsafeKDF) {
		t.Errorf("NewHeader below the floor: err = %v, want ErrUnsafeKDF", err)
	}
	if _, _, err := NewHeader(failingReader{}, []byte("s"), MinKDF, 0); err == nil {
		t.Error("NewHeader with a failing random source succeeded")
	}
}

func TestOpenWrongSecret(t *testing.T) {
	h, _, _ := testVault(t)
	for _, secret := range []string{"", "correct horse battery stapl", testSecret + " ", "CORRECT HORSE BATTERY STAPLE"} {
		keys, _, err := h.Open([]byte(secret))
		if !errors.Is(err, ErrWrongSecret) || keys != nil {
			t.Errorf("Open(%q) = %v, %v; want ErrWrongSecret", secret, keys, err)
		}
	}
}

// badHeaders are edits of a valid header that ParseHeader must refuse, with
// the error each must match (nil: a control that must parse). The fuzz
// target is seeded from them.
func badHeaders(t testing.TB, raw []byte) []struct {
	name string
	data []byte
	want error
} {
	edit := func(f func(m map[string]any)) []byte { return editJSON(t, raw, f) }
	slot := func(f func(s map[string]any)) []byte { return edit(func(m map[string]any) { f(object(m, "slot")) }) }
	kdf := func(f func(k map[string]any)) []byte { return slot(func(s map[string]any) { f(object(s, "kdf")) }) }
	// rekey adds a pending change of well-formed shape (its ciphertexts
	// are copies, which only Open notices), then applies f to it.
	rekey := func(f func(r, slot map[string]any)) []byte {
		return edit(func(m map[string]any) {
			r := map[string]any{}
			for k, v := range object(m, "slot") {
				r[k] = v
			}
			r["keyId"] = "00112233445566aa"
			r["oldUnderNew"], r["newUnderOld"] = r["wrappedKey"], r["wrappedKey"]
			f(r, object(m, "slot"))
			m["rekey"] = r
		})
	}
	b64 := func(n int) string {
		s, _ := json.Marshal(make([]byte, n))
		return strings.Trim(string(s), `"`)
	}
	return []struct {
		name string
		data []byte
		want error
	}{
		{"empty", nil, ErrCorruptRecord},
		{"malformed", raw[:len(raw)/2], ErrCorruptRecord},
		{"not an object", []byte(`[1]`), ErrCorruptRecord},
		{"null", []byte(`null`), ErrCorruptRecord},
		{"trailing object", append(bytes.Clone(raw), `{}`...), ErrCorruptRecord},
		{"trailing brace", append(bytes.Clone(raw), `}`...), ErrCorruptRecord},
		{"too large", append(bytes.Clone(raw), bytes.Repeat([]byte(" "), maxStoredSize)...), ErrCorruptRecord},
		{"unknown field", edit(func(m map[string]any) { m["extra"] = 1 }), ErrCorruptRecord},
		{"unknown slot field", slot(func(s map[string]any) { s["iv"] = "AAAA" }), ErrCorruptRecord},
		{"unknown kdf field", kdf(func(k map[string]any) { k["version"] = 19 }), ErrCorruptRecord},
		{"missing v", edit(func(m map[string]any) { delete(m, "v") }), ErrCorruptRecord},
		{"v as string", edit(func(m map[string]any) { m["v"] = "1" }), ErrCorruptRecord},
		{"v fractional", edit(func(m map[string]any) { m["v"] = 1.5 }), ErrCorruptRecord},
		{"v 0", edit(func(m map[string]any) { m["v"] = 0 }), ErrUnsupportedVersion},
		{"v 2", edit(func(m map[string]any) { m["v"] = 2 }), ErrUnsupportedVersion},
		{"v 2 with new fields", edit(func(m map[string]any) { m["v"] = 2; m["slots"] = []any{} }), ErrUnsupportedVersion},
		{"no slot", edit(func(m map[string]any) { delete(m, "slot") }), ErrCorruptRecord},
		{"memory below floor", kdf(func(k map[string]any) { k["memoryKiB"] = MinKDF.MemoryKiB - 1 }), ErrUnsafeKDF},
		{"time below floor", kdf(func(k map[string]any) { k["time"] = 1 }), ErrUnsafeKDF},
		{"no threads", kdf(func(k map[string]any) { k["threads"] = 0 }), ErrUnsafeKDF},
		{"kdf missing", slot(func(s map[string]any) { delete(s, "kdf") }), ErrUnsafeKDF},
		{"memory above ceiling", kdf(func(k map[string]any) { k["memoryKiB"] = uint32(math.MaxUint32) }), ErrUnsafeKDF},
		{"time above ceiling", kdf(func(k map[string]any) { k["time"] = MaxKDF.Time + 1 }), ErrUnsafeKDF},
		{"threads above ceiling", kdf(func(k map[string]any) { k["threads"] = 255 }), ErrUnsafeKDF},
		{"threads overflow", kdf(func(k map[string]any) { k["threads"] = 257 }), ErrCorruptRecord},
		{"negative memory", kdf(func(k map[string]any) { k["memoryKiB"] = -1 }), ErrCorruptRecord},
		{"alg argon2i", slot(func(s map[string]any) { s["alg"] = "argon2i" }), ErrUnsafeKDF},
		{"alg scrypt", slot(func(s map[string]any) { s["alg"] = "scrypt" }), ErrUnsafeKDF},
		{"alg missing", slot(func(s map[string]any) { delete(s, "alg") }), ErrUnsafeKDF},
		{"salt short", slot(func(s map[string]any) { s["salt"] = b64(SaltSize - 1) }), ErrCorruptRecord},
		{"salt long", slot(func(s map[string]any) { s["salt"] = b64(SaltSize + 1) }), ErrCorruptRecord},
		{"salt missing", slot(func(s map[string]any) { delete(s, "salt") }), ErrCorruptRecord},
		{"salt not base64", slot(func(s map[string]any) { s["salt"] = "!!!!" }), ErrCorruptRecord},
		{"wrappedKey short", slot(func(s map[string]any) { s["wrappedKey"] = b64(wrappedSize - 1) }), ErrCorruptRecord},
		{"wrappedKey long", slot(func(s map[string]any) { s["wrappedKey"] = b64(wrappedSize + 1) }), ErrCorruptRecord},
		{"wrappedKey missing", slot(func(s map[string]any) { delete(s, "wrappedKey") }), ErrCorruptRecord},
		{"keyId upper case", slot(func(s map[string]any) { s["keyId"] = "00112233445566AA" }), ErrCorruptRecord},
		{"keyId short", slot(func(s map[string]any) { s["keyId"] = "0011" }), ErrCorruptRecord},
		{"keyId not hex", slot(func(s map[string]any) { s["keyId"] = "00112233445566zz" }), ErrCorruptRecord},
		{"keyId missing", slot(func(s map[string]any) { delete(s, "keyId") }), ErrCorruptRecord},
		{"keyId number", slot(func(s map[string]any) { s["keyId"] = 1 }), ErrCorruptRecord},
		{"rekey well-formed (control: parses)", rekey(func(r, slot map[string]any) {}), nil},
		{"rekey reuses key id", rekey(func(r, slot map[string]any) { r["keyId"] = slot["keyId"] }), ErrCorruptRecord},
		{"rekey bad key id", rekey(func(r, slot map[string]any) { r["keyId"] = "rekey" }), ErrCorruptRecord},
		{"rekey cross-wrap short", rekey(func(r, slot map[string]any) { r["oldUnderNew"] = b64(wrappedSize - 1) }), ErrCorruptRecord},
		{"rekey cross-wrap missing", rekey(func(r, slot map[string]any) { delete(r, "newUnderOld") }), ErrCorruptRecord},
		{"rekey below floor", rekey(func(r, slot map[string]any) { object(r, "kdf")["time"] = 1 }), ErrUnsafeKDF},
		{"rekey above ceiling", rekey(func(r, slot map[string]any) { object(r, "kdf")["memoryKiB"] = MaxKDF.MemoryKiB + 1 }), ErrUnsafeKDF},
		{"rekey unknown field", rekey(func(r, slot map[string]any) { r["note"] = "x" }), ErrCorruptRecord},
		{"rekey not an object", edit(func(m map[string]any) { m["rekey"] = "pending" }), ErrCorruptRecord},
	}
}

func TestParseHeaderBadInput(t *testing.T) {
	h, raw, _ := testVault(t)
	for _, tt := range badHeaders(t, raw) {
		got, err := ParseHeader(tt.data)
		if tt.want == nil {
			if err != nil {
				t.Errorf("%s: %v", tt.name, err)
			}
			continue
		}
		if !errors.Is(err, tt.want) || got != nil {
			t.Errorf("%s: ParseHeader = %v, %v; want %v", tt.name, got, err, tt.want)
			continue
		}
		if errors.Is(err, ErrWrongSecret) {
			t.Errorf("%s: a damaged header must not look like a wrong secret: %v", tt.name, err)
		}
		checkNoSecrets(t, err, h.Slot.WrappedKey)
	}
	if _, err := ParseHeader(raw); err != nil {
		t.Fatalf("the valid header no longer parses: %v", err)
	}
}

// TestUnsafeKDFRefusedBeforeDerivation: a header asking for absurd or
// downgraded parameters is refused without running Argon2. The proof is
// memory, not time: Argon2 at even the floor allocates 19 MiB, at the
// requested maximum 4 TiB; the refusals together allocate almost nothing.
func TestUnsafeKDFRefusedBeforeDerivation(t *testing.T) {
	h, raw, _ := testVault(t)
	huge := editJSON(t, raw, func(m map[string]any) {
		object(object(m, "slot"), "kdf")["memoryKiB"] = uint32(math.MaxUint32)
		object(object(m, "slot"), "kdf")["time"] = uint32(math.MaxUint32)
	})
	downgraded := editJSON(t, raw, func(m map[string]any) {
		object(object(m, "slot"), "kdf")["memoryKiB"] = 8
		object(object(m, "slot"), "kdf")["time"] = 1
	})
	// Open on a header that skipped ParseHeader must refuse as well.
	unchecked := *h
	unchecked.Slot.KDF = KDFParams{MemoryKiB: math.MaxUint32, Time: math.MaxUint32, Threads: 1}
	weak := *h
	weak.Slot.KDF = KDFParams{MemoryKiB: 8, Time: 1, Threads: 1}

	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, errHuge := ParseHeader(huge)
	_, errDown := ParseHeader(downgraded)
	_, _, errOpenHuge := unchecked.Open([]byte(testSecret))
	_, _, errOpenWeak := weak.Open([]byte(testSecret))
	_, _, errRekey := unchecked.BeginRekey(testRand(1), []byte(testSecret), []byte("new"), MinKDF)
	runtime.ReadMemStats(&after)

	for name, err := range map[string]error{"parse huge": errHuge, "parse downgraded": errDown,
		"open huge": errOpenHuge, "open downgraded": errOpenWeak, "rekey huge": errRekey} {
		if !errors.Is(err, ErrUnsafeKDF) {
			t.Errorf("%s: err = %v, want ErrUnsafeKDF", name, err)
		}
	}
	if allocated := after.TotalAlloc - before.TotalAlloc; allocated > 1<<20 {
		t.Errorf("refusing unsafe parameters allocated %d bytes: Argon2 ran", allocated)
	}
}

// TestOpenEditedHeader: fields bound into the wrapped key's associated data
// can be edited to other valid values, but then nothing opens. The result is
// ErrWrongSecret (the vault cannot tell an edit from a typo), never a panic
// and never a key.
func TestOpenEditedHeader(t *testing.T) {
	h, _, _ := testVault(t)
	edits := map[string]func(s *Slot){
		"kdf memory":  func(s *Slot) { s.KDF.MemoryKiB++ },
		"kdf time":    func(s *Slot) { s.KDF.Time++ },
		"kdf threads": func(s *Slot) { s.KDF.Threads++ },
		"salt":        func(s *Slot) { s.Salt[0] ^= 0x80 },
		"keyId":       func(s *Slot) { s.KeyID = "0123456789abcdef" },
		"wrappedKey":  func(s *Slot) { s.WrappedKey[30] ^= 1 },
	}
	for name, edit := range edits {
		e := *h
		e.Slot.Salt, e.Slot.WrappedKey = bytes.Clone(h.Slot.Salt), bytes.Clone(h.Slot.WrappedKey)
		edit(&e.Slot)
		raw, err := e.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		parsed, err := ParseHeader(raw)
		if err != nil {
			t.Errorf("%s: the edited header should still parse: %v", name, err)
			continue
		}
		keys, _, err := parsed.Open([]byte(testSecret))
		if !errors.Is(err, ErrWrongSecret) || keys != nil {
			t.Errorf("%s: Open = %v, %v; want ErrWrongSecret", name, keys, err)
		}
	}
	// createdAt is informational and not bound: editing it changes nothing.
	e := *h
	e.CreatedAt++
	if _, _, err := e.Open([]byte(testSecret)); err != nil {
		t.Errorf("editing createdAt: %v", err)
	}
}

func TestKeys(t *testing.T) {
	var none *Keys
	if none.Get("x") != nil {
		t.Error("nil Keys returned a key")
	}
	none.Wipe() // must not panic

	_, _, keys := testVault(t)
	id := keys.Current
	held := keys.Get(id)
	if keys.Get("0000000000000000") != nil {
		t.Error("Get of an unknown id returned a key")
	}
	keys.Wipe()
	if keys.Get(id) != nil || keys.Current != "" {
		t.Error("Wipe left a key reachable")
	}
	if !bytes.Equal(held, make([]byte, KeySize)) {
		t.Error("Wipe did not zero the key bytes")
	}
}
