package session

import (
	"context"
	"errors"
	"fmt"

	"github.com/sessionsigner/sessionsigner/keystore"
)

// SlotInfo describes one unlock method of the vault (never its secret).
type SlotInfo = keystore.SlotInfo

// Slots lists the vault's unlock methods. It works while locked (the page
// needs a passkey slot's credential id and PRF salt before it can unlock);
// a new vault has none.
func (v *Vault) Slots(ctx context.Context) ([]SlotInfo, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	h, err := v.header(ctx)
	if errors.Is(err, keystore.ErrNotFound) {
		return []SlotInfo{}, nil
	}
	if err != nil {
		return nil, err
	}
	return h.Infos(v.now().Unix()), nil
}

// AddSlot adds an unlock method for s to the unlocked vault and returns it.
// The new slot wraps the vault key already in memory, so no other secret is
// asked for; a passphrase slot gets Options.KDF's Argon2id costs.
func (v *Vault) AddSlot(ctx context.Context, s Secret) (*SlotInfo, error) {
	if err := s.CheckSecret(); err != nil {
		return nil, err
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	h, read, err := v.editableHeader(ctx)
	if err != nil {
		return nil, err
	}
	meter := v.deriving(s.Steps(v.kdf))
	next, id, err := h.AddSlot(v.rand, v.keys, meter.with(s), v.kdf, v.now().Unix())
	if err != nil {
		return nil, err
	}
	meter.finish()
	if err := v.swapHeader(ctx, read, next); err != nil {
		return nil, err
	}
	return v.slotInfo(next, id), nil
}

// RemoveSlot removes unlock method id from the unlocked vault. The last
// one cannot be removed (ErrInvalidRequest): add another first.
func (v *Vault) RemoveSlot(ctx context.Context, id string) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	h, read, err := v.editableHeader(ctx)
	if err != nil {
		return err
	}
	next, err := h.RemoveSlot(v.keys, id)
	if err != nil {
		return err
	}
	return v.swapHeader(ctx, read, next)
}

// ChangeSecret replaces the passphrase oldSecret opens with newSecret: it is
// ReplaceSlot with two passphrase secrets.
func (v *Vault) ChangeSecret(ctx context.Context, oldSecret, newSecret []byte) error {
	if len(newSecret) == 0 {
		return fmt.Errorf("%w: the new secret is empty", ErrInvalidRequest)
	}
	_, err := v.ReplaceSlot(ctx,
		Secret{Kind: keystore.SlotPassphrase, Bytes: oldSecret},
		Secret{Kind: keystore.SlotPassphrase, Bytes: newSecret})
	return err
}

