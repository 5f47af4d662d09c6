package keystore

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"
)

// Secrets of the multi-slot test vault, one per full-entropy kind.
var slotSecrets = map[string][]byte{
	SlotServer:  bytes.Repeat([]byte{0x51}, 32),
	SlotPasskey: bytes.Repeat([]byte{0x52}, 32),
	SlotWallet:  bytes.Repeat([]byte{0x53}, 65),
	SlotDevice:  bytes.Repeat([]byte{0x54}, 32),
}

var testParams = map[string]SlotParams{
	SlotPasskey: {Name: "YubiKey", CredentialID: []byte("credential-1"), PRFSalt: bytes.Repeat([]byte{7}, 32)},
	SlotWallet:  {Name: "MetaMask", Address: "0x" + strings.Repeat("ab", 20)},
	SlotDevice:  {ExpiresAt: testCreatedAt + 3600},
}

func fullSecret(kind string) Secret {
	return Secret{Kind: kind, Bytes: slotSecrets[kind], Params: testParams[kind]}
}

// slotVault makes a vault created with a server secret, then given a
// passkey, a wallet and a device slot (no Argon2id: fast enough to fuzz).
func slotVault(t testing.TB) (*Header, *Keys) {
	t.Helper()
	h, keys, err := NewHeaderWith(testRand(81), fullSecret(SlotServer), MinKDF, testCreatedAt)
	if err != nil {
		t.Fatal(err)
	}
	for i, kind := range []string{SlotPasskey, SlotWallet, SlotDevice} {
		if h, _, err = h.AddSlot(testRand(uint64(82+i)), keys, fullSecret(kind), MinKDF, testCreatedAt); err != nil {
			t.Fatalf("AddSlot(%s): %v", kind, err)
		}
	}
	return h, keys
}

func reparse(t testing.TB, h *Header) *Header {
	t.Helper()
	raw, err := h.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	p, err := ParseHeader(raw)
	if err != nil {
		t.Fatalf("%v\n%s", err, raw)
	}
	return p
}

func TestSlotsOpenEachKind(t *testing.T) {
	h, keys := slotVault(t)
	h = reparse(t, h)
	if len(h.Slots) != 4 {
		t.Fatalf("%d slots", len(h.Slots))
	}
	for kind := range slotSecrets {
		o, err := h.Open(Secret{Kind: kind, Bytes: slotSecrets[kind]}, testCreatedAt)
		if err != nil {
			t.Fatalf("%s: %v", kind, err)
		}
		if !bytes.Equal(o.Keys.Get(h.KeyID), keys.Get(h.KeyID)) || h.Slot(o.SlotID).Kind != kind {
			t.Errorf("%s opened the wrong key or slot", kind)
		}
		o.Forget()
		if o.kek != nil {
			t.Error("Forget kept the KEK")
		}
	}
}

