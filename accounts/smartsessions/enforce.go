package smartsessions

import (
	"fmt"
	"math/big"
	"time"

	"github.com/sessionsigner/sessionsigner/ethtypes"
	"github.com/sessionsigner/sessionsigner/internal/hexjson"
	"github.com/sessionsigner/sessionsigner/scheme"
)

// enforcer checks one user operation against a session's policies the way
// SmartSession and the policy contracts would, counting into a working copy
// of the state. A refusal names the rule; the copy is then discarded, as a
// reverted validation leaves the chain's counters untouched.
type enforcer struct {
	cfg     *Config
	account ethtypes.Address
	now     time.Time
	st      *State
	changed bool
}

// userOp applies the session-wide (userOp) policies. SmartSession checks
// them before any action. ValueLimitPolicy's userOp check sums the value of
// every execution (0 for a call that is not execute()).
func (e *enforcer) userOp(calls []Call) error {
	total := new(big.Int)
	for _, c := range calls {
		total.Add(total, c.Value)
	}
	for _, p := range e.cfg.Policies {
		if err := e.apply(p, &e.st.UserOp, "the session", total); err != nil {
			return err
		}
	}
	return nil
}

// call checks one execution against the policies of its action, or of the
// fallback action when none is configured for (target, selector).
func (e *enforcer) call(n int, c Call) error {
	sel := ValueSelector
	if len(c.Data) >= 4 {
		copy(sel[:], c.Data)
	}
	where := fmt.Sprintf("call %d (%s on %s)", n, selectorName(sel), c.Target.Hex())
	switch {
	case sel == selExecute && c.Target == e.account:
		return scheme.Refuse(RuleSelfCall, "%s: SmartSession refuses a nested execute on the account", where)
	case c.Target == FallbackTarget:
		return scheme.Refuse(RuleFallbackTarget, "%s: address(1) is SmartSession's fallback flag and cannot be called", where)
	case c.Target == SmartSessionAddress:
		return scheme.Refuse(RuleSmartSessionCall, "%s: sessions made here may not call SmartSession itself", where)
	}
	idx := -1
	fallback := -1
	for i, a := range e.cfg.Actions {
		if a.isFallback() {
			fallback = i
		} else if ethtypes.Address(a.Target) == c.Target && a.Selector == sel {
			idx = i
		}
	}
	if idx < 0 {
		idx = fallback
	}
	if idx < 0 {
		return scheme.Refuse(RuleAction, "%s: the session has no policy for this target and selector", where)
	}
	if a := e.cfg.Actions[idx]; a.Function != "" && !a.isFallback() {
		where = fmt.Sprintf("call %d (%s on %s)", n, a.Function, c.Target.Hex())
	}
	counters := e.st.action(idx)
	for _, p := range e.cfg.Actions[idx].Policies {
		if err := e.applyAction(p, counters, where, c); err != nil {
			return err
		}
	}
	return nil
}

// apply checks a policy that works both session-wide and per action.
// value is what ValueLimitPolicy counts in this position.
func (e *enforcer) apply(p Policy, cnt *Counters, where string, value *big.Int) error {
	switch p.Type {
	case PolicySudo:
		return nil
	case PolicyTimeFrame:
		now := big.NewInt(e.now.Unix())
		until, after := p.ValidUntil.ToInt(), p.ValidAfter.ToInt()
		if now.Cmp(after) < 0 || (until.Sign() != 0 && now.Cmp(until) > 0) {
			return scheme.Refuse(RuleTimeFrame, "%s is only allowed %s; it is now %s", where, timeFrameWords(p), time.Unix(e.now.Unix(), 0).UTC().Format(time.RFC3339))
		}
		return nil
	case PolicyUsageLimit:
		used := new(big.Int).Add(get(cnt.Uses), big.NewInt(1))
		if used.Cmp(p.Limit.ToInt()) > 0 {
			return scheme.Refuse(RuleUsageLimit, "%s may be used at most %s times, and all uses are spent", where, p.Limit.ToInt())
		}
		cnt.Uses = set(used)
		e.changed = true
		return nil
	case PolicyValueLimit:
		used, err := hexjson.Spend(get(cnt.Value), value)
		if err != nil {
			return scheme.BadRequest("value", "%v", err)
		}
		if used.Cmp(p.Limit.ToInt()) > 0 {
			return scheme.Refuse(RuleValueLimit, "%s may send at most %s wei in total; %s already sent, this asks for %s more", where, p.Limit.ToInt(), get(cnt.Value), value)
		}
		if value.Sign() != 0 {
			cnt.Value = set(used)
			e.changed = true
		}
		return nil
	}
	return scheme.Refuse(RulePolicy, "%s: %s cannot be checked here", where, p.Type)
}

// applyAction checks one action policy against one call.
func (e *enforcer) applyAction(p Policy, cnt *Counters, where string, c Call) error {
	switch p.Type {
	case PolicyUniversalAction:
		return e.uniAction(p, cnt, where, c)
	case PolicySpendingLimits:
		return e.spendingLimit(p, cnt, where, c)
	}
	return e.apply(p, cnt, where, c.Value)
}

