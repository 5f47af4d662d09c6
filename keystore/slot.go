package keystore

import (
	"encoding/hex"
	"fmt"
	"io"
	"unicode/utf8"
)

// Slot kinds: the ways a vault key can be opened. Each slot holds its own
// copy of the vault key, wrapped under a key-encryption key (KEK) derived
// from that slot's secret, like LUKS key slots.
const (
	SlotPassphrase = "passphrase" // Argon2id, human secrets
	SlotPasskey    = "passkey"    // WebAuthn PRF output, 32 bytes, HKDF
	SlotWallet     = "wallet"     // a wallet's EIP-712 signature, HKDF
	SlotDevice     = "device"     // remembered device, HKDF
	SlotServer     = "server"     // a server's random 32-byte key, HKDF
)

const (
	// MinFullEntropySecret is the shortest secret a full-entropy slot
	// accepts: such secrets skip Argon2id, so they must not be guessable.
	MinFullEntropySecret = 32
	// MaxFullEntropySecret bounds what HKDF is fed (a hex-encoded wallet
	// signature is 132 bytes).
	MaxFullEntropySecret = 1024
	// MaxSlots bounds a header; every slot of a kind may be tried on unlock.
	MaxSlots = 32
	// MaxDeviceLifetime caps a remembered device's slot.
	MaxDeviceLifetime = 30 * 24 * 3600
	// maxSlotName bounds a slot's display name, in bytes.
	maxSlotName = 64
	// maxCredentialID is WebAuthn's limit on a credential id.
	maxCredentialID = 1023
	prfSaltSize     = 32
	addressHexSize  = 40
)

const adSlotKey = "sessionsigner.v2/slot-key"

// Secret is one unlock attempt, or the secret of a slot to add.
type Secret struct {
	Kind   string // one of Slot*
	SlotID string // optional: which slot of that kind ("" = try the slots of this kind)
	Bytes  []byte // the secret; full-entropy kinds need at least 32 bytes
	// Params are the public fields of a slot this secret creates (the first
	// unlock of a new vault, AddSlot, ReplaceSlot); unlocking ignores them.
	Params SlotParams
	// Step, if set, is called after each Argon2id slice while a key is
	// derived from this secret (KDFParams.Steps calls per passphrase slot
	// tried or created; see Header.Steps), so a caller can show how far
	// an unlock has come. It runs between slices and should be quick.
	// Full-entropy kinds never call it.
	Step func()
}

// SlotParams are a new slot's public fields. They are stored in clear and
// bound into the slot's associated data, so editing them breaks the slot.
type SlotParams struct {
	Name         string `json:"name,omitempty"`         // shown to the user ("YubiKey", "MetaMask")
	ExpiresAt    int64  `json:"expiresAt,omitempty"`    // Unix seconds; required for SlotDevice, optional for other full-entropy kinds
	CredentialID []byte `json:"credentialId,omitempty"` // SlotPasskey: the WebAuthn credential that holds the PRF
	PRFSalt      []byte `json:"prfSalt,omitempty"`      // SlotPasskey: the 32-byte PRF input the page evaluates
	Address      string `json:"address,omitempty"`      // SlotWallet: the signing account, 0x-prefixed lowercase hex
}

// Slot is one way to open the vault key. Format (v2), inside the header's
// "slots" list:
//
//	{
//	  "id": "<16 hex>",                 // random, names the slot
//	  "kind": "passkey",                // one of the Slot* kinds
//	  "name": "YubiKey",                // optional display name
//	  "createdAt": 1767225600,
//	  "expiresAt": 1767268800,          // optional; required for "device"
//	  "kdf": {...},                     // "passphrase" only: Argon2id parameters
//	  "salt": "<base64, 16 bytes>",     // per slot
//	  "credentialId": "<base64>",       // "passkey" only, optional
//	  "prfSalt": "<base64, 32 bytes>",  // "passkey" only, optional
//	  "address": "0x…",                 // "wallet" only, optional
//	  "wrappedKey": "<base64: nonce || XChaCha20-Poly1305(vault key) || tag>"
//	}
//
// The wrap's associated data is every field above but wrappedKey, plus the
// vault key's id: a slot moved to another vault, given another kind, or with
// an extended expiry does not open.
type Slot struct {
	ID           string     `json:"id"`
	Kind         string     `json:"kind"`
	Name         string     `json:"name,omitempty"`
	CreatedAt    int64      `json:"createdAt"`
	ExpiresAt    int64      `json:"expiresAt,omitempty"`
	KDF          *KDFParams `json:"kdf,omitempty"`
	Salt         []byte     `json:"salt"`
	CredentialID []byte     `json:"credentialId,omitempty"`
	PRFSalt      []byte     `json:"prfSalt,omitempty"`
	Address      string     `json:"address,omitempty"`
	WrappedKey   []byte     `json:"wrappedKey"`

	// legacy marks a slot read from a v1 header: it opens with v1's
	// associated data and is rewrapped by Upgrade.
	legacy bool
}

