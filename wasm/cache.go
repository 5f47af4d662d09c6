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
//   - A write refreshes a value the cache already holds, but never creates an
//     entry: the vault creates its header with Put and reads it back to learn
//     whether another tab's header won the race (stores without Add), and
//     that read must reach storage.
//   - List always reaches storage.
//   - Where storage can compare and swap (replaceFunc, IndexedDB), a write
//     of a key the cache holds is a swap from the cached bytes. A copy made
//     stale by another tab whose announcement has not arrived yet is then
//     refused (errChangedElsewhere) rather than written over that tab's
//     change: a signature checked against a stale record cannot undo a
//     revocation or a counted use, even inside the delivery window.
//
// The entries are sealed records and the vault header, the bytes the
// storage already holds: no key material. Only the wasm host uses this
// wrapper; the vault (package session) must stay correct over any Store.
type cachedStore struct {
	inner   keystore.Store
	replace replaceFunc // nil: writes are plain Puts

	mu      sync.Mutex
	entries map[string][]byte
	// epoch counts invalidations and the starts and ends of writes. A read
	// fills the cache only if the epoch did not move while it ran.
	epoch uint64
}

// replaceFunc stores value under key only if key holds exactly old, as
// one atomic step, and reports whether it did.
type replaceFunc func(ctx context.Context, key string, old, value []byte) (bool, error)

// errChangedElsewhere: a write of a cached key found that another tab had
// changed it meanwhile. Nothing was written (nor, in Sign, signed); the
// next call reads storage again.
var errChangedElsewhere = fmt.Errorf("%w: the record was changed in another tab; nothing was written, try again", keystore.ErrConflict)

// maxCachedEntries bounds the cache (a vault with thousands of sessions
// listed once should not keep them all); past it an arbitrary entry goes.
const maxCachedEntries = 2048

// cachedAdderStore is a cachedStore over a keystore.Adder, so it is one
// too: the vault asks store.(keystore.Adder), and the answer must stay the
// inner store's.
type cachedAdderStore struct {
	*cachedStore
	adder keystore.Adder
}

// newCachedStore wraps inner; replace is inner's compare-and-swap, or nil.
// Hand the vault c.store(); call c.invalidate and c.invalidateAll when the
// host learns of a change made elsewhere.
func newCachedStore(inner keystore.Store, replace replaceFunc) *cachedStore {
	return &cachedStore{inner: inner, replace: replace, entries: map[string][]byte{}}
}

// store is c as the vault should see it: an Adder exactly when the inner
// store is one.
func (c *cachedStore) store() keystore.Store {
	if a, ok := c.inner.(keystore.Adder); ok {
		return cachedAdderStore{cachedStore: c, adder: a}
	}
	return c
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

func (c *cachedStore) Put(ctx context.Context, key string, value []byte) error {
	began, old, held := c.beginWrite(key)
	var err error
	if held && c.replace != nil {
		err = c.swap(ctx, key, old, value)
	} else {
		err = c.inner.Put(ctx, key, value)
	}
	c.endWrite(key, value, err == nil && held, began)
	return err
}

// swap writes value over the cached old, or refuses if storage moved on.
func (c *cachedStore) swap(ctx context.Context, key string, old, value []byte) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	swapped, err := c.replace(ctx, key, old, value)
	if err != nil {
		return err
	}
	if !swapped {
		return errChangedElsewhere
	}
	return nil
}

func (c *cachedStore) Delete(ctx context.Context, key string) error {
	began, _, _ := c.beginWrite(key)
	err := c.inner.Delete(ctx, key)
	c.endWrite(key, nil, false, began)
	return err
}

func (c *cachedStore) List(ctx context.Context, prefix string) ([]string, error) {
	return c.inner.List(ctx, prefix)
}

// Add caches value when it was stored: an atomic add that succeeded leaves
// exactly value under key, so the read-back race above cannot arise.
func (s cachedAdderStore) Add(ctx context.Context, key string, value []byte) error {
	began, _, _ := s.beginWrite(key)
	err := s.adder.Add(ctx, key, value)
	s.endWrite(key, value, err == nil, began)
	return err
}

// beginWrite drops key and moves the epoch, so no read in flight fills the
// cache with a value this write replaces. It reports the epoch after the
// move and the cached value, if key was cached.
func (c *cachedStore) beginWrite(key string) (began uint64, old []byte, held bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	old, held = c.entries[key]
	delete(c.entries, key)
	c.epoch++
	return c.epoch, old, held
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
