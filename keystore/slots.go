package keystore

import (
	"fmt"
	"io"
)

// Adding, removing and replacing slots. Each returns a new header that the
// caller stores in ONE write, so a crash leaves the old header or the new
// one, never a mix. Each needs the open vault key (an unlocked vault): a
// slot can only be added by someone who can already open the vault.

// AddSlot returns h with a new slot for s wrapping the vault key in keys,
// and the new slot's id. params are the Argon2id costs of a passphrase slot.
func (h *Header) AddSlot(rand io.Reader, keys *Keys, s Secret, params KDFParams, now int64) (*Header, string, error) {
	vaultKey, err := h.editable(keys)
	if err != nil {
		return nil, "", err
	}
	if len(h.Slots) >= MaxSlots {
		return nil, "", fmt.Errorf("%w: the vault already has %d unlock methods; remove one first", ErrBadSecret, MaxSlots)
	}
	slot, kek, err := newSlot(rand, s, params, h.KeyID, vaultKey, now)
	if err != nil {
		return nil, "", err
	}
	Zero(kek)
	next := *h
	next.Slots = append(append(make([]Slot, 0, len(h.Slots)+1), h.Slots...), *slot)
	return &next, slot.ID, nil
}

// RemoveSlot returns h without slot id. The last slot cannot be removed
// (ErrLastSlot): nothing could open the vault afterwards.
func (h *Header) RemoveSlot(keys *Keys, id string) (*Header, error) {
	if _, err := h.editable(keys); err != nil {
		return nil, err
	}
	if h.Slot(id) == nil {
		return nil, fmt.Errorf("%w: this vault has no slot %q", ErrNotFound, id)
	}
	if len(h.Slots) == 1 {
		return nil, ErrLastSlot
	}
	next := *h
	next.Slots = make([]Slot, 0, len(h.Slots)-1)
	for _, sl := range h.Slots {
		if sl.ID != id {
			next.Slots = append(next.Slots, sl)
		}
	}
	return &next, nil
}

// ReplaceSlot returns h with slot id replaced, in its place, by a new slot
// for s wrapping the same vault key, and the new slot's id. A passphrase
// replacing a passphrase never gets weaker Argon2id costs. (A vault with a
// single slot changes its secret with BeginRekey instead, which also moves
// to a new vault key.)
func (h *Header) ReplaceSlot(rand io.Reader, keys *Keys, id string, s Secret, params KDFParams, now int64) (*Header, string, error) {
	vaultKey, err := h.editable(keys)
	if err != nil {
		return nil, "", err
	}
	old := h.Slot(id)
	if old == nil {
		return nil, "", fmt.Errorf("%w: this vault has no slot %q", ErrNotFound, id)
	}
	slot, kek, err := newSlot(rand, s, old.notWeaker(params), h.KeyID, vaultKey, now)
	if err != nil {
		return nil, "", err
	}
	Zero(kek)
	next := *h
	next.Slots = append([]Slot(nil), h.Slots...)
	*next.Slot(id) = *slot
	return &next, slot.ID, nil
}

// editable checks that h can be edited with keys and returns the vault key.
func (h *Header) editable(keys *Keys) ([]byte, error) {
	switch {
	case h.Rekey != nil:
		return nil, fmt.Errorf("%w: vault header: a change of secret is pending; unlock to finish it first", ErrCorruptRecord)
	case h.Legacy():
		return nil, fmt.Errorf("%w: vault header: a v1 header must be upgraded first; unlock the vault", ErrUnsupportedVersion)
	}
	key := keys.Get(h.KeyID)
	if key == nil {
		return nil, fmt.Errorf("%w: the vault key in memory is not this header's (it changed in another tab); unlock again", ErrWrongSecret)
	}
	return key, nil
}

// Upgrade returns a v2 header for a legacy (v1) one that o opened, with no
// change pending (finish or undo it first): the slot that opened is
// rewrapped with v2's associated data under the same KEK. Other legacy
// slots cannot be rewrapped without their secrets; v1 has only one.
func (h *Header) Upgrade(rand io.Reader, o *Opening) (*Header, error) {
	if !h.Legacy() {
		return h, nil
	}
	if h.Rekey != nil || len(h.Slots) != 1 || h.Slots[0].ID != o.SlotID || o.kek == nil {
		return nil, fmt.Errorf("%w: vault header: cannot upgrade this v1 header from this opening", ErrCorruptRecord)
	}
	sl, err := h.Slots[0].rewrapped(rand, o.kek, o.Keys.Get(h.KeyID), h.KeyID)
	if err != nil {
		return nil, err
	}
	up := *h
	up.Version = HeaderVersion
	up.Slots = []Slot{sl}
	return &up, nil
}

// rewrapped returns a v2 copy of s (same id, salt and KEK) wrapping vaultKey.
func (s Slot) rewrapped(rand io.Reader, kek, vaultKey []byte, keyID string) (Slot, error) {
	if vaultKey == nil {
		return Slot{}, fmt.Errorf("%w: vault header: no vault key to rewrap", ErrCorruptRecord)
	}
	s.legacy = false
	var err error
	s.WrappedKey, err = seal(rand, kek, vaultKey, s.ad(keyID))
	return s, err
}

// notWeaker raises params to the slot's own Argon2id costs, field by field,
// so replacing a passphrase never downgrades what an attacker must spend.
func (s *Slot) notWeaker(params KDFParams) KDFParams {
	if s.KDF == nil {
		return params
	}
	params.MemoryKiB = max(params.MemoryKiB, s.KDF.MemoryKiB)
	params.Time = max(params.Time, s.KDF.Time)
	params.Threads = max(params.Threads, s.KDF.Threads)
	return params
}

// SlotInfo is a slot's public description, for listing while locked.
type SlotInfo struct {
	ID           string `json:"id"`
	Kind         string `json:"kind"`
	Name         string `json:"name,omitempty"`
	CreatedAt    int64  `json:"createdAt"`
	ExpiresAt    int64  `json:"expiresAt,omitempty"`
	CredentialID []byte `json:"credentialId,omitempty"`
	PRFSalt      []byte `json:"prfSalt,omitempty"`
	Address      string `json:"address,omitempty"`
	Expired      bool   `json:"expired,omitempty"`
}

// Infos lists h's slots (not a pending rekey slot) as of now.
func (h *Header) Infos(now int64) []SlotInfo {
	out := make([]SlotInfo, 0, len(h.Slots))
	for _, s := range h.Slots {
		out = append(out, SlotInfo{ID: s.ID, Kind: s.Kind, Name: s.Name, CreatedAt: s.CreatedAt, ExpiresAt: s.ExpiresAt,
			CredentialID: s.CredentialID, PRFSalt: s.PRFSalt, Address: s.Address, Expired: s.Expired(now)})
	}
	return out
}
