package session

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"time"

	"github.com/sessionsigner/sessionsigner/ethtypes"

	"github.com/sessionsigner/sessionsigner/keystore"
)

// Status of a session as listed.
type Status string

const (
	StatusActive  Status = "active"
	StatusExpired Status = "expired" // past expiresAt; its key has been wiped (or will be at the next list/unlock)
	StatusRevoked Status = "revoked" // revoked by the user; its key has been wiped
)

// State of the vault.
type State string

const (
	StateNew      State = "new"      // no vault in the store yet: Unlock creates it
	StateLocked   State = "locked"   // a vault exists; the key is not in memory
	StateUnlocked State = "unlocked" // the vault key is in memory
)

// Info describes a session for people and programs. It never holds key
// material. Details (the scheme's artifacts, e.g. Abstract's sessionHash and
// enableCall) are merged into the top level of the JSON object.
type Info struct {
	ID          string           `json:"id"`
	Scheme      string           `json:"scheme"`
	ChainID     *big.Int         `json:"-"`
	Signer      ethtypes.Address `json:"signer"`
	CreatedAt   time.Time        `json:"-"`
	ExpiresAt   time.Time        `json:"-"`
	Status      Status           `json:"status"`
	Permissions []string         `json:"permissions"`
	Config      json.RawMessage  `json:"config"`
	ConfigHash  ethtypes.Hash    `json:"configHash"`
	State       json.RawMessage  `json:"usage,omitempty"`
	Details     json.RawMessage  `json:"-"`
}

// MarshalJSON writes the signer checksummed (EIP-55), chainId as a decimal
// string, times as Unix seconds, and merges Details into the object (Details
// never overrides a base field).
func (i Info) MarshalJSON() ([]byte, error) {
	if len(bytes.TrimSpace(i.Details)) == 0 || string(i.Details) == "null" {
		return i.appendJSON(nil)
	}
	b, err := i.marshalFields()
	if err != nil {
		return nil, err
	}
	var extra map[string]json.RawMessage
	if err := json.Unmarshal(i.Details, &extra); err != nil {
		return nil, fmt.Errorf("session details are not a JSON object: %w", err)
	}
	var out map[string]json.RawMessage
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, err
	}
	for k, v := range extra {
		if _, taken := out[k]; !taken {
			out[k] = v
		}
	}
	return json.Marshal(out)
}

// marshalFields is the object without Details, through encoding/json's
// reflection; appendJSON writes the same bytes faster.
func (i Info) marshalFields() ([]byte, error) {
	type base Info
	return json.Marshal(struct {
		base
		Signer    string `json:"signer"` // EIP-55 (ethtypes.Address alone marshals lowercase)
		ChainID   string `json:"chainId"`
		CreatedAt int64  `json:"createdAt"`
		ExpiresAt int64  `json:"expiresAt"`
	}{base(i), i.Signer.Hex(), decimal(i.ChainID), unixOrZero(i.CreatedAt), unixOrZero(i.ExpiresAt)})
}

// decimal writes a chain id, or "0" for none (a corrupt record's listing).
func decimal(x *big.Int) string {
	if x == nil {
		return "0"
	}
	return x.String()
}

// unixOrZero writes Unix seconds, or 0 for an unknown time.
func unixOrZero(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}

// MarshalInfos is json.Marshal(infos), byte for byte, without the work
// encoding/json spends re-validating and compacting each element's
// MarshalJSON output (already compact: it comes from json.Marshal), which
// was most of listing 1,000 sessions.
func MarshalInfos(infos []*Info) ([]byte, error) {
	out := make([]byte, 0, 512*len(infos)+2)
	out = append(out, '[')
	for i, info := range infos {
		if i > 0 {
			out = append(out, ',')
		}
		if info == nil {
			out = append(out, "null"...)
			continue
		}
		b, err := info.MarshalJSON()
		if err != nil {
			return nil, err
		}
		out = append(out, b...)
	}
	return append(out, ']'), nil
}

// info describes a record for the caller.
func (v *Vault) info(rec *keystore.Record) (*Info, error) {
	s, err := v.scheme(rec.Scheme)
	if err != nil {
		return nil, err
	}
	// No clock for Describe (Now is zero): a listing reuses a session's
	// description while its stored bytes are unchanged (listed.go), so
	// what it says must come from those bytes alone, whatever a scheme
	// registered through Options.Schemes does.
	d, err := s.Describe(schemeSession(rec, time.Time{}))
	if err != nil {
		return nil, fmt.Errorf("%w: session %s: %v", keystore.ErrCorruptRecord, rec.ID, err)
	}
	return &Info{
		ID:          rec.ID,
		Scheme:      rec.Scheme,
		ChainID:     rec.ChainIDInt(),
		Signer:      rec.Address,
		CreatedAt:   time.Unix(rec.CreatedAt, 0),
		ExpiresAt:   time.Unix(rec.ExpiresAt, 0),
		Status:      Status(rec.Status),
		Permissions: d.Permissions,
		Config:      rec.Config,
		ConfigHash:  rec.ConfigHash,
		State:       rec.State,
		Details:     d.Details,
	}, nil
}
