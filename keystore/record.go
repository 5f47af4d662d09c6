package keystore

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"strings"

	"github.com/sessionsigner/sessionsigner/ethtypes"
	"github.com/sessionsigner/sessionsigner/internal/ethcrypto"
	"github.com/sessionsigner/sessionsigner/internal/hexjson"
)

// RecordPrefix starts the storage key of every session record; the rest of
// the key is the session id.
const RecordPrefix = "session/"

// RecordVersion is the session record format this build writes and reads.
//
// Format v1, a JSON object stored under RecordPrefix + id:
//
//	{
//	  "v": 1,
//	  "id": "<32 hex>",                  // random, also the end of the storage key
//	  "scheme": "local",                 // which scheme reads config and state
//	  "chainId": "1",                    // decimal string
//	  "address": "0x…",                  // the session signer, checksummed
//	  "configHash": "0x<32 bytes>",      // scheme-defined digest of config
//	  "createdAt": 1767225600, "expiresAt": 1767312000,   // Unix seconds
//	  "status": "active" | "revoked" | "expired",
//	  "config": { … },                   // scheme-owned, in clear so a locked vault can list
//	  "state": { … },                    // scheme-owned counters (optional, advisory)
//	  "keyId": "<16 hex>",               // which vault key sealed the key (absent once wiped)
//	  "sealedKey": "<base64: nonce || XChaCha20-Poly1305(32-byte secp256k1 key) || tag>",
//	  "wipedAt": 1767312000              // when a revoked/expired record lost its key
//	}
//
// sealedKey's associated data is the version, id, scheme, chainId, address,
// configHash, expiresAt, keyId and a digest of config itself, so a key moved
// to another record, or a record whose policy, chain, address or expiry was
// edited, no longer opens. state and the timestamps other than expiresAt are
// not bound: counters change with every signature (see the threat model).
// After opening, the address is re-derived from the key and compared.
const RecordVersion = 1

const (
	adSessionKey   = "sessionsigner.v1/session-key"
	purposeSeal    = "session-key-seal"
	privKeySize    = 32
	sealedKeySize  = privKeySize + sealOverhead
	recordIDSize   = 16
	recordIDHexLen = 2 * recordIDSize
)

// Record statuses.
const (
	StatusActive  = "active"
	StatusRevoked = "revoked"
	StatusExpired = "expired"
)

// Record is one stored session.
type Record struct {
	Version    int              `json:"v"`
	ID         string           `json:"id"`
	Scheme     string           `json:"scheme"`
	ChainID    string           `json:"chainId"`
	Address    ethtypes.Address `json:"address"`
	ConfigHash ethtypes.Hash    `json:"configHash"`
	CreatedAt  int64            `json:"createdAt"`
	ExpiresAt  int64            `json:"expiresAt"`
	Status     string           `json:"status"`
	Config     json.RawMessage  `json:"config"`
	State      json.RawMessage  `json:"state,omitempty"`
	KeyID      string           `json:"keyId,omitempty"`
	SealedKey  []byte           `json:"sealedKey,omitempty"`
	WipedAt    int64            `json:"wipedAt,omitempty"`
}

// NewRecordID draws a random session id.
func NewRecordID(rand io.Reader) (string, error) {
	b := make([]byte, recordIDSize)
	if _, err := io.ReadFull(rand, b); err != nil {
		return "", fmt.Errorf("reading random id: %w", err)
	}
	return hex.EncodeToString(b), nil
}

// ValidRecordID reports whether id has the shape NewRecordID makes.
func ValidRecordID(id string) bool { return isLowerHex(id, recordIDHexLen) }

// StorageKey is where the record lives.
func (r *Record) StorageKey() string { return RecordPrefix + r.ID }

// ChainIDInt returns the chain id as an integer.
func (r *Record) ChainIDInt() *big.Int {
	v, err := hexjson.ParseQuantityBits(r.ChainID, 64) // Validate has checked it
	if err != nil {
		return new(big.Int)
	}
	return v
}

// Sealed reports whether the record still holds a key.
func (r *Record) Sealed() bool { return len(r.SealedKey) != 0 }

