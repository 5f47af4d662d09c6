package ethsign

import (
	"fmt"

	"github.com/ethereum/go-ethereum/common"
	"github.com/sessionsigner/sessionsigner/internal/ethcrypto"
)

// SignatureLength is the size of an r||s||v signature.
const SignatureLength = 65

// Sign signs digest with key and returns r||s||v with v = 27 or 28, the form
// viem's account.sign({hash}) returns: the same deterministic (RFC 6979)
// low-s signature as viem's noble backend.
func Sign(key *ethcrypto.PrivateKey, digest common.Hash) ([]byte, error) {
	if key == nil {
		return nil, fmt.Errorf("%w: no key", ErrSignature)
	}
	return ethcrypto.Sign(key, digest), nil
}

// Recover returns the address that made sig over digest. It accepts v as
// 0/1 or 27/28, since both forms circulate.
func Recover(digest common.Hash, sig []byte) (common.Address, error) {
	if len(sig) != SignatureLength {
		return common.Address{}, fmt.Errorf("%w: want %d bytes, got %d", ErrSignature, SignatureLength, len(sig))
	}
	norm := make([]byte, SignatureLength)
	copy(norm, sig)
	switch norm[64] {
	case 0, 1:
		norm[64] += 27
	case 27, 28:
	default:
		return common.Address{}, fmt.Errorf("%w: v must be 0, 1, 27 or 28, got %d", ErrSignature, sig[64])
	}
	addr, err := ethcrypto.Recover(digest, norm)
	if err != nil {
		return common.Address{}, fmt.Errorf("%w: %v", ErrSignature, err)
	}
	return addr, nil
}

// yParity returns the recovery bit of a signature whose v is 0/1 or 27/28.
func yParity(sig []byte) (uint64, error) {
	if len(sig) != SignatureLength {
		return 0, fmt.Errorf("%w: want %d bytes, got %d", ErrSignature, SignatureLength, len(sig))
	}
	switch sig[64] {
	case 0, 27:
		return 0, nil
	case 1, 28:
		return 1, nil
	}
	return 0, fmt.Errorf("%w: v must be 0, 1, 27 or 28, got %d", ErrSignature, sig[64])
}
