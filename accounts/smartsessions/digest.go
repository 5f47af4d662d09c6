package smartsessions

import (
	"math/big"
	"sort"
	"strings"

	"github.com/sessionsigner/sessionsigner/ethtypes"
	"github.com/sessionsigner/sessionsigner/internal/abienc"
	"github.com/sessionsigner/sessionsigner/internal/ethcrypto"
)

// The ENABLE digest (HashLib.sol): the EIP-712 hash, under the domain
// {name: "SmartSession", version: "1"}, of a MultiChainSession that lists one
// ChainSession per chain. The account owner signs it (through the account's
// ERC-1271) so that an ENABLE-mode user operation can enable the session
// without a separate transaction.

type typedField struct{ name, typ string }

var enableTypes = map[string][]typedField{
	"PolicyData":     {{"policy", "address"}, {"initData", "bytes"}},
	"ActionData":     {{"actionTargetSelector", "bytes4"}, {"actionTarget", "address"}, {"actionPolicies", "PolicyData[]"}},
	"ERC7739Context": {{"appDomainSeparator", "bytes32"}, {"contentName", "string[]"}},
	"ERC7739Data":    {{"allowedERC7739Content", "ERC7739Context[]"}, {"erc1271Policies", "PolicyData[]"}},
	"SignedPermissions": {
		{"permitGenericPolicy", "bool"}, {"permitAdminAccess", "bool"},
		{"ignoreSecurityAttestations", "bool"}, {"permitERC4337Paymaster", "bool"},
		{"userOpPolicies", "PolicyData[]"}, {"erc7739Policies", "ERC7739Data"}, {"actions", "ActionData[]"},
	},
	"SignedSession": {
		{"account", "address"}, {"permissions", "SignedPermissions"}, {"sessionValidator", "address"},
		{"sessionValidatorInitData", "bytes"}, {"salt", "bytes32"}, {"smartSession", "address"}, {"nonce", "uint256"},
	},
	"ChainSession":      {{"chainId", "uint64"}, {"session", "SignedSession"}},
	"MultiChainSession": {{"sessionsAndChainIds", "ChainSession[]"}},
}

// encodeType is EIP-712 encodeType: the primary type, then its struct
// dependencies sorted by name.
func encodeType(primary string) string {
	deps := map[string]bool{}
	var walk func(string)
	walk = func(t string) {
		for _, f := range enableTypes[t] {
			base := strings.TrimSuffix(f.typ, "[]")
			if _, isStruct := enableTypes[base]; isStruct && !deps[base] && base != primary {
				deps[base] = true
				walk(base)
			}
		}
	}
	walk(primary)
	names := make([]string, 0, len(deps))
	for d := range deps {
		names = append(names, d)
	}
	sort.Strings(names)
	var b strings.Builder
	for _, t := range append([]string{primary}, names...) {
		b.WriteString(t + "(")
		for i, f := range enableTypes[t] {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(f.typ + " " + f.name)
		}
		b.WriteByte(')')
	}
	return b.String()
}

var (
	policyDataTypehash        = typeHash("PolicyData")
	actionDataTypehash        = typeHash("ActionData")
	erc7739ContextTypehash    = typeHash("ERC7739Context")
	erc7739DataTypehash       = typeHash("ERC7739Data")
	signedPermissionsTypehash = typeHash("SignedPermissions")
	signedSessionTypehash     = typeHash("SignedSession")
	chainSessionTypehash      = typeHash("ChainSession")
	multiChainSessionTypehash = typeHash("MultiChainSession")

	multichainDomainSeparator = abienc.HashStruct(abienc.TypeHash("EIP712Domain(string name,string version)"),
		abienc.Hashed([]byte("SmartSession")), abienc.Hashed([]byte("1")))
)

func typeHash(name string) ethtypes.Hash { return abienc.TypeHash(encodeType(name)) }

