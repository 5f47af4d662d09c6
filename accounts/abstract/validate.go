package abstract

import (
	"math/big"

	"github.com/sessionsigner/sessionsigner/ethtypes"

	"github.com/sessionsigner/sessionsigner/scheme"
)

// checkConfig applies the rules that do not depend on the clock or on the
// policy registry. Each refusal is a *scheme.ConfigError whose Reason is
// the contract's revert string or agw-client's message where one exists.
func checkConfig(c *Config, chainID *big.Int) error {
	if chainID == nil || !chainID.IsInt64() || !validChains[chainID.Int64()] {
		// agw-client's words for a chain it cannot sign for.
		return scheme.BadConfig("chainId", "Invalid chain specified")
	}
	if c.Signer == (ethtypes.Address{}) {
		return scheme.BadConfig("signer", "Invalid signer")
	}
	if c.Account == (ethtypes.Address{}) {
		return scheme.BadConfig("account", "is the zero address; give the Abstract Global Wallet's address")
	}
	if c.FeeLimit.Type == Unlimited {
		return scheme.BadConfig("feeLimit", "Unlimited fee allowance is not safe")
	}
	if err := checkLimit("feeLimit", c.FeeLimit); err != nil {
		return err
	}
	for i, p := range c.CallPolicies {
		if err := checkCallPolicy(at("callPolicies", i), c, p); err != nil {
			return err
		}
		if first := c.findCallPolicy(p.Target, p.Selector); first != i {
			return scheme.BadConfig(at("callPolicies", i), "repeats the target and selector of callPolicies[%d]; the contract only ever uses the first", first)
		}
	}
	for i, p := range c.TransferPolicies {
		if err := checkLimit(at("transferPolicies", i)+".valueLimit", p.ValueLimit); err != nil {
			return err
		}
		if first := c.findTransferPolicy(p.Target); first != i {
			return scheme.BadConfig(at("transferPolicies", i), "repeats the target of transferPolicies[%d]; the contract only ever uses the first", first)
		}
	}
	if chainID.Int64() == ChainAbstract {
		return checkRestrictedSelectors(c)
	}
	return nil
}

func checkCallPolicy(path string, c *Config, p CallPolicy) error {
	// A call (4+ bytes of calldata) to either address always reverts.
	if p.Target == c.Account {
		return scheme.BadConfig(path+".target", "Can not target self")
	}
	if p.Target == ValidatorAddress {
		return scheme.BadConfig(path+".target", "Can not manage session keys")
	}
	if err := checkLimit(path+".valueLimit", p.ValueLimit); err != nil {
		return err
	}
	for j, k := range p.Constraints {
		if err := checkLimit(at(path+".constraints", j)+".limit", k.Limit); err != nil {
			return err
		}
	}
	return nil
}

// checkLimit refuses an Allowance without a period: agw-client divides by
// it (a RangeError) and the contract could never place a timestamp in it.
func checkLimit(path string, l Limit) error {
	if l.Type == Allowance && l.Period.Sign() == 0 {
		return scheme.BadConfig(path+".period", "an Allowance limit needs a period of at least 1 second")
	}
	return nil
}

// checkRestrictedSelectors is agw-client's mainnet rule: approve,
// setApprovalForAll and transfer policies must pin their first argument
// (the spender or recipient) with an Equal constraint at index 0. The
// selector and target are printed the way agw-client prints them after
// decoding the createSession call: lowercase selector, checksummed target.
func checkRestrictedSelectors(c *Config) error {
	for i, p := range c.CallPolicies {
		if restrictedSelectors[p.Selector] && len(destinationConstraints(p)) == 0 {
			return scheme.BadConfig(at("callPolicies", i),
				"Unconstrained token approval/transfer destination in call policy. Selector: %s; Target: %s",
				hexString(p.Selector[:]), p.Target.Hex())
		}
	}
	return nil
}

// destinationConstraints are a policy's Equal constraints on argument 0.
func destinationConstraints(p CallPolicy) []Constraint {
	var out []Constraint
	for _, k := range p.Constraints {
		if k.Index == 0 && k.Condition == Equal {
			out = append(out, k)
		}
	}
	return out
}
