package abstract

import (
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/sessionsigner/sessionsigner/internal/ethcrypto"
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
	domainTypeHash      = ethcrypto.Keccak256([]byte(eip712DomainType))
	transactionTypeHash = ethcrypto.Keccak256([]byte(transactionType))
	zkSyncNameHash      = ethcrypto.Keccak256([]byte("zkSync"))
	zkSyncVersionHash   = ethcrypto.Keccak256([]byte("2"))
)

// digest is the hash the session key signs: keccak256(0x1901 ‖
// domainSeparator ‖ hashStruct(Transaction)), with from = the account. The
// bootloader passes the same hash to the validator, which recovers the
// session's signer from it.
func (t *zkTx) digest(chainID *big.Int, from common.Address) (common.Hash, error) {
	var w words
	domain := ethcrypto.Keccak256(domainTypeHash, zkSyncNameHash, zkSyncVersionHash, w.uint(chainID))
	deps := make([]byte, 0, 32*len(t.FactoryDepHashes))
	for _, h := range t.FactoryDepHashes {
		deps = append(deps, h[:]...)
	}
	msg := ethcrypto.Keccak256(
		transactionTypeHash,
		w.uint(big.NewInt(txTypeEIP712)),
		common.LeftPadBytes(from.Bytes(), 32),
		common.LeftPadBytes(t.To.Bytes(), 32),
		w.uint(t.Gas),
		w.uint(t.GasPerPubdata),
		w.uint(t.MaxFeePerGas),
		w.uint(t.MaxPriorityFeePerGas),
		common.LeftPadBytes(t.Paymaster.Bytes(), 32),
		w.uint(t.Nonce),
		w.uint(t.Value),
		ethcrypto.Keccak256(t.Data),
		ethcrypto.Keccak256(deps),
		ethcrypto.Keccak256(t.PaymasterInput),
	)
	if w.err != nil {
		return common.Hash{}, scheme.BadRequest("transaction", "%v", w.err)
	}
	return ethcrypto.Keccak256Hash([]byte{0x19, 0x01}, domain, msg), nil
}

// words encodes uint256 words through hexjson.Word, which refuses a
// negative or over-wide value instead of reducing it modulo 2^256 (the
// request parsers already refuse both; this keeps a future path from
// signing a wrapped amount). The first refusal sticks.
type words struct{ err error }

func (w *words) uint(x *big.Int) []byte {
	b, err := hexjson.Word(x)
	if err != nil && w.err == nil {
		w.err = err
	}
	return b[:]
}
