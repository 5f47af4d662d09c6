package session

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/sessionsigner/sessionsigner/internal/ethcrypto"
	"github.com/sessionsigner/sessionsigner/keystore"
	"github.com/sessionsigner/sessionsigner/scheme"

	"github.com/sessionsigner/sessionsigner/internal/strictjson"
)

// Sign checks req against the session's policy and, only if it passes, signs
// with the session key. req is a JSON object with a "type" (see the Request*
// constants in package scheme). The result depends on the type and scheme:
// a 65-byte signature, a serialized transaction, or a user-operation
// signature; "signatureForm":"ecdsa" asks for the 65-byte signature in
// every case (form.go). A refusal is a *scheme.PolicyError naming the rule.
func (v *Vault) Sign(ctx context.Context, id string, raw json.RawMessage) ([]byte, error) {
	req, err := parseRequest(raw)
	if err != nil {
		return nil, err
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.keys == nil {
		return nil, ErrLocked
	}
	var out []byte
	var refusal error
	_, err = v.updateSession(ctx, id, func(rec *keystore.Record) (bool, error) {
		out, refusal = nil, nil
		now := v.now()
		if v.expireKey(rec, now) {
			refusal = expiredErr(rec) // once the tombstone is stored
			return true, nil
		}
		sig, state, err := v.signRecord(ctx, rec, now, req)
		if err != nil || state == nil {
			out = sig
			return false, err
		}
		rec.State, out = state, sig
		return true, nil
	})
	if err != nil {
		return nil, err
	}
	if refusal != nil {
		return nil, refusal
	}
	return out, nil
}

// parseRequest reads a request's type in one strict pass over the whole
// request (strictjson): no member repeated or spelled in another case
// anywhere, so what a scheme checks and what it signs are read from the
// same members.
func parseRequest(raw json.RawMessage) (signRequest, error) {
	var head struct {
		Type string          `json:"type"`
		Form json.RawMessage `json:"signatureForm"`
	}
	if err := strictjson.Members(raw, &head); err != nil {
		return signRequest{}, fmt.Errorf("%w: the request must be one JSON object: %v", scheme.ErrInvalidRequest, err)
	}
	if head.Type == "" {
		return signRequest{}, scheme.BadRequest("type", "missing")
	}
	raw, ecdsa, err := takeForm(raw, head.Form)
	if err != nil {
		return signRequest{}, err
	}
	return signRequest{Request: scheme.Request{Type: head.Type, Raw: raw}, ecdsa: ecdsa}, nil
}

// signRecord authorizes req against rec, signs and finishes, and returns
// the result with the state to store (nil: none). Nothing is stored here:
// Sign stores the state, conditionally on the record it read, and releases
// the result only once that write succeeded. So a tally is saved only for a
// signature that is returned, and a signature is returned only if its tally
// was saved over the very record it was checked against.
func (v *Vault) signRecord(ctx context.Context, rec *keystore.Record, now time.Time, req signRequest) ([]byte, json.RawMessage, error) {
	switch rec.Status {
	case keystore.StatusExpired:
		return nil, nil, expiredErr(rec)
	case keystore.StatusRevoked:
		return nil, nil, fmt.Errorf("%w (session %s)", ErrRevoked, rec.ID)
	}
	sch, err := v.scheme(rec.Scheme)
	if err != nil {
		return nil, nil, err
	}
	key, err := v.openKey(ctx, rec)
	if err != nil {
		return nil, nil, err
	}
	plan, err := sch.Authorize(ctx, schemeSession(rec, now), req.Request)
	if err != nil {
		return nil, nil, err
	}
	sig := ethcrypto.Sign(key, plan.Digest)
	if plan.Finish != nil && !req.ecdsa {
		if sig, err = plan.Finish(sig); err != nil {
			return nil, nil, err
		}
	}
	return sig, plan.State, nil
}

func expiredErr(rec *keystore.Record) error {
	return fmt.Errorf("%w (session %s expired at %s)", ErrExpired, rec.ID, timeString(rec.ExpiresAt))
}
