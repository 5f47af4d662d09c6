package smartsessions

// counted reports whether any policy keeps a local counter (see
// enforcer.apply, uniAction and spendingLimit): a usage limit, a value
// limit, spending limits, or a universal-action rule with a usage limit.
func (c *Config) counted() bool {
	lists := [][]Policy{c.Policies}
	for _, a := range c.Actions {
		lists = append(lists, a.Policies)
	}
	for _, list := range lists {
		for _, p := range list {
			switch p.Type {
			case PolicyUsageLimit, PolicyValueLimit, PolicySpendingLimits:
				return true
			}
			for _, r := range p.Rules {
				if r.UsageLimit != nil {
					return true
				}
			}
		}
	}
	return false
}