// ReplaceSlot replaces the slot old opens with one for next (any kind) and
// returns the new slot. old is checked even if the vault is unlocked, and
// the vault is unlocked afterwards.
//
// A vault with one slot moves to a new vault key: every session is
// re-sealed, so an old copy of the header opened with a leaked old secret
// opens nothing written afterwards, and a crash part-way leaves every
// record openable with either secret (the next unlock finishes or undoes the
// change; see keystore/rekey.go). A vault with several slots keeps its key
// (the other slots' secrets are not at hand to rewrap a new one): the slot
// is replaced in one header write. To cut off a leaked secret there, remove
// the other slots first, then replace.
func (v *Vault) ReplaceSlot(ctx context.Context, old, next Secret) (*SlotInfo, error) {
	if err := next.CheckSecret(); err != nil {
		return nil, err
	}
	if err := old.CheckSecret(); err != nil {
		return nil, err
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	h, read, err := v.readHeader(ctx)
	if err != nil {
		return nil, err
	}
	if h.Rekey != nil {
		return nil, fmt.Errorf("%w: unlock first to finish the interrupted change", ErrBusy)
	}
	if len(h.Slots) == 1 {
		return v.rekey(ctx, h, old, next)
	}
	if h.Legacy() {
		return nil, fmt.Errorf("%w: unlock the vault once to upgrade its header, then retry", ErrUnsupportedVersion)
	}
	now := v.now().Unix()
	meter := v.deriving(h.Steps(old, &next, v.kdf, now))
	o, err := h.Open(meter.with(old), now)
	if err != nil {
		return nil, err
	}
	o.Forget()
	if o.Opened != keystore.OpenedCurrent {
		o.Keys.Wipe()
		return nil, fmt.Errorf("%w: unlock first to finish the interrupted change", ErrBusy)
	}
	replaced, id, err := h.ReplaceSlot(v.rand, o.Keys, o.SlotID, meter.with(next), v.kdf, now)
	if err != nil {
		o.Keys.Wipe()
		return nil, err
	}
	meter.finish()
	if err := v.swapHeader(ctx, read, replaced); err != nil {
		o.Keys.Wipe()
		return nil, err
	}
	v.lockLocked()
	v.keys = o.Keys
	return v.slotInfo(replaced, id), nil
}

// rekey changes the secret of a one-slot vault: a new vault key, every
// record re-sealed, three-step crash-safe protocol (keystore/rekey.go).
func (v *Vault) rekey(ctx context.Context, h *keystore.Header, old, next Secret) (*SlotInfo, error) {
	now := v.now().Unix()
	meter := v.deriving(h.Steps(old, &next, v.kdf, now))
	pending, keys, err := h.BeginRekey(v.rand, meter.with(old), meter.with(next), v.kdf, now)
	if err != nil {
		return nil, err
	}
	meter.finish()
	if err := v.putHeader(ctx, pending); err != nil {
		keys.Wipe()
		return nil, err
	}
	if err := v.resealAll(ctx, keys); err != nil {
		keys.Wipe()
		return nil, err
	}
	done := pending.FinishRekey()
	if err := v.putHeader(ctx, done); err != nil {
		keys.Wipe()
		return nil, err
	}
	keys.Forget(keys.Current)
	v.lockLocked()
	v.keys = keys
	return v.slotInfo(done, done.Slots[0].ID), nil
}

// header reads and parses the stored header.
func (v *Vault) header(ctx context.Context) (*keystore.Header, error) {
	h, _, err := v.readHeader(ctx)
	return h, err
}

// readHeader is header with the bytes it was read from, for a swap.
func (v *Vault) readHeader(ctx context.Context) (*keystore.Header, []byte, error) {
	raw, err := v.store.Get(ctx, keystore.HeaderKey)
	if err != nil {
		return nil, nil, storageErr(err)
	}
	h, err := keystore.ParseHeader(raw)
	return h, raw, err
}

// swapHeader writes next in place of the header bytes read, as a swap
// where the store can (another tab's slot change in between is then a
// CONFLICT that changes nothing, not a lost slot).
func (v *Vault) swapHeader(ctx context.Context, read []byte, next *keystore.Header) error {
	raw, err := next.Marshal()
	if err != nil {
		return err
	}
	return v.write(ctx, keystore.HeaderKey, read, raw)
}

// editableHeader reads the header for a slot change, which needs this tab
// unlocked under the header's current key: if another tab changed the
// secret meanwhile, this tab locks (see checkCurrentKey).
func (v *Vault) editableHeader(ctx context.Context) (*keystore.Header, []byte, error) {
	if v.keys == nil {
		return nil, nil, ErrLocked
	}
	h, raw, err := v.readHeader(ctx)
	if err != nil {
		return nil, nil, err
	}
	if h.KeyID != v.keys.Current || h.Rekey != nil {
		v.lockLocked()
		return nil, nil, errSecretChanged
	}
	return h, raw, nil
}

func (v *Vault) slotInfo(h *keystore.Header, id string) *SlotInfo {
	for _, info := range h.Infos(v.now().Unix()) {
		if info.ID == id {
			return &info
		}
	}
	return nil
}
