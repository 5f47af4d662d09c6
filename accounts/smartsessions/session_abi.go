package smartsessions

import (
	"github.com/sessionsigner/sessionsigner/ethtypes"
	"github.com/sessionsigner/sessionsigner/internal/abienc"
)

// The Solidity data model of erc7579/smartsessions (DataTypes.sol), and its
// ABI encoding. The fields are in the Solidity member order; each abi
// method below lists them in that order, which alone decides the bytes.

// PolicyData is one policy contract and the bytes it is initialised with.
type PolicyData struct {
	Policy   ethtypes.Address
	InitData []byte
}

// ERC7739Context names the typed-data contents a session may sign through
// ERC-1271. Sessions made here allow none.
type ERC7739Context struct {
	AppDomainSeparator [32]byte
	ContentName        []string
}

// ERC7739Data holds a session's ERC-1271 permissions.
type ERC7739Data struct {
	AllowedERC7739Content []ERC7739Context
	ERC1271Policies       []PolicyData
}

// ActionData is the policy list for calls to one (target, selector).
type ActionData struct {
	ActionTargetSelector [4]byte
	ActionTarget         ethtypes.Address
	ActionPolicies       []PolicyData
}

// Session is what SmartSession.enableSessions takes.
type Session struct {
	SessionValidator         ethtypes.Address
	SessionValidatorInitData []byte
	Salt                     [32]byte
	UserOpPolicies           []PolicyData
	ERC7739Policies          ERC7739Data
	Actions                  []ActionData
	PermitERC4337Paymaster   bool
}

// ChainDigest binds one chain's session digest into a multichain enable.
type ChainDigest struct {
	ChainID       uint64
	SessionDigest [32]byte
}

// EnableSession is the payload of an ENABLE-mode signature.
type EnableSession struct {
	ChainDigestIndex    uint8
	HashesAndChainIds   []ChainDigest
	SessionToEnable     Session
	PermissionEnableSig []byte
}

// (address policy, bytes initData)[]
func policiesABI(ps []PolicyData) abienc.Value {
	out := make([]abienc.Value, len(ps))
	for i, p := range ps {
		out[i] = abienc.Tuple(abienc.Address(p.Policy), abienc.Bytes(p.InitData))
	}
	return abienc.Array(out...)
}

// (address sessionValidator, bytes sessionValidatorInitData, bytes32 salt,
// PolicyData[] userOpPolicies, ERC7739Data erc7739Policies,
// ActionData[] actions, bool permitERC4337Paymaster)
func (s Session) abi() abienc.Value {
	contexts := make([]abienc.Value, len(s.ERC7739Policies.AllowedERC7739Content))
	for i, c := range s.ERC7739Policies.AllowedERC7739Content {
		names := make([]abienc.Value, len(c.ContentName))
		for j, n := range c.ContentName {
			names[j] = abienc.String(n)
		}
		// (bytes32 appDomainSeparator, string[] contentName)
		contexts[i] = abienc.Tuple(abienc.Bytes32(c.AppDomainSeparator), abienc.Array(names...))
	}
	actions := make([]abienc.Value, len(s.Actions))
	for i, a := range s.Actions {
		// (bytes4 actionTargetSelector, address actionTarget, PolicyData[] actionPolicies)
		actions[i] = abienc.Tuple(abienc.Bytes4(a.ActionTargetSelector), abienc.Address(a.ActionTarget), policiesABI(a.ActionPolicies))
	}
	return abienc.Tuple(
		abienc.Address(s.SessionValidator),
		abienc.Bytes(s.SessionValidatorInitData),
		abienc.Bytes32(s.Salt),
		policiesABI(s.UserOpPolicies),
		// (ERC7739Context[] allowedERC7739Content, PolicyData[] erc1271Policies)
		abienc.Tuple(abienc.Array(contexts...), policiesABI(s.ERC7739Policies.ERC1271Policies)),
		abienc.Array(actions...),
		abienc.Bool(s.PermitERC4337Paymaster),
	)
}

// (uint8 chainDigestIndex, ChainDigest[] hashesAndChainIds, Session
// sessionToEnable, bytes permissionEnableSig)
func (e EnableSession) abi() abienc.Value {
	digests := make([]abienc.Value, len(e.HashesAndChainIds))
	for i, d := range e.HashesAndChainIds {
		// (uint64 chainId, bytes32 sessionDigest)
		digests[i] = abienc.Tuple(abienc.Uint64(d.ChainID), abienc.Bytes32(d.SessionDigest))
	}
	return abienc.Tuple(
		abienc.Uint64(uint64(e.ChainDigestIndex)),
		abienc.Array(digests...),
		e.SessionToEnable.abi(),
		abienc.Bytes(e.PermissionEnableSig),
	)
}

// EncodeSession returns abi.encode(session): the bytes hashed into the
// session's ConfigHash.
func EncodeSession(s Session) []byte { return abienc.Encode(s.abi()) }

// encodeSessions returns abi.encode(Session[]).
func encodeSessions(ss []Session) []byte {
	vals := make([]abienc.Value, len(ss))
	for i, s := range ss {
		vals[i] = s.abi()
	}
	return abienc.Encode(abienc.Array(vals...))
}

// encodeEnableSignature returns abi.encode(EnableSession, bytes useSig), the
// payload an ENABLE-mode signature compresses.
func encodeEnableSignature(e EnableSession, useSig []byte) []byte {
	return abienc.Encode(e.abi(), abienc.Bytes(useSig))
}

func nonNil(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return b
}