func (r *Record) ad() []byte {
	return newAD(adSessionKey).u64(uint64(r.Version)).str(r.ID).str(r.Scheme).str(r.ChainID).
		bytes(r.Address[:]).bytes(r.ConfigHash[:]).u64(uint64(r.ExpiresAt)).str(r.KeyID).
		bytes(configDigest(r.Config)).b
}

// Binding fingerprints everything the sealed key is bound to (its associated
// data) together with the sealed key itself. A host that caches opened keys
// must reopen the record whenever the stored record's Binding differs, so an
// edit in storage (a looser config, a later expiry, a resurrected tombstone)
// is caught as surely as on a first open; SameBinding is the cheap way to
// know it does not.
func (r *Record) Binding() [32]byte {
	return sha256.Sum256(append(r.ad(), r.SealedKey...))
}

// SameBinding reports whether r and o hold, byte for byte, every field
// Binding covers (ad's fields and the sealed key): then their Bindings are
// equal without computing either, which costs a JSON compaction and two
// hashes. A host checking its cached key against every record it reads
// compares with this instead. The converse need not hold (a config stored
// with other whitespace has the same Binding), which only costs a reopen.
// Keep it in step with ad: TestSameBindingCoversBinding fails otherwise.
func (r *Record) SameBinding(o *Record) bool {
	return r.Version == o.Version && r.ID == o.ID && r.Scheme == o.Scheme && r.ChainID == o.ChainID &&
		r.Address == o.Address && r.ConfigHash == o.ConfigHash && r.ExpiresAt == o.ExpiresAt &&
		r.KeyID == o.KeyID && bytes.Equal(r.Config, o.Config) && bytes.Equal(r.SealedKey, o.SealedKey)
}

// configDigest hashes the config as storage holds it (compact JSON, the form
// json.Marshal writes), so the exact policy a key was sealed with is bound to
// it: a config edited in storage no longer opens, whatever the scheme's own
// configHash covers.
func configDigest(config json.RawMessage) []byte {
	canonical, err := json.Marshal(config)
	if err != nil {
		canonical = config // invalid JSON never parses as a record anyway
	}
	return ethcrypto.Keccak256(canonical)
}

// SealKey seals priv (32 bytes) into the record under the keys' current
// vault key. Every metadata field must be final before sealing.
func (r *Record) SealKey(rand io.Reader, keys *Keys, priv []byte) error {
	var vaultKey []byte
	if keys != nil {
		vaultKey = keys.Get(keys.Current)
	}
	if vaultKey == nil {
		return fmt.Errorf("keystore: no current vault key")
	}
	if len(priv) != privKeySize {
		return fmt.Errorf("keystore: private key must be %d bytes", privKeySize)
	}
	sk := subkey(vaultKey, purposeSeal)
	defer Zero(sk)
	r.KeyID = keys.Current
	sealed, err := seal(rand, sk, priv, r.ad())
	if err != nil {
		return err
	}
	r.SealedKey = sealed
	return nil
}

// OpenKey opens the record's key with whichever vault key sealed it and
// checks that it is the key of r.Address. The caller zeroes the result.
func (r *Record) OpenKey(keys *Keys) ([]byte, error) {
	if !r.Sealed() {
		return nil, fmt.Errorf("%w: session %s holds no key", ErrCorruptRecord, r.ID)
	}
	vaultKey := keys.Get(r.KeyID)
	if vaultKey == nil {
		return nil, fmt.Errorf("%w: session %s was sealed by a vault key this vault does not have", ErrCorruptRecord, r.ID)
	}
	sk := subkey(vaultKey, purposeSeal)
	defer Zero(sk)
	priv, err := open(sk, r.SealedKey, r.ad())
	if err != nil {
		return nil, fmt.Errorf("%w: session %s does not open: its stored bytes were altered, or it belongs to another vault", ErrCorruptRecord, r.ID)
	}
	key, err := ethcrypto.ParseKey(priv)
	if err != nil {
		Zero(priv)
		return nil, fmt.Errorf("%w: session %s holds an invalid key", ErrCorruptRecord, r.ID)
	}
	addr := ethcrypto.KeyAddress(key)
	key.Zero()
	if addr != r.Address {
		Zero(priv)
		return nil, fmt.Errorf("%w: session %s: its key does not match its address", ErrCorruptRecord, r.ID)
	}
	return priv, nil
}

