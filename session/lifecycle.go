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

// Recheck compares an unlocked vault with the stored header, for a host
// that hears another tab (another Vault on the same store) changed it. If
// the header is gone (that tab destroyed the vault) or names a vault key
// this vault does not hold (that tab changed the secret), this vault
// locks, wiping its keys: it must not keep signing for, or writing records
// into, a vault that no longer exists under that key. Read State after it.
// A locked vault, or one whose header still matches, is left as it is.
func (v *Vault) Recheck(ctx context.Context) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.keys == nil {
		return nil
	}
	raw, err := v.store.Get(ctx, keystore.HeaderKey)
	if errors.Is(err, keystore.ErrNotFound) {
		v.lockLocked()
		return nil
	}
	if err != nil {
		return storageErr(err)
	}
	h, err := keystore.ParseHeader(raw)
	if err != nil {
		return err
	}
	if v.keys.Get(h.KeyID) == nil {
		v.lockLocked()
	}
	return nil
}

// Prune deletes the tombstones of sessions that were revoked or expired
// before the given time, and returns how many. It works while locked (the
// records hold no key any more). Active sessions and records that do not
// parse are kept: a damaged record is evidence, not garbage.
func (v *Vault) Prune(ctx context.Context, before time.Time) (int, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	now, cut, n := v.now(), before.Unix(), 0
	err := v.eachRecord(ctx, func(key string, raw []byte) error {
		rec, err := v.updateFrom(ctx, key, raw, v.expireDecision(now))
		if errors.Is(err, keystore.ErrStorageUnavailable) || errors.Is(err, context.Canceled) {
			return err
		}
		// A tombstone never comes back to life, so deleting one that another
		// tab touched meanwhile loses nothing.
		if err != nil || rec.Status == keystore.StatusActive || rec.WipedAt >= cut {
			return nil
		}
		if err := v.store.Delete(ctx, key); err != nil {
			return storageErr(err)
		}
		v.cache.drop(rec.ID)
		n++
		return nil
	})
	return n, err
}