// TestSlotBadInput is the slot format's bad-input table: every case must
// refuse, and none may yield a key.
func TestSlotBadInput(t *testing.T) {
	h, _ := slotVault(t)
	other, _ := slotVault(t) // same secrets, another vault key
	other2, _, err := NewHeaderWith(testRand(99), fullSecret(SlotPasskey), MinKDF, testCreatedAt)
	if err != nil {
		t.Fatal(err)
	}
	edited := func(kind string, f func(s *Slot)) *Header {
		c := cloneHeader(h)
		for i := range c.Slots {
			if c.Slots[i].Kind == kind {
				f(&c.Slots[i])
			}
		}
		return reparse(t, c)
	}
	moved := cloneHeader(other2)
	moved.Slots = append(moved.Slots, *cloneHeader(h).Slot(h.Slots[1].ID)) // h's passkey slot, into another vault
	moved = reparse(t, moved)
	_ = other
	short := Secret{Kind: SlotPasskey, Bytes: slotSecrets[SlotPasskey][:31]}
	tests := []struct {
		name   string
		h      *Header
		secret Secret
		now    int64
		want   error
	}{
		{"wrong passkey secret", h, Secret{Kind: SlotPasskey, Bytes: bytes.Repeat([]byte{9}, 32)}, testCreatedAt, ErrWrongSecret},
		{"truncated PRF secret", h, short, testCreatedAt, ErrBadSecret},
		{"empty secret", h, Secret{Kind: SlotServer}, testCreatedAt, ErrBadSecret},
		{"unknown kind", h, Secret{Kind: "pin", Bytes: slotSecrets[SlotServer]}, testCreatedAt, ErrBadSecret},
		{"bad slot id", h, Secret{Kind: SlotServer, SlotID: "x", Bytes: slotSecrets[SlotServer]}, testCreatedAt, ErrBadSecret},
		{"secret of one kind offered as another", h, Secret{Kind: SlotServer, Bytes: slotSecrets[SlotPasskey]}, testCreatedAt, ErrWrongSecret},
		{"passkey slot relabelled wallet", edited(SlotPasskey, func(s *Slot) { s.Kind = SlotWallet; s.CredentialID, s.PRFSalt = nil, nil }),
			Secret{Kind: SlotWallet, Bytes: slotSecrets[SlotPasskey]}, testCreatedAt, ErrWrongSecret},
		{"server slot relabelled device", edited(SlotServer, func(s *Slot) { s.Kind = SlotDevice; s.ExpiresAt = testCreatedAt + 60 }),
			Secret{Kind: SlotDevice, Bytes: slotSecrets[SlotServer]}, testCreatedAt, ErrWrongSecret},
		{"slot moved between vaults", moved, Secret{Kind: SlotPasskey, SlotID: h.Slots[1].ID, Bytes: slotSecrets[SlotPasskey]}, testCreatedAt, ErrWrongSecret},
		{"device expiry extended", edited(SlotDevice, func(s *Slot) { s.ExpiresAt += 3600 }), fullSecret(SlotDevice), testCreatedAt, ErrWrongSecret},
		{"device expiry shortened", edited(SlotDevice, func(s *Slot) { s.ExpiresAt -= 1800 }), fullSecret(SlotDevice), testCreatedAt, ErrWrongSecret},
		{"device slot expired", h, fullSecret(SlotDevice), testCreatedAt + 3600, ErrSlotExpired},
		{"credentialId edited", edited(SlotPasskey, func(s *Slot) { s.CredentialID = []byte("credential-2") }), fullSecret(SlotPasskey), testCreatedAt, ErrWrongSecret},
		{"prfSalt edited", edited(SlotPasskey, func(s *Slot) { s.PRFSalt[0] ^= 1 }), fullSecret(SlotPasskey), testCreatedAt, ErrWrongSecret},
		{"wallet address edited", edited(SlotWallet, func(s *Slot) { s.Address = "0x" + strings.Repeat("cd", 20) }), fullSecret(SlotWallet), testCreatedAt, ErrWrongSecret},
		{"slot name edited", edited(SlotWallet, func(s *Slot) { s.Name = "Rabby" }), fullSecret(SlotWallet), testCreatedAt, ErrWrongSecret},
		{"slot id edited", edited(SlotServer, func(s *Slot) { s.ID = "00112233445566ff" }), fullSecret(SlotServer), testCreatedAt, ErrWrongSecret},
		{"salt edited", edited(SlotServer, func(s *Slot) { s.Salt[0] ^= 1 }), fullSecret(SlotServer), testCreatedAt, ErrWrongSecret},
		{"vault keyId edited", func() *Header { c := cloneHeader(h); c.KeyID = "00112233445566ee"; return reparse(t, c) }(), fullSecret(SlotServer), testCreatedAt, ErrWrongSecret},
		{"no slot of this kind", other2, fullSecret(SlotWallet), testCreatedAt, ErrWrongSecret},
		{"no slot with this id", h, Secret{Kind: SlotServer, SlotID: "00112233445566ff", Bytes: slotSecrets[SlotServer]}, testCreatedAt, ErrWrongSecret},
		{"passphrase against full-entropy slots", h, pass(testSecret), testCreatedAt, ErrWrongSecret},
	}
	for _, tt := range tests {
		o, err := tt.h.Open(tt.secret, tt.now)
		if !errors.Is(err, tt.want) || o != nil {
			t.Errorf("%s: Open = %v, %v; want %v", tt.name, o, err, tt.want)
		}
		for _, s := range slotSecrets {
			checkNoSecrets(t, err, s)
		}
	}
	// Controls: the unedited vault opens with the same inputs.
	if _, err := h.Open(fullSecret(SlotDevice), testCreatedAt+3599); err != nil {
		t.Errorf("device slot before its expiry: %v", err)
	}
	if _, err := moved.Open(fullSecret(SlotPasskey), testCreatedAt); err != nil {
		t.Errorf("the other vault's own passkey slot: %v", err)
	}
}

