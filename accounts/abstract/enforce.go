package abstract

import (
	"bytes"
	"math/big"
	"time"

	"github.com/sessionsigner/sessionsigner/ethtypes"

	"github.com/sessionsigner/sessionsigner/scheme"
)

// enforce is the pre-sign check: SessionLib.validate followed by
// validateFeeLimit, in the contract's order and with its revert strings at
// the start of each reason, plus the request-level rules (chain, sender).
// It charges the limits in u and returns the policy the transaction
// matched. On a refusal u may be partly charged and must be dropped.
//
// Rules named in refusals: chainId, from, expiry, paymaster, target,
// selector, valuePerUse, totalValue, constraint[i], fee.
func (c *Config) enforce(t *zkTx, chainID *big.Int, now time.Time, u *usage) (match, error) {
	m := match{call: -1, transfer: -1}
	if t.ChainID != nil && t.ChainID.Cmp(chainID) != 0 {
		return m, scheme.Refuse(RuleChainID, "the transaction is for chain %s but the session is for chain %s", t.ChainID, chainID)
	}
	if t.From != nil && *t.From != c.Account {
		return m, scheme.Refuse(RuleFrom, "the transaction is from %s but the session acts for %s", t.From.Hex(), c.Account.Hex())
	}
	if ts := now.Unix(); ts < 0 || uint64(ts) > c.ExpiresAt {
		return m, scheme.Refuse(RuleExpiry, "the session expired at %s", time.Unix(int64(c.ExpiresAt), 0).UTC().Format(time.RFC3339))
	}
	if len(t.PaymasterInput) >= 4 && [4]byte(t.PaymasterInput[:4]) == approvalBasedSelector {
		return m, scheme.Refuse(RulePaymaster, "Approval based paymaster flow not allowed")
	}
	ts := uint64(now.Unix())
	var err error
	if len(t.Data) >= 4 {
		m.call, err = c.enforceCall(t, ts, u)
	} else {
		m.transfer, err = c.enforceTransfer(t, ts, u)
	}
	if err != nil {
		return m, err
	}
	return m, c.enforceFee(t, ts, u)
}

func (c *Config) enforceCall(t *zkTx, now uint64, u *usage) (int, error) {
	if t.To == c.Account {
		return -1, scheme.Refuse(RuleTarget, "Can not target self")
	}
	if t.To == ValidatorAddress {
		return -1, scheme.Refuse(RuleTarget, "Can not manage session keys")
	}
	selector := [4]byte(t.Data[:4])
	i := c.findCallPolicy(t.To, selector)
	if i < 0 {
		for _, p := range c.CallPolicies {
			if p.Target == t.To {
				return -1, scheme.Refuse(RuleSelector, "Call to this contract is not allowed: no call policy for selector %s on %s", hexString(selector[:]), t.To.Hex())
			}
		}
		return -1, scheme.Refuse(RuleTarget, "Call to this contract is not allowed: no call policy for %s", t.To.Hex())
	}
	p := c.CallPolicies[i]
	if t.Value.Cmp(p.MaxValuePerUse) > 0 {
		return i, scheme.Refuse(RuleValuePerUse, "Value exceeds limit: %s wei sent, at most %s wei per call", t.Value, p.MaxValuePerUse)
	}
	if err := chargeAt(&u.CallValue, callKey(p.Target, p.Selector), p.ValueLimit, t.Value, periodID(p.ValueLimit, now)); err != nil {
		return i, scheme.Refuse(RuleTotalValue, "%v", err)
	}
	for j, k := range p.Constraints {
		rule := RuleConstraint(j)
		param, ok := calldataWord(t.Data, k.Index)
		if !ok {
			return i, scheme.Refuse(rule, "the calldata has no argument word %d (it needs %d bytes, has %d)", k.Index, 4+32*(k.Index+1), len(t.Data))
		}
		if !conditionHolds(k.Condition, param, k.RefValue) {
			return i, scheme.Refuse(rule, "%s constraint not met: argument %d is %s, must be %s %s",
				conditionRevertNames[k.Condition], k.Index, formatWord(param), conditionWords[k.Condition], formatWord(k.RefValue))
		}
		if err := chargeAt(&u.CallParams, paramKey(p.Target, p.Selector, j), k.Limit, param.Big(), periodID(k.Limit, now)); err != nil {
			return i, scheme.Refuse(rule, "%v (argument %d)", err, k.Index)
		}
	}
	return i, nil
}

func (c *Config) enforceTransfer(t *zkTx, now uint64, u *usage) (int, error) {
	i := c.findTransferPolicy(t.To)
	if i < 0 {
		return -1, scheme.Refuse(RuleTarget, "Transfer to this address is not allowed: no transfer policy for %s", t.To.Hex())
	}
	p := c.TransferPolicies[i]
	if t.Value.Cmp(p.MaxValuePerUse) > 0 {
		return i, scheme.Refuse(RuleValuePerUse, "Value exceeds limit: %s wei sent, at most %s wei per transfer", t.Value, p.MaxValuePerUse)
	}
	if err := chargeAt(&u.TransferValue, p.Target.Hex(), p.ValueLimit, t.Value, periodID(p.ValueLimit, now)); err != nil {
		return i, scheme.Refuse(RuleTotalValue, "%v", err)
	}
	return i, nil
}

// enforceFee counts maxFeePerGas × gas against the fee limit, unless a
// paymaster pays (then the contract does not count fees at all).
func (c *Config) enforceFee(t *zkTx, now uint64, u *usage) error {
	if t.hasPaymaster() {
		return nil
	}
	fee := new(big.Int).Mul(t.MaxFeePerGas, t.Gas)
	if fee.Sign() > 0 && fee.BitLen() > 256 { // above 2^256 - 1
		return scheme.Refuse(RuleFee, "maxFeePerGas × gas overflows uint256")
	}
	charged, err := charge(u.Fee, c.FeeLimit, fee, periodID(c.FeeLimit, now))
	if err != nil {
		return scheme.Refuse(RuleFee, "%v (fee = maxFeePerGas × gas)", err)
	}
	u.Fee = charged
	return nil
}

// calldataWord is data[4+32*index : 4+32*index+32], if the data has it.
func calldataWord(data []byte, index uint64) (ethtypes.Hash, bool) {
	words := uint64(len(data)-4) / 32
	if index >= words {
		return ethtypes.Hash{}, false
	}
	start := 4 + 32*index
	return ethtypes.BytesToHash(data[start : start+32]), true
}

// conditionHolds compares as the contract does: bytes32 values, which
// order like unsigned 256-bit big-endian numbers.
func conditionHolds(c Condition, param, ref ethtypes.Hash) bool {
	cmp := bytes.Compare(param[:], ref[:])
	switch c {
	case Equal:
		return cmp == 0
	case Greater:
		return cmp > 0
	case Less:
		return cmp < 0
	case GreaterEqual:
		return cmp >= 0
	case LessEqual:
		return cmp <= 0
	case NotEqual:
		return cmp != 0
	}
	return true // Unconstrained
}

// conditionRevertNames start the contract's revert strings
// ("EQUAL constraint not met").
var conditionRevertNames = []string{"", "EQUAL", "GREATER", "LESS", "GREATER_OR_EQUAL", "LESS_OR_EQUAL", "NOT_EQUAL"}

var conditionWords = []string{"anything", "equal to", "greater than", "less than", "at least", "at most", "other than"}
