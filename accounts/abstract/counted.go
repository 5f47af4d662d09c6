package abstract

// counted reports whether any limit is tallied in the session's usage: a
// Lifetime or Allowance fee limit, value limit or constraint limit.
// Unlimited limits are not counted (see state.go).
func (c *Config) counted() bool {
	limits := []Limit{c.FeeLimit}
	for _, p := range c.CallPolicies {
		limits = append(limits, p.ValueLimit)
		for _, k := range p.Constraints {
			limits = append(limits, k.Limit)
		}
	}
	for _, p := range c.TransferPolicies {
		limits = append(limits, p.ValueLimit)
	}
	for _, l := range limits {
		if l.Type != Unlimited {
			return true
		}
	}
	return false
}