func TestNewSlotRefusals(t *testing.T) {
	h, keys := slotVault(t)
	for name, s := range map[string]Secret{
		"short server secret":       {Kind: SlotServer, Bytes: make([]byte, 31)},
		"oversized secret":          {Kind: SlotServer, Bytes: make([]byte, MaxFullEntropySecret+1)},
		"device without expiry":     {Kind: SlotDevice, Bytes: slotSecrets[SlotDevice]},
		"device for 31 days":        {Kind: SlotDevice, Bytes: slotSecrets[SlotDevice], Params: SlotParams{ExpiresAt: testCreatedAt + 31*86400}},
		"device already expired":    {Kind: SlotDevice, Bytes: slotSecrets[SlotDevice], Params: SlotParams{ExpiresAt: testCreatedAt}},
		"passphrase that expires":   {Kind: SlotPassphrase, Bytes: []byte("pw"), Params: SlotParams{ExpiresAt: testCreatedAt + 60}},
		"address on a server slot":  {Kind: SlotServer, Bytes: slotSecrets[SlotServer], Params: SlotParams{Address: testParams[SlotWallet].Address}},
		"checksummed address":       {Kind: SlotWallet, Bytes: slotSecrets[SlotWallet], Params: SlotParams{Address: "0x" + strings.Repeat("AB", 20)}},
		"credential on wallet slot": {Kind: SlotWallet, Bytes: slotSecrets[SlotWallet], Params: SlotParams{CredentialID: []byte("c")}},
	} {
		if _, _, err := h.AddSlot(testRand(1), keys, s, MinKDF, testCreatedAt); !errors.Is(err, ErrBadSecret) {
			t.Errorf("%s: AddSlot err = %v, want ErrBadSecret", name, err)
		}
		if _, _, err := NewHeaderWith(testRand(1), s, MinKDF, testCreatedAt); !errors.Is(err, ErrBadSecret) {
			t.Errorf("%s: NewHeaderWith err = %v, want ErrBadSecret", name, err)
		}
	}
}

func TestAddRemoveReplaceSlot(t *testing.T) {
	h, keys := slotVault(t)
	withPass, passID, err := h.AddSlot(testRand(3), keys, pass(testSecret), MinKDF, testCreatedAt)
	if err != nil {
		t.Fatal(err)
	}
	if h.Slot(passID) != nil || len(withPass.Slots) != 5 {
		t.Fatal("AddSlot changed the header it was called on, or added nothing")
	}
	withPass = reparse(t, withPass)
	if keys2, _, err := openPass(withPass, []byte(testSecret)); err != nil || !bytes.Equal(keys2.Get(h.KeyID), keys.Get(h.KeyID)) {
		t.Fatalf("the added passphrase slot: %v", err)
	}

	// Replace the passphrase: same key, new slot, the old secret is gone.
	replaced, newID, err := withPass.ReplaceSlot(testRand(4), keys, passID, pass("another one"), KDFParams{MemoryKiB: MinKDF.MemoryKiB, Time: 2, Threads: 1}, testCreatedAt)
	if err != nil {
		t.Fatal(err)
	}
	replaced = reparse(t, replaced)
	if replaced.Slot(passID) != nil || replaced.Slot(newID) == nil || replaced.Slots[4].ID != newID {
		t.Fatal("ReplaceSlot did not put the new slot in the old one's place")
	}
	if _, _, err := openPass(replaced, []byte(testSecret)); !errors.Is(err, ErrWrongSecret) {
		t.Errorf("the replaced passphrase still opens: %v", err)
	}
	if _, _, err := openPass(replaced, []byte("another one")); err != nil {
		t.Errorf("the new passphrase: %v", err)
	}

	// Remove every slot but one; the last one stays.
	cur := replaced
	for len(cur.Slots) > 1 {
		id := cur.Slots[0].ID
		if cur, err = cur.RemoveSlot(keys, id); err != nil {
			t.Fatal(err)
		}
		if cur.Slot(id) != nil {
			t.Fatal("RemoveSlot left the slot")
		}
	}
	if _, err := cur.RemoveSlot(keys, cur.Slots[0].ID); !errors.Is(err, ErrLastSlot) {
		t.Errorf("removing the last slot: %v, want ErrLastSlot", err)
	}
	if _, err := cur.RemoveSlot(keys, "00112233445566ff"); !errors.Is(err, ErrNotFound) {
		t.Errorf("removing an unknown slot: %v, want ErrNotFound", err)
	}

	// Edits need this header's vault key.
	other, otherKeys := slotVault(t)
	_ = other
	otherKeys.Forget(otherKeys.Current)
	wrong := newKeys("00112233445566ee", bytes.Repeat([]byte{1}, KeySize))
	if _, _, err := h.AddSlot(testRand(5), wrong, pass("x"), MinKDF, testCreatedAt); !errors.Is(err, ErrWrongSecret) {
		t.Errorf("AddSlot with another vault's keys: %v", err)
	}
	if _, err := h.RemoveSlot(nil, h.Slots[0].ID); !errors.Is(err, ErrWrongSecret) {
		t.Errorf("RemoveSlot while locked: %v", err)
	}
}

