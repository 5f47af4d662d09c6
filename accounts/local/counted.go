package local

// counted reports whether a limit reads the session's counters: maxUses or
// maxTotalValue (see Authorize, which persists counters only then).
func (c *Config) counted() bool { return c.MaxUses > 0 || c.MaxTotalValue != nil }
