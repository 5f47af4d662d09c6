package keystore

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// HeaderKey is the storage key of the vault header.
const HeaderKey = "vault"

// HeaderVersion is the header format this build writes. It also reads v1
// (header_v1.go) and upgrades it on the next unlock.
//
// Format v2, a JSON object stored under HeaderKey:
//
//	{
//	  "v": 2,
//	  "createdAt": 1767225600,   // Unix seconds, informational
//	  "keyId": "<16 hex>",       // names the vault key; records say which key sealed them
//	  "slots": [ {slot}, ... ],  // 1 to MaxSlots ways to open the vault key (slot.go)
//	  "rekey": {                 // only while a change of secret is under way (rekey.go)
//	    "keyId": "<16 hex>", "slot": {slot}, "oldUnderNew": "<base64>", "newUnderOld": "<base64>"
//	  }
//	}
//
// Each slot wraps the same vault key under its own KEK, with associated
// data binding the slot's public fields and keyId (see Slot). Parameters
// are range-checked before any work.
const HeaderVersion = 2

const (
	adVaultKey   = "sessionsigner.v1/vault-key"
	algArgon2id  = "argon2id"
	keyIDSize    = 8
	wrappedSize  = KeySize + sealOverhead
	keyIDHexSize = 2 * keyIDSize
)

// Header is the parsed vault header.
type Header struct {
	Version   int        `json:"v"`
	CreatedAt int64      `json:"createdAt"`
	KeyID     string     `json:"keyId"`
	Slots     []Slot     `json:"slots"`
	Rekey     *RekeySlot `json:"rekey,omitempty"`
}

// Keys are the vault keys an open header yields, by key id: one normally,
// two while a change of secret is under way.
type Keys struct {
	Current string // key id that seals new records
	byID    map[string][]byte
}

// Get returns the vault key named id, or nil.
func (k *Keys) Get(id string) []byte {
	if k == nil {
		return nil
	}
	return k.byID[id]
}

// Wipe zeroes every key and forgets them.
func (k *Keys) Wipe() {
	if k == nil {
		return
	}
	for id, v := range k.byID {
		Zero(v)
		delete(k.byID, id)
	}
	k.Current = ""
}

func newKeys(current string, key []byte) *Keys {
	return &Keys{Current: current, byID: map[string][]byte{current: key}}
}

// NewHeader creates a vault whose one slot is the passphrase secret.
func NewHeader(rand io.Reader, secret []byte, params KDFParams, createdAt int64) (*Header, *Keys, error) {
	return NewHeaderWith(rand, Secret{Kind: SlotPassphrase, Bytes: secret}, params, createdAt)
}

// NewHeaderWith creates a vault: a random vault key and one slot for s
// (params are the Argon2id costs if s is a passphrase).
func NewHeaderWith(rand io.Reader, s Secret, params KDFParams, createdAt int64) (*Header, *Keys, error) {
	if err := s.CheckSecret(); err != nil {
		return nil, nil, err
	}
	keyID, vaultKey, err := newVaultKey(rand)
	if err != nil {
		return nil, nil, err
	}
	slot, kek, err := newSlot(rand, s, params, keyID, vaultKey, createdAt)
	if err != nil {
		Zero(vaultKey)
		return nil, nil, err
	}
	Zero(kek)
	h := &Header{Version: HeaderVersion, CreatedAt: createdAt, KeyID: keyID, Slots: []Slot{*slot}}
	return h, newKeys(keyID, vaultKey), nil
}

// newVaultKey draws a vault key and its id.
func newVaultKey(rand io.Reader) (string, []byte, error) {
	key := make([]byte, KeySize)
	if _, err := io.ReadFull(rand, key); err != nil {
		return "", nil, fmt.Errorf("reading random vault key: %w", err)
	}
	id := make([]byte, keyIDSize)
	if _, err := io.ReadFull(rand, id); err != nil {
		Zero(key)
		return "", nil, fmt.Errorf("reading random key id: %w", err)
	}
	return hex.EncodeToString(id), key, nil
}

// ParseHeader reads a stored header strictly: unknown versions, unknown
// fields, malformed sizes and out-of-range KDF parameters are refused before
// any key derivation. A v1 header is returned in the v2 shape with its slots
// marked legacy (see Legacy and Upgrade).
func ParseHeader(data []byte) (*Header, error) {
	var h Header
	if decodeStrict(data, &h) != nil || h.Version != HeaderVersion {
		return parseOtherHeader(data)
	}
	if err := h.check(); err != nil {
		return nil, err
	}
	return &h, nil
}

// parseOtherHeader reads what is not a well-formed current header: a v1
// header, an unknown version, or damage. The current version decodes in
// one strict pass above; only here is the version read first, so that the
// error says which it is.
func parseOtherHeader(data []byte) (*Header, error) {
	v, err := peekVersion(data)
	if err != nil {
		return nil, fmt.Errorf("%w: vault header: %v", ErrCorruptRecord, err)
	}
	switch v {
	case 1:
		return parseHeaderV1(data)
	case HeaderVersion:
		var h Header
		err := decodeStrict(data, &h)
		return nil, fmt.Errorf("%w: vault header: %v", ErrCorruptRecord, err)
	}
	return nil, fmt.Errorf("%w: vault header version %d (this build reads 1 and %d)", ErrUnsupportedVersion, v, HeaderVersion)
}

