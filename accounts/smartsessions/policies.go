package smartsessions

import (
	"math/big"

	"github.com/sessionsigner/sessionsigner/ethtypes"
	"github.com/sessionsigner/sessionsigner/internal/abienc"
	"github.com/sessionsigner/sessionsigner/internal/hexjson"
)

// Policy types, named as the Rhinestone SDK names them.
const (
	PolicySudo            = "sudo"
	PolicyUniversalAction = "universal-action"
	PolicySpendingLimits  = "spending-limits"
	PolicyTimeFrame       = "time-frame"
	PolicyUsageLimit      = "usage-limit"
	PolicyValueLimit      = "value-limit"
)

// Limits that keep a config small enough to describe and to check quickly.
// maxRules is the UniActionPolicy's fixed rule array; the others are ours
// (SmartSession enforces at most 32 policies per list when it checks).
const (
	maxRules          = 16
	maxTokenLimits    = 16
	maxPoliciesInList = 16
	maxActions        = 64
)

// Policy is one policy in the SDK's JSON shape. Type selects which of the
// other fields apply; parsing refuses fields that do not belong to the type.
type Policy struct {
	Type string `json:"type"`

	// universal-action: a cap on msg.value per call (default 0: no value) and
	// up to 16 rules on 32-byte calldata words.
	ValueLimitPerUse *hexjson.Big `json:"valueLimitPerUse,omitempty"`
	Rules            []Rule       `json:"rules,omitempty"`

	// spending-limits: per-token caps on transfer/transferFrom/approve/
	// increaseAllowance amounts, in the token's raw units.
	Limits []TokenLimit `json:"limits,omitempty"`

	// time-frame: unix SECONDS (module-sdk's getTimeFramePolicy and the
	// contract both use seconds; the high-level SDK's milliseconds are refused).
	// validUntil 0 means no end.
	ValidUntil *hexjson.Big `json:"validUntil,omitempty"`
	ValidAfter *hexjson.Big `json:"validAfter,omitempty"`

	// usage-limit: number of uses; value-limit: total native value in wei.
	Limit *hexjson.Big `json:"limit,omitempty"`
}

// Rule is one UniActionPolicy parameter rule. The word it checks starts at
// byte 4+CalldataOffset of the call's calldata (offset 0 = first argument).
type Rule struct {
	Condition      Condition    `json:"condition"`
	CalldataOffset hexjson.Big  `json:"calldataOffset"`
	ReferenceValue Word         `json:"referenceValue"`
	UsageLimit     *hexjson.Big `json:"usageLimit,omitempty"`
}

// TokenLimit caps what one ERC-20 token may be spent.
type TokenLimit struct {
	Token  Address     `json:"token"`
	Amount hexjson.Big `json:"amount"`
}

// address returns the policy contract the type names.
func (p Policy) address() ethtypes.Address {
	switch p.Type {
	case PolicySudo:
		return SudoPolicyAddress
	case PolicyUniversalAction:
		return UniActionPolicyAddress
	case PolicySpendingLimits:
		return SpendingLimitsPolicyAddress
	case PolicyTimeFrame:
		return TimeFramePolicyAddress
	case PolicyUsageLimit:
		return UsageLimitPolicyAddress
	case PolicyValueLimit:
		return ValueLimitPolicyAddress
	}
	return ethtypes.Address{}
}

// actionOnly reports whether the contract implements only IActionPolicy.
func (p Policy) actionOnly() bool {
	return p.Type == PolicyUniversalAction || p.Type == PolicySpendingLimits
}

// data returns the on-chain PolicyData of a validated policy.
func (p Policy) data() PolicyData {
	return PolicyData{Policy: p.address(), InitData: p.initData()}
}

// initData encodes the policy's init data exactly as the module-sdk helpers
// (getSudoPolicy, getUniversalActionPolicy, ...) do.
func (p Policy) initData() []byte {
	switch p.Type {
	case PolicyUniversalAction:
		return uniActionInitData(p)
	case PolicySpendingLimits:
		return spendingLimitsInitData(p.Limits)
	case PolicyTimeFrame:
		// encodePacked(uint48 validUntil, uint48 validAfter)
		out := make([]byte, 12)
		bigOrZero(p.ValidUntil).FillBytes(out[0:6])
		bigOrZero(p.ValidAfter).FillBytes(out[6:12])
		return out
	case PolicyUsageLimit:
		// encodePacked(uint128 limit)
		return bigOrZero(p.Limit).FillBytes(make([]byte, 16))
	case PolicyValueLimit:
		// abi.encode(uint256 limit)
		return bigOrZero(p.Limit).FillBytes(make([]byte, 32))
	}
	return []byte{}
}

// uniActionInitData is abi.encode(ActionConfig). ActionConfig is entirely
// static (the rule array has a fixed 16 slots, unused ones zero), so its
// encoding is the plain sequence of 32-byte words:
// valueLimitPerUse, length, then per slot condition, offset, isLimited, ref,
// usage.limit, usage.used.
func uniActionInitData(p Policy) []byte {
	const slotWords = 6
	out := make([]byte, 32*(2+maxRules*slotWords))
	putWord(out, 0, bigOrZero(p.ValueLimitPerUse))
	putWord(out, 1, big.NewInt(int64(len(p.Rules))))
	for i, r := range p.Rules {
		base := 2 + i*slotWords
		putWord(out, base, big.NewInt(int64(r.Condition)))
		putWord(out, base+1, r.CalldataOffset.ToInt())
		if r.UsageLimit != nil {
			putWord(out, base+2, big.NewInt(1))
			putWord(out, base+4, r.UsageLimit.ToInt())
		}
		copy(out[32*(base+3):], r.ReferenceValue[:])
		// usage.used starts at 0.
	}
	return out
}

// spendingLimitsInitData is abi.encode(address[] tokens, uint256[] limits).
func spendingLimitsInitData(limits []TokenLimit) []byte {
	tokens := make([]abienc.Value, len(limits))
	amounts := make([]abienc.Value, len(limits))
	for i, l := range limits {
		tokens[i] = abienc.Address(ethtypes.Address(l.Token))
		amounts[i] = abienc.Uint(l.Amount.ToInt())
	}
	return abienc.Encode(abienc.Array(tokens...), abienc.Array(amounts...))
}

func putWord(out []byte, word int, v *big.Int) {
	v.FillBytes(out[32*word : 32*(word+1)])
}

func bigOrZero(b *hexjson.Big) *big.Int {
	if b == nil {
		return new(big.Int)
	}
	return b.ToInt()
}
