package local

import (
	"fmt"
	"math/big"

	"github.com/sessionsigner/sessionsigner/internal/ethunit"
)

// permissions says what a session may do, one sentence per permission, in
// the order the app listed them. The raw-hash permission is worded as a
// warning because that is what it is: a 32-byte hash can be the digest of
// any transaction, permit or typed message.
func (c *Config) permissions(chainID *big.Int) []string {
	var out []string
	for _, a := range c.Allow {
		out = append(out, a.sentence())
	}
	if c.MaxUses > 0 {
		plural := "s"
		if c.MaxUses == 1 {
			plural = ""
		}
		out = append(out, fmt.Sprintf("at most %d signature%s in total", c.MaxUses, plural))
	}
	if c.MaxTotalValue != nil {
		out = append(out, fmt.Sprintf("at most %s in total", ethunit.FormatEther(&c.MaxTotalValue.Int)))
	}
	if c.Messages {
		out = append(out, "may sign personal messages (EIP-191)")
	}
	for i := range c.TypedData {
		out = append(out, c.TypedData[i].sentence(chainID))
	}
	if len(c.TypedData) == 0 {
		out = append(out, "may not sign typed data (EIP-712)")
	} else {
		out = append(out, "never signs token permits (Permit, Permit2, or EIP-3009 transfers without a pinned payee and amount)")
	}
	if c.RawHash {
		out = append(out, "may sign ANY 32-byte hash — this can authorize anything")
	}
	return out
}

func (a *Allow) sentence() string {
	v := &a.MaxValuePerUse.Int
	if a.Selector == "" {
		return fmt.Sprintf("may send ETH to %s, up to %s per transfer", a.Target, ethunit.FormatEther(v))
	}
	what := "function " + a.Selector
	if a.Function != "" {
		what = fmt.Sprintf("%s (%s)", a.Function, a.Selector)
	}
	value := "without sending ETH"
	if v.Sign() > 0 {
		value = fmt.Sprintf("up to %s per call", ethunit.FormatEther(v))
	}
	return fmt.Sprintf("may call %s on %s, %s", what, a.Target, value)
}
