package main

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/sessionsigner/sessionsigner/keystore"
)

// countingStore counts the Gets that reach storage, per key.
type countingStore struct {
	*keystore.MemoryStore
	mu   sync.Mutex
	gets map[string]int
}

func newCountingStore() *countingStore {
	return &countingStore{MemoryStore: keystore.NewMemoryStore(), gets: map[string]int{}}
}

func (s *countingStore) Get(ctx context.Context, key string) ([]byte, error) {
	s.mu.Lock()
	s.gets[key]++
	s.mu.Unlock()
	return s.MemoryStore.Get(ctx, key)
}

func (s *countingStore) reads(key string) int { s.mu.Lock(); defer s.mu.Unlock(); return s.gets[key] }

// plainStore hides MemoryStore's Add: a store like localStorage.
type plainStore struct{ keystore.Store }

func mustGet(t *testing.T, s keystore.Store, key string) string {
	t.Helper()
	v, err := s.Get(context.Background(), key)
	if err != nil {
		t.Fatalf("Get(%q): %v", key, err)
	}
	return string(v)
}

func mustPut(t *testing.T, s keystore.Store, key, value string) {
	t.Helper()
	if err := s.Put(context.Background(), key, []byte(value)); err != nil {
		t.Fatalf("Put(%q): %v", key, err)
	}
}

func TestCachedStoreServesRepeatedReads(t *testing.T) {
	ctx := context.Background()
	shared := newCountingStore()
	mustPut(t, shared, "session/a", "one")
	c := newCachedStore(shared)
	s := c.store()

	for range 3 {
		if got := mustGet(t, s, "session/a"); got != "one" {
			t.Fatalf("Get = %q", got)
		}
	}
	if n := shared.reads("session/a"); n != 1 {
		t.Fatalf("storage was read %d times for three Gets, want 1", n)
	}
	v, _ := s.Get(ctx, "session/a")
	v[0] = 'X'
	if got := mustGet(t, s, "session/a"); got != "one" {
		t.Fatalf("a caller changed the cached value through its copy: %q", got)
	}
	keys, err := s.List(ctx, "session/")
	if err != nil || len(keys) != 1 || keys[0] != "session/a" {
		t.Fatalf("List = %q, %v", keys, err)
	}
}

func TestCachedStoreNeverCachesNotFound(t *testing.T) {
	shared := newCountingStore()
	s := newCachedStore(shared).store()
	if _, err := s.Get(context.Background(), "vault"); !errors.Is(err, keystore.ErrNotFound) {
		t.Fatalf("Get of a missing key = %v", err)
	}
	mustPut(t, shared, "vault", "created by another tab") // no invalidation needed
	if got := mustGet(t, s, "vault"); got != "created by another tab" {
		t.Fatalf("Get = %q", got)
	}
}

func TestCachedStoreInvalidation(t *testing.T) {
	shared := newCountingStore()
	mustPut(t, shared, "session/a", "a1")
	mustPut(t, shared, "session/b", "b1")
	c := newCachedStore(shared)
	s := c.store()
	mustGet(t, s, "session/a")
	mustGet(t, s, "session/b")

	mustPut(t, shared, "session/a", "a2") // another tab's write
	c.invalidate("session/a")
	if got := mustGet(t, s, "session/a"); got != "a2" {
		t.Fatalf("after invalidate: %q, want a2", got)
	}
	if n := shared.reads("session/b"); n != 1 {
		t.Fatalf("invalidating session/a re-read session/b (%d reads)", n)
	}
	mustGet(t, s, "session/b")
	if n := shared.reads("session/b"); n != 1 {
		t.Fatalf("session/b left the cache (%d reads)", n)
	}

	mustPut(t, shared, "session/a", "a3")
	mustPut(t, shared, "session/b", "b3")
	c.invalidateAll()
	if a, b := mustGet(t, s, "session/a"), mustGet(t, s, "session/b"); a != "a3" || b != "b3" {
		t.Fatalf("after invalidateAll: %q %q", a, b)
	}
}

