package ethsign

import (
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/rlp"
)

// TxTypeDynamicFee is the EIP-2718 type byte of an EIP-1559 transaction.
const TxTypeDynamicFee = 0x02

// Tx1559 is an EIP-1559 transaction. To is nil for contract creation: the
// parser accepts it (viem serializes it), and each scheme decides whether a
// session may deploy contracts (the local scheme refuses it).
type Tx1559 struct {
	ChainID              *big.Int
	Nonce                uint64
	MaxPriorityFeePerGas *big.Int
	MaxFeePerGas         *big.Int
	Gas                  uint64
	To                   *common.Address
	Value                *big.Int
	Data                 []byte
	AccessList           []AccessTuple
}

// AccessTuple is one EIP-2930 access-list entry.
type AccessTuple struct {
	Address     common.Address
	StorageKeys []common.Hash
}

// Selector returns the first four bytes of the calldata, which name the
// function a call invokes; ok is false when the calldata is shorter (a plain
// transfer has none).
func (tx *Tx1559) Selector() (sel [4]byte, ok bool) {
	if len(tx.Data) < 4 {
		return sel, false
	}
	copy(sel[:], tx.Data)
	return sel, true
}

// SigningHash is keccak256(0x02 || rlp([chainId, nonce, maxPriorityFeePerGas,
// maxFeePerGas, gas, to, value, data, accessList])), the digest viem's
// signTransaction signs.
// It fails only for a hand-built Tx1559 holding a negative integer.
func (tx *Tx1559) SigningHash() (common.Hash, error) {
	enc, err := rlp.EncodeToBytes(tx.fields())
	if err != nil {
		return common.Hash{}, fmt.Errorf("%w: %v", ErrTransaction, err)
	}
	return crypto.Keccak256Hash([]byte{TxTypeDynamicFee}, enc), nil
}

// Serialize returns the signed transaction, 0x02 || rlp([..., yParity, r, s]),
// byte for byte what viem's serializeTransaction(tx, signature) returns. sig
// is r||s||v with v = 0/1 or 27/28.
func (tx *Tx1559) Serialize(sig []byte) ([]byte, error) {
	parity, err := yParity(sig)
	if err != nil {
		return nil, err
	}
	list := append(tx.fields(), parity, new(big.Int).SetBytes(sig[:32]), new(big.Int).SetBytes(sig[32:64]))
	enc, err := rlp.EncodeToBytes(list)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrTransaction, err)
	}
	return append([]byte{TxTypeDynamicFee}, enc...), nil
}

// accessTupleRLP is the RLP shape of an access-list entry.
type accessTupleRLP struct {
	Address     common.Address
	StorageKeys []common.Hash
}

// fields lists the unsigned payload in RLP order. A nil To encodes as the
// empty string, as contract creation requires.
func (tx *Tx1559) fields() []any {
	var to []byte
	if tx.To != nil {
		to = tx.To[:]
	}
	al := make([]accessTupleRLP, len(tx.AccessList))
	for i, t := range tx.AccessList {
		al[i] = accessTupleRLP{Address: t.Address, StorageKeys: t.StorageKeys}
		if al[i].StorageKeys == nil {
			al[i].StorageKeys = []common.Hash{}
		}
	}
	return []any{
		orZero(tx.ChainID), tx.Nonce, orZero(tx.MaxPriorityFeePerGas), orZero(tx.MaxFeePerGas),
		tx.Gas, to, orZero(tx.Value), tx.Data, al,
	}
}

func orZero(v *big.Int) *big.Int {
	if v == nil {
		return new(big.Int)
	}
	return v
}
