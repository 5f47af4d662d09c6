package abstract

import (
	"fmt"
	"math/big"
	"strings"

	"github.com/sessionsigner/sessionsigner/ethtypes"

	"github.com/sessionsigner/sessionsigner/internal/ethunit"
)

// Helpers that put the session's numbers into words for people.

// formatPeriod names an Allowance period: "hour", "day", "3 days",
// "90 seconds". Periods are aligned to multiples of their length since the
// Unix epoch (a "day" is a UTC day).
func formatPeriod(seconds *big.Int) string {
	for _, u := range []struct {
		secs int64
		name string
	}{{604800, "week"}, {86400, "day"}, {3600, "hour"}, {60, "minute"}, {1, "second"}} {
		n, r := new(big.Int).QuoRem(seconds, big.NewInt(u.secs), new(big.Int))
		if r.Sign() != 0 {
			continue
		}
		if n.Cmp(big.NewInt(1)) == 0 {
			return u.name
		}
		return n.String() + " " + u.name + "s"
	}
	return seconds.String() + " seconds" // unreachable: every period divides by 1
}

// formatAmount writes a limit on a value in unit: "0.01 ETH", "100".
type unitFormat func(*big.Int) string

func plainNumber(x *big.Int) string { return x.String() }

// limitWords says what a limit allows: "up to 1 ETH in total", "up to 5
// per day", "" for Unlimited.
func limitWords(l Limit, unit unitFormat) string {
	switch l.Type {
	case Lifetime:
		return "up to " + unit(l.Limit) + " in total"
	case Allowance:
		return "up to " + unit(l.Limit) + " per " + formatPeriod(l.Period)
	}
	return ""
}

const noValue = "with no ETH"

// valueWords describes the ETH a policy lets one call or transfer send.
func valueWords(maxPerUse *big.Int, l Limit, per string) string {
	if maxPerUse.Sign() == 0 || (l.Type != Unlimited && l.Limit.Sign() == 0) {
		return noValue
	}
	total := limitWords(l, ethunit.FormatEther)
	if total == "" {
		return "at most " + ethunit.FormatEther(maxPerUse) + " per " + per
	}
	if maxPerUse.Cmp(l.Limit) >= 0 {
		return total
	}
	return "at most " + ethunit.FormatEther(maxPerUse) + " per " + per + " and " + total
}

// formatWord shows a 32-byte calldata word the way it most likely reads:
// an address when it is one (zero high 12 bytes, large low 20), otherwise a
// number when it is small, otherwise hex.
func formatWord(w ethtypes.Hash) string {
	x := w.Big()
	if x.BitLen() <= 128 {
		return x.String()
	}
	if x.BitLen() <= 160 {
		return ethtypes.BytesToAddress(w[12:]).Hex()
	}
	return w.Hex()
}

// knownFunctions names selectors an app may give without a signature.
var knownFunctions = map[[4]byte]string{}

func init() {
	for _, sig := range []string{"approve(address,uint256)", "transfer(address,uint256)", "transferFrom(address,address,uint256)",
		"setApprovalForAll(address,bool)", "safeTransferFrom(address,address,uint256)", "mint(address,uint256)"} {
		knownFunctions[selectorOf(sig)] = sig
	}
}

func functionWords(p CallPolicy) string {
	sel := hexString(p.Selector[:])
	name := p.Function
	if name == "" {
		name = knownFunctions[p.Selector]
	}
	if name != "" {
		return name + " (" + sel + ")"
	}
	return "the function with selector " + sel
}

var chainNames = map[int64]string{
	ChainAbstract: "Abstract", ChainAbstractTestnet: "Abstract Testnet", chainZksync: "zkSync Era", chainZksyncSepolia: "zkSync Sepolia",
}

func chainWords(id *big.Int) string {
	if id.IsInt64() {
		if name, ok := chainNames[id.Int64()]; ok {
			return name + " (chain " + id.String() + ")"
		}
	}
	return "chain " + id.String()
}

func constraintWords(k Constraint) string {
	var s string
	if k.Condition == Unconstrained {
		s = fmt.Sprintf("argument %d may be anything", k.Index)
	} else {
		s = fmt.Sprintf("argument %d must be %s %s", k.Index, conditionWords[k.Condition], formatWord(k.RefValue))
	}
	if l := limitWords(k.Limit, plainNumber); l != "" {
		s += fmt.Sprintf(", adding up to no more than %s", strings.TrimPrefix(l, "up to "))
	}
	return s
}
