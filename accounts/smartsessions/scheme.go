package smartsessions

import (
	"context"
	"encoding/json"
	"fmt"
	"math/big"

	"github.com/sessionsigner/sessionsigner/ethtypes"
	"github.com/sessionsigner/sessionsigner/internal/ethcrypto"
	"github.com/sessionsigner/sessionsigner/scheme"
)

// Name is the scheme's stable identifier.
const Name = "smartsessions"

// Scheme is the Rhinestone Smart Sessions scheme. It keeps no state of its
// own; everything per session travels in the scheme.Session.
type Scheme struct {
	configs scheme.ConfigCache[*loaded]
}

// New returns the scheme, for session.Options.Schemes.
func New() *Scheme { return &Scheme{} }

var _ scheme.Scheme = (*Scheme)(nil)

// Name implements scheme.Scheme.
func (*Scheme) Name() string { return Name }

// Create implements scheme.Scheme: it validates the request, writes the
// canonical config and hashes the on-chain Session struct the session key
// belongs to. ConfigHash is keccak256(abi.encode(Session)), not the
// permissionId: the permissionId leaves out the policies.
func (*Scheme) Create(_ context.Context, in scheme.CreateInput) (*scheme.Created, error) {
	cfg, err := parseParams(in.Params, in.ChainID)
	if err != nil {
		return nil, err
	}
	if err := cfg.checkNotEnded(in.CreatedAt.Unix()); err != nil {
		return nil, err
	}
	raw, err := json.Marshal(cfg)
	if err != nil {
		return nil, fmt.Errorf("smartsessions: writing config: %w", err)
	}
	return &scheme.Created{Config: raw, ConfigHash: sessionHash(cfg.session(in.Signer)), Counted: cfg.counted()}, nil
}

// checkNotEnded refuses a time frame that has already closed at creation:
// every request would be refused, which is a mistake worth reporting now.
func (c *Config) checkNotEnded(now int64) error {
	lists := [][]Policy{c.Policies}
	for _, a := range c.Actions {
		lists = append(lists, a.Policies)
	}
	for _, ps := range lists {
		for _, p := range ps {
			if p.Type != PolicyTimeFrame {
				continue
			}
			if until := p.ValidUntil.ToInt(); until.Sign() != 0 && until.Cmp(big.NewInt(now)) <= 0 {
				return scheme.BadConfig("time-frame", "validUntil %s is already past (unix seconds)", until)
			}
		}
	}
	return nil
}

func sessionHash(s Session) ethtypes.Hash { return ethcrypto.Keccak256Hash(EncodeSession(s)) }
