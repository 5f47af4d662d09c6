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
	if h.Version != HeaderVersion || h.CreatedAt != testCreatedAt || h.Slots[0].Kind != SlotPassphrase || *h.Slots[0].KDF != MinKDF || h.Rekey != nil {
		t.Errorf("NewHeader made %+v", h)
	}
	if keys.Current != h.KeyID || len(keys.Get(keys.Current)) != KeySize {
		t.Fatalf("NewHeader's keys do not hold the slot's key %s", h.KeyID)
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
	opened, which, err := openPass(parsed, []byte(testSecret))
	if err != nil {
		t.Fatalf("Open with the right secret: %v", err)
	}
	if which != OpenedCurrent || opened.Current != h.KeyID {
		t.Errorf("Open reported %v with current key %s, want OpenedCurrent and %s", which, opened.Current, h.KeyID)
	}
	if !bytes.Equal(opened.Get(h.KeyID), keys.Get(h.KeyID)) {
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
	if h1.KeyID == h2.KeyID || bytes.Equal(h1.Slots[0].Salt, h2.Slots[0].Salt) ||
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
	if _, _, err := openPass(h, nil); !errors.Is(err, ErrBadSecret) {
		t.Errorf("Open of an empty secret: %v, want ErrBadSecret", err)
	}
	for _, secret := range []string{"correct horse battery stapl", testSecret + " ", "CORRECT HORSE BATTERY STAPLE"} {
		keys, _, err := openPass(h, []byte(secret))
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
	slot := func(f func(s map[string]any)) []byte { return edit(func(m map[string]any) { f(firstSlot(m)) }) }
	kdf := func(f func(k map[string]any)) []byte { return slot(func(s map[string]any) { f(object(s, "kdf")) }) }
	// rekey adds a pending change of well-formed shape (its ciphertexts
	// are copies, which only Open notices), then applies f to it.
	rekey := func(f func(r, rslot map[string]any, m map[string]any)) []byte {
		return edit(func(m map[string]any) {
			rs := map[string]any{}
			for k, v := range firstSlot(m) {
				rs[k] = v
			}
			rs["id"] = "00112233445566bb"
			r := map[string]any{"keyId": "00112233445566aa", "slot": rs,
				"oldUnderNew": rs["wrappedKey"], "newUnderOld": rs["wrappedKey"]}
			f(r, rs, m)
			m["rekey"] = r
		})
	}
	b64 := func(n int) string {
		s, _ := json.Marshal(make([]byte, n))
		return strings.Trim(string(s), `"`)
	}
	secondSlot := func(f func(s2 map[string]any)) []byte {
		return edit(func(m map[string]any) {
			s2 := map[string]any{}
			for k, v := range firstSlot(m) {
				s2[k] = v
			}
			s2["id"] = "00112233445566cc"
			f(s2)
			m["slots"] = append(m["slots"].([]any), s2)
		})
	}
	asKind := func(kind string) func(s map[string]any) {
		return func(s map[string]any) { s["kind"] = kind; delete(s, "kdf") }
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
		{"v as string", edit(func(m map[string]any) { m["v"] = "2" }), ErrCorruptRecord},
		{"v fractional", edit(func(m map[string]any) { m["v"] = 1.5 }), ErrCorruptRecord},
		{"v 0", edit(func(m map[string]any) { m["v"] = 0 }), ErrUnsupportedVersion},
		{"v 3", edit(func(m map[string]any) { m["v"] = 3 }), ErrUnsupportedVersion},
		{"v 1 with v2 fields", edit(func(m map[string]any) { m["v"] = 1 }), ErrCorruptRecord},
		{"v 1 slot in a v2 header", edit(func(m map[string]any) { m["slot"] = firstSlot(m) }), ErrCorruptRecord},
		{"no slots", edit(func(m map[string]any) { delete(m, "slots") }), ErrCorruptRecord},
		{"empty slots", edit(func(m map[string]any) { m["slots"] = []any{} }), ErrCorruptRecord},
		{"too many slots", edit(func(m map[string]any) {
			var many []any
			for i := 0; i <= MaxSlots; i++ {
				many = append(many, firstSlot(m))
			}
			m["slots"] = many
		}), ErrCorruptRecord},
		{"slot twice", edit(func(m map[string]any) { m["slots"] = []any{firstSlot(m), firstSlot(m)} }), ErrCorruptRecord},
		{"second slot (control: parses)", secondSlot(func(s2 map[string]any) {}), nil},
		{"keyId missing", edit(func(m map[string]any) { delete(m, "keyId") }), ErrCorruptRecord},
		{"keyId upper case", edit(func(m map[string]any) { m["keyId"] = "00112233445566AA" }), ErrCorruptRecord},
		{"memory below floor", kdf(func(k map[string]any) { k["memoryKiB"] = MinKDF.MemoryKiB - 1 }), ErrUnsafeKDF},
		{"time below floor", kdf(func(k map[string]any) { k["time"] = 1 }), ErrUnsafeKDF},
		{"no threads", kdf(func(k map[string]any) { k["threads"] = 0 }), ErrUnsafeKDF},
		{"kdf missing", slot(func(s map[string]any) { delete(s, "kdf") }), ErrUnsafeKDF},
		{"memory above ceiling", kdf(func(k map[string]any) { k["memoryKiB"] = uint32(math.MaxUint32) }), ErrUnsafeKDF},
		{"time above ceiling", kdf(func(k map[string]any) { k["time"] = MaxKDF.Time + 1 }), ErrUnsafeKDF},
		{"threads above ceiling", kdf(func(k map[string]any) { k["threads"] = 255 }), ErrUnsafeKDF},
		{"threads overflow", kdf(func(k map[string]any) { k["threads"] = 257 }), ErrCorruptRecord},
		{"negative memory", kdf(func(k map[string]any) { k["memoryKiB"] = -1 }), ErrCorruptRecord},
		{"kind unknown", slot(func(s map[string]any) { s["kind"] = "pin" }), ErrCorruptRecord},
		{"kind missing", slot(func(s map[string]any) { delete(s, "kind") }), ErrCorruptRecord},
		{"passkey slot with kdf", slot(func(s map[string]any) { s["kind"] = SlotPasskey }), ErrCorruptRecord},
		{"passkey slot (control: parses)", slot(asKind(SlotPasskey)), nil},
		{"device slot without expiry", slot(asKind(SlotDevice)), ErrCorruptRecord},
		{"device slot over 30 days", slot(func(s map[string]any) {
			asKind(SlotDevice)(s)
			s["expiresAt"] = testCreatedAt + MaxDeviceLifetime + 1
		}), ErrCorruptRecord},
		{"device slot (control: parses)", slot(func(s map[string]any) { asKind(SlotDevice)(s); s["expiresAt"] = testCreatedAt + 3600 }), nil},
		{"expiry before creation", slot(func(s map[string]any) { asKind(SlotServer)(s); s["expiresAt"] = testCreatedAt }), ErrCorruptRecord},
		{"passphrase slot that expires", slot(func(s map[string]any) { s["expiresAt"] = testCreatedAt + 1 }), ErrCorruptRecord},
		{"credentialId on a wallet slot", slot(func(s map[string]any) { asKind(SlotWallet)(s); s["credentialId"] = b64(16) }), ErrCorruptRecord},
		{"credentialId too long", slot(func(s map[string]any) { asKind(SlotPasskey)(s); s["credentialId"] = b64(1024) }), ErrCorruptRecord},
		{"prfSalt short", slot(func(s map[string]any) { asKind(SlotPasskey)(s); s["prfSalt"] = b64(31) }), ErrCorruptRecord},
		{"address on a passkey slot", slot(func(s map[string]any) {
			asKind(SlotPasskey)(s)
			s["address"] = "0x" + strings.Repeat("ab", 20)
		}), ErrCorruptRecord},
		{"address mixed case", slot(func(s map[string]any) { asKind(SlotWallet)(s); s["address"] = "0x" + strings.Repeat("AB", 20) }), ErrCorruptRecord},
		{"wallet slot (control: parses)", slot(func(s map[string]any) { asKind(SlotWallet)(s); s["address"] = "0x" + strings.Repeat("ab", 20) }), nil},
		{"name too long", slot(func(s map[string]any) { s["name"] = strings.Repeat("n", 65) }), ErrCorruptRecord},
		{"negative createdAt", slot(func(s map[string]any) { s["createdAt"] = -1 }), ErrCorruptRecord},
		{"salt short", slot(func(s map[string]any) { s["salt"] = b64(SaltSize - 1) }), ErrCorruptRecord},
		{"salt long", slot(func(s map[string]any) { s["salt"] = b64(SaltSize + 1) }), ErrCorruptRecord},
		{"salt missing", slot(func(s map[string]any) { delete(s, "salt") }), ErrCorruptRecord},
		{"salt not base64", slot(func(s map[string]any) { s["salt"] = "!!!!" }), ErrCorruptRecord},
		{"wrappedKey short", slot(func(s map[string]any) { s["wrappedKey"] = b64(wrappedSize - 1) }), ErrCorruptRecord},
		{"wrappedKey long", slot(func(s map[string]any) { s["wrappedKey"] = b64(wrappedSize + 1) }), ErrCorruptRecord},
		{"wrappedKey missing", slot(func(s map[string]any) { delete(s, "wrappedKey") }), ErrCorruptRecord},
		{"id upper case", slot(func(s map[string]any) { s["id"] = "00112233445566AA" }), ErrCorruptRecord},
		{"id short", slot(func(s map[string]any) { s["id"] = "0011" }), ErrCorruptRecord},
		{"id not hex", slot(func(s map[string]any) { s["id"] = "00112233445566zz" }), ErrCorruptRecord},
		{"id missing", slot(func(s map[string]any) { delete(s, "id") }), ErrCorruptRecord},
		{"id number", slot(func(s map[string]any) { s["id"] = 1 }), ErrCorruptRecord},
		{"rekey well-formed (control: parses)", rekey(func(r, rs, m map[string]any) {}), nil},
		{"rekey reuses key id", rekey(func(r, rs, m map[string]any) { r["keyId"] = m["keyId"] }), ErrCorruptRecord},
		{"rekey bad key id", rekey(func(r, rs, m map[string]any) { r["keyId"] = "rekey" }), ErrCorruptRecord},
		{"rekey cross-wrap short", rekey(func(r, rs, m map[string]any) { r["oldUnderNew"] = b64(wrappedSize - 1) }), ErrCorruptRecord},
		{"rekey cross-wrap missing", rekey(func(r, rs, m map[string]any) { delete(r, "newUnderOld") }), ErrCorruptRecord},
		{"rekey below floor", rekey(func(r, rs, m map[string]any) { object(rs, "kdf")["time"] = 1 }), ErrUnsafeKDF},
		{"rekey above ceiling", rekey(func(r, rs, m map[string]any) { object(rs, "kdf")["memoryKiB"] = MaxKDF.MemoryKiB + 1 }), ErrUnsafeKDF},
		{"rekey unknown field", rekey(func(r, rs, m map[string]any) { r["note"] = "x" }), ErrCorruptRecord},
		{"rekey with two slots", rekey(func(r, rs, m map[string]any) {
			s2 := map[string]any{}
			for k, v := range firstSlot(m) {
				s2[k] = v
			}
			s2["id"] = "00112233445566cc"
			m["slots"] = append(m["slots"].([]any), s2)
		}), ErrCorruptRecord},
		{"rekey not an object", edit(func(m map[string]any) { m["rekey"] = "pending" }), ErrCorruptRecord},
		// Spellings a map edit cannot make: the one-pass decode of the
		// current version must refuse them as the version probe did.
		{"v twice", raw2(raw, `{"v":2,`, `{"v":2,"v":2,`), ErrCorruptRecord},
		{"v twice, then unknown", raw2(raw, `{"v":2,`, `{"v":2,"v":3,`), ErrCorruptRecord},
		{"v twice, unknown first", raw2(raw, `{"v":2,`, `{"v":3,"v":2,`), ErrCorruptRecord},
		{"v twice, v1 first", raw2(raw, `{"v":2,`, `{"v":1,"v":2,`), ErrCorruptRecord},
		{"v escaped twice", raw2(raw, `{"v":2,`, `{"v":2,"\u0076":2,`), ErrCorruptRecord},
		{"V upper case", raw2(raw, `{"v":2,`, `{"V":2,`), ErrCorruptRecord},
		{"V beside v", raw2(raw, `{"v":2,`, `{"v":2,"V":2,`), ErrCorruptRecord},
		{"keyId twice", raw2(raw, `"keyId":`, `"keyId":"0011223344556677","keyId":`), ErrCorruptRecord},
		{"slot member twice", raw2(raw, `"kind":`, `"kind":"passkey","kind":`), ErrCorruptRecord},
		{"kdf member twice", raw2(raw, `"time":`, `"time":9,"time":`), ErrCorruptRecord},
		{"slot member case", raw2(raw, `"wrappedKey":`, `"WrappedKey":`), ErrCorruptRecord},
		{"v spelled with an escape (control: parses)", raw2(raw, `{"v":2,`, `{"\u0076":2,`), nil},
	}
}

// raw2 replaces the first old in raw by new (raw must contain old).
func raw2(raw []byte, old, new string) []byte {
	if !bytes.Contains(raw, []byte(old)) {
		panic("raw2: " + old + " not in " + string(raw))
	}
	return bytes.Replace(bytes.Clone(raw), []byte(old), []byte(new), 1)
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
		checkNoSecrets(t, err, h.Slots[0].WrappedKey)
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
		object(firstSlot(m), "kdf")["memoryKiB"] = uint32(math.MaxUint32)
		object(firstSlot(m), "kdf")["time"] = uint32(math.MaxUint32)
	})
	downgraded := editJSON(t, raw, func(m map[string]any) {
		object(firstSlot(m), "kdf")["memoryKiB"] = 8
		object(firstSlot(m), "kdf")["time"] = 1
	})
	// Open on a header that skipped ParseHeader must refuse as well.
	unchecked := cloneHeader(h)
	unchecked.Slots[0].KDF = &KDFParams{MemoryKiB: math.MaxUint32, Time: math.MaxUint32, Threads: 1}
	weak := cloneHeader(h)
	weak.Slots[0].KDF = &KDFParams{MemoryKiB: 8, Time: 1, Threads: 1}

	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, errHuge := ParseHeader(huge)
	_, errDown := ParseHeader(downgraded)
	_, _, errOpenHuge := openPass(unchecked, []byte(testSecret))
	_, _, errOpenWeak := openPass(weak, []byte(testSecret))
	_, _, errRekey := unchecked.BeginRekey(testRand(1), pass(testSecret), pass("new"), MinKDF, testCreatedAt)
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
		"id":          func(s *Slot) { s.ID = "0123456789abcdef" },
		"name":        func(s *Slot) { s.Name = "renamed" },
		"createdAt":   func(s *Slot) { s.CreatedAt++ },
		"wrappedKey":  func(s *Slot) { s.WrappedKey[30] ^= 1 },
	}
	for name, edit := range edits {
		e := cloneHeader(h)
		edit(&e.Slots[0])
		raw, err := e.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		parsed, err := ParseHeader(raw)
		if err != nil {
			t.Errorf("%s: the edited header should still parse: %v", name, err)
			continue
		}
		keys, _, err := openPass(parsed, []byte(testSecret))
		if !errors.Is(err, ErrWrongSecret) || keys != nil {
			t.Errorf("%s: Open = %v, %v; want ErrWrongSecret", name, keys, err)
		}
	}
	// The header's createdAt is informational and not bound: editing it
	// changes nothing.
	e := cloneHeader(h)
	e.CreatedAt++
	if _, _, err := openPass(e, []byte(testSecret)); err != nil {
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