// permissionFlags are the SignedPermissions booleans SmartSession derives
// from the session and the mode; they are never taken from the caller
// (module-sdk's getEnableSessionDetails takes them as input, which yields a
// digest the contract rejects when a fallback action or UNSAFE_ENABLE is
// involved: module-sdk #144).
func permissionFlags(s Session, mode SmartSessionMode) (generic, admin, ignoreAttestations bool) {
	for _, a := range s.Actions {
		if a.ActionTarget != FallbackTarget {
			continue
		}
		if a.ActionTargetSelector == FallbackSelector {
			generic = true
		}
		if a.ActionTargetSelector == adminFallbackSelector {
			admin = true
		}
	}
	return generic, admin, mode == ModeUnsafeEnable
}

// Each hash below is one member's EIP-712 word: a struct's hashStruct, or
// for an array the keccak256 of its elements' words.

func hashPolicies(ps []PolicyData) ethtypes.Hash {
	var cat []byte
	for _, p := range ps {
		h := abienc.HashStruct(policyDataTypehash, abienc.Address(p.Policy), abienc.Hashed(p.InitData))
		cat = append(cat, h[:]...)
	}
	return ethcrypto.Keccak256Hash(cat)
}

func hashActions(as []ActionData) ethtypes.Hash {
	var cat []byte
	for _, a := range as {
		h := abienc.HashStruct(actionDataTypehash, abienc.Bytes4(a.ActionTargetSelector), abienc.Address(a.ActionTarget),
			abienc.Bytes32(hashPolicies(a.ActionPolicies)))
		cat = append(cat, h[:]...)
	}
	return ethcrypto.Keccak256Hash(cat)
}

func hashERC7739(d ERC7739Data) ethtypes.Hash {
	var ctx []byte
	for _, c := range d.AllowedERC7739Content {
		var names []byte
		for _, n := range c.ContentName {
			names = append(names, ethcrypto.Keccak256([]byte(n))...)
		}
		h := abienc.HashStruct(erc7739ContextTypehash, abienc.Bytes32(c.AppDomainSeparator), abienc.Hashed(names))
		ctx = append(ctx, h[:]...)
	}
	return abienc.HashStruct(erc7739DataTypehash, abienc.Hashed(ctx), abienc.Bytes32(hashPolicies(d.ERC1271Policies)))
}

// sessionDigest is the SignedSession struct hash SmartSession recomputes
// on-chain (getSessionDigest) for one chain.
func sessionDigest(s Session, account ethtypes.Address, nonce *big.Int, mode SmartSessionMode) ethtypes.Hash {
	generic, admin, ignore := permissionFlags(s, mode)
	permissions := abienc.HashStruct(signedPermissionsTypehash,
		abienc.Bool(generic), abienc.Bool(admin), abienc.Bool(ignore), abienc.Bool(s.PermitERC4337Paymaster),
		abienc.Bytes32(hashPolicies(s.UserOpPolicies)), abienc.Bytes32(hashERC7739(s.ERC7739Policies)),
		abienc.Bytes32(hashActions(s.Actions)))
	return abienc.HashStruct(signedSessionTypehash, abienc.Address(account), abienc.Bytes32(permissions),
		abienc.Address(s.SessionValidator), abienc.Hashed(s.SessionValidatorInitData), abienc.Bytes32(s.Salt),
		abienc.Address(SmartSessionAddress), abienc.Uint(nonce))
}

// enableChain is one chain of a (multichain) enable, in digest order.
type enableChain struct {
	ChainID uint64
	Nonce   *big.Int
}

// enableDigest returns the digest the account owner signs and the
// per-chain session digests an ENABLE signature carries.
func enableDigest(s Session, account ethtypes.Address, chains []enableChain, mode SmartSessionMode) (ethtypes.Hash, []ChainDigest) {
	hashes := make([]ChainDigest, len(chains))
	var cat []byte
	for i, c := range chains {
		d := sessionDigest(s, account, c.Nonce, mode)
		hashes[i] = ChainDigest{ChainID: c.ChainID, SessionDigest: d}
		h := abienc.HashStruct(chainSessionTypehash, abienc.Uint64(c.ChainID), abienc.Bytes32(d))
		cat = append(cat, h[:]...)
	}
	multi := abienc.HashStruct(multiChainSessionTypehash, abienc.Hashed(cat))
	return abienc.TypedDataDigest(multichainDomainSeparator, multi), hashes
}
