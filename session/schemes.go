package session

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/sessionsigner/sessionsigner/internal/hexjson"
	"github.com/sessionsigner/sessionsigner/keystore"
	"github.com/sessionsigner/sessionsigner/scheme"
)

// The vault knows no scheme by name: it offers those its host registered
// (Options.Schemes) and finds a record's by the name stored in it.

// schemeSession is the scheme's view of a record.
func schemeSession(rec *keystore.Record, now time.Time) *scheme.Session {
	return &scheme.Session{
		ID:         rec.ID,
		ChainID:    rec.ChainIDInt(),
		Signer:     rec.Address,
		CreatedAt:  time.Unix(rec.CreatedAt, 0),
		ExpiresAt:  time.Unix(rec.ExpiresAt, 0),
		Now:        now,
		Config:     rec.Config,
		ConfigHash: rec.ConfigHash,
		State:      rec.State,
	}
}

func (v *Vault) scheme(name string) (scheme.Scheme, error) {
	s, ok := v.schemes[name]
	if !ok {
		return nil, fmt.Errorf("%w %q (this build knows %s)", ErrUnknownScheme, hexjson.Clip(name), v.schemeNames())
	}
	return s, nil
}

// schemeNames lists the registered schemes for an error message.
func (v *Vault) schemeNames() string {
	if len(v.schemes) == 0 {
		return "none: register schemes in Options.Schemes"
	}
	return strings.Join(slices.Sorted(maps.Keys(v.schemes)), ", ")
}