// Wipe drops the sealed key and records why: a tombstone that still lists.
func (r *Record) Wipe(status string, now int64) {
	Zero(r.SealedKey)
	r.SealedKey, r.KeyID = nil, ""
	r.Status, r.WipedAt = status, now
}

// Marshal encodes the record for storage.
func (r *Record) Marshal() ([]byte, error) { return json.Marshal(r) }

// ParseRecord reads a stored record strictly. key is the storage key it was
// read from; a record must live under its own id.
func ParseRecord(key string, data []byte) (*Record, error) {
	var r Record
	if decodeStrict(data, &r) != nil || r.Version != RecordVersion {
		return nil, recordError(key, data)
	}
	if err := r.check(key); err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrCorruptRecord, key, err)
	}
	return &r, nil
}

// recordError says why data is not a well-formed current record: an
// unknown version, or damage. A current record decodes in one strict pass
// (ParseRecord); only here is the version read first, so that the error
// says which it is.
func recordError(key string, data []byte) error {
	v, err := peekVersion(data)
	if err != nil {
		return fmt.Errorf("%w: %s: %v", ErrCorruptRecord, key, err)
	}
	if v != RecordVersion {
		return fmt.Errorf("%w: %s: record version %d (this build reads %d)", ErrUnsupportedVersion, key, v, RecordVersion)
	}
	var r Record
	err = decodeStrict(data, &r)
	return fmt.Errorf("%w: %s: %v", ErrCorruptRecord, key, err)
}

func (r *Record) check(key string) error {
	switch {
	case !ValidRecordID(r.ID):
		return fmt.Errorf("id must be %d lowercase hex digits", recordIDHexLen)
	case key != RecordPrefix+r.ID:
		return fmt.Errorf("record for session %s is stored under another key", r.ID)
	case r.Scheme == "" || len(r.Scheme) > 64 || strings.TrimSpace(r.Scheme) != r.Scheme:
		return fmt.Errorf("scheme %q is not a scheme name", r.Scheme)
	case !validChainID(r.ChainID):
		return fmt.Errorf("chainId %q is not a positive decimal integer", r.ChainID)
	case r.Address == (ethtypes.Address{}):
		return fmt.Errorf("address is empty")
	case r.CreatedAt <= 0 || r.ExpiresAt <= r.CreatedAt:
		return fmt.Errorf("expiresAt must come after createdAt")
	case len(bytes.TrimSpace(r.Config)) == 0 || bytes.TrimSpace(r.Config)[0] != '{':
		return fmt.Errorf("config must be a JSON object")
	case len(r.State) != 0 && bytes.TrimSpace(r.State)[0] != '{':
		return fmt.Errorf("state must be a JSON object")
	}
	switch r.Status {
	case StatusActive:
		if !r.Sealed() {
			return fmt.Errorf("active session holds no key")
		}
	case StatusRevoked, StatusExpired:
		if r.Sealed() {
			return fmt.Errorf("%s session still holds a key", r.Status)
		}
	default:
		return fmt.Errorf("status %q is not active, revoked or expired", r.Status)
	}
	if r.Sealed() {
		if len(r.SealedKey) != sealedKeySize {
			return fmt.Errorf("sealedKey must be %d bytes", sealedKeySize)
		}
		if !isLowerHex(r.KeyID, keyIDHexSize) {
			return fmt.Errorf("keyId must be %d lowercase hex digits", keyIDHexSize)
		}
	} else if r.KeyID != "" {
		return fmt.Errorf("keyId without a sealed key")
	}
	return nil
}

// validChainID: a positive canonical decimal below 2^64, the one form
// Create stores.
func validChainID(s string) bool {
	if strings.HasPrefix(s, "0x") {
		return false
	}
	v, err := hexjson.ParseQuantityBits(s, 64)
	return err == nil && v.Sign() > 0
}