// FullEntropy says whether kind skips Argon2id (its secret is a random
// 32-byte value or a signature, not something a person chose).
func FullEntropy(kind string) bool {
	switch kind {
	case SlotPasskey, SlotWallet, SlotDevice, SlotServer:
		return true
	}
	return false
}

func knownKind(kind string) bool { return kind == SlotPassphrase || FullEntropy(kind) }

// CheckSecret refuses a secret its kind cannot take, before any work: an
// unknown kind, an empty secret, a full-entropy secret shorter than 32 bytes
// (a truncated PRF output or a PIN passed off as a key).
func (s Secret) CheckSecret() error {
	switch {
	case !knownKind(s.Kind):
		return fmt.Errorf("%w: unknown unlock method %q (use %s, %s, %s, %s or %s)", ErrBadSecret, s.Kind,
			SlotPassphrase, SlotPasskey, SlotWallet, SlotDevice, SlotServer)
	case len(s.Bytes) == 0:
		return fmt.Errorf("%w: the %s secret is empty", ErrBadSecret, s.Kind)
	case FullEntropy(s.Kind) && len(s.Bytes) < MinFullEntropySecret:
		return fmt.Errorf("%w: a %s secret must be at least %d random bytes (got %d); a human secret belongs in a %q slot",
			ErrBadSecret, s.Kind, MinFullEntropySecret, len(s.Bytes), SlotPassphrase)
	case FullEntropy(s.Kind) && len(s.Bytes) > MaxFullEntropySecret:
		return fmt.Errorf("%w: a %s secret must be at most %d bytes", ErrBadSecret, s.Kind, MaxFullEntropySecret)
	case s.SlotID != "" && !isLowerHex(s.SlotID, keyIDHexSize):
		return fmt.Errorf("%w: slot id must be %d lowercase hex digits", ErrBadSecret, keyIDHexSize)
	}
	return nil
}

// newSlot makes a slot of s.Kind wrapping vaultKey (named keyID) and
// returns it with its KEK, which the caller zeroes (a change of secret needs
// it again). params are the Argon2id costs of a passphrase slot.
func newSlot(rand io.Reader, s Secret, params KDFParams, keyID string, vaultKey []byte, now int64) (*Slot, []byte, error) {
	if err := s.CheckSecret(); err != nil {
		return nil, nil, err
	}
	p := s.Params
	sl := &Slot{Kind: s.Kind, Name: p.Name, CreatedAt: now, ExpiresAt: p.ExpiresAt, Salt: make([]byte, SaltSize),
		CredentialID: p.CredentialID, PRFSalt: p.PRFSalt, Address: p.Address}
	if s.Kind == SlotPassphrase {
		kdf := params
		sl.KDF = &kdf
	}
	if err := sl.checkFields("new slot"); err != nil {
		return nil, nil, fmt.Errorf("%w: %v", ErrBadSecret, err)
	}
	id := make([]byte, keyIDSize)
	if _, err := io.ReadFull(rand, sl.Salt); err != nil {
		return nil, nil, fmt.Errorf("reading random salt: %w", err)
	}
	if _, err := io.ReadFull(rand, id); err != nil {
		return nil, nil, fmt.Errorf("reading random slot id: %w", err)
	}
	sl.ID = hex.EncodeToString(id)
	kek, err := sl.kek(s)
	if err != nil {
		return nil, nil, err
	}
	if sl.WrappedKey, err = seal(rand, kek, vaultKey, sl.ad(keyID)); err != nil {
		Zero(kek)
		return nil, nil, err
	}
	return sl, kek, nil
}

// kek derives the slot's key-encryption key from secret: Argon2id for a
// passphrase (reporting each slice to secret.Step), HKDF-SHA256 for
// full-entropy secrets (see kdf.go).
func (s *Slot) kek(secret Secret) ([]byte, error) {
	if s.Kind == SlotPassphrase {
		return deriveKey(secret.Bytes, s.Salt, *s.KDF, secret.Step)
	}
	return deriveFullEntropy(secret.Bytes, s.Salt, s.Kind, s.ID)
}

// ad is the wrap's associated data: the vault key's id and every public
// field of the slot.
func (s *Slot) ad(keyID string) []byte {
	if s.legacy {
		return newAD(adVaultKey).str(s.ID).str(algArgon2id).
			u64(uint64(s.KDF.MemoryKiB)).u64(uint64(s.KDF.Time)).u64(uint64(s.KDF.Threads)).
			bytes(s.Salt).b
	}
	var kdf KDFParams
	if s.KDF != nil {
		kdf = *s.KDF
	}
	return newAD(adSlotKey).str(keyID).str(s.ID).str(s.Kind).str(s.Name).
		u64(uint64(s.CreatedAt)).u64(uint64(s.ExpiresAt)).
		u64(uint64(kdf.MemoryKiB)).u64(uint64(kdf.Time)).u64(uint64(kdf.Threads)).
		bytes(s.Salt).bytes(s.CredentialID).bytes(s.PRFSalt).str(s.Address).b
}

