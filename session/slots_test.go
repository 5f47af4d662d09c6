package session

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/sessionsigner/sessionsigner/ethtypes"
	"github.com/sessionsigner/sessionsigner/keystore"
)

var (
	passkeySecret = bytes.Repeat([]byte{0xa1}, 32)
	serverSecret  = bytes.Repeat([]byte{0xa2}, 32)
	walletSecret  = bytes.Repeat([]byte{0xa3}, 65)
)

func passkey(b []byte) Secret {
	return Secret{Kind: keystore.SlotPasskey, Bytes: b, Params: keystore.SlotParams{Name: "test key", CredentialID: []byte("cred")}}
}

func TestUnlockWithFullEntropy(t *testing.T) {
	store := keystore.NewMemoryStore()
	c := &clock{t: testNow}
	v := newVault(t, store, c)
	var stages []Progress
	v.report = func(p Progress) { stages = append(stages, p) }
	wantCode(t, v.UnlockWith(ctx, passkey(passkeySecret[:31])), CodeInvalidRequest)
	if st, _ := v.State(ctx); st != StateNew {
		t.Fatalf("a refused short secret created the vault (%s)", st)
	}
	if err := v.UnlockWith(ctx, passkey(passkeySecret)); err != nil {
		t.Fatal(err)
	}
	s := createTest(t, v, "")
	slots, err := v.Slots(ctx)
	if err != nil || len(slots) != 1 || slots[0].Kind != keystore.SlotPasskey || string(slots[0].CredentialID) != "cred" {
		t.Fatalf("Slots = %+v, %v", slots, err)
	}

	v2 := newVault(t, store, c)
	wantCode(t, v2.Unlock(ctx, passkeySecret), CodeWrongSecret) // the bytes as a passphrase
	wantCode(t, v2.UnlockWith(ctx, passkey(bytes.Repeat([]byte{1}, 32))), CodeWrongSecret)
	wantCode(t, v2.UnlockWith(ctx, Secret{Kind: keystore.SlotServer, Bytes: passkeySecret}), CodeWrongSecret)
	if err := v2.UnlockWith(ctx, Secret{Kind: keystore.SlotPasskey, SlotID: slots[0].ID, Bytes: passkeySecret}); err != nil {
		t.Fatal(err)
	}
	if recoverSigner(t, mustSign(t, v2, s.ID)) != s.Signer {
		t.Fatal("wrong signer")
	}
}

