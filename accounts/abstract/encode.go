package abstract

import (
	"github.com/sessionsigner/sessionsigner/ethtypes"
	"github.com/sessionsigner/sessionsigner/internal/abienc"
	"github.com/sessionsigner/sessionsigner/internal/ethcrypto"
)

// The ABI of SessionLib's structs, in their Solidity field order, which
// differs from the TypeScript interfaces' (selector before maxValuePerUse,
// condition before index). Only these declarations decide the bytes; the
// differential tests hold them to agw-client's.
const (
	usageLimitType   = "(uint8,uint256,uint256)" // (limitType, limit, period)
	constraintType   = "(uint8,uint64,bytes32," + usageLimitType + ")"
	callSpecType     = "(address,bytes4,uint256," + usageLimitType + "," + constraintType + "[])"
	transferSpecType = "(address,uint256," + usageLimitType + ")"
	sessionSpecType  = "(address,uint256," + usageLimitType + "," + callSpecType + "[]," + transferSpecType + "[])"
)

// Selectors of the functions this scheme calls: on the validator, on the
// account, and on the policy registry.
var (
	selCreateSession           = selectorOf("createSession(" + sessionSpecType + ")")
	selRevokeKeys              = selectorOf("revokeKeys(bytes32[])")
	selSessionStatus           = selectorOf("sessionStatus(address,bytes32)")
	selAddModule               = selectorOf("addModule(bytes)")
	selGetCallPolicyStatus     = selectorOf("getCallPolicyStatus(address,bytes4)")
	selGetTransferPolicyStatus = selectorOf("getTransferPolicyStatus(address)")
	selGetApprovalTargetStatus = selectorOf("getApprovalTargetStatus(address,address)")
)

// UsageLimit (uint8 limitType, uint256 limit, uint256 period).
func (l Limit) abi() abienc.Value {
	return abienc.Tuple(abienc.Uint64(uint64(l.Type)), abienc.Uint(l.Limit), abienc.Uint(l.Period))
}

// SessionSpec (address signer, uint256 expiresAt, UsageLimit feeLimit,
// CallSpec[] callPolicies, TransferSpec[] transferPolicies).
func (c *SessionConfig) abi() abienc.Value {
	calls := make([]abienc.Value, len(c.CallPolicies))
	for i, p := range c.CallPolicies {
		constraints := make([]abienc.Value, len(p.Constraints))
		for j, k := range p.Constraints {
			// Constraint (uint8 condition, uint64 index, bytes32 refValue, UsageLimit limit)
			constraints[j] = abienc.Tuple(abienc.Uint64(uint64(k.Condition)), abienc.Uint64(k.Index), abienc.Bytes32(k.RefValue), k.Limit.abi())
		}
		// CallSpec (address target, bytes4 selector, uint256 maxValuePerUse,
		// UsageLimit valueLimit, Constraint[] constraints)
		calls[i] = abienc.Tuple(abienc.Address(p.Target), abienc.Bytes4(p.Selector), abienc.Uint(p.MaxValuePerUse),
			p.ValueLimit.abi(), abienc.Array(constraints...))
	}
	transfers := make([]abienc.Value, len(c.TransferPolicies))
	for i, p := range c.TransferPolicies {
		// TransferSpec (address target, uint256 maxValuePerUse, UsageLimit valueLimit)
		transfers[i] = abienc.Tuple(abienc.Address(p.Target), abienc.Uint(p.MaxValuePerUse), p.ValueLimit.abi())
	}
	return abienc.Tuple(abienc.Address(c.Signer), abienc.Uint64(c.ExpiresAt), c.FeeLimit.abi(),
		abienc.Array(calls...), abienc.Array(transfers...))
}

// Encode is agw-client's encodeSession: abi.encode(SessionSpec), which
// starts with the 32-byte offset of the dynamic tuple.
func (c *SessionConfig) Encode() []byte { return abienc.Encode(c.abi()) }

// Hash is agw-client's getSessionHash, keccak256(encodeSession): the key
// of the session's state on-chain.
func (c *SessionConfig) Hash() ethtypes.Hash {
	return ethcrypto.Keccak256Hash(c.Encode())
}

// encodeWithPeriodIDs is the validator's hook data for one transaction:
// abi.encode(SessionSpec, uint64[] periodIds).
func (c *SessionConfig) encodeWithPeriodIDs(ids []uint64) []byte {
	words := make([]abienc.Value, len(ids))
	for i, id := range ids {
		words[i] = abienc.Uint64(id)
	}
	return abienc.Encode(c.abi(), abienc.Array(words...))
}

// createSessionCalldata is validator.createSession(spec), for an account
// that already has the module.
func (c *SessionConfig) createSessionCalldata() []byte {
	return abienc.Call(selCreateSession, c.abi())
}

// addModuleCalldata is account.addModule(validator ‖ abi.encode(spec)),
// which installs the module and creates the session in one call.
func (c *SessionConfig) addModuleCalldata() []byte {
	data := append(ValidatorAddress.Bytes(), c.Encode()...)
	return abienc.Call(selAddModule, abienc.Bytes(data))
}

// revokeKeysCalldata is validator.revokeKeys([hash]).
func revokeKeysCalldata(hash ethtypes.Hash) []byte {
	return abienc.Call(selRevokeKeys, abienc.Array(abienc.Bytes32(hash)))
}

// sessionStatusCalldata is validator.sessionStatus(account, hash), a view
// returning 0 NotInitialized, 1 Active, 2 Closed, 3 Expired.
func sessionStatusCalldata(account ethtypes.Address, hash ethtypes.Hash) []byte {
	return abienc.Call(selSessionStatus, abienc.Address(account), abienc.Bytes32(hash))
}

// customSignature wraps the session key's signature the way the AGW
// account expects: abi.encode(bytes signature, address validator,
// bytes[] hookData), one hookData entry per validation hook.
func customSignature(sig []byte, hookData [][]byte) []byte {
	hooks := make([]abienc.Value, len(hookData))
	for i, h := range hookData {
		hooks[i] = abienc.Bytes(h)
	}
	return abienc.Encode(abienc.Bytes(sig), abienc.Address(ValidatorAddress), abienc.Array(hooks...))
}