func TestCachedStoreWrites(t *testing.T) {
	ctx := context.Background()
	shared := newCountingStore()
	c := newCachedStore(plainStore{shared})
	s := c.store()
	if _, ok := s.(keystore.Adder); ok {
		t.Fatal("a cache over a store without Add must not offer Add")
	}

	// A write refreshes a value the cache holds: the next read stays in memory.
	mustPut(t, shared, "session/a", "old")
	mustGet(t, s, "session/a")
	mustPut(t, s, "session/a", "new")
	if got := mustGet(t, s, "session/a"); got != "new" || shared.reads("session/a") != 1 {
		t.Fatalf("after Put: %q with %d reads, want new from the cache", got, shared.reads("session/a"))
	}

	// A write never creates an entry: the vault's read-back of a header it
	// just created must see another tab's header that replaced it.
	mustPut(t, s, "vault", "ours")
	mustPut(t, shared, "vault", "theirs")
	if got := mustGet(t, s, "vault"); got != "theirs" {
		t.Fatalf("read-back after Put = %q, want theirs (from storage)", got)
	}

	if err := s.Delete(ctx, "session/a"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get(ctx, "session/a"); !errors.Is(err, keystore.ErrNotFound) {
		t.Fatalf("Get after Delete = %v", err)
	}
}

func TestCachedStoreAdd(t *testing.T) {
	ctx := context.Background()
	shared := newCountingStore()
	s := newCachedStore(shared).store()
	adder, ok := s.(keystore.Adder)
	if !ok {
		t.Fatal("a cache over an Adder must be an Adder")
	}
	if err := adder.Add(ctx, "vault", []byte("ours")); err != nil {
		t.Fatal(err)
	}
	if got := mustGet(t, s, "vault"); got != "ours" || shared.reads("vault") != 0 {
		t.Fatalf("after Add: %q with %d reads, want ours from the cache", got, shared.reads("vault"))
	}

	mustPut(t, shared, "session/x", "theirs")
	if err := adder.Add(ctx, "session/x", []byte("ours")); !errors.Is(err, keystore.ErrExists) {
		t.Fatalf("Add of an existing key = %v, want ErrExists", err)
	}
	if got := mustGet(t, s, "session/x"); got != "theirs" {
		t.Fatalf("after a refused Add: %q, want theirs", got)
	}
}

// failingStore fails every write, after reads succeed.
type failingStore struct{ keystore.Store }

var errDiskFull = fmt.Errorf("%w: disk full", keystore.ErrStorageUnavailable)

func (failingStore) Put(context.Context, string, []byte) error { return errDiskFull }
func (failingStore) Delete(context.Context, string) error      { return errDiskFull }

func TestCachedStoreFailedWriteForgets(t *testing.T) {
	ctx := context.Background()
	shared := newCountingStore()
	mustPut(t, shared, "session/a", "stored")
	s := newCachedStore(failingStore{shared}).store()
	mustGet(t, s, "session/a")
	if err := s.Put(ctx, "session/a", []byte("never stored")); !errors.Is(err, keystore.ErrStorageUnavailable) {
		t.Fatalf("Put = %v, want the store's error", err)
	}
	if got := mustGet(t, s, "session/a"); got != "stored" || shared.reads("session/a") != 2 {
		t.Fatalf("after a failed Put: %q with %d reads, want stored, re-read", got, shared.reads("session/a"))
	}
	if err := s.Delete(ctx, "session/a"); !errors.Is(err, keystore.ErrStorageUnavailable) {
		t.Fatalf("Delete = %v, want the store's error", err)
	}
	if mustGet(t, s, "session/a"); shared.reads("session/a") != 3 {
		t.Fatal("a failed Delete left the entry cached")
	}
	canceled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := s.Get(canceled, "session/a"); !errors.Is(err, context.Canceled) {
		t.Fatalf("Get with a canceled context = %v", err)
	}
}

// pausedStore reads the value when Get starts, then waits for release
// before answering: a read that storage ordered before a later write.
type pausedStore struct {
	keystore.Store
	started chan struct{}
	release chan struct{}
}

func (s pausedStore) Get(ctx context.Context, key string) ([]byte, error) {
	v, err := s.Store.Get(ctx, key)
	s.started <- struct{}{}
	<-s.release
	return v, err
}

// TestCachedStoreOverlaps: a read that overlaps a change returns what it
// read, but does not leave that (possibly old) value in the cache.
func TestCachedStoreOverlaps(t *testing.T) {
	for _, c := range []struct {
		name   string
		change func(c *cachedStore, shared keystore.Store)
	}{
		{"another tab's write, announced", func(c *cachedStore, shared keystore.Store) {
			_ = shared.Put(context.Background(), "session/a", []byte("new"))
			c.invalidate("session/a")
		}},
		{"an unrelated invalidateAll", func(c *cachedStore, shared keystore.Store) {
			_ = shared.Put(context.Background(), "session/a", []byte("new"))
			c.invalidateAll()
		}},
		{"this cache's own write", func(c *cachedStore, _ keystore.Store) {
			_ = c.Put(context.Background(), "session/a", []byte("new"))
		}},
	} {
		for _, read := range []string{"Get", "GetMany"} {
			t.Run(c.name+", "+read, func(t *testing.T) {
				shared := keystore.NewMemoryStore()
				mustPut(t, shared, "session/a", "old")
				paused := pausedStore{Store: shared, started: make(chan struct{}, 1), release: make(chan struct{})}
				cache := newCachedStore(paused)
				got := make(chan string)
				go func() {
					if read == "GetMany" {
						v, _ := cache.GetMany(context.Background(), []string{"session/a"})
						got <- string(v[0])
						return
					}
					v, _ := cache.Get(context.Background(), "session/a")
					got <- string(v)
				}()
				<-paused.started
				// The change lands while the read is in flight. (A Get for the
				// own write's bookkeeping must not block: none happens.)
				c.change(cache, shared)
				close(paused.release)
				if v := <-got; v != "old" {
					t.Fatalf("the overlapping read returned %q, want the old value it read", v)
				}
				if v := mustGet(t, cache, "session/a"); v != "new" {
					t.Fatalf("after the overlap: %q, want new", v)
				}
			})
		}
	}
}

// TestCachedStoreGetMany: a batch takes what the cache holds and reads only
// the rest, in one batch; what it found is then cached, a missing key not.
func TestCachedStoreGetMany(t *testing.T) {
	ctx := context.Background()
	shared := newCountingStore()
	mustPut(t, shared, "session/a", "one")
	mustPut(t, shared, "session/b", "two")
	s := newCachedStore(shared).store()
	mustGet(t, s, "session/a")
	keys := []string{"session/a", "session/b", "session/missing"}
	for range 2 {
		values, err := keystore.GetMany(ctx, s, keys)
		if err != nil || string(values[0]) != "one" || string(values[1]) != "two" || values[2] != nil {
			t.Fatalf("GetMany = %q, %v", values, err)
		}
		values[0][0] = 'X'
	}
	if a, b, m := shared.reads("session/a"), shared.reads("session/b"), shared.reads("session/missing"); a != 1 || b != 1 || m != 2 {
		t.Fatalf("storage reads: a %d, b %d, missing %d; want 1, 1 and 2", a, b, m)
	}
	if got := mustGet(t, s, "session/a"); got != "one" {
		t.Fatalf("a caller changed the cached value through its copy: %q", got)
	}
}

func TestCachedStoreBounded(t *testing.T) {
	shared := keystore.NewMemoryStore()
	c := newCachedStore(shared)
	for i := range maxCachedEntries + 10 {
		key := fmt.Sprintf("session/%04d", i)
		mustPut(t, shared, key, key)
		if got := mustGet(t, c, key); got != key {
			t.Fatalf("Get(%s) = %q", key, got)
		}
	}
	if n := len(c.entries); n != maxCachedEntries {
		t.Fatalf("%d entries cached, want the bound %d", n, maxCachedEntries)
	}
}

// countingReplaces is a MemoryStore that counts its Replaces.
type countingReplaces struct {
	*countingStore
	mu       sync.Mutex
	replaces int
}

func (s *countingReplaces) Replace(ctx context.Context, key string, old, value []byte) error {
	s.mu.Lock()
	s.replaces++
	s.mu.Unlock()
	return s.countingStore.Replace(ctx, key, old, value)
}

// TestCachedStoreReplacesInStorage: the cache offers Replace exactly when
// storage does, and every Replace is decided by storage, never by the
// cached copy: a copy another tab made stale (its announcement still on the
// way) is refused with ErrConflict, and the next read reaches storage.
func TestCachedStoreReplacesInStorage(t *testing.T) {
	ctx := context.Background()
	if _, ok := newCachedStore(plainStore{keystore.NewMemoryStore()}).store().(keystore.Replacer); ok {
		t.Fatal("the cache offers Replace over storage that has none")
	}
	shared := &countingReplaces{countingStore: newCountingStore()}
	s := newCachedStore(shared).store()
	r, ok := s.(keystore.Replacer)
	if !ok {
		t.Fatal("the cache hides the storage's Replace")
	}
	mustPut(t, s, "session/a", "first")
	mustGet(t, s, "session/a")
	if err := r.Replace(ctx, "session/a", []byte("first"), []byte("second")); err != nil {
		t.Fatalf("Replace from what storage holds: %v", err)
	}
	reads := shared.reads("session/a")
	if got := mustGet(t, s, "session/a"); got != "second" || shared.reads("session/a") != reads {
		t.Fatalf("after a Replace: %q, %d reads of storage; want second from the cache", got, shared.reads("session/a")-reads)
	}

	mustPut(t, shared, "session/a", "theirs") // another tab, not yet announced
	err := r.Replace(ctx, "session/a", []byte("second"), []byte("stale ours"))
	if !errors.Is(err, keystore.ErrConflict) || shared.replaces != 2 {
		t.Fatalf("Replace over a changed record = %v after %d replaces, want ErrConflict from storage", err, shared.replaces)
	}
	if got := mustGet(t, s, "session/a"); got != "theirs" {
		t.Fatalf("after the refused Replace: %q, want theirs in storage and in the next read", got)
	}
}
