package abstract

import (
	"math/big"
	"strings"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

// The Solidity field order of SessionLib's structs, which differs from the
// TypeScript interfaces' (selector before maxValuePerUse, condition before
// index). Only these declarations decide the bytes.
const usageLimitABI = `{"name":"%s","type":"tuple","components":[
 {"name":"limitType","type":"uint8"},{"name":"limit","type":"uint256"},{"name":"period","type":"uint256"}]}`

var sessionSpecABI = `{"name":"sessionSpec","type":"tuple","components":[
 {"name":"signer","type":"address"},
 {"name":"expiresAt","type":"uint256"},
 ` + limitABI("feeLimit") + `,
 {"name":"callPolicies","type":"tuple[]","components":[
  {"name":"target","type":"address"},
  {"name":"selector","type":"bytes4"},
  {"name":"maxValuePerUse","type":"uint256"},
  ` + limitABI("valueLimit") + `,
  {"name":"constraints","type":"tuple[]","components":[
   {"name":"condition","type":"uint8"},
   {"name":"index","type":"uint64"},
   {"name":"refValue","type":"bytes32"},
   ` + limitABI("limit") + `]}]},
 {"name":"transferPolicies","type":"tuple[]","components":[
  {"name":"target","type":"address"},
  {"name":"maxValuePerUse","type":"uint256"},
  ` + limitABI("valueLimit") + `]}]}`

func limitABI(name string) string { return strings.Replace(usageLimitABI, "%s", name, 1) }

// contractsABI holds the functions this scheme calls: on the validator,
// on the account, and on the policy registry.
var contractsABI = mustABI(`[
 {"type":"function","name":"createSession","inputs":[` + sessionSpecABI + `]},
 {"type":"function","name":"revokeKeys","inputs":[{"name":"sessionHashes","type":"bytes32[]"}]},
 {"type":"function","name":"sessionStatus","inputs":[{"name":"account","type":"address"},{"name":"sessionHash","type":"bytes32"}]},
 {"type":"function","name":"addModule","inputs":[{"name":"moduleAndData","type":"bytes"}]},
 {"type":"function","name":"getCallPolicyStatus","inputs":[{"name":"target","type":"address"},{"name":"selector","type":"bytes4"}]},
 {"type":"function","name":"getTransferPolicyStatus","inputs":[{"name":"target","type":"address"}]},
 {"type":"function","name":"getApprovalTargetStatus","inputs":[{"name":"target","type":"address"},{"name":"spender","type":"address"}]}
]`)

func mustABI(s string) abi.ABI {
	a, err := abi.JSON(strings.NewReader(s))
	if err != nil {
		panic("abstract: bad built-in ABI: " + err.Error())
	}
	return a
}

var (
	sessionSpecArg = contractsABI.Methods["createSession"].Inputs[0]
	uint64sType    = mustType("uint64[]")
	bytesType      = mustType("bytes")
	addressType    = mustType("address")
	bytesArrayType = mustType("bytes[]")
)

func mustType(t string) abi.Type {
	ty, err := abi.NewType(t, "", nil)
	if err != nil {
		panic("abstract: bad built-in type: " + err.Error())
	}
	return ty
}

// Go mirrors of the Solidity structs for the ABI packer, which matches
// fields by name.
type (
	specLimit struct {
		LimitType uint8
		Limit     *big.Int
		Period    *big.Int
	}
	specConstraint struct {
		Condition uint8
		Index     uint64
		RefValue  [32]byte
		Limit     specLimit
	}
	specCall struct {
		Target         common.Address
		Selector       [4]byte
		MaxValuePerUse *big.Int
		ValueLimit     specLimit
		Constraints    []specConstraint
	}
	specTransfer struct {
		Target         common.Address
		MaxValuePerUse *big.Int
		ValueLimit     specLimit
	}
	sessionSpec struct {
		Signer           common.Address
		ExpiresAt        *big.Int
		FeeLimit         specLimit
		CallPolicies     []specCall
		TransferPolicies []specTransfer
	}
)

func toSpecLimit(l Limit) specLimit {
	return specLimit{LimitType: uint8(l.Type), Limit: orZero(l.Limit), Period: orZero(l.Period)}
}

func (c *SessionConfig) spec() sessionSpec {
	s := sessionSpec{
		Signer:           c.Signer,
		ExpiresAt:        new(big.Int).SetUint64(c.ExpiresAt),
		FeeLimit:         toSpecLimit(c.FeeLimit),
		CallPolicies:     make([]specCall, len(c.CallPolicies)),
		TransferPolicies: make([]specTransfer, len(c.TransferPolicies)),
	}
	for i, p := range c.CallPolicies {
		sc := specCall{
			Target: p.Target, Selector: p.Selector, MaxValuePerUse: orZero(p.MaxValuePerUse),
			ValueLimit: toSpecLimit(p.ValueLimit), Constraints: make([]specConstraint, len(p.Constraints)),
		}
		for j, k := range p.Constraints {
			sc.Constraints[j] = specConstraint{Condition: uint8(k.Condition), Index: k.Index, RefValue: k.RefValue, Limit: toSpecLimit(k.Limit)}
		}
		s.CallPolicies[i] = sc
	}
	for i, p := range c.TransferPolicies {
		s.TransferPolicies[i] = specTransfer{Target: p.Target, MaxValuePerUse: orZero(p.MaxValuePerUse), ValueLimit: toSpecLimit(p.ValueLimit)}
	}
	return s
}

// Encode is agw-client's encodeSession: abi.encode(SessionSpec), which
// starts with the 32-byte offset of the dynamic tuple.
func (c *SessionConfig) Encode() []byte {
	return mustPack(abi.Arguments{sessionSpecArg}, c.spec())
}

// Hash is agw-client's getSessionHash, keccak256(encodeSession): the key
// of the session's state on-chain.
func (c *SessionConfig) Hash() common.Hash {
	return crypto.Keccak256Hash(c.Encode())
}

// encodeWithPeriodIDs is the validator's hook data for one transaction:
// abi.encode(SessionSpec, uint64[] periodIds).
func (c *SessionConfig) encodeWithPeriodIDs(ids []uint64) []byte {
	return mustPack(abi.Arguments{sessionSpecArg, {Type: uint64sType}}, c.spec(), ids)
}

// createSessionCalldata is validator.createSession(spec), for an account
// that already has the module.
func (c *SessionConfig) createSessionCalldata() []byte {
	return mustPackMethod("createSession", c.spec())
}

// addModuleCalldata is account.addModule(validator ‖ abi.encode(spec)),
// which installs the module and creates the session in one call.
func (c *SessionConfig) addModuleCalldata() []byte {
	data := append(ValidatorAddress.Bytes(), c.Encode()...)
	return mustPackMethod("addModule", data)
}

// revokeKeysCalldata is validator.revokeKeys([hash]).
func revokeKeysCalldata(hash common.Hash) []byte {
	return mustPackMethod("revokeKeys", [][32]byte{hash})
}

// sessionStatusCalldata is validator.sessionStatus(account, hash), a view
// returning 0 NotInitialized, 1 Active, 2 Closed, 3 Expired.
func sessionStatusCalldata(account common.Address, hash common.Hash) []byte {
	return mustPackMethod("sessionStatus", account, hash)
}

// customSignature wraps the session key's signature the way the AGW
// account expects: abi.encode(bytes signature, address validator,
// bytes[] hookData), one hookData entry per validation hook.
func customSignature(sig []byte, hookData [][]byte) []byte {
	return mustPack(abi.Arguments{{Type: bytesType}, {Type: addressType}, {Type: bytesArrayType}}, sig, ValidatorAddress, hookData)
}

func mustPackMethod(name string, args ...any) []byte {
	out, err := contractsABI.Pack(name, args...)
	if err != nil {
		panic("abstract: pack " + name + ": " + err.Error())
	}
	return out
}

// mustPack panics only on a programming error: every value passed here was
// built by this package with the right Go types.
func mustPack(args abi.Arguments, vals ...any) []byte {
	out, err := args.Pack(vals...)
	if err != nil {
		panic("abstract: pack: " + err.Error())
	}
	return out
}

func orZero(x *big.Int) *big.Int {
	if x == nil {
		return new(big.Int)
	}
	return x
}
