package session

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/sessionsigner/sessionsigner/keystore"
)

// Destroy deletes every session and the vault header: the store holds
// nothing of this vault afterwards and the next unlock creates a new one.
// It needs an unlocked vault, so a passer-by at an unlocked screen is the
// only one who can do it without the secret; forgotSecret says the user
// lost every unlock method and allows it while locked (nothing is lost that
// anyone could still open). Records go first and the header last, so an
// interrupted Destroy leaves a vault that still opens, with fewer sessions;
// calling Destroy again finishes it.
func (v *Vault) Destroy(ctx context.Context, forgotSecret bool) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.keys == nil && !forgotSecret {
		return fmt.Errorf("%w: unlock it first, or, if the secret is forgotten, destroy it with the forgotten-secret option", ErrLocked)
	}
	keys, err := v.store.List(ctx, keystore.RecordPrefix)
	if err != nil {
		return storageErr(err)
	}
	v.lockLocked()
	for _, key := range keys {
		if err := v.store.Delete(ctx, key); err != nil {
			return storageErr(err)
		}
	}
	return storageErr(v.store.Delete(ctx, keystore.HeaderKey))
}

// Prune deletes the tombstones of sessions that were revoked or expired
// before the given time, and returns how many. It works while locked (the
// records hold no key any more). Active sessions and records that do not
// parse are kept: a damaged record is evidence, not garbage.
func (v *Vault) Prune(ctx context.Context, before time.Time) (int, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	keys, err := v.store.List(ctx, keystore.RecordPrefix)
	if err != nil {
		return 0, storageErr(err)
	}
	now, cut, n := v.now(), before.Unix(), 0
	for _, key := range keys {
		rec, err := v.update(ctx, key, v.expireDecision(now))
		if errors.Is(err, keystore.ErrStorageUnavailable) || errors.Is(err, context.Canceled) {
			return n, err
		}
		// A tombstone never comes back to life, so deleting one that another
		// tab touched meanwhile loses nothing.
		if err != nil || rec.Status == keystore.StatusActive || rec.WipedAt >= cut {
			continue
		}
		if err := v.store.Delete(ctx, key); err != nil {
			return n, storageErr(err)
		}
		v.cache.drop(rec.ID)
		n++
	}
	return n, nil
}
