package abstract

import (
	"errors"
	"math/big"
	"testing"

	"github.com/sessionsigner/sessionsigner/ethtypes"

	"github.com/sessionsigner/sessionsigner/scheme"
)

// TestDigestRefusesWrappedValues: the digest's word encoder refuses a
// negative or over-wide amount instead of reducing it modulo 2^256 (a value
// of -(2^256 - 1e18) used to be signed as 1 ETH).
func TestDigestRefusesWrappedValues(t *testing.T) {
	wrapped := new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1_000_000_000_000_000_000))
	for name, v := range map[string]*big.Int{
		"-(2^256-1e18)": new(big.Int).Neg(wrapped),
		"-1":            big.NewInt(-1),
		"2^256":         new(big.Int).Lsh(big.NewInt(1), 256),
	} {
		tx := &zkTx{Value: v, Nonce: big.NewInt(1), Gas: big.NewInt(1), MaxFeePerGas: big.NewInt(1),
			MaxPriorityFeePerGas: big.NewInt(0), GasPerPubdata: big.NewInt(50000)}
		if _, err := tx.digest(big.NewInt(ChainAbstractTestnet), ethtypes.Address{1}); !errors.Is(err, scheme.ErrInvalidRequest) {
			t.Errorf("value %s: digest error %v, want a refusal", name, err)
		}
	}
	ok := &zkTx{Value: big.NewInt(0), Nonce: big.NewInt(1), Gas: big.NewInt(1), MaxFeePerGas: big.NewInt(1),
		MaxPriorityFeePerGas: big.NewInt(0), GasPerPubdata: big.NewInt(50000)}
	if _, err := ok.digest(big.NewInt(ChainAbstractTestnet), ethtypes.Address{1}); err != nil {
		t.Fatal(err)
	}
}
