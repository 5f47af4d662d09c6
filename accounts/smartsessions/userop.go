package smartsessions

import (
	"fmt"
	"math/big"

	"github.com/sessionsigner/sessionsigner/ethtypes"
	"github.com/sessionsigner/sessionsigner/internal/abienc"
	"github.com/sessionsigner/sessionsigner/internal/ethcrypto"
	"github.com/sessionsigner/sessionsigner/internal/hexjson"
)

// EntryPoint versions whose userOpHash this package computes, and their
// canonical deployments (the same on every chain).
const (
	EntryPointV07 = "0.7"
	EntryPointV08 = "0.8"
)

var (
	EntryPointV07Address = ethtypes.HexToAddress("0x0000000071727De22E5E9d8BAf0edAc6f37da032")
	EntryPointV08Address = ethtypes.HexToAddress("0x4337084D9E255Ff0702461CF8895CE9E3b5Ff108")
)

// UserOperation is an ERC-4337 user operation in its unpacked (EntryPoint
// v0.7 / v0.8) form, as viem and the bundler RPC carry it. A nil Factory
// means no initCode; a nil Paymaster means no paymasterAndData.
type UserOperation struct {
	Sender               ethtypes.Address
	Nonce                *big.Int
	Factory              *ethtypes.Address
	FactoryData          []byte
	CallData             []byte
	CallGasLimit         *big.Int // uint128
	VerificationGasLimit *big.Int // uint128
	PreVerificationGas   *big.Int
	MaxFeePerGas         *big.Int // uint128
	MaxPriorityFeePerGas *big.Int // uint128

	Paymaster                     *ethtypes.Address
	PaymasterVerificationGasLimit *big.Int // uint128; nil reads as 0
	PaymasterPostOpGasLimit       *big.Int // uint128; nil reads as 0
	PaymasterData                 []byte
}

// Hash is the userOpHash the EntryPoint at entryPoint (version EntryPointV07
// or EntryPointV08) computes for op on chainID: what the account's
// validator, and so the session key, signs.
//
//   - v0.7 getUserOpHash: keccak256(abi.encode(keccak256(encoded op),
//     entryPoint, chainId)), where the encoded op hashes its three byte fields.
//   - v0.8: the EIP-712 hash of the PackedUserOperation struct under the
//     domain {name "ERC4337", version "1", chainId, entryPoint}.
func (op *UserOperation) Hash(version string, entryPoint ethtypes.Address, chainID *big.Int) (ethtypes.Hash, error) {
	if err := op.check(); err != nil {
		return ethtypes.Hash{}, err
	}
	fields := op.packedFields()
	switch version {
	case EntryPointV07:
		inner := abienc.Hashed(abienc.Encode(fields...))
		return ethcrypto.Keccak256Hash(abienc.Encode(inner, abienc.Address(entryPoint), abienc.Uint(chainID))), nil
	case EntryPointV08:
		structHash := abienc.HashStruct(packedUserOpTypehash, fields...)
		domain := abienc.HashStruct(erc4337DomainTypehash, abienc.Bytes32(erc4337Name), abienc.Bytes32(erc4337Version),
			abienc.Uint(chainID), abienc.Address(entryPoint))
		return abienc.TypedDataDigest(domain, structHash), nil
	}
	return ethtypes.Hash{}, fmt.Errorf("entry point version %q is not %s or %s", hexjson.Clip(version), EntryPointV07, EntryPointV08)
}

var (
	packedUserOpTypehash = abienc.TypeHash("PackedUserOperation(address sender,uint256 nonce,bytes initCode," +
		"bytes callData,bytes32 accountGasLimits,uint256 preVerificationGas,bytes32 gasFees,bytes paymasterAndData)")
	erc4337DomainTypehash = abienc.TypeHash("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)")
	erc4337Name           = ethcrypto.Keccak256Hash([]byte("ERC4337"))
	erc4337Version        = ethcrypto.Keccak256Hash([]byte("1"))
)

