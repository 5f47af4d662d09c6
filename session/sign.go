package session

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/sessionsigner/sessionsigner/ethsign"
	"github.com/sessionsigner/sessionsigner/keystore"
	"github.com/sessionsigner/sessionsigner/scheme"

	"github.com/sessionsigner/sessionsigner/internal/strictjson"
)

// Sign checks req against the session's policy and, only if it passes, signs
// with the session key. req is a JSON object with a "type" (see the Request*
// constants in package scheme). The result depends on the type and scheme:
// a 65-byte signature, a serialized transaction, or a user-operation
// signature. A refusal is a *scheme.PolicyError naming the rule.
func (v *Vault) Sign(ctx context.Context, id string, req json.RawMessage) ([]byte, error) {
	var head struct {
		Type string `json:"type"`
	}
	// One strict pass over the whole request (strictjson): no member
	// repeated or spelled in another case anywhere, so what a scheme checks
	// and what it signs are read from the same members.
	if err := strictjson.Members(req, &head); err != nil {
		return nil, fmt.Errorf("%w: the request must be one JSON object: %v", scheme.ErrInvalidRequest, err)
	}
	if head.Type == "" {
		return nil, scheme.BadRequest("type", "missing")
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.keys == nil {
		return nil, ErrLocked
	}
	rec, err := v.record(ctx, id)
	if err != nil {
		return nil, err
	}
	now := v.now()
	if expired, err := v.expire(ctx, rec, now); err != nil {
		return nil, err
	} else if expired || rec.Status == keystore.StatusExpired {
		return nil, fmt.Errorf("%w (session %s expired at %s)", ErrExpired, rec.ID, timeString(rec.ExpiresAt))
	}
	if rec.Status == keystore.StatusRevoked {
		return nil, fmt.Errorf("%w (session %s)", ErrRevoked, rec.ID)
	}
	sch, err := v.scheme(rec.Scheme)
	if err != nil {
		return nil, err
	}
	key, err := v.openKey(ctx, rec)
	if err != nil {
		return nil, err
	}
	plan, err := sch.Authorize(ctx, schemeSession(rec, now), scheme.Request{Type: head.Type, Raw: req})
	if err != nil {
		return nil, err
	}
	if plan.State != nil {
		rec.State = plan.State
		if err := v.writeRecord(ctx, rec); err != nil {
			return nil, err
		}
	}
	sig, err := ethsign.Sign(key, plan.Digest)
	if err != nil {
		return nil, err
	}
	if plan.Finish == nil {
		return sig, nil
	}
	return plan.Finish(sig)
}
