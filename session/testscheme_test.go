package session

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/ethereum/go-ethereum/crypto"
	"github.com/sessionsigner/sessionsigner/ethtypes"
	"github.com/sessionsigner/sessionsigner/internal/hexjson"
	"github.com/sessionsigner/sessionsigner/scheme"
)

// testScheme is a minimal scheme for the vault's own tests: it signs
// {"type":"hash","hash":"0x…"} requests, refuses them with rule "deny" when
// the config says so, counts signatures in its state, and stops at "max".
type testScheme struct{}

type testConfig struct {
	Deny bool `json:"deny"`
	Max  int  `json:"max"`
	// FailFinish makes the plan's Finish fail (a step after signing).
	FailFinish bool `json:"failFinish,omitempty"`
	// Wrap gives the scheme a form of its own, as Abstract's customSignature:
	// Finish puts 0xff before the signature. It also reads requests strictly,
	// as smartsessions does, refusing members it does not know.
	Wrap bool `json:"wrap,omitempty"`
}

type testState struct {
	Uses int `json:"uses"`
}

func (testScheme) Name() string { return "test" }

func (testScheme) Create(_ context.Context, in scheme.CreateInput) (*scheme.Created, error) {
	var c testConfig
	if err := json.Unmarshal(in.Params, &c); err != nil {
		return nil, scheme.BadConfig("", "%v", err)
	}
	if c.Max < 0 {
		return nil, scheme.BadConfig("max", "must not be negative")
	}
	cfg, _ := json.Marshal(c)
	return &scheme.Created{Config: cfg, ConfigHash: ethtypes.Hash(crypto.Keccak256Hash(cfg)), State: json.RawMessage(`{"uses":0}`), Counted: c.Max > 0}, nil
}

func (testScheme) Describe(s *scheme.Session) (*scheme.Description, error) {
	var c testConfig
	if err := json.Unmarshal(s.Config, &c); err != nil {
		return nil, err
	}
	return &scheme.Description{
		Permissions: []string{fmt.Sprintf("may sign hashes (deny=%v, max=%d)", c.Deny, c.Max)},
		Details:     json.RawMessage(fmt.Sprintf(`{"signerCopy":%q}`, s.Signer.Hex())),
	}, nil
}

func (testScheme) Authorize(_ context.Context, s *scheme.Session, req scheme.Request) (*scheme.Plan, error) {
	var c testConfig
	var st testState
	if err := json.Unmarshal(s.Config, &c); err != nil {
		return nil, err
	}
	if len(s.State) > 0 {
		if err := json.Unmarshal(s.State, &st); err != nil {
			return nil, err
		}
	}
	if req.Type != scheme.RequestHash {
		return nil, scheme.BadRequest("type", "test scheme signs hashes only")
	}
	var r struct {
		Hash hexjson.Bytes `json:"hash"`
	}
	if c.Wrap {
		var strict struct {
			Type string        `json:"type"`
			Hash hexjson.Bytes `json:"hash"`
		}
		if err := scheme.DecodeRequest("", req.Raw, &strict); err != nil {
			return nil, err
		}
	}
	if err := json.Unmarshal(req.Raw, &r); err != nil || len(r.Hash) != 32 {
		return nil, scheme.BadRequest("hash", "must be 32 bytes")
	}
	if c.Deny {
		return nil, scheme.Refuse("deny", "this session refuses everything")
	}
	if c.Max > 0 && st.Uses >= c.Max {
		return nil, scheme.Refuse("uses", "already used %d of %d times", st.Uses, c.Max)
	}
	st.Uses++
	next, _ := json.Marshal(st)
	plan := &scheme.Plan{Digest: ethtypes.BytesToHash(r.Hash), State: next}
	if c.FailFinish {
		plan.Finish = func([]byte) ([]byte, error) { return nil, errors.New("test scheme: finishing failed") }
	}
	if c.Wrap {
		plan.Finish = func(sig []byte) ([]byte, error) { return append([]byte{0xff}, sig...), nil }
	}
	return plan, nil
}

func (testScheme) Revoke(s *scheme.Session) (json.RawMessage, error) {
	return json.RawMessage(fmt.Sprintf(`{"revokeCall":{"session":%q}}`, s.ID)), nil
}
