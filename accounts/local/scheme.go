package local

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/sessionsigner/sessionsigner/internal/ethcrypto"
	"github.com/sessionsigner/sessionsigner/scheme"
)

// Name is the scheme's stable identifier, stored in every record.
const Name = "local"

// Scheme is the local scheme. Every call reads the session's own config
// and state, so one value serves all sessions concurrently; it keeps only
// the configs it has loaded (load.go).
type Scheme struct {
	configs scheme.ConfigCache[*Config]
}

// New returns the local scheme.
func New() *Scheme { return &Scheme{} }

var _ scheme.Scheme = (*Scheme)(nil)

// Name returns "local".
func (*Scheme) Name() string { return Name }

// Create validates the app's params and stores the canonical config, hashed
// with keccak256 for the sealed key's associated data.
func (*Scheme) Create(ctx context.Context, in scheme.CreateInput) (*scheme.Created, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	cfg, err := parseConfig(in.Params, false)
	if err != nil {
		return nil, err
	}
	canonical, err := json.Marshal(cfg)
	if err != nil {
		return nil, fmt.Errorf("local: encoding config: %w", err)
	}
	return &scheme.Created{
		Config:     canonical,
		ConfigHash: ethcrypto.Keccak256Hash(canonical),
		State:      (&State{}).marshal(),
		Counted:    cfg.counted(),
	}, nil
}

// Describe lists the session's permissions in words. The local scheme has no
// on-chain artifacts, so Details is nil.
func (sch *Scheme) Describe(s *scheme.Session) (*scheme.Description, error) {
	cfg, err := sch.loadConfig(s)
	if err != nil {
		return nil, err
	}
	return &scheme.Description{Permissions: cfg.permissions(s.ChainID)}, nil
}

// Revoke has nothing to return: nothing on-chain knows this session, so
// wiping the key (the vault's part) is the whole revocation.
func (*Scheme) Revoke(*scheme.Session) (json.RawMessage, error) { return nil, nil }