// uniAction mirrors UniActionPolicy.checkAction: value <= valueLimitPerUse,
// then every rule on the word at 4+offset, with cumulative limits.
func (e *enforcer) uniAction(p Policy, cnt *Counters, where string, c Call) error {
	if c.Value.Cmp(p.ValueLimitPerUse.ToInt()) > 0 {
		return scheme.Refuse(RuleUniActionValuePerUse, "%s sends %s wei; at most %s per call is allowed", where, c.Value, p.ValueLimitPerUse.ToInt())
	}
	used := make([]*big.Int, len(p.Rules))
	for j, r := range p.Rules {
		rule := RuleUniAction(j)
		off := r.CalldataOffset.ToInt()
		if !off.IsUint64() || off.Uint64() > uint64(len(c.Data)) || uint64(len(c.Data))-off.Uint64() < 36 {
			return scheme.Refuse(rule, "%s: calldata is too short for %s", where, ruleSubject(r))
		}
		start := 4 + off.Uint64()
		param := new(big.Int).SetBytes(c.Data[start : start+32])
		if !conditionHolds(r, param) {
			return scheme.Refuse(rule, "%s: %s is %s, but must %s", where, ruleSubject(r), wordWordsLike(param, r), conditionWords(r))
		}
		if r.UsageLimit != nil {
			var err error
			if used[j], err = hexjson.Spend(ruleUsed(cnt, j), param); err != nil {
				return scheme.BadRequest("callData", "%v", err)
			}
			if used[j].Cmp(r.UsageLimit.ToInt()) > 0 {
				return scheme.Refuse(rule, "%s: %s may add up to at most %s over all calls; %s would make it %s", where, ruleSubject(r), r.UsageLimit.ToInt(), param, used[j])
			}
		}
	}
	// Every rule passed: commit the limited ones (a failing rule reverts
	// the whole check on-chain, so nothing is counted before this point).
	for j, u := range used {
		if u == nil {
			continue
		}
		for len(cnt.Rules) < len(p.Rules) {
			cnt.Rules = append(cnt.Rules, hexjson.NewBig(0))
		}
		cnt.Rules[j] = hexjson.FromInt(u)
		e.changed = true
	}
	return nil
}

func ruleUsed(cnt *Counters, j int) *big.Int {
	if j < len(cnt.Rules) {
		return cnt.Rules[j].ToInt()
	}
	return new(big.Int)
}

func conditionHolds(r Rule, param *big.Int) bool {
	ref := new(big.Int).SetBytes(r.ReferenceValue[:])
	cmp := param.Cmp(ref)
	switch r.Condition {
	case CondEqual:
		return cmp == 0
	case CondGreaterThan:
		return cmp > 0
	case CondLessThan:
		return cmp < 0
	case CondGreaterThanOrEqual:
		return cmp >= 0
	case CondLessThanOrEqual:
		return cmp <= 0
	case CondNotEqual:
		return cmp != 0
	case CondInRange:
		lo, hi := r.ReferenceValue.rangeBounds()
		return param.Cmp(lo) >= 0 && param.Cmp(hi) <= 0
	}
	return false
}

// spendingLimit mirrors ERC20SpendingLimitPolicy.checkAction: no native
// value, a transfer-like call, and the running total per token within its
// limit. (On-chain a token missing from the list has limit 0; a call to one
// is refused here outright.)
func (e *enforcer) spendingLimit(p Policy, cnt *Counters, where string, c Call) error {
	if c.Value.Sign() != 0 {
		return scheme.Refuse(RuleSpendingLimit, "%s sends native value; token calls under a spending limit must send none", where)
	}
	amount, ok := tokenAmount(c.Data)
	if !ok {
		return scheme.Refuse(RuleSpendingLimit, "%s is not a well-formed transfer, transferFrom, approve or increaseAllowance call", where)
	}
	var limit *big.Int
	for _, l := range p.Limits {
		if ethtypes.Address(l.Token) == c.Target {
			limit = l.Amount.ToInt()
		}
	}
	if limit == nil {
		return scheme.Refuse(RuleSpendingLimit, "%s: token %s has no spending limit in this policy", where, c.Target.Hex())
	}
	key := c.Target.Hex()
	prev := new(big.Int)
	if v, ok := cnt.Spent[key]; ok {
		prev = v.ToInt()
	}
	total, err := hexjson.Spend(prev, amount)
	if err != nil {
		return scheme.BadRequest("callData", "%v", err)
	}
	if total.Cmp(limit) > 0 {
		return scheme.Refuse(RuleSpendingLimit, "%s: at most %s (raw units) of token %s may be spent; %s already, this asks for %s", where, limit, key, prev, amount)
	}
	if amount.Sign() != 0 {
		if cnt.Spent == nil {
			cnt.Spent = map[string]hexjson.Big{}
		}
		cnt.Spent[key] = hexjson.FromInt(total)
		e.changed = true
	}
	return nil
}

// tokenAmount decodes the amount of an ERC-20 transfer-like call as
// abi.decode does: enough bytes and clean address words.
func tokenAmount(data []byte) (*big.Int, bool) {
	if len(data) < 4 {
		return nil, false
	}
	var sel [4]byte
	copy(sel[:], data)
	args := data[4:]
	addrs := 1
	switch sel {
	case selTransfer, selApprove, selIncreaseAllowance:
	case selTransferFrom:
		addrs = 2
	default:
		return nil, false
	}
	if len(args) < 32*(addrs+1) {
		return nil, false
	}
	for k := 0; k < addrs; k++ {
		if !allZero(args[32*k : 32*k+12]) {
			return nil, false
		}
	}
	return new(big.Int).SetBytes(args[32*addrs : 32*addrs+32]), true
}
