package abstract

import (
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/rlp"
)

// serialize is viem's zkSync serializer for a 0x71 transaction:
// 0x71 ‖ rlp([nonce, maxPriorityFeePerGas, maxFeePerGas, gas, to, value,
// data, chainId, "", "", chainId, from, gasPerPubdata, factoryDeps,
// customSignature, [paymaster, paymasterInput] or []]). Zero quantities
// encode as the empty string, which is what *big.Int does in RLP.
func (t *zkTx) serialize(chainID *big.Int, from common.Address, customSig []byte) ([]byte, error) {
	paymasterParams := []any{}
	if t.hasPaymaster() {
		paymasterParams = []any{t.Paymaster, orEmpty(t.PaymasterInput)}
	}
	deps := make([][]byte, len(t.FactoryDeps))
	copy(deps, t.FactoryDeps)
	fields := []any{
		t.Nonce,
		t.MaxPriorityFeePerGas,
		t.MaxFeePerGas,
		t.Gas,
		t.To,
		t.Value,
		orEmpty(t.Data),
		chainID,
		[]byte{},
		[]byte{},
		chainID,
		from,
		t.GasPerPubdata,
		deps,
		customSig,
		paymasterParams,
	}
	body, err := rlp.EncodeToBytes(fields)
	if err != nil {
		return nil, err
	}
	return append([]byte{txTypeEIP712}, body...), nil
}

func orEmpty(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return b
}
