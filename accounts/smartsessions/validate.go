package smartsessions

import (
	"fmt"
	"math/big"

	"github.com/sessionsigner/sessionsigner/ethtypes"
	"github.com/sessionsigner/sessionsigner/internal/hexjson"
	"github.com/sessionsigner/sessionsigner/scheme"
)

// Bounds of the on-chain integer types the policies store.
var (
	maxUint48  = new(big.Int).SetUint64(1<<48 - 1)
	maxUint64  = new(big.Int).SetUint64(^uint64(0))
	maxUint128 = new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 128), big.NewInt(1))
	// secondsCeiling: a time-frame bound above this (year 5138) is almost
	// certainly the high-level SDK's milliseconds, which would make the
	// window meaningless; refuse it rather than guess.
	secondsCeiling = big.NewInt(100_000_000_000)
)

// validate checks a Config, whether just parsed from a request or read back
// from storage. It refuses anything SmartSession would refuse or that would
// make every call fail, and any sudo the config does not declare (allowSudo).
func (c *Config) validate(primaryChain *big.Int) error {
	if c.Version != configVersion {
		return scheme.BadConfig("version", "unsupported config version %d", c.Version)
	}
	if ethtypes.Address(c.Account) == (ethtypes.Address{}) {
		return scheme.BadConfig("account", "must not be the zero address")
	}
	switch c.AccountType {
	case AccountSafe, AccountNexus, AccountKernel, AccountERC7579:
	default:
		return scheme.BadConfig("accountType", "%q is not safe, nexus, kernel or erc7579", hexjson.Clip(c.AccountType))
	}
	if ethtypes.Address(c.OwnerValidator) == (ethtypes.Address{}) {
		return scheme.BadConfig("ownerValidator", "must not be the zero address")
	}
	if primaryChain == nil || primaryChain.Sign() <= 0 || primaryChain.Cmp(maxUint64) > 0 {
		return scheme.BadConfig("chainId", "must fit in uint64 (SmartSession's ChainDigest.chainId)")
	}
	seenChains := map[string]bool{primaryChain.String(): true}
	for i, ch := range c.Chains {
		id := ch.ChainID.ToInt()
		if id.Sign() <= 0 || id.Cmp(maxUint64) > 0 {
			return scheme.BadConfig(fmt.Sprintf("chains[%d].chainId", i), "must be between 1 and 2^64-1")
		}
		if seenChains[id.String()] {
			return scheme.BadConfig(fmt.Sprintf("chains[%d].chainId", i), "chain %s is listed twice (the session's own chain comes first implicitly)", id)
		}
		seenChains[id.String()] = true
	}
	if err := checkPolicyList("policies", c.Policies, false, c.AllowSudo); err != nil {
		return err
	}
	if len(c.Actions) == 0 || len(c.Actions) > maxActions {
		return scheme.BadConfig("actions", "must hold 1 to %d actions", maxActions)
	}
	seenActions := map[ethtypes.Hash]int{}
	for i := range c.Actions {
		a := &c.Actions[i]
		field := fmt.Sprintf("actions[%d]", i)
		if a.isFallback() {
			if !c.AllowSudo || len(a.Policies) != 1 || a.Policies[0].Type != PolicySudo || len(c.Actions) != 1 {
				return scheme.BadConfig(field, "the fallback action is only written by allowSudo with no actions")
			}
			continue
		}
		if err := a.check(field, c.AllowSudo); err != nil {
			return err
		}
		id := ActionID(ethtypes.Address(a.Target), a.Selector)
		if j, dup := seenActions[id]; dup {
			return scheme.BadConfig(field, "repeats actions[%d] (same target and selector); SmartSession would keep only one policy set", j)
		}
		seenActions[id] = i
	}
	return nil
}