// Expired says whether the slot's expiry has passed at now (Unix seconds).
func (s *Slot) Expired(now int64) bool { return s.ExpiresAt != 0 && now >= s.ExpiresAt }

// matches says whether an unlock attempt with s is meant for this slot.
func (sl *Slot) matches(s Secret) bool {
	return sl.Kind == s.Kind && (s.SlotID == "" || s.SlotID == sl.ID)
}

// unwrap derives the slot's KEK from secret and opens the vault key named
// keyID. A failure here is a wrong secret.
func (s *Slot) unwrap(secret Secret, keyID string) (vaultKey, kek []byte, err error) {
	kek, err = s.kek(secret)
	if err != nil {
		return nil, nil, err
	}
	vaultKey, err = open(kek, s.WrappedKey, s.ad(keyID))
	if err != nil {
		Zero(kek)
		return nil, nil, ErrWrongSecret
	}
	return vaultKey, kek, nil
}

// check validates a stored slot's shape, cheaply, before any key derivation.
func (s *Slot) check(where string) error {
	switch {
	case !isLowerHex(s.ID, keyIDHexSize):
		return fmt.Errorf("%w: vault header: %s.id must be %d lowercase hex digits", ErrCorruptRecord, where, keyIDHexSize)
	case len(s.Salt) != SaltSize:
		return fmt.Errorf("%w: vault header: %s.salt must be %d bytes", ErrCorruptRecord, where, SaltSize)
	case len(s.WrappedKey) != wrappedSize:
		return fmt.Errorf("%w: vault header: %s.wrappedKey must be %d bytes", ErrCorruptRecord, where, wrappedSize)
	}
	if s.Kind == SlotPassphrase && s.KDF == nil {
		return fmt.Errorf("%w: vault header: %s: a passphrase slot needs kdf parameters", ErrUnsafeKDF, where)
	}
	if s.Kind == SlotPassphrase {
		if err := s.KDF.Check(); err != nil {
			return fmt.Errorf("vault header: %s: %w", where, err)
		}
	}
	if err := s.checkFields(where); err != nil {
		return fmt.Errorf("%w: vault header: %v", ErrCorruptRecord, err)
	}
	return nil
}

// checkFields validates the kind and the kind-specific public fields.
func (s *Slot) checkFields(where string) error {
	full := FullEntropy(s.Kind)
	switch {
	case !knownKind(s.Kind):
		return fmt.Errorf("%s.kind %q is not a known unlock method", where, s.Kind)
	case len(s.Name) > maxSlotName || !utf8.ValidString(s.Name):
		return fmt.Errorf("%s.name must be valid UTF-8 of at most %d bytes", where, maxSlotName)
	case s.Kind == SlotPassphrase && s.KDF == nil:
		return fmt.Errorf("%s: a passphrase slot needs kdf parameters", where)
	case full && s.KDF != nil:
		return fmt.Errorf("%s: a %s slot has no kdf parameters (its secret goes through HKDF)", where, s.Kind)
	case s.CreatedAt < 0 || s.ExpiresAt < 0:
		return fmt.Errorf("%s: negative time", where)
	case s.ExpiresAt != 0 && !full:
		return fmt.Errorf("%s: a passphrase slot does not expire", where)
	case s.ExpiresAt != 0 && s.ExpiresAt <= s.CreatedAt:
		return fmt.Errorf("%s.expiresAt must be after createdAt", where)
	case s.Kind == SlotDevice && s.ExpiresAt == 0:
		return fmt.Errorf("%s: a device slot needs expiresAt", where)
	case s.Kind == SlotDevice && s.ExpiresAt-s.CreatedAt > MaxDeviceLifetime:
		return fmt.Errorf("%s: a device slot lives at most %d days", where, MaxDeviceLifetime/86400)
	case s.Kind != SlotPasskey && (len(s.CredentialID) != 0 || len(s.PRFSalt) != 0):
		return fmt.Errorf("%s: only a passkey slot has credentialId and prfSalt", where)
	case len(s.CredentialID) > maxCredentialID:
		return fmt.Errorf("%s.credentialId is longer than %d bytes", where, maxCredentialID)
	case len(s.PRFSalt) != 0 && len(s.PRFSalt) != prfSaltSize:
		return fmt.Errorf("%s.prfSalt must be %d bytes", where, prfSaltSize)
	case s.Address != "" && s.Kind != SlotWallet:
		return fmt.Errorf("%s: only a wallet slot has an address", where)
	case s.Address != "" && (len(s.Address) != 2+addressHexSize || s.Address[:2] != "0x" || !isLowerHex(s.Address[2:], addressHexSize)):
		return fmt.Errorf("%s.address must be 0x and 40 lowercase hex digits", where)
	}
	return nil
}
