package keystore

import (
	"fmt"
	"io"
)

// Changing the secret of a vault with ONE slot re-seals every record under
// a NEW vault key, so an old copy of the header, opened with a leaked old
// secret, opens nothing written after the change. The change is a three-step
// protocol that survives a crash anywhere:
//
//  1. BeginRekey writes a header with a "rekey" slot: the new vault key
//     wrapped under the new secret, plus each vault key wrapped under the
//     other's key-encryption key (newUnderOld, oldUnderNew). From this point
//     either secret opens both vault keys.
//  2. The caller re-seals each record under the new key, one storage write
//     per record; a record names the key that sealed it (keyId).
//  3. FinishRekey drops the old slot; the caller writes the header.
//
// A crash before 1 leaves the old vault; after 3, the new one. In between,
// every record opens with either secret. Unlocking a half-changed vault with
// the new secret finishes the change; with the old secret it undoes it
// (records go back under the old key, then UndoRekey drops the slot). Either
// way the person who typed the secret gets the vault that secret names.
//
// A vault with several slots cannot move to a new vault key: the other
// slots' secrets are not at hand to rewrap it. Replacing one of its slots
// is ReplaceSlot (slots.go), a single header write with the same key.

const (
	adOldUnderNew = "sessionsigner.v1/rekey-old-under-new"
	adNewUnderOld = "sessionsigner.v1/rekey-new-under-old"
)

// RekeySlot is the pending new slot of a change of secret and the new
// vault key's id.
type RekeySlot struct {
	KeyID       string `json:"keyId"`
	Slot        Slot   `json:"slot"`
	OldUnderNew []byte `json:"oldUnderNew"`
	NewUnderOld []byte `json:"newUnderOld"`
}

func (r *RekeySlot) crossAD(label, oldKeyID string) []byte {
	return newAD(label).str(oldKeyID).str(r.KeyID).b
}

func (r *RekeySlot) check() error {
	if !isLowerHex(r.KeyID, keyIDHexSize) {
		return fmt.Errorf("%w: vault header: rekey.keyId must be %d lowercase hex digits", ErrCorruptRecord, keyIDHexSize)
	}
	if err := r.Slot.check("rekey"); err != nil {
		return err
	}
	if len(r.OldUnderNew) != wrappedSize || len(r.NewUnderOld) != wrappedSize {
		return fmt.Errorf("%w: vault header: rekey cross-wrapped keys must be %d bytes", ErrCorruptRecord, wrappedSize)
	}
	return nil
}

// BeginRekey checks old against h's only slot and returns the pending
// header of step 1 with the keys it opens (Current is the new key). h must
// have exactly one slot and no change pending. A new passphrase slot never
// gets weaker Argon2id costs than the slot it replaces.
func (h *Header) BeginRekey(rand io.Reader, old, next Secret, params KDFParams, now int64) (*Header, *Keys, error) {
	if h.Rekey != nil {
		return nil, nil, fmt.Errorf("%w: vault header: a change of secret is already pending", ErrCorruptRecord)
	}
	if len(h.Slots) != 1 {
		return nil, nil, fmt.Errorf("%w: a vault with %d unlock methods keeps its key: replace the slot instead", ErrBadSecret, len(h.Slots))
	}
	if err := params.Check(); err != nil {
		return nil, nil, err // before the old secret's Argon2 run, not after
	}
	if err := next.CheckSecret(); err != nil {
		return nil, nil, err
	}
	o, err := h.Open(old, now)
	if err != nil {
		return nil, nil, err
	}
	defer o.Forget()
	if o.Opened != OpenedCurrent {
		o.Keys.Wipe()
		return nil, nil, fmt.Errorf("%w: vault header: a change of secret is already pending", ErrCorruptRecord)
	}
	pending := *h
	pending.Slots = []Slot{h.Slots[0]}
	oldKey := o.Keys.Get(h.KeyID)
	if pending.Slots[0].legacy {
		if pending.Slots[0], err = pending.Slots[0].rewrapped(rand, o.kek, oldKey, h.KeyID); err != nil {
			o.Keys.Wipe()
			return nil, nil, err
		}
	}
	newID, newKey, err := newVaultKey(rand)
	if err != nil {
		o.Keys.Wipe()
		return nil, nil, err
	}
	slot, newKEK, err := newSlot(rand, next, h.Slots[0].notWeaker(params), newID, newKey, now)
	if err != nil {
		o.Keys.Wipe()
		Zero(newKey)
		return nil, nil, err
	}
	defer Zero(newKEK)
	r := &RekeySlot{KeyID: newID, Slot: *slot}
	if r.OldUnderNew, err = seal(rand, newKEK, oldKey, r.crossAD(adOldUnderNew, h.KeyID)); err == nil {
		r.NewUnderOld, err = seal(rand, o.kek, newKey, r.crossAD(adNewUnderOld, h.KeyID))
	}
	if err != nil {
		o.Keys.Wipe()
		Zero(newKey)
		return nil, nil, err
	}
	pending.Rekey = r
	keys := newKeys(newID, newKey)
	keys.byID[h.KeyID] = oldKey
	return &pending, keys, nil
}

// FinishRekey is step 3: the header with only the new slot.
func (h *Header) FinishRekey() *Header {
	done := *h
	if h.Rekey != nil {
		done.KeyID = h.Rekey.KeyID
		done.Slots = []Slot{h.Rekey.Slot}
		done.Rekey = nil
	}
	return &done
}

// UndoRekey drops a pending change: the header with only the old slot.
func (h *Header) UndoRekey() *Header {
	undone := *h
	undone.Rekey = nil
	return &undone
}

// Forget drops every key but id, zeroing the rest, and makes id current.
func (k *Keys) Forget(keep string) {
	for id, v := range k.byID {
		if id != keep {
			Zero(v)
			delete(k.byID, id)
		}
	}
	k.Current = keep
}
