package session

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/sessionsigner/sessionsigner/keystore"
	"github.com/sessionsigner/sessionsigner/scheme"
)

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
// them is stored in one write (conditional on the record read, like Sign's)
// before any signature is released. A refused request stops the batch: the
// signatures before it are returned, valid and counted, with a
// *BatchStopError naming the refused one. An error that concerns the whole
// call (locked, no such session, expired, storage, a write that kept losing
// to other tabs) is returned as it is, with no signatures.
func (v *Vault) SignMany(ctx context.Context, id string, raws []json.RawMessage) ([][]byte, error) {
	if len(raws) > MaxSignMany {
		return nil, fmt.Errorf("%w: at most %d requests per signMany, got %d", scheme.ErrInvalidRequest, MaxSignMany, len(raws))
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.keys == nil {
		return nil, ErrLocked
	}
	var sigs [][]byte
	var stop *BatchStopError
	var refusal error
	_, err := v.updateSession(ctx, id, func(rec *keystore.Record) (bool, error) {
		sigs, stop, refusal = make([][]byte, 0, len(raws)), nil, nil
		now := v.now()
		if v.expireKey(rec, now) {
			refusal = expiredErr(rec) // once the tombstone is stored
			return true, nil
		}
		counted := false
		for i, raw := range raws {
			req, err := parseRequest(raw)
			var sig []byte
			var state json.RawMessage
			if err == nil {
				sig, state, err = v.signRecord(ctx, rec, now, req)
			}
			if err != nil {
				stop = &BatchStopError{Index: i, Err: err}
				break
			}
			sigs = append(sigs, sig)
			if state != nil {
				rec.State, counted = state, true
			}
		}
		return counted, nil
	})
	if err != nil {
		return nil, err
	}
	if refusal != nil {
		return nil, refusal
	}
	if stop != nil {
		return sigs, stop
	}
	return sigs, nil
}
