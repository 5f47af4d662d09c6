package session

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	"github.com/sessionsigner/sessionsigner/keystore"
)

// Secret is one way to unlock the vault: a passphrase (Argon2id) or a
// full-entropy secret from a passkey, a wallet signature, a remembered
// device or a server (HKDF, microseconds). See keystore.Secret.
type Secret = keystore.Secret

// Unlock derives the vault key from a passphrase (Argon2id): it is
// UnlockWith(ctx, Secret{Kind: keystore.SlotPassphrase, Bytes: secret}).
func (v *Vault) Unlock(ctx context.Context, secret []byte) error {
	return v.UnlockWith(ctx, Secret{Kind: keystore.SlotPassphrase, Bytes: secret})
}

// UnlockWith opens the vault key with s, trying the slots of s.Kind (or
// the one s.SlotID names), and keeps it until Lock. On a new store it
// creates the vault with one slot for s (Options.KDF for a passphrase). A
// wrong secret returns ErrWrongSecret and changes nothing, not even an
// unlocked vault's state; a secret its kind cannot take (a full-entropy
// secret under 32 bytes) is ErrInvalidRequest before any work. If a change
// of secret was interrupted, UnlockWith completes it (new secret) or undoes
// it (old secret); a v1 header is upgraded to v2 in the same write.
func (v *Vault) UnlockWith(ctx context.Context, s Secret) error {
	_, err := v.unlockWith(ctx, s, true)
	return err
}

// UnlockReading is UnlockWith for the common case that writes nothing: a
// stored current header with no change of secret pending. Otherwise (a new
// store, an interrupted change, a v1 header) it returns false and changes
// nothing, before any key derivation; the host then calls UnlockWith
// holding its cross-tab lock (the npm worker's Web Lock), which the common
// case does not need: it only reads the header, in one storage read.
func (v *Vault) UnlockReading(ctx context.Context, s Secret) (bool, error) {
	return v.unlockWith(ctx, s, false)
}

// unlockWith is UnlockWith; mayWrite false stops (false, nil) where it
// would write.
func (v *Vault) unlockWith(ctx context.Context, s Secret, mayWrite bool) (bool, error) {
	if err := s.CheckSecret(); err != nil {
		return false, err
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
		if !mayWrite {
			return false, nil
		}
		return true, v.create(ctx, s)
	}
	if err != nil {
		return false, storageErr(err)
	}
	h, err := keystore.ParseHeader(raw)
	if err != nil {
		return false, err
	}
	if !mayWrite && (h.Rekey != nil || h.Legacy()) {
		return false, nil
	}
	now := v.now().Unix()
	meter := v.deriving(h.Steps(s, nil, v.kdf, now))
	o, err := h.Open(meter.with(s), now)
	if err != nil {
		return false, err
	}
	defer o.Forget()
	meter.finish()
	keys := o.Keys
	switch {
	case h.Rekey != nil:
		err = v.resumeRekey(ctx, h, o)
	case h.Legacy():
		err = v.upgradeHeader(ctx, h, o)
	}
	if err != nil {
		keys.Wipe()
		return false, err
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
	return true, nil
}

// upgradeHeader writes h (read from v1) as v2: one header write, so a crash
// leaves the v1 header, which still opens, or the v2 one. A failed write
// does not fail the unlock: the v1 header keeps working and the next unlock
// tries again.
func (v *Vault) upgradeHeader(ctx context.Context, h *keystore.Header, o *keystore.Opening) error {
	up, err := h.Upgrade(v.rand, o)
	if err != nil {
		return err
	}
	err = v.putHeader(ctx, up)
	if errors.Is(err, keystore.ErrStorageUnavailable) || errors.Is(err, keystore.ErrConflict) {
		return nil
	}
	return err
}

// create makes a new vault. Two tabs may race to create the same vault: the
// header is added atomically where the store can (keystore.Adder), and read
// back in any case; if another tab's header won, this tab opens that one, so
// sessions never end up under two vault keys.
func (v *Vault) create(ctx context.Context, s Secret) error {
	meter := v.deriving(s.Steps(v.kdf))
	h, keys, err := keystore.NewHeaderWith(v.rand, meter.with(s), v.kdf, v.now().Unix())
	if err != nil {
		return err
	}
	meter.finish()
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
		o, err := theirs.Open(s, v.now().Unix())
		if err != nil {
			return err
		}
		o.Forget()
		keys = o.Keys
	}
	v.lockLocked()
	v.keys = keys
	return nil
}

// resumeRekey finishes (opened with the new secret) or undoes (old secret)
// an interrupted change of secret, leaving o.Keys holding one key. A v1
// header is upgraded in the same final write.
func (v *Vault) resumeRekey(ctx context.Context, h *keystore.Header, o *keystore.Opening) error {
	keys := o.Keys
	target, next := h.KeyID, h.UndoRekey()
	if o.Opened == keystore.OpenedNew {
		target, next = h.Rekey.KeyID, h.FinishRekey()
	}
	keys.Current = target
	if err := v.resealAll(ctx, keys); err != nil {
		return err
	}
	next, err := next.Upgrade(v.rand, o)
	if err != nil {
		return err
	}
	if err := v.putHeader(ctx, next); err != nil {
		return err
	}
	keys.Forget(target)
	return nil
}

func (v *Vault) putHeader(ctx context.Context, h *keystore.Header) error {
	raw, err := h.Marshal()
	if err != nil {
		return err
	}
	return storageErr(v.store.Put(ctx, keystore.HeaderKey, raw))
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
