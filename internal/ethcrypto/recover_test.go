package ethcrypto

import (
	"errors"
	"fmt"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
	"github.com/sessionsigner/sessionsigner/ethtypes"
)

// The module signs but never recovers a signer, so Recover lives with the
// tests that check Sign and the base-point table through it. Other
// packages' tests recover with internal/sigtest.

// ErrSignature: a signature that does not recover to a key.
var ErrSignature = errors.New("invalid secp256k1 signature")

// Recover returns the address whose key made sig (r||s||v, v = 27 or 28)
// over digest: Q = (s*R - e*G) / r, where R is the point with x = r and
// the y parity v-27.
func Recover(digest ethtypes.Hash, sig []byte) (ethtypes.Address, error) {
	if len(sig) != SignatureLength {
		return ethtypes.Address{}, fmt.Errorf("%w: want %d bytes, got %d", ErrSignature, SignatureLength, len(sig))
	}
	v := sig[64]
	if v != 27 && v != 28 {
		return ethtypes.Address{}, fmt.Errorf("%w: v must be 27 or 28, got %d", ErrSignature, v)
	}
	var r, s secp256k1.ModNScalar
	if r.SetByteSlice(sig[:32]) || r.IsZero() {
		return ethtypes.Address{}, fmt.Errorf("%w: r is not in [1, n-1]", ErrSignature)
	}
	if s.SetByteSlice(sig[32:64]) || s.IsZero() {
		return ethtypes.Address{}, fmt.Errorf("%w: s is not in [1, n-1]", ErrSignature)
	}
	// R: x = r (v 27/28 never says x = r + n), y of parity v-27.
	var R secp256k1.JacobianPoint
	R.X.SetByteSlice(sig[:32])
	if !secp256k1.DecompressY(&R.X, v == 28, &R.Y) {
		return ethtypes.Address{}, fmt.Errorf("%w: r is not the x of a curve point", ErrSignature)
	}
	R.Z.SetInt(1)
	var e, rInv, u1, u2 secp256k1.ModNScalar
	e.SetByteSlice(digest[:])
	rInv.InverseValNonConst(&r)
	u1.Mul2(&e, &rInv).Negate() // -e/r
	u2.Mul2(&s, &rInv)          // s/r
	var u1G, u2R, Q secp256k1.JacobianPoint
	baseMult(&u1, &u1G)
	secp256k1.ScalarMultNonConst(&u2, &R, &u2R)
	secp256k1.AddNonConst(&u1G, &u2R, &Q)
	if (Q.X.IsZero() && Q.Y.IsZero()) || Q.Z.IsZero() {
		return ethtypes.Address{}, fmt.Errorf("%w: it recovers to no key", ErrSignature)
	}
	Q.ToAffine()
	return pointAddress(&Q), nil
}