func TestAddRemoveSlots(t *testing.T) {
	v, store, c := unlocked(t)
	s := createTest(t, v, "")
	v.Lock()
	_, err := v.AddSlot(ctx, passkey(passkeySecret))
	wantCode(t, err, CodeLocked)
	if err := v.Unlock(ctx, secret); err != nil {
		t.Fatal(err)
	}
	pk, err := v.AddSlot(ctx, passkey(passkeySecret))
	if err != nil {
		t.Fatal(err)
	}
	wallet, err := v.AddSlot(ctx, Secret{Kind: keystore.SlotWallet, Bytes: walletSecret,
		Params: keystore.SlotParams{Address: "0x" + strings.Repeat("ab", 20)}})
	if err != nil {
		t.Fatal(err)
	}
	dev, err := v.AddSlot(ctx, Secret{Kind: keystore.SlotDevice, Bytes: serverSecret,
		Params: keystore.SlotParams{ExpiresAt: testNow.Add(time.Hour).Unix()}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = v.AddSlot(ctx, Secret{Kind: keystore.SlotWallet, Bytes: walletSecret[:20]})
	wantCode(t, err, CodeInvalidRequest)

	// Each method opens the same vault.
	for _, sec := range []Secret{{Kind: keystore.SlotPassphrase, Bytes: secret}, passkey(passkeySecret),
		{Kind: keystore.SlotWallet, Bytes: walletSecret}, {Kind: keystore.SlotDevice, Bytes: serverSecret}} {
		o := newVault(t, store, c)
		if err := o.UnlockWith(ctx, sec); err != nil {
			t.Fatalf("%s: %v", sec.Kind, err)
		}
		if recoverSigner(t, mustSign(t, o, s.ID)) != s.Signer {
			t.Fatalf("%s: wrong signer", sec.Kind)
		}
	}
	// The device slot expires.
	c.Add(time.Hour)
	wantCode(t, newVault(t, store, c).UnlockWith(ctx, Secret{Kind: keystore.SlotDevice, Bytes: serverSecret}), CodeExpired)
	if slots, _ := newVault(t, store, c).Slots(ctx); len(slots) != 4 || !slots[3].Expired || slots[3].ID != dev.ID {
		t.Fatalf("slots listed while locked: %+v", slots)
	}

	// Remove: the slot no longer opens; unknown id; the last one stays.
	if err := v.RemoveSlot(ctx, pk.ID); err != nil {
		t.Fatal(err)
	}
	wantCode(t, newVault(t, store, c).UnlockWith(ctx, passkey(passkeySecret)), CodeWrongSecret)
	wantCode(t, v.RemoveSlot(ctx, pk.ID), CodeNotFound)
	slots, _ := v.Slots(ctx)
	for _, sl := range slots[1:] {
		if err := v.RemoveSlot(ctx, sl.ID); err != nil {
			t.Fatal(err)
		}
	}
	wantCode(t, v.RemoveSlot(ctx, slots[0].ID), CodeInvalidRequest)
	_ = wallet
	if err := newVault(t, store, c).Unlock(ctx, secret); err != nil {
		t.Fatal(err)
	}
}

// TestSlotChangesCrash fails each write of adding, replacing and removing
// a slot in turn: afterwards the vault opens with the methods it had
// before, the change is either whole or absent, and sessions still sign.
func TestSlotChangesCrash(t *testing.T) {
	changes := map[string]func(v *Vault) error{
		"add": func(v *Vault) error { _, err := v.AddSlot(ctx, passkey(passkeySecret)); return err },
		"remove": func(v *Vault) error {
			sl, _ := v.Slots(ctx)
			return v.RemoveSlot(ctx, sl[1].ID)
		},
		"replace": func(v *Vault) error {
			_, err := v.ReplaceSlot(ctx, Secret{Kind: keystore.SlotServer, Bytes: serverSecret}, passkey(passkeySecret))
			return err
		},
	}
	for name, change := range changes {
		for failAt := 1; ; failAt++ {
			v, store, c := unlocked(t)
			s := createTest(t, v, "")
			if _, err := v.AddSlot(ctx, Secret{Kind: keystore.SlotServer, Bytes: serverSecret}); err != nil {
				t.Fatal(err)
			}
			before := snapshot(t, store)
			flaky := &flakyStore{Store: store, failAt: failAt}
			vf := newVault(t, flaky, c)
			if err := vf.Unlock(ctx, secret); err != nil {
				t.Fatal(err)
			}
			err := change(vf)
			if err == nil {
				if failAt == 1 {
					t.Fatalf("%s: wrote nothing", name)
				}
				break
			}
			if !errors.Is(err, errInjected) {
				t.Fatalf("%s failAt %d: %v", name, failAt, err)
			}
			if !equalSnapshots(before, snapshot(t, store)) {
				t.Fatalf("%s failAt %d: a failed change left storage changed", name, failAt)
			}
			for _, sec := range []Secret{{Kind: keystore.SlotPassphrase, Bytes: secret}, {Kind: keystore.SlotServer, Bytes: serverSecret}} {
				o := newVault(t, store, c)
				if err := o.UnlockWith(ctx, sec); err != nil {
					t.Fatalf("%s failAt %d, %s: %v", name, failAt, sec.Kind, err)
				}
				if recoverSigner(t, mustSign(t, o, s.ID)) != s.Signer {
					t.Fatal("wrong signer")
				}
			}
		}
	}
}

// TestReplaceSlotWithOthers: on a vault with several slots, ReplaceSlot
// keeps the vault key and the other slots, and checks the old secret.
func TestReplaceSlotWithOthers(t *testing.T) {
	v, store, c := unlocked(t)
	s := createTest(t, v, "")
	if _, err := v.AddSlot(ctx, Secret{Kind: keystore.SlotServer, Bytes: serverSecret}); err != nil {
		t.Fatal(err)
	}
	wantCode(t, v.ChangeSecret(ctx, []byte("wrong"), newSecret), CodeWrongSecret)
	v.Lock()
	if err := v.ChangeSecret(ctx, secret, newSecret); err != nil {
		t.Fatal(err)
	}
	if st, _ := v.State(ctx); st != StateUnlocked {
		t.Fatal("ChangeSecret left the vault locked")
	}
	for _, sec := range []Secret{{Kind: keystore.SlotPassphrase, Bytes: newSecret}, {Kind: keystore.SlotServer, Bytes: serverSecret}} {
		o := newVault(t, store, c)
		if err := o.UnlockWith(ctx, sec); err != nil {
			t.Fatalf("%s: %v", sec.Kind, err)
		}
		if recoverSigner(t, mustSign(t, o, s.ID)) != s.Signer {
			t.Fatal("wrong signer")
		}
	}
	wantCode(t, newVault(t, store, c).Unlock(ctx, secret), CodeWrongSecret)
	// A one-slot vault of a full-entropy kind moves to a new key.
	w, store2, _ := unlocked(t)
	s2 := createTest(t, w, "")
	info, err := w.ReplaceSlot(ctx, Secret{Kind: keystore.SlotPassphrase, Bytes: secret}, passkey(passkeySecret))
	if err != nil || info.Kind != keystore.SlotPasskey {
		t.Fatalf("ReplaceSlot = %+v, %v", info, err)
	}
	o := newVault(t, store2, c)
	wantCode(t, o.Unlock(ctx, secret), CodeWrongSecret)
	if err := o.UnlockWith(ctx, passkey(passkeySecret)); err != nil {
		t.Fatal(err)
	}
	mustSign(t, o, s2.ID)
}

// fixture loads a vault written by the v1 format (testdata, generated by
// the code before key slots) into a memory store.
func fixture(t *testing.T, file string) (*keystore.MemoryStore, map[string]ethtypes.Address) {
	t.Helper()
	raw, err := os.ReadFile("testdata/" + file)
	if err != nil {
		t.Fatal(err)
	}
	var fx struct {
		Store    map[string]string
		Sessions map[string]string
	}
	if err := json.Unmarshal(raw, &fx); err != nil {
		t.Fatal(err)
	}
	store := keystore.NewMemoryStore()
	for k, v := range fx.Store {
		_ = store.Put(ctx, k, []byte(v))
	}
	signers := map[string]ethtypes.Address{}
	for id, a := range fx.Sessions {
		signers[id] = ethtypes.HexToAddress(a)
	}
	return store, signers
}

func headerVersion(t *testing.T, store keystore.Store) int {
	t.Helper()
	raw, err := store.Get(ctx, keystore.HeaderKey)
	if err != nil {
		t.Fatal(err)
	}
	var probe struct{ V int }
	_ = json.Unmarshal(raw, &probe)
	return probe.V
}

func signAll(t *testing.T, v *Vault, signers map[string]ethtypes.Address) {
	t.Helper()
	for id, want := range signers {
		if got := recoverSigner(t, mustSign(t, v, id)); got != want {
			t.Fatalf("session %s signs as %s, want %s", id, got, want)
		}
	}
}

// TestUpgradeV1Vault: a v1 vault opens, is rewritten as v2 by its first
// unlock, then gains slots. With every write failing from the n-th on, the
// unlock still succeeds and the stored header is v1 or v2, whole.
func TestUpgradeV1Vault(t *testing.T) {
	for failAt := 1; ; failAt++ {
		store, signers := fixture(t, "v1-vault.json")
		c := &clock{t: testNow}
		flaky := &flakyStore{Store: store, failAt: failAt}
		v := newVault(t, flaky, c)
		wantCode(t, v.Unlock(ctx, []byte("wrong")), CodeWrongSecret)
		if headerVersion(t, store) != 1 {
			t.Fatal("a wrong secret upgraded the header")
		}
		if err := v.Unlock(ctx, secret); err != nil {
			t.Fatalf("failAt %d: %v", failAt, err)
		}
		upgraded := flaky.putCount() < failAt
		o := newVault(t, store, c)
		if err := o.Unlock(ctx, secret); err != nil {
			t.Fatalf("failAt %d: reopen: %v", failAt, err)
		}
		signAll(t, o, signers)
		if upgraded {
			if headerVersion(t, store) != 2 {
				t.Fatal("the first unlock did not upgrade the header")
			}
			if _, err := o.AddSlot(ctx, passkey(passkeySecret)); err != nil {
				t.Fatal(err)
			}
			p := newVault(t, store, c)
			if err := p.UnlockWith(ctx, passkey(passkeySecret)); err != nil {
				t.Fatal(err)
			}
			signAll(t, p, signers)
			return
		}
		if headerVersion(t, store) != 2 {
			t.Fatalf("failAt %d: the second unlock did not upgrade", failAt)
		}
	}
}

// TestUpgradeV1PendingChange: a v1 vault whose change of secret was cut
// short settles on the secret used and is written as v2; every write
// failing in turn leaves a vault both secrets still open.
func TestUpgradeV1PendingChange(t *testing.T) {
	for _, use := range [][]byte{secret, newSecret} {
		for failAt := 1; ; failAt++ {
			store, signers := fixture(t, "v1-vault-rekey-pending.json")
			c := &clock{t: testNow}
			flaky := &flakyStore{Store: store, failAt: failAt}
			err := newVault(t, flaky, c).Unlock(ctx, use)
			if err != nil {
				if !errors.Is(err, errInjected) {
					t.Fatalf("failAt %d: %v", failAt, err)
				}
				for _, either := range [][]byte{secret, newSecret} {
					cp := keystore.NewMemoryStore()
					for k, val := range snapshot(t, store) {
						_ = cp.Put(ctx, k, val)
					}
					o := newVault(t, cp, c)
					if err := o.Unlock(ctx, either); err != nil {
						t.Fatalf("failAt %d, %q: %v", failAt, either, err)
					}
					signAll(t, o, signers)
				}
				continue
			}
			if headerVersion(t, store) != 2 {
				t.Fatal("settled header not written as v2")
			}
			other := newSecret
			if bytes.Equal(use, newSecret) {
				other = secret
			}
			o := newVault(t, store, c)
			wantCode(t, o.Unlock(ctx, other), CodeWrongSecret)
			if err := o.Unlock(ctx, use); err != nil {
				t.Fatal(err)
			}
			signAll(t, o, signers)
			break
		}
	}
}

// TestSlotChangeRacesAnotherTab: a slot added from a header another tab
// has since changed is refused (CONFLICT) instead of dropping that tab's slot.
func TestSlotChangeRacesAnotherTab(t *testing.T) {
	a, store, c := unlocked(t)
	b := newVault(t, store, c)
	if err := b.Unlock(ctx, secret); err != nil {
		t.Fatal(err)
	}
	stale, read, err := a.editableHeader(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.AddSlot(ctx, passkey(passkeySecret)); err != nil {
		t.Fatal(err)
	}
	next, _, err := stale.AddSlot(a.rand, a.keys, Secret{Kind: keystore.SlotServer, Bytes: serverSecret}, a.kdf, testNow.Unix())
	if err != nil {
		t.Fatal(err)
	}
	wantCode(t, a.swapHeader(ctx, read, next), CodeConflict)
	if slots, _ := a.Slots(ctx); len(slots) != 2 || slots[1].Kind != keystore.SlotPasskey {
		t.Fatalf("slots after the race: %+v", slots)
	}
}
