package main

import (
	"context"
	"fmt"
	"sync"

	"github.com/sessionsigner/sessionsigner/keystore"
)

// cachedStore is a keystore.Store that serves repeated Gets from memory.
// Every signature reads its session record; over IndexedDB that read is a
// round trip through JavaScript and a transaction (about 2 ms in Chromium),
// twenty times the Go work of the signature itself.
//
// Other tabs share the storage, so the host must tell the cache about their
// writes: the npm package's worker announces each of its writes on a
// BroadcastChannel, and every other worker calls invalidate(key) (or
// invalidateAll when it cannot tell what changed) as the message arrives. A
// change by another tab is therefore missed for at most one message
// delivery. The rules that keep it so:
//
//   - Only values are cached, never "not found": a key another tab creates
//     is read from storage the first time it is asked for.
//   - A read or write that overlaps an invalidation, or another write,
//     caches nothing (the epoch below): a read that began before another
//     tab's write may return the old value after that write's invalidation
//     has already come and gone.
//   - A Put refreshes a value the cache already holds, but never creates an
//     entry: the vault creates its header with Put and reads it back to learn
//     whether another tab's header won the race (stores without Add), and
//     that read must reach storage.
//   - List always reaches storage.
//   - A Replace (the vault's conditional write-back, see package session)
//     passes through to storage, which compares with what it holds, not
//     with the cache: a copy made stale by another tab whose announcement
//     has not arrived yet is refused there (keystore.ErrConflict) rather
//     than written over that tab's change, and the refusal drops the entry,
//     so the vault's next read reaches storage. A Replace that succeeded
//     left exactly its value in storage, so it is cached, like an Add.
//
// The entries are sealed records and the vault header, the bytes the
// storage already holds: no key material. Only the wasm host uses this
// wrapper; the vault (package session) must stay correct over any Store.
type cachedStore struct {
	inner keystore.Store

	mu      sync.Mutex
	entries map[string][]byte
	// epoch counts invalidations and the starts and ends of writes. A read
	// fills the cache only if the epoch did not move while it ran.
	epoch uint64
}

// maxCachedEntries bounds the cache (a vault with thousands of sessions
// listed once should not keep them all); past it an arbitrary entry goes.
const maxCachedEntries = 2048

// newCachedStore wraps inner. Hand the vault c.store(); call c.invalidate
// and c.invalidateAll when the host learns of a change made elsewhere.
func newCachedStore(inner keystore.Store) *cachedStore {
	return &cachedStore{inner: inner, entries: map[string][]byte{}}
}

// store is c as the vault should see it: an Adder and a Replacer exactly
// when the inner store is.
func (c *cachedStore) store() keystore.Store {
	return capable(c, isAdder(c.inner), isReplacer(c.inner))
}

// invalidate forgets key: someone else changed it.
func (c *cachedStore) invalidate(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.epoch++
	delete(c.entries, key)
}

// invalidateAll forgets everything: something changed, and what is unknown.
func (c *cachedStore) invalidateAll() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.epoch++
	clear(c.entries)
}

func (c *cachedStore) Get(ctx context.Context, key string) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	c.mu.Lock()
	v, ok := c.entries[key]
	began := c.epoch
	c.mu.Unlock()
	if ok {
		return clone(v), nil
	}
	v, err := c.inner.Get(ctx, key)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if c.epoch == began {
		c.set(key, v)
	}
	c.mu.Unlock()
	return v, nil
}

// GetMany serves the keys the cache holds and reads the others from the
// inner store in one batch (keystore.GetMany), caching what it found if no
// invalidation or write overlapped the read (the rules above, as Get).
func (c *cachedStore) GetMany(ctx context.Context, keys []string) ([][]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	values := make([][]byte, len(keys))
	var missing []string
	var at []int
	c.mu.Lock()
	for i, k := range keys {
		if v, ok := c.entries[k]; ok {
			values[i] = clone(v)
		} else {
			missing, at = append(missing, k), append(at, i)
		}
	}
	began := c.epoch
	c.mu.Unlock()
	if len(missing) == 0 {
		return values, nil
	}
	read, err := keystore.GetMany(ctx, c.inner, missing)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for j, i := range at {
		values[i] = read[j]
		if read[j] != nil && c.epoch == began {
			c.set(missing[j], read[j])
		}
	}
	return values, nil
}

// Put refreshes a value the cache holds, but never creates an entry (see
// the rules above).
func (c *cachedStore) Put(ctx context.Context, key string, value []byte) error {
	began, held := c.beginWrite(key)
	err := c.inner.Put(ctx, key, value)
	c.endWrite(key, value, err == nil && held, began)
	return err
}

// Replace is the inner store's; store() offers it only when there is one.
func (c *cachedStore) Replace(ctx context.Context, key string, old, value []byte) error {
	r, ok := c.inner.(keystore.Replacer)
	if !ok {
		return fmt.Errorf("%w: the storage cannot compare and swap", keystore.ErrStorageUnavailable)
	}
	began, _ := c.beginWrite(key)
	err := r.Replace(ctx, key, old, value)
	c.endWrite(key, value, err == nil, began)
	return err
}

func (c *cachedStore) Delete(ctx context.Context, key string) error {
	began, _ := c.beginWrite(key)
	err := c.inner.Delete(ctx, key)
	c.endWrite(key, nil, false, began)
	return err
}

func (c *cachedStore) List(ctx context.Context, prefix string) ([]string, error) {
	return c.inner.List(ctx, prefix)
}

// Add caches value when it was stored: an atomic add that succeeded leaves
// exactly value under key, so the read-back race above cannot arise. It is
// the inner store's; store() offers it only when there is one.
func (c *cachedStore) Add(ctx context.Context, key string, value []byte) error {
	a, ok := c.inner.(keystore.Adder)
	if !ok {
		return fmt.Errorf("%w: the storage cannot add atomically", keystore.ErrStorageUnavailable)
	}
	began, _ := c.beginWrite(key)
	err := a.Add(ctx, key, value)
	c.endWrite(key, value, err == nil, began)
	return err
}

// beginWrite drops key and moves the epoch, so no read in flight fills the
// cache with a value this write replaces. It reports the epoch after the
// move and whether key was cached.
func (c *cachedStore) beginWrite(key string) (began uint64, held bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, held = c.entries[key]
	delete(c.entries, key)
	c.epoch++
	return c.epoch, held
}

// endWrite moves the epoch again (no read that overlapped the write may
// fill) and caches value if keep and nothing else happened meanwhile.
func (c *cachedStore) endWrite(key string, value []byte, keep bool, began uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	undisturbed := c.epoch == began
	c.epoch++
	if keep && undisturbed {
		c.set(key, value)
	} else {
		delete(c.entries, key)
	}
}

// set stores a copy of value; the caller holds mu.
func (c *cachedStore) set(key string, value []byte) {
	if _, ok := c.entries[key]; !ok && len(c.entries) >= maxCachedEntries {
		for k := range c.entries {
			delete(c.entries, k)
			break
		}
	}
	c.entries[key] = clone(value)
}

func clone(b []byte) []byte { return append([]byte{}, b...) }
