// Package sigtest recovers the address that made a signature, for tests
// only. The module signs (internal/ethcrypto.Sign) but never needs to know
// who signed, so no recovery ships in it; tests that check "the session
// key signed this" use Recover, which sits on go-ethereum's crypto package
// (libsecp256k1 under cgo): a second implementation, not ours.
//
// Only _test.go files import this package, like internal/nodetest.
package sigtest

import (
	"errors"
	"fmt"

	"github.com/ethereum/go-ethereum/crypto"
	"github.com/sessionsigner/sessionsigner/ethtypes"
)

// ErrSignature marks every refusal of Recover.
var ErrSignature = errors.New("invalid signature")

// Recover returns the address that made sig, r||s||v, over digest. It
// accepts v as 0/1 or 27/28, since both forms circulate (viem and the
// module write 27/28; transactions carry 0/1).
func Recover(digest ethtypes.Hash, sig []byte) (ethtypes.Address, error) {
	if len(sig) != crypto.SignatureLength {
		return ethtypes.Address{}, fmt.Errorf("%w: want %d bytes, got %d", ErrSignature, crypto.SignatureLength, len(sig))
	}
	norm := append([]byte(nil), sig...)
	switch norm[64] {
	case 0, 1:
	case 27, 28:
		norm[64] -= 27
	default:
		return ethtypes.Address{}, fmt.Errorf("%w: v must be 0, 1, 27 or 28, got %d", ErrSignature, sig[64])
	}
	pub, err := crypto.SigToPub(digest[:], norm)
	if err != nil {
		return ethtypes.Address{}, fmt.Errorf("%w: %v", ErrSignature, err)
	}
	return ethtypes.Address(crypto.PubkeyToAddress(*pub)), nil
}
