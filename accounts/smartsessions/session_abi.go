package smartsessions

import (
	"fmt"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
)

// The Solidity data model of erc7579/smartsessions (DataTypes.sol). The abi
// tags are the Solidity member names; go-ethereum's packer matches struct
// fields to tuple components through them.

// PolicyData is one policy contract and the bytes it is initialised with.
type PolicyData struct {
	Policy   common.Address `abi:"policy"`
	InitData []byte         `abi:"initData"`
}

// ERC7739Context names the typed-data contents a session may sign through
// ERC-1271. Sessions made here allow none.
type ERC7739Context struct {
	AppDomainSeparator [32]byte `abi:"appDomainSeparator"`
	ContentName        []string `abi:"contentName"`
}

// ERC7739Data holds a session's ERC-1271 permissions.
type ERC7739Data struct {
	AllowedERC7739Content []ERC7739Context `abi:"allowedERC7739Content"`
	ERC1271Policies       []PolicyData     `abi:"erc1271Policies"`
}

// ActionData is the policy list for calls to one (target, selector).
type ActionData struct {
	ActionTargetSelector [4]byte        `abi:"actionTargetSelector"`
	ActionTarget         common.Address `abi:"actionTarget"`
	ActionPolicies       []PolicyData   `abi:"actionPolicies"`
}

// Session is what SmartSession.enableSessions takes.
type Session struct {
	SessionValidator         common.Address `abi:"sessionValidator"`
	SessionValidatorInitData []byte         `abi:"sessionValidatorInitData"`
	Salt                     [32]byte       `abi:"salt"`
	UserOpPolicies           []PolicyData   `abi:"userOpPolicies"`
	ERC7739Policies          ERC7739Data    `abi:"erc7739Policies"`
	Actions                  []ActionData   `abi:"actions"`
	PermitERC4337Paymaster   bool           `abi:"permitERC4337Paymaster"`
}

// ChainDigest binds one chain's session digest into a multichain enable.
type ChainDigest struct {
	ChainID       uint64   `abi:"chainId"`
	SessionDigest [32]byte `abi:"sessionDigest"`
}

// EnableSession is the payload of an ENABLE-mode signature.
type EnableSession struct {
	ChainDigestIndex    uint8         `abi:"chainDigestIndex"`
	HashesAndChainIds   []ChainDigest `abi:"hashesAndChainIds"`
	SessionToEnable     Session       `abi:"sessionToEnable"`
	PermissionEnableSig []byte        `abi:"permissionEnableSig"`
}

var (
	policyDataABI = []abi.ArgumentMarshaling{
		{Name: "policy", Type: "address"},
		{Name: "initData", Type: "bytes"},
	}
	sessionABI = []abi.ArgumentMarshaling{
		{Name: "sessionValidator", Type: "address"},
		{Name: "sessionValidatorInitData", Type: "bytes"},
		{Name: "salt", Type: "bytes32"},
		{Name: "userOpPolicies", Type: "tuple[]", Components: policyDataABI},
		{Name: "erc7739Policies", Type: "tuple", Components: []abi.ArgumentMarshaling{
			{Name: "allowedERC7739Content", Type: "tuple[]", Components: []abi.ArgumentMarshaling{
				{Name: "appDomainSeparator", Type: "bytes32"},
				{Name: "contentName", Type: "string[]"},
			}},
			{Name: "erc1271Policies", Type: "tuple[]", Components: policyDataABI},
		}},
		{Name: "actions", Type: "tuple[]", Components: []abi.ArgumentMarshaling{
			{Name: "actionTargetSelector", Type: "bytes4"},
			{Name: "actionTarget", Type: "address"},
			{Name: "actionPolicies", Type: "tuple[]", Components: policyDataABI},
		}},
		{Name: "permitERC4337Paymaster", Type: "bool"},
	}
	enableSessionABI = []abi.ArgumentMarshaling{
		{Name: "chainDigestIndex", Type: "uint8"},
		{Name: "hashesAndChainIds", Type: "tuple[]", Components: []abi.ArgumentMarshaling{
			{Name: "chainId", Type: "uint64"},
			{Name: "sessionDigest", Type: "bytes32"},
		}},
		{Name: "sessionToEnable", Type: "tuple", Components: sessionABI},
		{Name: "permissionEnableSig", Type: "bytes"},
	}

	sessionArgs       = abi.Arguments{{Type: mustType("tuple", sessionABI)}}
	sessionArrayArgs  = abi.Arguments{{Type: mustType("tuple[]", sessionABI)}}
	enableSessionArgs = abi.Arguments{{Type: mustType("tuple", enableSessionABI)}, {Type: mustType("bytes", nil)}}
)

func mustType(t string, components []abi.ArgumentMarshaling) abi.Type {
	typ, err := abi.NewType(t, "", components)
	if err != nil {
		panic(fmt.Sprintf("smartsessions: ABI type %s: %v", t, err))
	}
	return typ
}

// EncodeSession returns abi.encode(session): the bytes hashed into the
// session's ConfigHash.
func EncodeSession(s Session) ([]byte, error) { return sessionArgs.Pack(s) }

// encodeSessions returns abi.encode(Session[]).
func encodeSessions(ss []Session) ([]byte, error) { return sessionArrayArgs.Pack(ss) }

// encodeEnableSignature returns abi.encode(EnableSession, bytes useSig), the
// payload an ENABLE-mode signature compresses.
func encodeEnableSignature(e EnableSession, useSig []byte) ([]byte, error) {
	return enableSessionArgs.Pack(e, useSig)
}

func nonNil(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return b
}
