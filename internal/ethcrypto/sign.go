package ethcrypto

import (
	"github.com/decred/dcrd/dcrec/secp256k1/v4"
	"github.com/sessionsigner/sessionsigner/ethtypes"
)

// SignatureLength is the size of an r||s||v signature.
const SignatureLength = 65

// Sign signs digest with k: r||s||v, v = 27 or 28, with the RFC 6979 nonce
// and s in the lower half of the order, as viem and go-ethereum produce.
//
// It is ECDSA written out over decred's scalar and point arithmetic and its
// RFC 6979 nonce generator, so that the nonce point comes from this
// package's base-point table (basepoint.go) rather than decred's shipped
// one. The tests hold it byte-identical to decred's signer, libsecp256k1
// and viem.
func Sign(k *PrivateKey, digest ethtypes.Hash) []byte {
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
