package abstract

import (
	"errors"
	"math/big"

	"github.com/sessionsigner/sessionsigner/ethtypes"
	"github.com/sessionsigner/sessionsigner/internal/rlpenc"
)

// serialize is viem's zkSync serializer for a 0x71 transaction:
// 0x71 ‖ rlp([nonce, maxPriorityFeePerGas, maxFeePerGas, gas, to, value,
// data, chainId, "", "", chainId, from, gasPerPubdata, factoryDeps,
// customSignature, [paymaster, paymasterInput] or []]). Zero quantities
// encode as the empty string, which is what *big.Int does in RLP.
func (t *zkTx) serialize(chainID *big.Int, from ethtypes.Address, customSig []byte) ([]byte, error) {
	for _, v := range []*big.Int{t.Nonce, t.MaxPriorityFeePerGas, t.MaxFeePerGas, t.Gas, t.Value, chainID, t.GasPerPubdata} {
		if v != nil && v.Sign() < 0 {
			return nil, errors.New("abstract: negative integer in a transaction")
		}
	}
	paymasterParams := rlpenc.List()
	if t.hasPaymaster() {
		paymasterParams = rlpenc.List(rlpenc.String(t.Paymaster[:]), rlpenc.String(t.PaymasterInput))
	}
	deps := make([]rlpenc.Item, len(t.FactoryDeps))
	for i, d := range t.FactoryDeps {
		deps[i] = rlpenc.String(d)
	}
	body := rlpenc.List(
		rlpenc.Uint(t.Nonce),
		rlpenc.Uint(t.MaxPriorityFeePerGas),
		rlpenc.Uint(t.MaxFeePerGas),
		rlpenc.Uint(t.Gas),
		rlpenc.String(t.To[:]),
		rlpenc.Uint(t.Value),
		rlpenc.String(t.Data),
		rlpenc.Uint(chainID),
		rlpenc.String(nil),
		rlpenc.String(nil),
		rlpenc.Uint(chainID),
		rlpenc.String(from[:]),
		rlpenc.Uint(t.GasPerPubdata),
		rlpenc.List(deps...),
		rlpenc.String(customSig),
		paymasterParams,
	)
	return append([]byte{txTypeEIP712}, body.Bytes()...), nil
}
