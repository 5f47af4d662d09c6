package abstract

import (
	"fmt"

	"github.com/sessionsigner/sessionsigner/scheme"
)

// loadConfig parses a stored config and checks it still hashes to the
// session hash the vault bound the key to. Every signature and listing
// needs it, so it comes from the scheme's cache when this session's exact
// stored bytes were loaded before (scheme.ConfigCache). A config that does
// not load is storage damage (scheme.ErrCorruptStored, CORRUPT_RECORD).
func (sch *Scheme) loadConfig(s *scheme.Session) (*Config, error) {
	return sch.configs.Load(s, func(s *scheme.Session) (*Config, error) {
		c, err := ParseConfig(s.Config, s.ChainID)
		if err != nil {
			return nil, fmt.Errorf("%w: abstract: %v", scheme.ErrCorruptStored, err)
		}
		if c.Hash() != s.ConfigHash {
			return nil, fmt.Errorf("%w: abstract: the stored config does not match its session hash", scheme.ErrCorruptStored)
		}
		return c, nil
	})
}
