package ethcrypto

import (
	"errors"
	"fmt"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
	"github.com/decred/dcrd/dcrec/secp256k1/v4/ecdsa"
	"github.com/ethereum/go-ethereum/common"
)

// SignatureLength is the size of an r||s||v signature.
const SignatureLength = 65

// ErrSignature: a signature that does not recover to a key.
var ErrSignature = errors.New("invalid secp256k1 signature")

// Sign signs digest with k: r||s||v, v = 27 or 28, with the RFC 6979 nonce
// and s in the lower half of the order (decred normalizes it), as viem and
// go-ethereum produce.
func Sign(k *PrivateKey, digest common.Hash) []byte {
	// RFC 6979 feeds the nonce generator bits2octets(digest), the digest
	// reduced mod n; decred feeds it the digest as is. The two differ only
	// for a digest >= n, so reduce it first: ECDSA itself uses the digest
	// mod n, so the signature is the same one, and now byte-identical with
	// viem (noble) and libsecp256k1 for every digest.
	var e secp256k1.ModNScalar
	e.SetByteSlice(digest[:])
	var reduced [32]byte
	e.PutBytes(&reduced)
	// decred's compact form is v||r||s with v = 27 + recovery id (+4 for a
	// compressed key, which Ethereum never uses).
	compact := ecdsa.SignCompact(k, reduced[:], false)
	return append(compact[1:], compact[0])
}

// Recover returns the address whose key made sig (r||s||v, v = 27 or 28)
// over digest.
func Recover(digest common.Hash, sig []byte) (common.Address, error) {
	if len(sig) != SignatureLength {
		return common.Address{}, fmt.Errorf("%w: want %d bytes, got %d", ErrSignature, SignatureLength, len(sig))
	}
	if v := sig[64]; v != 27 && v != 28 {
		return common.Address{}, fmt.Errorf("%w: v must be 27 or 28, got %d", ErrSignature, v)
	}
	compact := make([]byte, SignatureLength)
	compact[0] = sig[64]
	copy(compact[1:], sig[:64])
	pub, _, err := ecdsa.RecoverCompact(compact, digest[:])
	if err != nil {
		return common.Address{}, fmt.Errorf("%w: %v", ErrSignature, err)
	}
	return pubAddress(pub), nil
}
