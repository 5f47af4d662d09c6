package smartsessions

import (
	"fmt"
	"math/big"

	"github.com/sessionsigner/sessionsigner/ethtypes"
	"github.com/sessionsigner/sessionsigner/scheme"
)

// loaded is a stored session, read back and checked against its hash.
type loaded struct {
	cfg          *Config
	session      Session
	permissionID ethtypes.Hash
	chainID      *big.Int
}

// loadConfig reads the stored config, validates it again and checks that
// the Session it yields for the session's key hashes to the stored
// ConfigHash, so a config edited in storage is refused (as storage damage:
// scheme.ErrCorruptStored, CORRUPT_RECORD) rather than enforced. Every
// signature and listing needs it, so it comes from the scheme's cache when
// this session's exact stored bytes were loaded before (scheme.ConfigCache).
func (sch *Scheme) loadConfig(s *scheme.Session) (*loaded, error) {
	return sch.configs.Load(s, load)
}

func load(s *scheme.Session) (*loaded, error) {
	cfg := new(Config)
	if err := scheme.DecodeConfig("config", s.Config, cfg); err != nil {
		return nil, fmt.Errorf("%w: smartsessions: %v", scheme.ErrCorruptStored, err)
	}
	if err := cfg.validate(s.ChainID); err != nil {
		return nil, fmt.Errorf("%w: smartsessions: %v", scheme.ErrCorruptStored, err)
	}
	sess := cfg.session(s.Signer)
	if sessionHash(sess) != s.ConfigHash {
		return nil, fmt.Errorf("%w: smartsessions config does not match its hash", scheme.ErrCorruptStored)
	}
	return &loaded{cfg: cfg, session: sess, permissionID: PermissionID(sess), chainID: new(big.Int).Set(s.ChainID)}, nil
}

// chains lists the chains of an enable in digest order: the session's own
// chain first, then the extra chains of a multichain enable.
func (l *loaded) chains() []enableChain {
	out := []enableChain{{ChainID: l.chainID.Uint64(), Nonce: l.cfg.Nonce.ToInt()}}
	for _, c := range l.cfg.Chains {
		out = append(out, enableChain{ChainID: c.ChainID.ToInt().Uint64(), Nonce: c.Nonce.ToInt()})
	}
	return out
}
