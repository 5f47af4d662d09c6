package abstract

import (
	"math/big"

	"github.com/sessionsigner/sessionsigner/ethtypes"
	"github.com/sessionsigner/sessionsigner/internal/abienc"
	"github.com/sessionsigner/sessionsigner/internal/hexjson"
	"github.com/sessionsigner/sessionsigner/scheme"
)

// The EIP-712 type zkSync signs for a 0x71 transaction (viem's
// getEip712Domain). The domain has no verifyingContract.
const (
	eip712DomainType = "EIP712Domain(string name,string version,uint256 chainId)"
	transactionType  = "Transaction(uint256 txType,uint256 from,uint256 to,uint256 gasLimit,uint256 gasPerPubdataByteLimit,uint256 maxFeePerGas,uint256 maxPriorityFeePerGas,uint256 paymaster,uint256 nonce,uint256 value,bytes data,bytes32[] factoryDeps,bytes paymasterInput)"
)

// transactionFields are the Transaction type's fields in order, used to
// recognize typed data that claims to be one.
var transactionFields = [][2]string{
	{"txType", "uint256"}, {"from", "uint256"}, {"to", "uint256"}, {"gasLimit", "uint256"},
	{"gasPerPubdataByteLimit", "uint256"}, {"maxFeePerGas", "uint256"}, {"maxPriorityFeePerGas", "uint256"},
	{"paymaster", "uint256"}, {"nonce", "uint256"}, {"value", "uint256"}, {"data", "bytes"},
	{"factoryDeps", "bytes32[]"}, {"paymasterInput", "bytes"},
}

var (
	domainTypeHash      = abienc.TypeHash(eip712DomainType)
	transactionTypeHash = abienc.TypeHash(transactionType)
)

// digest is the hash the session key signs: keccak256(0x1901 ‖
// domainSeparator ‖ hashStruct(Transaction)), with from = the account. The
// bootloader passes the same hash to the validator, which recovers the
// session's signer from it.
//
// The request parsers refuse negative and over-wide amounts already; the
// check here keeps a future path from signing one reduced modulo 2^256
// (abienc.Uint panics on them rather than wrap).
func (t *zkTx) digest(chainID *big.Int, from ethtypes.Address) (ethtypes.Hash, error) {
	for _, x := range []*big.Int{chainID, t.Gas, t.GasPerPubdata, t.MaxFeePerGas, t.MaxPriorityFeePerGas, t.Nonce, t.Value} {
		if _, err := hexjson.Word(x); err != nil {
			return ethtypes.Hash{}, scheme.BadRequest("transaction", "%v", err)
		}
	}
	domain := abienc.HashStruct(domainTypeHash, abienc.Hashed([]byte("zkSync")), abienc.Hashed([]byte("2")), abienc.Uint(chainID))
	deps := make([]byte, 0, 32*len(t.FactoryDepHashes))
	for _, h := range t.FactoryDepHashes {
		deps = append(deps, h[:]...)
	}
	msg := abienc.HashStruct(transactionTypeHash,
		abienc.Uint64(txTypeEIP712),
		abienc.Address(from), // uint256 from: an address in its word
		abienc.Address(t.To),
		abienc.Uint(t.Gas),
		abienc.Uint(t.GasPerPubdata),
		abienc.Uint(t.MaxFeePerGas),
		abienc.Uint(t.MaxPriorityFeePerGas),
		abienc.Address(t.Paymaster),
		abienc.Uint(t.Nonce),
		abienc.Uint(t.Value),
		abienc.Hashed(t.Data),
		abienc.Hashed(deps),
		abienc.Hashed(t.PaymasterInput),
	)
	return abienc.TypedDataDigest(domain, msg), nil
}
