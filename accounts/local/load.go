package local

import (
	"fmt"

	"github.com/sessionsigner/sessionsigner/scheme"
)

// loadConfig reads back the canonical config Create wrote. Every signature
// and listing needs it, so it comes from the scheme's cache when this
// session's exact stored bytes were loaded before (scheme.ConfigCache).
// Everything stored was written by this package: a config it cannot read
// is storage damage (scheme.ErrCorruptStored, CORRUPT_RECORD).
func (sch *Scheme) loadConfig(s *scheme.Session) (*Config, error) {
	return sch.configs.Load(s, func(s *scheme.Session) (*Config, error) {
		cfg, err := parseConfig(s.Config, true)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", scheme.ErrCorruptStored, err)
		}
		return cfg, nil
	})
}