func (h *Header) check() error {
	if !isLowerHex(h.KeyID, keyIDHexSize) {
		return fmt.Errorf("%w: vault header: keyId must be %d lowercase hex digits", ErrCorruptRecord, keyIDHexSize)
	}
	if len(h.Slots) == 0 || len(h.Slots) > MaxSlots {
		return fmt.Errorf("%w: vault header: must have 1 to %d slots, has %d", ErrCorruptRecord, MaxSlots, len(h.Slots))
	}
	seen := map[string]bool{}
	for i := range h.Slots {
		if err := h.Slots[i].check(fmt.Sprintf("slots[%d]", i)); err != nil {
			return err
		}
		if seen[h.Slots[i].ID] {
			return fmt.Errorf("%w: vault header: slot id %s appears twice", ErrCorruptRecord, h.Slots[i].ID)
		}
		seen[h.Slots[i].ID] = true
	}
	if h.Rekey != nil {
		if err := h.Rekey.check(); err != nil {
			return err
		}
		if h.Rekey.KeyID == h.KeyID {
			return fmt.Errorf("%w: vault header: rekey slot reuses the current key id", ErrCorruptRecord)
		}
		if len(h.Slots) != 1 {
			return fmt.Errorf("%w: vault header: a change of secret is pending on a vault with %d slots", ErrCorruptRecord, len(h.Slots))
		}
	}
	return nil
}

// Legacy says whether the header was read from v1 and has not been upgraded.
func (h *Header) Legacy() bool { return h.Version != HeaderVersion }

// Marshal encodes the header for storage, always as v2. A legacy header
// must be upgraded first (Upgrade): v2 cannot carry a v1 slot's wrap.
func (h *Header) Marshal() ([]byte, error) {
	for i := range h.Slots {
		if h.Slots[i].legacy {
			return nil, errors.New("keystore: a v1 slot must be upgraded before the header is written")
		}
	}
	if h.Rekey != nil && h.Rekey.Slot.legacy {
		return nil, errors.New("keystore: a v1 rekey slot must be upgraded before the header is written")
	}
	out := *h
	out.Version = HeaderVersion
	return json.Marshal(&out)
}

// Slot returns the slot named id, or nil.
func (h *Header) Slot(id string) *Slot {
	for i := range h.Slots {
		if h.Slots[i].ID == id {
			return &h.Slots[i]
		}
	}
	return nil
}

// Opened says which secret opened a header.
type Opened int

const (
	OpenedCurrent Opened = iota // a current slot
	OpenedNew                   // the new slot of an unfinished change
)

// Opening is what opening a header yields: the vault keys, which slot
// opened them, and (unexported) that slot's KEK, kept for Upgrade and
// BeginRekey. Call Forget when done.
type Opening struct {
	Keys   *Keys
	Opened Opened
	SlotID string
	kek    []byte
}

// Forget zeroes the KEK (the keys stay, for the caller to keep or wipe).
func (o *Opening) Forget() {
	if o != nil {
		Zero(o.kek)
		o.kek = nil
	}
}

// Open tries s on the slots of its kind (or the one slot it names) and
// returns the vault keys. Slots expired at now are skipped; if nothing else
// was tried, the error is ErrSlotExpired. While a change of secret is
// pending, either secret opens both keys (see rekey.go), and which one did
// is reported so the caller can finish or undo the change.
func (h *Header) Open(s Secret, now int64) (*Opening, error) {
	if err := s.CheckSecret(); err != nil {
		return nil, err
	}
	tried, expired := 0, 0
	for i := range h.Slots {
		sl := &h.Slots[i]
		if !sl.matches(s) {
			continue
		}
		if sl.Expired(now) {
			expired++
			continue
		}
		tried++
		vaultKey, kek, err := sl.unwrap(s, h.KeyID)
		if errors.Is(err, ErrWrongSecret) {
			continue
		}
		if err != nil {
			return nil, err
		}
		o := &Opening{Keys: newKeys(h.KeyID, vaultKey), Opened: OpenedCurrent, SlotID: sl.ID, kek: kek}
		if h.Rekey != nil {
			next, err := open(kek, h.Rekey.NewUnderOld, h.Rekey.crossAD(adNewUnderOld, h.KeyID))
			if err != nil {
				o.Keys.Wipe()
				o.Forget()
				return nil, fmt.Errorf("%w: vault header: the pending new key does not open", ErrCorruptRecord)
			}
			o.Keys.byID[h.Rekey.KeyID] = next
		}
		return o, nil
	}
	if h.Rekey != nil && h.Rekey.Slot.matches(s) {
		tried++
		if o, err := h.openRekey(s); !errors.Is(err, ErrWrongSecret) {
			return o, err
		}
	}
	switch {
	case tried == 0 && expired > 0:
		return nil, ErrSlotExpired
	case tried == 0 && s.SlotID != "":
		return nil, fmt.Errorf("%w (this vault has no %s slot %s: unlock another way)", ErrWrongSecret, s.Kind, s.SlotID)
	case tried == 0:
		return nil, fmt.Errorf("%w (this vault has no %s slot: unlock another way)", ErrWrongSecret, s.Kind)
	}
	return nil, ErrWrongSecret
}

// openRekey opens the pending new slot of a change of secret.
func (h *Header) openRekey(s Secret) (*Opening, error) {
	r := h.Rekey
	next, kek, err := r.Slot.unwrap(s, r.KeyID)
	if err != nil {
		return nil, err
	}
	old, err := open(kek, r.OldUnderNew, r.crossAD(adOldUnderNew, h.KeyID))
	if err != nil {
		Zero(next)
		Zero(kek)
		return nil, fmt.Errorf("%w: vault header: the pending old key does not open", ErrCorruptRecord)
	}
	keys := newKeys(h.KeyID, old)
	keys.byID[r.KeyID] = next
	return &Opening{Keys: keys, Opened: OpenedNew, SlotID: r.Slot.ID, kek: kek}, nil
}
