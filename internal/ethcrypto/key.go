package ethcrypto

import (
	"errors"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
	"github.com/sessionsigner/sessionsigner/ethtypes"
)

// PrivateKey is a secp256k1 private key. Zero wipes its scalar.
type PrivateKey = secp256k1.PrivateKey

// ErrInvalidKey: the bytes are not a secp256k1 private key. The message
// never carries the bytes.
var ErrInvalidKey = errors.New("not a valid secp256k1 private key (want 32 bytes, between 1 and n-1)")

// KeyLength is the size of a private key.
const KeyLength = 32

// ParseKey reads a 32-byte big-endian private key. Zero and values at or
// above the group order n are refused, never reduced: a reduced key would
// belong to another address than the stored one.
func ParseKey(b []byte) (*PrivateKey, error) {
	if len(b) != KeyLength {
		return nil, ErrInvalidKey
	}
	var s secp256k1.ModNScalar
	if overflow := s.SetByteSlice(b); overflow || s.IsZero() {
		s.Zero()
		return nil, ErrInvalidKey
	}
	return secp256k1.NewPrivateKey(&s), nil
}

// KeyAddress is the Ethereum address of k: the last 20 bytes of the
// Keccak-256 of its uncompressed public key without the 0x04 prefix. The
// public key d*G comes from this package's base-point table (decred's
// PubKey would take its slow path in the module's build).
func KeyAddress(k *PrivateKey) ethtypes.Address {
	var pub secp256k1.JacobianPoint
	baseMult(&k.Key, &pub)
	pub.ToAffine()
	return pointAddress(&pub)
}

// pointAddress is the address of the affine, normalized point p.
func pointAddress(p *secp256k1.JacobianPoint) ethtypes.Address {
	var xy [64]byte
	p.X.PutBytesUnchecked(xy[:32])
	p.Y.PutBytesUnchecked(xy[32:])
	return ethtypes.BytesToAddress(Keccak256(xy[:])[12:])
}
