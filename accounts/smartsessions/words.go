package smartsessions

import (
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/sessionsigner/sessionsigner/ethtypes"
)

// Plain-words renderings of policies, for Describe and refusal messages.

var knownSelectors = map[[4]byte]string{
	selTransfer:          "transfer(address,uint256)",
	selTransferFrom:      "transferFrom(address,address,uint256)",
	selApprove:           "approve(address,uint256)",
	selIncreaseAllowance: "increaseAllowance(address,uint256)",
	selExecute:           "execute(bytes32,bytes)",
}

// selectorName names a selector by its signature when known.
func selectorName(sel [4]byte) string {
	if sel == ValueSelector {
		return "a plain value transfer"
	}
	if name, ok := knownSelectors[sel]; ok {
		return name
	}
	return fmt.Sprintf("selector 0x%x", sel[:])
}

// actionName names an action's function: its signature if the config gave
// one, else a known signature, else the selector.
func actionName(a Action) string {
	if a.Function != "" {
		return a.Function
	}
	return selectorName(a.Selector)
}

// ruleSubject names the calldata word a rule reads.
func ruleSubject(r Rule) string {
	off := r.CalldataOffset.ToInt()
	if off.IsUint64() && off.Uint64()%32 == 0 && off.Uint64() < 32*1024 {
		return fmt.Sprintf("argument %d", off.Uint64()/32)
	}
	return fmt.Sprintf("the 32-byte word at argument offset %s", off)
}

// conditionWords completes "<subject> must ...".
func conditionWords(r Rule) string {
	ref := new(big.Int).SetBytes(r.ReferenceValue[:])
	v := wordWords(ref)
	switch r.Condition {
	case CondEqual:
		return "equal " + v
	case CondGreaterThan:
		return "be greater than " + v
	case CondLessThan:
		return "be less than " + v
	case CondGreaterThanOrEqual:
		return "be at least " + v
	case CondLessThanOrEqual:
		return "be at most " + v
	case CondNotEqual:
		return "not equal " + v
	case CondInRange:
		lo, hi := r.ReferenceValue.rangeBounds()
		return fmt.Sprintf("be between %s and %s", lo, hi)
	}
	return "match condition " + r.Condition.String()
}

// wordWords renders a 32-byte word: small numbers in decimal, words that
// hold an address as the checksummed address, others as hex.
func wordWords(v *big.Int) string {
	switch {
	case v.BitLen() <= 96:
		return v.String()
	case v.BitLen() <= 160:
		return ethtypes.BigToAddress(v).Hex()
	}
	return fmt.Sprintf("0x%064x", v)
}

// wordWordsLike renders a calldata word in the form of its rule's
// reference value: when the rule compares with an address, the word is shown
// as an address too (0x…dEaD, not 57005), since wordWords alone cannot tell
// a small address from a number.
func wordWordsLike(v *big.Int, r Rule) string {
	ref := new(big.Int).SetBytes(r.ReferenceValue[:])
	if ref.BitLen() > 96 && ref.BitLen() <= 160 && v.BitLen() <= 160 {
		return ethtypes.BigToAddress(v).Hex()
	}
	return wordWords(v)
}

func timeFrameWords(p Policy) string {
	after, until := p.ValidAfter.ToInt(), p.ValidUntil.ToInt()
	ts := func(v *big.Int) string { return time.Unix(v.Int64(), 0).UTC().Format(time.RFC3339) }
	switch {
	case until.Sign() == 0:
		return "from " + ts(after) + " on"
	case after.Sign() == 0:
		return "until " + ts(until)
	}
	return "from " + ts(after) + " until " + ts(until)
}

// policyClauses renders the limits one policy list adds. unit is what a
// usage counts ("times" for an action, "user operations" for the session).
func policyClauses(ps []Policy, unit string) (clauses []string, constrainsArgs bool) {
	for _, p := range ps {
		switch p.Type {
		case PolicyUniversalAction:
			constrainsArgs = true
			var rules []string
			for _, r := range p.Rules {
				c := ruleSubject(r) + " must " + conditionWords(r)
				if r.UsageLimit != nil {
					c += fmt.Sprintf(" (adding up to at most %s over all calls)", r.UsageLimit.ToInt())
				}
				rules = append(rules, c)
			}
			clauses = append(clauses, "where "+strings.Join(rules, " and "))
			if lim := p.ValueLimitPerUse.ToInt(); lim.Sign() == 0 {
				clauses = append(clauses, "sending no native value")
			} else {
				clauses = append(clauses, fmt.Sprintf("sending at most %s wei per call", lim))
			}
		case PolicySpendingLimits:
			constrainsArgs = true
			var toks []string
			for _, l := range p.Limits {
				toks = append(toks, fmt.Sprintf("%s (raw units) of token %s", l.Amount.ToInt(), ethtypes.Address(l.Token).Hex()))
			}
			clauses = append(clauses, "spending at most "+strings.Join(toks, ", ")+" in total, with no native value")
		case PolicyTimeFrame:
			clauses = append(clauses, "only "+timeFrameWords(p))
		case PolicyUsageLimit:
			clauses = append(clauses, fmt.Sprintf("at most %s %s", p.Limit.ToInt(), unit))
		case PolicyValueLimit:
			clauses = append(clauses, fmt.Sprintf("sending at most %s wei of native value in total", p.Limit.ToInt()))
		}
	}
	return clauses, constrainsArgs
}

// permissions renders a whole config, one sentence per permission.
func permissions(cfg *Config, chainID *big.Int) []string {
	chains := "chain " + chainID.String()
	for i, c := range cfg.Chains {
		if i == 0 {
			chains = "chains " + chainID.String()
		}
		chains += ", " + c.ChainID.ToInt().String()
	}
	out := []string{fmt.Sprintf("signs user operations for smart account %s on %s through Rhinestone Smart Sessions", ethtypes.Address(cfg.Account).Hex(), chains)}
	for _, a := range cfg.Actions {
		clauses, constrained := policyClauses(a.Policies, "times")
		var s string
		if a.isFallback() {
			s = "may do anything: call any contract and function with any arguments and value (allowSudo)"
		} else {
			target := ethtypes.Address(a.Target).Hex()
			switch {
			case a.Selector == ValueSelector:
				s = "may send native value with no calldata to " + target
			default:
				s = "may call " + actionName(a) + " on " + target
			}
			if !constrained && a.Selector != ValueSelector {
				s += " with any arguments"
			}
		}
		if len(clauses) > 0 {
			s += ", " + strings.Join(clauses, ", ")
		}
		out = append(out, s)
	}
	if clauses, _ := policyClauses(cfg.Policies, "user operations"); len(clauses) > 0 {
		out = append(out, "across the whole session: "+strings.Join(clauses, ", "))
	}
	out = append(out, "cannot sign messages (ERC-1271) for the account")
	out = append(out, userOpBindingNote)
	return out
}

// userOpBindingNote says, among the permissions, what a signature is bound
// to: the calls are checked before signing, but only the full-operation
// request form ties the signed hash to them.
const userOpBindingNote = "checks each user operation's calls before signing; only a request that sends the whole " +
	"user operation binds the signature to the calls checked (a request with just a userOpHash is bound by the on-chain policies alone)"