// packedFields are the eight 32-byte words both versions hash: the
// PackedUserOperation with its byte fields (initCode, callData,
// paymasterAndData) replaced by their keccak256.
func (op *UserOperation) packedFields() []abienc.Value {
	var initCode, paymasterAndData []byte
	if op.Factory != nil {
		initCode = append(append(initCode, op.Factory[:]...), op.FactoryData...)
	}
	if op.Paymaster != nil {
		paymasterAndData = append(paymasterAndData, op.Paymaster[:]...)
		paymasterAndData = append(paymasterAndData, uint128(op.PaymasterVerificationGasLimit)...)
		paymasterAndData = append(paymasterAndData, uint128(op.PaymasterPostOpGasLimit)...)
		paymasterAndData = append(paymasterAndData, op.PaymasterData...)
	}
	accountGasLimits := append(uint128(op.VerificationGasLimit), uint128(op.CallGasLimit)...)
	gasFees := append(uint128(op.MaxPriorityFeePerGas), uint128(op.MaxFeePerGas)...)
	return []abienc.Value{
		abienc.Address(op.Sender),
		abienc.Uint(op.Nonce),
		abienc.Hashed(initCode),
		abienc.Hashed(op.CallData),
		abienc.Bytes32(ethtypes.BytesToHash(accountGasLimits)),
		abienc.Uint(op.PreVerificationGas),
		abienc.Bytes32(ethtypes.BytesToHash(gasFees)),
		abienc.Hashed(paymasterAndData),
	}
}

// eip7702Factory is the factory marker of an EIP-7702 user operation: the
// EntryPoint (v0.8+) replaces it with the account's delegate, which the
// hash then depends on. Not supported here.
var eip7702Factory = ethtypes.HexToAddress("0x7702000000000000000000000000000000000000")

// check refuses a user operation whose fields do not fit the packed
// encoding: missing quantities, values wider than their slots, and the
// EIP-7702 factory marker.
func (op *UserOperation) check() error {
	for _, f := range []struct {
		name     string
		v        *big.Int
		bits     int
		optional bool
	}{
		{"nonce", op.Nonce, 256, false},
		{"callGasLimit", op.CallGasLimit, 128, false},
		{"verificationGasLimit", op.VerificationGasLimit, 128, false},
		{"preVerificationGas", op.PreVerificationGas, 256, false},
		{"maxFeePerGas", op.MaxFeePerGas, 128, false},
		{"maxPriorityFeePerGas", op.MaxPriorityFeePerGas, 128, false},
		{"paymasterVerificationGasLimit", op.PaymasterVerificationGasLimit, 128, true},
		{"paymasterPostOpGasLimit", op.PaymasterPostOpGasLimit, 128, true},
	} {
		if f.v == nil {
			if f.optional {
				continue
			}
			return fmt.Errorf("%s is required", f.name)
		}
		if f.v.Sign() < 0 || f.v.BitLen() > f.bits {
			return fmt.Errorf("%s does not fit in uint%d", f.name, f.bits)
		}
	}
	if op.Factory == nil && len(op.FactoryData) > 0 {
		return fmt.Errorf("factoryData needs a factory")
	}
	if op.Factory != nil && *op.Factory == eip7702Factory {
		return fmt.Errorf("EIP-7702 user operations (factory 0x7702) are not supported")
	}
	if op.Paymaster == nil && (len(op.PaymasterData) > 0 || op.PaymasterVerificationGasLimit != nil || op.PaymasterPostOpGasLimit != nil) {
		return fmt.Errorf("paymaster fields need a paymaster")
	}
	return nil
}

// uint128 is v as 16 big-endian bytes (nil reads as 0); check has bounded it.
func uint128(v *big.Int) []byte {
	out := make([]byte, 16)
	if v != nil {
		v.FillBytes(out)
	}
	return out
}
