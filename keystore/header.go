package keystore

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
)

// HeaderKey is the storage key of the vault header.
const HeaderKey = "vault"

// HeaderVersion is the header format this build writes and reads.
//
// Format v1, a JSON object stored under HeaderKey:
//
//	{
//	  "v": 1,
//	  "createdAt": 1767225600,             // Unix seconds, informational
//	  "slot": {                            // how the current secret opens the vault key
//	    "keyId": "<16 hex>",               // names the vault key; records say which key sealed them
//	    "alg": "argon2id",
//	    "kdf": {"memoryKiB": 65536, "time": 3, "threads": 4},
//	    "salt": "<base64, 16 bytes>",
//	    "wrappedKey": "<base64: 24-byte nonce || XChaCha20-Poly1305(vault key) || tag>"
//	  },
//	  "rekey": { ...slot fields..., "oldUnderNew": "<base64>", "newUnderOld": "<base64>" }
//	}
//
// "rekey" exists only while a change of secret is under way (see rekey.go).
// wrappedKey's associated data is the slot's keyId, alg, kdf and salt, so
// editing any of them makes the secret fail rather than silently weakening
// the derivation; the parameters are also range-checked before any work.
const HeaderVersion = 1

const (
	adVaultKey   = "sessionsigner.v1/vault-key"
	algArgon2id  = "argon2id"
	keyIDSize    = 8
	wrappedSize  = KeySize + sealOverhead
	keyIDHexSize = 2 * keyIDSize
)

// Slot is one way to open a vault key: a KDF, its salt and the wrapped key.
type Slot struct {
	KeyID      string    `json:"keyId"`
	Alg        string    `json:"alg"`
	KDF        KDFParams `json:"kdf"`
	Salt       []byte    `json:"salt"`
	WrappedKey []byte    `json:"wrappedKey"`
}

