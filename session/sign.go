package session

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/sessionsigner/sessionsigner/ethsign"
	"github.com/sessionsigner/sessionsigner/internal/ethcrypto"
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
	sigs, err := v.signRun(ctx, id, []json.RawMessage{req})
	if err != nil {
		var stop *BatchStopError
		if errors.As(err, &stop) {
			return nil, stop.Err
		}
		return nil, err
	}
	return sigs[0], nil
}

// MaxSignMany bounds one SignMany call.
const MaxSignMany = 1024

// BatchStopError: SignMany stopped at request Index, which was refused (or
// could not be signed) for Err. The requests before it are signed, counted
// in the session's usage and returned with this error; Index and the ones
// after it are not. Code and Rule are Err's.
type BatchStopError struct {
	Index int
	Err   error
}

func (e *BatchStopError) Error() string { return fmt.Sprintf("request %d: %v", e.Index, e.Err) }
func (e *BatchStopError) Unwrap() error { return e.Err }

// SignMany signs reqs in order with one session, as Sign would one after
// the other, in one turn of the vault: each request is checked against the
// policy and the usage left by the ones before it, and the usage of all of
// them is stored in one write before any signature is made. A refused
// request stops the batch: the signatures before it are returned, valid
// and counted, with a *BatchStopError naming the refused one. An error
// before any request is checked (locked, no such session, expired,
// storage) is returned as it is, with no signatures.
func (v *Vault) SignMany(ctx context.Context, id string, reqs []json.RawMessage) ([][]byte, error) {
	if len(reqs) > MaxSignMany {
		return nil, fmt.Errorf("%w: at most %d requests per signMany, got %d", scheme.ErrInvalidRequest, MaxSignMany, len(reqs))
	}
	if len(reqs) == 0 {
		return [][]byte{}, nil
	}
	return v.signRun(ctx, id, reqs)
}

// signRun is Sign and SignMany: authorize every request in order against
// the running usage state, store the final state once, then sign.
func (v *Vault) signRun(ctx context.Context, id string, reqs []json.RawMessage) ([][]byte, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	rec, sch, key, err := v.signingSession(ctx, id)
	if err != nil {
		return nil, err
	}
	now := v.now()
	stored := rec.State
	plans := make([]*scheme.Plan, 0, len(reqs))
	var stop *BatchStopError
	for i, req := range reqs {
		plan, err := authorizeOne(ctx, sch, schemeSession(rec, now), req)
		if err != nil {
			stop = &BatchStopError{Index: i, Err: err}
			break
		}
		if plan.State != nil {
			rec.State = plan.State
		}
		plans = append(plans, plan)
	}
	if len(plans) > 0 && string(rec.State) != string(stored) {
		if err := v.writeRecord(ctx, rec); err != nil {
			return nil, err
		}
	}
	sigs := make([][]byte, 0, len(plans))
	for i, plan := range plans {
		sig, err := signPlan(key, plan)
		if err != nil {
			return sigs, &BatchStopError{Index: i, Err: err}
		}
		sigs = append(sigs, sig)
	}
	if stop != nil {
		return sigs, stop
	}
	return sigs, nil
}

// signingSession is what every signature starts with: the vault unlocked,
// the record read (its expiry enforced on the way), active, a known
// scheme, the key opened.
func (v *Vault) signingSession(ctx context.Context, id string) (*keystore.Record, scheme.Scheme, *ethcrypto.PrivateKey, error) {
	if v.keys == nil {
		return nil, nil, nil, ErrLocked
	}
	rec, err := v.record(ctx, id)
	if err != nil {
		return nil, nil, nil, err
	}
	if expired, err := v.expire(ctx, rec, v.now()); err != nil {
		return nil, nil, nil, err
	} else if expired || rec.Status == keystore.StatusExpired {
		return nil, nil, nil, fmt.Errorf("%w (session %s expired at %s)", ErrExpired, rec.ID, timeString(rec.ExpiresAt))
	}
	if rec.Status == keystore.StatusRevoked {
		return nil, nil, nil, fmt.Errorf("%w (session %s)", ErrRevoked, rec.ID)
	}
	sch, err := v.scheme(rec.Scheme)
	if err != nil {
		return nil, nil, nil, err
	}
	key, err := v.openKey(ctx, rec)
	if err != nil {
		return nil, nil, nil, err
	}
	return rec, sch, key, nil
}

// authorizeOne reads a request's type and asks the scheme.
func authorizeOne(ctx context.Context, sch scheme.Scheme, s *scheme.Session, req json.RawMessage) (*scheme.Plan, error) {
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
	return sch.Authorize(ctx, s, scheme.Request{Type: head.Type, Raw: req})
}

func signPlan(key *ethcrypto.PrivateKey, plan *scheme.Plan) ([]byte, error) {
	sig, err := ethsign.Sign(key, plan.Digest)
	if err != nil {
		return nil, err
	}
	if plan.Finish == nil {
		return sig, nil
	}
	return plan.Finish(sig)
}