func (a *Action) check(field string, allowSudo bool) error {
	target := ethtypes.Address(a.Target)
	switch target {
	case ethtypes.Address{}:
		return scheme.BadConfig(field+".target", "must not be the zero address")
	case FallbackTarget:
		return scheme.BadConfig(field+".target", "address(1) is SmartSession's fallback flag; set allowSudo with no actions instead")
	case SmartSessionAddress:
		return scheme.BadConfig(field+".target", "a session key may not configure SmartSession itself")
	}
	if a.Function != "" && selector(a.Function) != a.Selector {
		return scheme.BadConfig(field+".function", "does not match the selector")
	}
	if err := checkPolicyList(field+".policies", a.Policies, true, allowSudo); err != nil {
		return err
	}
	for j, p := range a.Policies {
		pf := fmt.Sprintf("%s.policies[%d]", field, j)
		switch p.Type {
		case PolicySpendingLimits:
			if !isTokenSpendSelector(a.Selector) {
				return scheme.BadConfig(pf, "spending-limits only passes transfer, transferFrom, approve and increaseAllowance; this action's selector 0x%x would always fail", a.Selector[:])
			}
			if !p.limitsToken(target) {
				return scheme.BadConfig(pf, "the policy keys limits by the called token, so it must list this action's target %s", target.Hex())
			}
		case PolicyUniversalAction:
			if a.Selector == ValueSelector {
				return scheme.BadConfig(pf, "a value-only action (selector 0xffffffff) has no calldata for universal-action rules")
			}
		}
	}
	return nil
}

func checkPolicyList(field string, ps []Policy, inAction, allowSudo bool) error {
	if len(ps) == 0 || len(ps) > maxPoliciesInList {
		return scheme.BadConfig(field, "must hold 1 to %d policies", maxPoliciesInList)
	}
	seen := map[string]int{}
	for i := range ps {
		pf := fmt.Sprintf("%s[%d]", field, i)
		if err := ps[i].check(pf, inAction); err != nil {
			return err
		}
		if inAction && ps[i].Type == PolicySudo && !allowSudo {
			return scheme.BadConfig(pf, "sudo lets the action run with any arguments; set allowSudo: true if that is intended")
		}
		if j, dup := seen[ps[i].Type]; dup {
			return scheme.BadConfig(pf, "repeats the %s policy of %s[%d]; on-chain the second would overwrite the first", ps[i].Type, field, j)
		}
		seen[ps[i].Type] = i
	}
	return nil
}

// check validates one policy and fills its defaults (valueLimitPerUse 0,
// validAfter 0), so the stored form is explicit.
func (p *Policy) check(field string, inAction bool) error {
	only := func(allowed ...string) error {
		present := []struct {
			name string
			set  bool
		}{
			{"valueLimitPerUse", p.ValueLimitPerUse != nil}, {"rules", p.Rules != nil},
			{"limits", p.Limits != nil}, {"validUntil", p.ValidUntil != nil},
			{"validAfter", p.ValidAfter != nil}, {"limit", p.Limit != nil},
		}
	next:
		for _, f := range present {
			for _, a := range allowed {
				if f.name == a {
					continue next
				}
			}
			if f.set {
				return scheme.BadConfig(field+"."+f.name, "does not belong to a %s policy", p.Type)
			}
		}
		return nil
	}
	if p.actionOnly() && !inAction {
		return scheme.BadConfig(field, "%s is an action policy; put it in an action's policies", p.Type)
	}
	switch p.Type {
	case PolicySudo:
		return only()
	case PolicyUniversalAction:
		if err := only("valueLimitPerUse", "rules"); err != nil {
			return err
		}
		if p.ValueLimitPerUse == nil {
			zero := hexjson.NewBig(0)
			p.ValueLimitPerUse = &zero
		}
		if len(p.Rules) == 0 || len(p.Rules) > maxRules {
			return scheme.BadConfig(field+".rules", "must hold 1 to %d rules", maxRules)
		}
		for i, r := range p.Rules {
			if err := r.check(fmt.Sprintf("%s.rules[%d]", field, i)); err != nil {
				return err
			}
		}
		return nil
	case PolicySpendingLimits:
		if err := only("limits"); err != nil {
			return err
		}
		return checkTokenLimits(field+".limits", p.Limits)
	case PolicyTimeFrame:
		if err := only("validUntil", "validAfter"); err != nil {
			return err
		}
		return p.checkTimeFrame(field)
	case PolicyUsageLimit:
		if err := only("limit"); err != nil {
			return err
		}
		if p.Limit == nil || p.Limit.Sign() == 0 || p.Limit.Cmp(maxUint128) > 0 {
			return scheme.BadConfig(field+".limit", "is required, between 1 and 2^128-1")
		}
		return nil
	case PolicyValueLimit:
		if err := only("limit"); err != nil {
			return err
		}
		if p.Limit == nil || p.Limit.Sign() == 0 {
			return scheme.BadConfig(field+".limit", "is required and must be at least 1 wei (the contract treats 0 as not initialised)")
		}
		return nil
	}
	return scheme.BadConfig(field+".type", "%q is not sudo, universal-action, spending-limits, time-frame, usage-limit or value-limit", hexjson.Clip(p.Type))
}

