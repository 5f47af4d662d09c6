package session

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/sessionsigner/sessionsigner/internal/hexjson"
	"github.com/sessionsigner/sessionsigner/keystore"
)

// Every write of something the vault has read is conditional on the exact
// bytes it read. Other tabs (and workers) share the storage and write the
// same records: a signature counted in one tab, a revocation in another.
// A write-back prepared from what this vault read is therefore a
// keystore.Replacer swap from those bytes; when storage has moved on, the
// swap is refused (keystore.ErrConflict), nothing is written, and the vault
// reads again and decides again on what storage holds now. So a signing tab
// whose count lost to a revocation sees REVOKED and returns no signature,
// and a use limit of N releases at most N signatures across every tab.

// maxAttempts bounds how often one call decides again after losing a write
// to another tab; past it the call fails with CONFLICT and changes nothing.
const maxAttempts = 8

// errKeepsChanging: every attempt lost its write to another tab.
var errKeepsChanging = fmt.Errorf("%w: the record kept changing in other tabs while this call tried to write it; nothing was written, try again", keystore.ErrConflict)

// readRecord returns the record under key and the exact bytes it was read
// from, which its write-back must find still in storage.
func (v *Vault) readRecord(ctx context.Context, key string) (*keystore.Record, []byte, error) {
	raw, err := v.store.Get(ctx, key)
	if err != nil {
		return nil, nil, storageErr(err)
	}
	rec, err := v.parsed.parse(key, raw)
	return rec, raw, err
}

// write stores value under key. With read non-nil (the bytes key held when
// the vault read it), it is a swap from read where the store can swap; a
// store without keystore.Replacer gets a plain Put (see canCount).
func (v *Vault) write(ctx context.Context, key string, read, value []byte) error {
	if r, ok := v.store.(keystore.Replacer); ok && read != nil {
		return storageErr(r.Replace(ctx, key, read, value))
	}
	return storageErr(v.store.Put(ctx, key, value))
}

// canCount reports whether the store can swap, which counters need: without
// it two tabs can both count use N of N and both sign.
func (v *Vault) canCount() bool {
	_, ok := v.store.(keystore.Replacer)
	return ok
}

// update reads the record under key and lets decide look at it, change it
// and say whether to write it back. The write is a swap from the bytes
// read; when another tab wrote the record in between, update reads it again
// and calls decide again (up to maxAttempts times), so whatever decide
// concludes holds for what storage held when the write landed. An error
// from decide stops update with nothing written. update returns the record
// as last read, and as written if it was.
func (v *Vault) update(ctx context.Context, key string, decide func(*keystore.Record) (bool, error)) (*keystore.Record, error) {
	return v.updateFrom(ctx, key, nil, decide)
}

// updateFrom is update starting from read, the bytes the caller has just
// read under key (nil: read them first). A listing reads every record in
// one pass (eachRecord) and hands each here without a second read.
func (v *Vault) updateFrom(ctx context.Context, key string, read []byte, decide func(*keystore.Record) (bool, error)) (*keystore.Record, error) {
	for range maxAttempts {
		var rec *keystore.Record
		var err error
		if read != nil {
			rec, err = v.parsed.parse(key, read)
		} else {
			rec, read, err = v.readRecord(ctx, key)
		}
		if err != nil {
			return nil, err
		}
		write, err := decide(rec)
		if err != nil || !write {
			return rec, err
		}
		raw, err := rec.Marshal()
		if err != nil {
			return nil, err
		}
		if err := v.write(ctx, key, read, raw); !errors.Is(err, keystore.ErrConflict) {
			return rec, err
		}
		read = nil // another tab wrote it: read again
	}
	return nil, errKeepsChanging
}

// updateSession is update for the session id, refusing ids that could not
// be ours before touching storage.
func (v *Vault) updateSession(ctx context.Context, id string, decide func(*keystore.Record) (bool, error)) (*keystore.Record, error) {
	if !keystore.ValidRecordID(id) {
		return nil, fmt.Errorf("%w: no session %q (ids are 32 hex digits)", keystore.ErrNotFound, hexjson.Clip(id))
	}
	rec, err := v.update(ctx, keystore.RecordPrefix+id, decide)
	if errors.Is(err, keystore.ErrNotFound) {
		return nil, fmt.Errorf("%w: no session %s", keystore.ErrNotFound, id)
	}
	return rec, err
}

// expireKey wipes the key of a session past its expiry and reports whether
// it did; the caller writes the tombstone.
func (v *Vault) expireKey(rec *keystore.Record, now time.Time) bool {
	if rec.Status != keystore.StatusActive || now.Unix() < rec.ExpiresAt {
		return false
	}
	rec.Wipe(keystore.StatusExpired, now.Unix())
	v.cache.drop(rec.ID)
	return true
}

// expireDecision is an update decision that only wipes an expired key.
func (v *Vault) expireDecision(now time.Time) func(*keystore.Record) (bool, error) {
	return func(rec *keystore.Record) (bool, error) { return v.expireKey(rec, now), nil }
}

// sweepExpired wipes every expired session's key. It needs no vault key.
func (v *Vault) sweepExpired(ctx context.Context) error {
	now := v.now()
	return v.eachRecord(ctx, func(key string, raw []byte) error {
		_, err := v.updateFrom(ctx, key, raw, v.expireDecision(now))
		if errors.Is(err, keystore.ErrStorageUnavailable) || errors.Is(err, context.Canceled) {
			return err
		}
		// Anything else (a corrupt record, one deleted meanwhile, one that
		// kept changing) is left as it is: listed as it is, never rewritten.
		return nil
	})
}
