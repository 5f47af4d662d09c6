package abstract

import "math/big"

// A transaction is checked against exactly one policy: a call policy when
// its calldata has a selector (4 bytes or more), otherwise a transfer
// policy. match records which one, by index into the config's lists.
type match struct {
	call     int // index into CallPolicies, or -1
	transfer int // index into TransferPolicies, or -1
}

// periodID is the period a limit counts in at time now: now/period for an
// Allowance, 0 (ignored on-chain) otherwise.
func periodID(l Limit, now uint64) uint64 {
	if l.Type != Allowance {
		return 0
	}
	// now/period <= now, so it always fits in uint64.
	return new(big.Int).Quo(new(big.Int).SetUint64(now), l.Period).Uint64()
}

// periodIDs is agw-client's getPeriodIdsForTransaction: the fee limit's
// period, the matched policy's value limit's period, then one per
// constraint of a matched call policy, in order. The contract asserts that
// the block's timestamp lies inside each Allowance period, so a transaction
// signed just before a boundary and included after it fails on-chain.
func (c *SessionConfig) periodIDs(m match, now uint64) []uint64 {
	ids := []uint64{periodID(c.FeeLimit, now)}
	if m.call >= 0 {
		p := c.CallPolicies[m.call]
		ids = append(ids, periodID(p.ValueLimit, now))
		for _, k := range p.Constraints {
			ids = append(ids, periodID(k.Limit, now))
		}
		return ids
	}
	return append(ids, periodID(c.TransferPolicies[m.transfer].ValueLimit, now))
}