func (r Rule) check(field string) error {
	if r.Condition > CondInRange {
		return scheme.BadConfig(field+".condition", "unknown condition")
	}
	if r.CalldataOffset.Cmp(maxUint64) > 0 {
		return scheme.BadConfig(field+".calldataOffset", "must fit in uint64")
	}
	if r.UsageLimit != nil && r.UsageLimit.Sign() == 0 {
		return scheme.BadConfig(field+".usageLimit", "must be at least 1 (omit it for no cumulative limit)")
	}
	if r.Condition == CondInRange {
		lo, hi := r.ReferenceValue.rangeBounds()
		if lo.Cmp(hi) > 0 {
			return scheme.BadConfig(field+".referenceValue", "inRange packs uint128(min) || uint128(max); here min %s > max %s, so nothing would pass", lo, hi)
		}
	}
	return nil
}

// rangeBounds splits an IN_RANGE reference value: min is the high 128 bits,
// max the low 128 bits (UniActionPolicy: ref >> 128, ref & (2^128-1)).
func (w Word) rangeBounds() (lo, hi *big.Int) {
	return new(big.Int).SetBytes(w[:16]), new(big.Int).SetBytes(w[16:])
}

func checkTokenLimits(field string, limits []TokenLimit) error {
	if len(limits) == 0 || len(limits) > maxTokenLimits {
		return scheme.BadConfig(field, "must hold 1 to %d token limits", maxTokenLimits)
	}
	seen := map[ethtypes.Address]bool{}
	for i, l := range limits {
		tok := ethtypes.Address(l.Token)
		if tok == (ethtypes.Address{}) {
			return scheme.BadConfig(fmt.Sprintf("%s[%d].token", field, i), "must not be the zero address")
		}
		if seen[tok] {
			return scheme.BadConfig(fmt.Sprintf("%s[%d].token", field, i), "is listed twice")
		}
		seen[tok] = true
		if l.Amount.Sign() == 0 {
			return scheme.BadConfig(fmt.Sprintf("%s[%d].amount", field, i), "must be at least 1 (the contract refuses 0)")
		}
	}
	return nil
}

func (p *Policy) checkTimeFrame(field string) error {
	if p.ValidUntil == nil {
		return scheme.BadConfig(field+".validUntil", "is required (unix seconds; 0 for no end)")
	}
	if p.ValidAfter == nil {
		zero := hexjson.NewBig(0)
		p.ValidAfter = &zero
	}
	for _, b := range []struct {
		name string
		v    *hexjson.Big
	}{{"validUntil", p.ValidUntil}, {"validAfter", p.ValidAfter}} {
		if b.v.Cmp(secondsCeiling) > 0 {
			return scheme.BadConfig(field+"."+b.name, "%s looks like milliseconds; time-frame bounds are unix seconds", b.v.ToInt())
		}
	}
	until, after := p.ValidUntil.ToInt(), p.ValidAfter.ToInt()
	if until.Sign() == 0 && after.Sign() == 0 {
		return scheme.BadConfig(field, "validUntil and validAfter are both 0; the contract treats that as not initialised")
	}
	if until.Sign() != 0 && after.Cmp(until) > 0 {
		return scheme.BadConfig(field, "validAfter is later than validUntil")
	}
	return nil
}

func (p Policy) limitsToken(token ethtypes.Address) bool {
	for _, l := range p.Limits {
		if ethtypes.Address(l.Token) == token {
			return true
		}
	}
	return false
}

func isTokenSpendSelector(sel [4]byte) bool {
	return sel == selTransfer || sel == selTransferFrom || sel == selApprove || sel == selIncreaseAllowance
}