// Header is the parsed vault header.
type Header struct {
	Version   int        `json:"v"`
	CreatedAt int64      `json:"createdAt"`
	Slot      Slot       `json:"slot"`
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

// NewHeader creates a vault: a random vault key wrapped under the key
// Argon2id derives from secret with params and a fresh salt.
func NewHeader(rand io.Reader, secret []byte, params KDFParams, createdAt int64) (*Header, *Keys, error) {
	slot, vaultKey, kek, err := newSlot(rand, secret, params, nil)
	if err != nil {
		return nil, nil, err
	}
	Zero(kek)
	h := &Header{Version: HeaderVersion, CreatedAt: createdAt, Slot: *slot}
	return h, newKeys(slot.KeyID, vaultKey), nil
}

// newSlot makes a slot for secret. With vaultKey nil it draws a new key.
// It also returns the key-encryption key, which the caller zeroes: a change
// of secret needs it again, and one Argon2 run is the whole cost of a slot.
func newSlot(rand io.Reader, secret []byte, params KDFParams, vaultKey []byte) (*Slot, []byte, []byte, error) {
	if err := params.Check(); err != nil {
		return nil, nil, nil, err
	}
	s := &Slot{Alg: algArgon2id, KDF: params, Salt: make([]byte, SaltSize)}
	id := make([]byte, keyIDSize)
	if vaultKey == nil {
		vaultKey = make([]byte, KeySize)
		if _, err := io.ReadFull(rand, vaultKey); err != nil {
			return nil, nil, nil, fmt.Errorf("reading random vault key: %w", err)
		}
	}
	if _, err := io.ReadFull(rand, s.Salt); err != nil {
		return nil, nil, nil, fmt.Errorf("reading random salt: %w", err)
	}
	if _, err := io.ReadFull(rand, id); err != nil {
		return nil, nil, nil, fmt.Errorf("reading random key id: %w", err)
	}
	s.KeyID = hex.EncodeToString(id)
	kek, err := DeriveKey(secret, s.Salt, params)
	if err != nil {
		return nil, nil, nil, err
	}
	s.WrappedKey, err = seal(rand, kek, vaultKey, s.ad())
	if err != nil {
		Zero(kek)
		return nil, nil, nil, err
	}
	return s, vaultKey, kek, nil
}

func (s *Slot) ad() []byte {
	return newAD(adVaultKey).str(s.KeyID).str(s.Alg).
		u64(uint64(s.KDF.MemoryKiB)).u64(uint64(s.KDF.Time)).u64(uint64(s.KDF.Threads)).
		bytes(s.Salt).b
}

// check validates a slot's shape, cheaply, before any Argon2 work.
func (s *Slot) check(where string) error {
	switch {
	case !isLowerHex(s.KeyID, keyIDHexSize):
		return fmt.Errorf("%w: vault header: %s.keyId must be %d lowercase hex digits", ErrCorruptRecord, where, keyIDHexSize)
	case s.Alg != algArgon2id:
		return fmt.Errorf("%w: vault header: %s.alg %q is not %q", ErrUnsafeKDF, where, s.Alg, algArgon2id)
	case len(s.Salt) != SaltSize:
		return fmt.Errorf("%w: vault header: %s.salt must be %d bytes", ErrCorruptRecord, where, SaltSize)
	case len(s.WrappedKey) != wrappedSize:
		return fmt.Errorf("%w: vault header: %s.wrappedKey must be %d bytes", ErrCorruptRecord, where, wrappedSize)
	}
	if err := s.KDF.Check(); err != nil {
		return fmt.Errorf("vault header: %s: %w", where, err)
	}
	return nil
}

// unwrap derives the slot's key-encryption key from secret and opens the
// vault key. A failure here is a wrong secret.
func (s *Slot) unwrap(secret []byte) (vaultKey, kek []byte, err error) {
	kek, err = DeriveKey(secret, s.Salt, s.KDF)
	if err != nil {
		return nil, nil, err
	}
	vaultKey, err = open(kek, s.WrappedKey, s.ad())
	if err != nil {
		Zero(kek)
		return nil, nil, ErrWrongSecret
	}
	return vaultKey, kek, nil
}

// ParseHeader reads a stored header strictly: unknown versions, unknown
// fields, malformed sizes and out-of-range KDF parameters are refused before
// any key derivation.
func ParseHeader(data []byte) (*Header, error) {
	v, err := peekVersion(data)
	if err != nil {
		return nil, fmt.Errorf("%w: vault header: %v", ErrCorruptRecord, err)
	}
	if v != HeaderVersion {
		return nil, fmt.Errorf("%w: vault header version %d (this build reads %d)", ErrUnsupportedVersion, v, HeaderVersion)
	}
	var h Header
	if err := decodeStrict(data, &h); err != nil {
		return nil, fmt.Errorf("%w: vault header: %v", ErrCorruptRecord, err)
	}
	if err := h.Slot.check("slot"); err != nil {
		return nil, err
	}
	if h.Rekey != nil {
		if err := h.Rekey.check(); err != nil {
			return nil, err
		}
		if h.Rekey.KeyID == h.Slot.KeyID {
			return nil, fmt.Errorf("%w: vault header: rekey slot reuses the current key id", ErrCorruptRecord)
		}
	}
	return &h, nil
}

// Marshal encodes the header for storage.
func (h *Header) Marshal() ([]byte, error) { return json.Marshal(h) }

// Opened says which secret opened a header.
type Opened int

const (
	OpenedCurrent Opened = iota // the current secret
	OpenedNew                   // the new secret of an unfinished change
)

// Open derives the key for secret and returns the vault keys. While a change
// of secret is pending, either secret opens both keys (see rekey.go), and
// which one did is reported so the caller can finish or undo the change.
func (h *Header) Open(secret []byte) (*Keys, Opened, error) {
	vaultKey, kek, err := h.Slot.unwrap(secret)
	if err == nil {
		defer Zero(kek)
		keys := newKeys(h.Slot.KeyID, vaultKey)
		if h.Rekey != nil {
			next, err := open(kek, h.Rekey.NewUnderOld, h.Rekey.crossAD(adNewUnderOld, h.Slot.KeyID))
			if err != nil {
				keys.Wipe()
				return nil, 0, fmt.Errorf("%w: vault header: the pending new key does not open", ErrCorruptRecord)
			}
			keys.byID[h.Rekey.KeyID] = next
		}
		return keys, OpenedCurrent, nil
	}
	if err != ErrWrongSecret || h.Rekey == nil {
		return nil, 0, err
	}
	next, kek, err := h.Rekey.unwrap(secret)
	if err != nil {
		return nil, 0, err
	}
	defer Zero(kek)
	old, err := open(kek, h.Rekey.OldUnderNew, h.Rekey.crossAD(adOldUnderNew, h.Slot.KeyID))
	if err != nil {
		Zero(next)
		return nil, 0, fmt.Errorf("%w: vault header: the pending old key does not open", ErrCorruptRecord)
	}
	keys := newKeys(h.Slot.KeyID, old)
	keys.byID[h.Rekey.KeyID] = next
	return keys, OpenedNew, nil
}
