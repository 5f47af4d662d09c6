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

// Scheme is the local scheme. It holds nothing: every call reads the
// session's own config and state, so one value serves all sessions
// concurrently.
type Scheme struct{}

// New returns the local scheme.
func New() scheme.Scheme { return Scheme{} }

// Name returns "local".
func (Scheme) Name() string { return Name }

// Create validates the app's params and stores the canonical config, hashed
// with keccak256 for the sealed key's associated data.
func (Scheme) Create(ctx context.Context, in scheme.CreateInput) (*scheme.Created, error) {
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
func (Scheme) Describe(s *scheme.Session) (*scheme.Description, error) {
	cfg, err := storedConfig(s)
	if err != nil {
		return nil, err
	}
	return &scheme.Description{Permissions: cfg.permissions(s.ChainID)}, nil
}

// Revoke has nothing to return: nothing on-chain knows this session, so
// wiping the key (the vault's part) is the whole revocation.
func (Scheme) Revoke(*scheme.Session) (json.RawMessage, error) { return nil, nil }

// storedConfigs caches parseConfig by the stored config's exact bytes
// (scheme.ParseCache); a *Config is only read after parsing.
var storedConfigs scheme.ParseCache[*Config]

// storedConfig reads back the canonical config written by Create.
func storedConfig(s *scheme.Session) (*Config, error) {
	cfg, err := storedConfigs.Parse(s.Config, func(raw []byte) (*Config, error) { return parseConfig(raw, true) })
	if err != nil {
		return nil, fmt.Errorf("%w: %v", scheme.ErrCorruptStored, err)
	}
	return cfg, nil
}