// TestReplaceNeverWeakensKDF: a passphrase replaced with weaker requested
// costs keeps the stored ones, in ReplaceSlot and in BeginRekey.
func TestReplaceNeverWeakensKDF(t *testing.T) {
	strong := KDFParams{MemoryKiB: MinKDF.MemoryKiB, Time: 3, Threads: 2}
	h, keys, err := NewHeader(testRand(6), []byte(testSecret), strong, testCreatedAt)
	if err != nil {
		t.Fatal(err)
	}
	pending, _, err := h.BeginRekey(testRand(7), pass(testSecret), pass(newSecret), MinKDF, testCreatedAt)
	if err != nil {
		t.Fatal(err)
	}
	if got := *pending.Rekey.Slot.KDF; got != strong {
		t.Errorf("BeginRekey wrote %+v, want at least %+v", got, strong)
	}
	h2, _, err := h.AddSlot(testRand(8), keys, fullSecret(SlotServer), MinKDF, testCreatedAt)
	if err != nil {
		t.Fatal(err)
	}
	r, id, err := h2.ReplaceSlot(testRand(9), keys, h.Slots[0].ID, pass(newSecret), MinKDF, testCreatedAt)
	if err != nil {
		t.Fatal(err)
	}
	if got := *r.Slot(id).KDF; got != strong {
		t.Errorf("ReplaceSlot wrote %+v, want at least %+v", got, strong)
	}
}

// v1Header is the header of a vault written by the v1 format (generated
// with the code before key slots, see session/testdata).
func v1Header(t testing.TB, file string) []byte {
	t.Helper()
	raw, err := os.ReadFile("../session/testdata/" + file)
	if err != nil {
		t.Fatal(err)
	}
	var fx struct{ Store map[string]string }
	if err := json.Unmarshal(raw, &fx); err != nil {
		t.Fatal(err)
	}
	return []byte(fx.Store[HeaderKey])
}

const v1Secret = "correct horse battery staple" // session tests' secret

