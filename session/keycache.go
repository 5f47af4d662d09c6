package session

import (
	"context"
	"fmt"

	"github.com/sessionsigner/sessionsigner/internal/ethcrypto"
	"github.com/sessionsigner/sessionsigner/keystore"
)

// keyCache holds session keys opened since Unlock. Opening costs an AEAD
// open and a scalar multiplication (the address check); caching keeps warm
// signing at the cost of one signature. Each key is kept with a copy of the
// record it was opened from, and is used only for a record that holds,
// byte for byte, every field the sealed key is bound to
// (keystore.Record.SameBinding): a record that differs in storage now
// (edited policy or expiry, another tab's change) is reopened, never
// trusted. Comparing those bytes is what checking the record's Binding
// proved, without the JSON compaction and two hashes a Binding costs on
// every signature (about a tenth of a warm signature in wasm).
type keyCache struct {
	m map[string]cachedKey
}

type cachedKey struct {
	key *ethcrypto.PrivateKey
	// opened is a copy of the record key was opened from.
	opened *keystore.Record
}

// get returns the cached key for rec if rec is still what it was opened from.
func (c *keyCache) get(rec *keystore.Record) *ethcrypto.PrivateKey {
	e, ok := c.m[rec.ID]
	if !ok {
		return nil
	}
	if !e.opened.SameBinding(rec) {
		c.drop(rec.ID)
		return nil
	}
	return e.key
}

func (c *keyCache) put(rec *keystore.Record, k *ethcrypto.PrivateKey) {
	if c.m == nil {
		c.m = map[string]cachedKey{}
	}
	c.drop(rec.ID)
	c.m[rec.ID] = cachedKey{key: k, opened: cloneRecord(rec)}
}

func (c *keyCache) drop(id string) {
	if e, ok := c.m[id]; ok {
		zeroKey(e.key)
		delete(c.m, id)
	}
}

func (c *keyCache) wipe() {
	for id := range c.m {
		c.drop(id)
	}
}

// zeroKey clears the scalar in place; it is as far as Go lets us go.
func zeroKey(k *ethcrypto.PrivateKey) {
	if k != nil {
		k.Zero()
	}
}

// openKey returns the session's key, from the cache or the record.
func (v *Vault) openKey(ctx context.Context, rec *keystore.Record) (*ethcrypto.PrivateKey, error) {
	if k := v.cache.get(rec); k != nil {
		return k, nil
	}
	if rec.Sealed() && v.keys.Get(rec.KeyID) == nil {
		if err := v.checkCurrentKey(ctx); err != nil {
			return nil, err
		}
	}
	priv, err := rec.OpenKey(v.keys)
	if err != nil {
		return nil, err
	}
	defer keystore.Zero(priv)
	k, err := ethcrypto.ParseKey(priv)
	if err != nil {
		return nil, fmt.Errorf("%w: session %s holds an invalid key", keystore.ErrCorruptRecord, rec.ID)
	}
	v.cache.put(rec, k)
	return k, nil
}

// errSecretChanged: another tab changed the secret since this vault was
// unlocked. The vault locks itself rather than seal under a dropped key.
var errSecretChanged = fmt.Errorf("%w (the secret was changed in another tab: unlock again with the new one)", ErrLocked)

// checkCurrentKey re-reads the header and locks the vault if its key is no
// longer the header's, so this tab never seals a session under a key that
// another tab's change of secret has dropped.
func (v *Vault) checkCurrentKey(ctx context.Context) error {
	raw, err := v.store.Get(ctx, keystore.HeaderKey)
	if err != nil {
		return storageErr(err)
	}
	h, err := keystore.ParseHeader(raw)
	if err != nil {
		return err
	}
	if h.KeyID == v.keys.Current && h.Rekey == nil {
		return nil
	}
	v.lockLocked()
	return errSecretChanged
}
