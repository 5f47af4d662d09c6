package ethsign

import (
	"fmt"
	"math/big"

	"github.com/sessionsigner/sessionsigner/ethtypes"
	"github.com/sessionsigner/sessionsigner/internal/ethcrypto"
	"github.com/sessionsigner/sessionsigner/internal/rlpenc"
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
	To                   *ethtypes.Address
	Value                *big.Int
	Data                 []byte
	AccessList           []AccessTuple
}

// AccessTuple is one EIP-2930 access-list entry.
type AccessTuple struct {
	Address     ethtypes.Address
	StorageKeys []ethtypes.Hash
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
func (tx *Tx1559) SigningHash() (ethtypes.Hash, error) {
	fields, err := tx.fields()
	if err != nil {
		return ethtypes.Hash{}, err
	}
	return ethcrypto.Keccak256Hash([]byte{TxTypeDynamicFee}, rlpenc.List(fields...).Bytes()), nil
}

// Serialize returns the signed transaction, 0x02 || rlp([..., yParity, r, s]),
// byte for byte what viem's serializeTransaction(tx, signature) returns. sig
// is r||s||v with v = 0/1 or 27/28.
func (tx *Tx1559) Serialize(sig []byte) ([]byte, error) {
	parity, err := yParity(sig)
	if err != nil {
		return nil, err
	}
	fields, err := tx.fields()
	if err != nil {
		return nil, err
	}
	list := append(fields, rlpenc.Uint64(parity), rlpenc.String(trimZeros(sig[:32])), rlpenc.String(trimZeros(sig[32:64])))
	return append([]byte{TxTypeDynamicFee}, rlpenc.List(list...).Bytes()...), nil
}

// yParity returns the recovery bit of a signature whose v is 0/1 or 27/28.
// A signature of another shape is a malformed signed transaction.
func yParity(sig []byte) (uint64, error) {
	if len(sig) != ethcrypto.SignatureLength {
		return 0, fmt.Errorf("%w: the signature must be %d bytes r||s||v, got %d", ErrTransaction, ethcrypto.SignatureLength, len(sig))
	}
	switch sig[64] {
	case 0, 27:
		return 0, nil
	case 1, 28:
		return 1, nil
	}
	return 0, fmt.Errorf("%w: the signature's v must be 0, 1, 27 or 28, got %d", ErrTransaction, sig[64])
}

// fields lists the unsigned payload in RLP order. A nil To encodes as the
// empty string, as contract creation requires.
func (tx *Tx1559) fields() ([]rlpenc.Item, error) {
	for _, v := range []*big.Int{tx.ChainID, tx.MaxPriorityFeePerGas, tx.MaxFeePerGas, tx.Value} {
		if v != nil && v.Sign() < 0 {
			return nil, fmt.Errorf("%w: negative integer field", ErrTransaction)
		}
	}
	var to []byte
	if tx.To != nil {
		to = tx.To[:]
	}
	al := make([]rlpenc.Item, len(tx.AccessList))
	for i, t := range tx.AccessList {
		keys := make([]rlpenc.Item, len(t.StorageKeys))
		for j, k := range t.StorageKeys {
			keys[j] = rlpenc.String(k[:])
		}
		al[i] = rlpenc.List(rlpenc.String(t.Address[:]), rlpenc.List(keys...))
	}
	return []rlpenc.Item{
		rlpenc.Uint(tx.ChainID), rlpenc.Uint64(tx.Nonce), rlpenc.Uint(tx.MaxPriorityFeePerGas), rlpenc.Uint(tx.MaxFeePerGas),
		rlpenc.Uint64(tx.Gas), rlpenc.String(to), rlpenc.Uint(tx.Value), rlpenc.String(tx.Data), rlpenc.List(al...),
	}, nil
}

// trimZeros drops leading zero bytes: r and s are integers in RLP.
func trimZeros(b []byte) []byte {
	for len(b) > 0 && b[0] == 0 {
		b = b[1:]
	}
	return b
}
