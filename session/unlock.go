package session

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	"github.com/sessionsigner/sessionsigner/keystore"
	"github.com/sessionsigner/sessionsigner/scheme"
)

// Unlock derives the vault key from secret (Argon2id) and keeps it until
// Lock. On a new store it creates the vault with Options.KDF. A wrong secret
// returns ErrWrongSecret and changes nothing, not even an unlocked vault's
// state. If a change of secret was interrupted, Unlock completes it (new
// secret) or undoes it (old secret) before returning.
func (v *Vault) Unlock(ctx context.Context, secret []byte) error {
	if len(secret) == 0 {
		return fmt.Errorf("%w: the secret is empty", scheme.ErrInvalidRequest)
	}
	v.mu.Lock()
	handedOff := false
	defer func() {
		if !handedOff {
			v.mu.Unlock()
		}
	}()
	raw, err := v.store.Get(ctx, keystore.HeaderKey)
	if errors.Is(err, keystore.ErrNotFound) {
		return v.create(ctx, secret)
	}
	if err != nil {
		return storageErr(err)
	}
	h, err := keystore.ParseHeader(raw)
	if err != nil {
		return err
	}
	v.progress("derive-key", 0, 1)
	keys, opened, err := h.Open(secret)
	if err != nil {
		return err
	}
	v.progress("derive-key", 1, 1)
	if h.Rekey != nil {
		if err := v.resumeRekey(ctx, raw, h, keys, opened); err != nil {
			keys.Wipe()
			return err
		}
	}
	v.lockLocked()
	v.keys = keys
	// Wiping expired keys reads every record, which with many sessions would
	// double the time to unlock. The sweep runs right after Unlock returns,
	// with the vault's lock handed over to it, so every later call sees its
	// result. (Sign refuses an expired session by itself in any case.)
	handedOff = true
	go func() {
		defer v.mu.Unlock()
		_ = v.sweepExpired(context.WithoutCancel(ctx))
	}()
	return nil
}

// create makes a new vault. Two tabs may race to create the same vault: the
// header is added atomically where the store can (keystore.Adder), and read
// back in any case; if another tab's header won, this tab opens that one, so
// sessions never end up under two vault keys.
func (v *Vault) create(ctx context.Context, secret []byte) error {
	v.progress("derive-key", 0, 1)
	h, keys, err := keystore.NewHeader(v.rand, secret, v.kdf, v.now().Unix())
	if err != nil {
		return err
	}
	v.progress("derive-key", 1, 1)
	raw, err := h.Marshal()
	if err != nil {
		keys.Wipe()
		return err
	}
	if adder, ok := v.store.(keystore.Adder); ok {
		err = adder.Add(ctx, keystore.HeaderKey, raw)
		if errors.Is(err, keystore.ErrExists) {
			err = nil // another tab created it first: open theirs below
		}
	} else {
		err = v.store.Put(ctx, keystore.HeaderKey, raw)
	}
	if err != nil {
		keys.Wipe()
		return storageErr(err)
	}
	stored, err := v.store.Get(ctx, keystore.HeaderKey)
	if err != nil {
		keys.Wipe()
		return storageErr(err)
	}
	if !bytes.Equal(stored, raw) {
		keys.Wipe()
		theirs, err := keystore.ParseHeader(stored)
		if err != nil {
			return err
		}
		if keys, _, err = theirs.Open(secret); err != nil {
			return err
		}
	}
	v.lockLocked()
	v.keys = keys
	return nil
}

// resumeRekey finishes (opened with the new secret) or undoes (old secret)
// an interrupted change of secret, leaving keys holding one key. read is
// the header as stored, which the new header replaces.
func (v *Vault) resumeRekey(ctx context.Context, read []byte, h *keystore.Header, keys *keystore.Keys, opened keystore.Opened) error {
	target, next := h.Slot.KeyID, h.UndoRekey()
	if opened == keystore.OpenedNew {
		target, next = h.Rekey.KeyID, h.FinishRekey()
	}
	keys.Current = target
	if err := v.resealAll(ctx, keys); err != nil {
		return err
	}
	if _, err := v.putHeader(ctx, read, next); err != nil {
		return err
	}
	keys.Forget(target)
	return nil
}

// putHeader writes h over the header bytes read (a swap where the store
// can: a header another tab wrote meanwhile is never overwritten) and
// returns what it wrote, which the next step's write replaces in turn.
func (v *Vault) putHeader(ctx context.Context, read []byte, h *keystore.Header) ([]byte, error) {
	raw, err := h.Marshal()
	if err != nil {
		return nil, err
	}
	return raw, v.write(ctx, keystore.HeaderKey, read, raw)
}

// resealAll moves every sealed record to keys.Current, one write per record.
// Records that do not open are left as they are (they are already lost, and
// rewriting them would hide the damage). Any storage error aborts: skipping a
// record we merely failed to read would strand it under a key that is about
// to be dropped. Passes repeat until one finds nothing to move, so a record
// another tab wrote under the old key meanwhile is moved too.
func (v *Vault) resealAll(ctx context.Context, keys *keystore.Keys) error {
	for range 3 {
		moved, err := v.resealPass(ctx, keys)
		if err != nil || moved == 0 {
			return err
		}
	}
	return fmt.Errorf("%w: records keep appearing under the old key; retry when other tabs are idle", ErrBusy)
}

func (v *Vault) resealPass(ctx context.Context, keys *keystore.Keys) (int, error) {
	ids, err := v.store.List(ctx, keystore.RecordPrefix)
	if err != nil {
		return 0, storageErr(err)
	}
	moved := 0
	for i, key := range ids {
		v.progress("reseal", i, len(ids))
		resealed := false
		_, err := v.update(ctx, key, func(rec *keystore.Record) (bool, error) {
			resealed = false
			if !rec.Sealed() || rec.KeyID == keys.Current {
				return false, nil
			}
			priv, err := rec.OpenKey(keys)
			if err != nil {
				return false, nil
			}
			err = rec.SealKey(v.rand, keys, priv)
			keystore.Zero(priv)
			resealed = err == nil
			return resealed, err
		})
		switch {
		case errors.Is(err, keystore.ErrCorruptRecord), errors.Is(err, keystore.ErrUnsupportedVersion), errors.Is(err, keystore.ErrNotFound):
			continue
		case err != nil:
			return moved, err
		case resealed:
			moved++
		}
	}
	v.progress("reseal", len(ids), len(ids))
	return moved, nil
}