func TestUpgradeV1(t *testing.T) {
	h, err := ParseHeader(v1Header(t, "v1-vault.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !h.Legacy() || len(h.Slots) != 1 || h.Slots[0].Kind != SlotPassphrase {
		t.Fatalf("v1 header read as %+v", h)
	}
	if _, err := h.Marshal(); err == nil {
		t.Error("a legacy header marshalled without an upgrade")
	}
	if _, _, err := h.AddSlot(testRand(1), nil, fullSecret(SlotServer), MinKDF, testCreatedAt); !errors.Is(err, ErrUnsupportedVersion) {
		t.Errorf("AddSlot on a v1 header: %v", err)
	}
	if _, _, err := openPass(h, []byte("wrong")); !errors.Is(err, ErrWrongSecret) {
		t.Fatalf("wrong secret on v1: %v", err)
	}
	o, err := h.Open(pass(v1Secret), testCreatedAt)
	if err != nil {
		t.Fatal(err)
	}
	up, err := h.Upgrade(testRand(2), o)
	if err != nil {
		t.Fatal(err)
	}
	up = reparse(t, up)
	if up.Legacy() || up.KeyID != h.KeyID || up.Slots[0].ID != h.Slots[0].ID || *up.Slots[0].KDF != *h.Slots[0].KDF {
		t.Fatalf("upgraded header %+v", up)
	}
	keys, _, err := openPass(up, []byte(v1Secret))
	if err != nil || !bytes.Equal(keys.Get(up.KeyID), o.Keys.Get(h.KeyID)) {
		t.Fatalf("the upgraded header does not open to the same key: %v", err)
	}
	if again, err := up.Upgrade(testRand(3), o); err != nil || again != up {
		t.Errorf("upgrading a v2 header: %v", err)
	}

	// A pending v1 change of secret opens with either secret; its slots
	// upgrade once the change is settled.
	p, err := ParseHeader(v1Header(t, "v1-vault-rekey-pending.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		secret string
		opened Opened
	}{{v1Secret, OpenedCurrent}, {"a much better passphrase", OpenedNew}} {
		o, err := p.Open(pass(c.secret), testCreatedAt)
		if err != nil || o.Opened != c.opened {
			t.Fatalf("pending v1, %q: %v %v", c.secret, o, err)
		}
		if _, err := p.Upgrade(testRand(4), o); err == nil {
			t.Error("upgraded a v1 header with a change pending")
		}
		settled := p.UndoRekey()
		if c.opened == OpenedNew {
			settled = p.FinishRekey()
		}
		up, err := settled.Upgrade(testRand(5), o)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := openPass(reparse(t, up), []byte(c.secret)); err != nil {
			t.Errorf("settled with %q: %v", c.secret, err)
		}
	}
}

// FuzzSlotHeader: any edit of a multi-slot header either is refused, or
// opens only to the genuine vault key through a slot whose public fields
// are exactly those it was created with; a secret never opens a slot of
// another kind, and an expired slot never opens.
func FuzzSlotHeader(f *testing.F) {
	h, keys := slotVault(f)
	raw, err := h.Marshal()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(raw, int64(0))
	f.Add(raw, int64(3600))
	for _, edit := range []func(m map[string]any){
		func(m map[string]any) { firstSlot(m)["kind"] = SlotPasskey },
		func(m map[string]any) { m["slots"].([]any)[3].(map[string]any)["expiresAt"] = testCreatedAt + 7200 },
		func(m map[string]any) { m["slots"].([]any)[1].(map[string]any)["kind"] = SlotWallet },
		func(m map[string]any) { m["slots"] = m["slots"].([]any)[1:] },
		func(m map[string]any) { m["keyId"] = "00112233445566ee" },
	} {
		f.Add(editJSON(f, raw, edit), int64(0))
	}
	genuine := map[string]Slot{}
	for _, s := range h.Slots {
		genuine[s.ID] = s
	}
	vaultKey := keys.Get(h.KeyID)
	f.Fuzz(func(t *testing.T, data []byte, later int64) {
		p, err := ParseHeader(data)
		if err != nil {
			if !isFormatError(err) {
				t.Fatalf("ParseHeader: %v", err)
			}
			return
		}
		now := testCreatedAt + later
		for kind, secret := range slotSecrets {
			o, err := p.Open(Secret{Kind: kind, Bytes: secret}, now)
			if err != nil {
				continue
			}
			sl := p.Slot(o.SlotID)
			if sl == nil {
				t.Fatalf("opened through a slot that is not listed: %s", o.SlotID)
			}
			want := genuine[o.SlotID]
			if sl.Kind != kind || want.Kind != kind {
				t.Fatalf("a %s secret opened a %s slot", kind, sl.Kind)
			}
			if !bytes.Equal(o.Keys.Get(p.KeyID), vaultKey) {
				t.Fatal("opened to a key that is not the vault key")
			}
			a, _ := json.Marshal(sl)
			b, _ := json.Marshal(want)
			if !bytes.Equal(a, b) {
				t.Fatalf("opened an edited slot:\n%s\n%s", a, b)
			}
			if sl.Expired(now) {
				t.Fatal("an expired slot opened")
			}
		}
	})
}
