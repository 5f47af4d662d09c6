package ethcrypto

import (
	"errors"
	"fmt"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
	"github.com/ethereum/go-ethereum/common"
)

// SignatureLength is the size of an r||s||v signature.
const SignatureLength = 65

// ErrSignature: a signature that does not recover to a key.
var ErrSignature = errors.New("invalid secp256k1 signature")

// Sign signs digest with k: r||s||v, v = 27 or 28, with the RFC 6979 nonce
// and s in the lower half of the order, as viem and go-ethereum produce.
//
// It is ECDSA written out over decred's scalar and point arithmetic and its
// RFC 6979 nonce generator, so that the nonce point comes from this
// package's base-point table (basepoint.go) rather than decred's shipped
// one. The tests hold it byte-identical to decred's signer, libsecp256k1
// and viem.
func Sign(k *PrivateKey, digest common.Hash) []byte {
	// RFC 6979 feeds the nonce generator bits2octets(digest), the digest
	// reduced mod n, and ECDSA signs the digest mod n: reduce it once, so
	// a digest >= n signs exactly as viem (noble) and libsecp256k1 do.
	var e secp256k1.ModNScalar
	e.SetByteSlice(digest[:])
	reduced := e.Bytes()
	key := k.Key.Bytes()
	defer clear(key[:])

	var r, s, kInv secp256k1.ModNScalar
	var kG secp256k1.JacobianPoint
	// A nonce whose r or s is zero (probability about 2^-256) is skipped
	// for the generator's next output, as RFC 6979 section 3.2 says.
	for attempt := uint32(0); ; attempt++ {
		nonce := secp256k1.NonceRFC6979(key[:], reduced[:], nil, nil, attempt)
		baseMult(nonce, &kG)
		kG.ToAffine()
		// r = x(kG) mod n; x >= n (probability about 2^-128) is recorded
		// in the recovery id's second bit.
		xOverflow := r.SetBytes(kG.X.Bytes())
		if r.IsZero() {
			nonce.Zero()
			continue
		}
		recoveryID := byte(kG.Y.IsOddBit()) | byte(xOverflow<<1)
		// s = (e + r*d) / nonce
		kInv.InverseValNonConst(nonce)
		nonce.Zero()
		s.Mul2(&k.Key, &r).Add(&e).Mul(&kInv)
		kInv.Zero()
		if s.IsZero() {
			continue
		}
		// Low s: (r, n-s) is the same signature for the point -kG, whose
		// y has the other parity.
		if s.IsOverHalfOrder() {
			s.Negate()
			recoveryID ^= 1
		}
		sig := make([]byte, SignatureLength)
		r.PutBytesUnchecked(sig[:32])
		s.PutBytesUnchecked(sig[32:64])
		sig[64] = 27 + recoveryID
		return sig
	}
}

// Recover returns the address whose key made sig (r||s||v, v = 27 or 28)
// over digest: Q = (s*R - e*G) / r, where R is the point with x = r and
// the y parity v-27.
func Recover(digest common.Hash, sig []byte) (common.Address, error) {
	if len(sig) != SignatureLength {
		return common.Address{}, fmt.Errorf("%w: want %d bytes, got %d", ErrSignature, SignatureLength, len(sig))
	}
	v := sig[64]
	if v != 27 && v != 28 {
		return common.Address{}, fmt.Errorf("%w: v must be 27 or 28, got %d", ErrSignature, v)
	}
	var r, s secp256k1.ModNScalar
	if r.SetByteSlice(sig[:32]) || r.IsZero() {
		return common.Address{}, fmt.Errorf("%w: r is not in [1, n-1]", ErrSignature)
	}
	if s.SetByteSlice(sig[32:64]) || s.IsZero() {
		return common.Address{}, fmt.Errorf("%w: s is not in [1, n-1]", ErrSignature)
	}
	// R: x = r (v 27/28 never says x = r + n), y of parity v-27.
	var R secp256k1.JacobianPoint
	R.X.SetByteSlice(sig[:32])
	if !secp256k1.DecompressY(&R.X, v == 28, &R.Y) {
		return common.Address{}, fmt.Errorf("%w: r is not the x of a curve point", ErrSignature)
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
		return common.Address{}, fmt.Errorf("%w: it recovers to no key", ErrSignature)
	}
	Q.ToAffine()
	return pointAddress(&Q), nil
}
