package abstract

import (
	"context"
	"encoding/json"
	"math/big"

	"github.com/sessionsigner/sessionsigner/ethtypes"

	"github.com/sessionsigner/sessionsigner/internal/hexjson"
	"github.com/sessionsigner/sessionsigner/scheme"
)

// Name is the scheme's identifier in requests and records.
const Name = "abstract"

// Scheme is the Abstract Global Wallet session scheme. It holds no state;
// one value serves every session.
type Scheme struct {
	configs scheme.ConfigCache[*Config]
}

// New returns the scheme, for session.Options.Schemes.
func New() *Scheme { return &Scheme{} }

var _ scheme.Scheme = (*Scheme)(nil)

// Name implements scheme.Scheme.
func (*Scheme) Name() string { return Name }

// createJSON is the app's create request:
//
//	{"scheme":"abstract", "chainId":…, "expiresAt":…, "account":"0xAGW",
//	 "feeLimit":{…}, "callPolicies":[…], "transferPolicies":[…],
//	 "moduleInstalled": true, "registryCheck": true}
//
// The vault reads scheme, chainId and expiresAt and hands the rest over; the
// signer is the key the vault generates. moduleInstalled (default true)
// picks the enabling call; registryCheck (default true) lets the app skip
// asking its host to query the policy registry on mainnet. Unknown fields
// are refused, at the top as inside policies and limits.
type createJSON struct {
	Account         *string         `json:"account"`
	Signer          json.RawMessage `json:"signer"`
	ModuleInstalled *bool           `json:"moduleInstalled"`
	RegistryCheck   *bool           `json:"registryCheck"`
	policiesJSON
}

// Create implements scheme.Scheme: it validates the config with
// agw-client's and the contract's rules, asks the host to check the policy
// registry on mainnet, and returns the session hash as the config hash.
func (*Scheme) Create(ctx context.Context, in scheme.CreateInput) (*scheme.Created, error) {
	f := configFields
	var w createJSON
	if err := f.strict("", in.Params, &w); err != nil {
		return nil, err
	}
	if !hexjson.IsNull(w.Signer) {
		var s string
		if json.Unmarshal(w.Signer, &s) != nil || !ethtypes.IsHexAddress(s) || ethtypes.HexToAddress(s) != in.Signer {
			return nil, f.bad("signer", "is the fresh key the vault generates for the session; leave it out")
		}
	}
	if w.Account == nil {
		return nil, f.bad("account", "is required: the Abstract Global Wallet's address")
	}
	account, err := f.address("account", *w.Account)
	if err != nil {
		return nil, err
	}
	if !in.ExpiresAt.After(in.CreatedAt) || in.ExpiresAt.Unix() <= 0 {
		return nil, f.bad("expiresAt", "is in the past")
	}
	if in.ExpiresAt.Unix() > maxExpiresAt {
		return nil, f.bad("expiresAt", "is beyond any real date")
	}
	c := &Config{
		SessionConfig:   SessionConfig{Signer: in.Signer, ExpiresAt: uint64(in.ExpiresAt.Unix())},
		Account:         account,
		ModuleInstalled: w.ModuleInstalled == nil || *w.ModuleInstalled,
	}
	if err := parsePolicies(&w.policiesJSON, &c.SessionConfig); err != nil {
		return nil, err
	}
	if err := checkConfig(c, in.ChainID); err != nil {
		return nil, err
	}
	checks := registryChecks(c, in.ChainID)
	switch {
	case w.RegistryCheck != nil && !*w.RegistryCheck:
		// The app chose to skip the registry; on mainnet the session says so.
		c.RegistryUnchecked = in.ChainID.Cmp(big.NewInt(ChainAbstract)) == 0
	case len(checks) > 0 && in.Host == nil:
		return nil, f.bad("registryCheck", "on Abstract mainnet every policy must be Allowed by the Session Key Policy Registry, "+
			"and this vault has no host function %q to ask it: open the vault with host: { '%s': abstractRegistryCheck(publicClient) }, "+
			"or pass registryCheck: false to create the session unchecked (its permissions will say so)", RegistryMethod, RegistryMethod)
	default:
		if err := askRegistry(ctx, in.Host, checks); err != nil {
			return nil, err
		}
	}
	cfg, err := json.Marshal(c)
	if err != nil {
		return nil, err
	}
	return &scheme.Created{Config: cfg, ConfigHash: c.Hash(), Counted: c.counted()}, nil
}

// Describe implements scheme.Scheme.
func (sch *Scheme) Describe(s *scheme.Session) (*scheme.Description, error) {
	c, err := sch.loadConfig(s)
	if err != nil {
		return nil, err
	}
	d, err := c.details(s.ChainID)
	if err != nil {
		return nil, err
	}
	return &scheme.Description{Permissions: c.permissions(s.ChainID), Details: d}, nil
}

// Revoke implements scheme.Scheme: the owner sends revokeCall
// (validator.revokeKeys([sessionHash])) to close the session on-chain.
func (sch *Scheme) Revoke(s *scheme.Session) (json.RawMessage, error) {
	c, err := sch.loadConfig(s)
	if err != nil {
		return nil, err
	}
	return json.Marshal(struct {
		RevokeCall contractCall `json:"revokeCall"`
	}{contractCall{To: ValidatorAddress.Hex(), Data: revokeKeysCalldata(c.Hash())}})
}
