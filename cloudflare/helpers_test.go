package main

import (
	"bytes"
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/sessionsigner/sessionsigner/keystore"
)

// memCAS is a casStore in memory, with the Durable Object's semantics.
type memCAS struct {
	mu sync.Mutex
	*keystore.MemoryStore
}

func newMemCAS() *memCAS { return &memCAS{MemoryStore: keystore.NewMemoryStore()} }

func (s *memCAS) Put(ctx context.Context, key string, value []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.MemoryStore.Put(ctx, key, value)
}

func (s *memCAS) Add(ctx context.Context, key string, value []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.MemoryStore.Add(ctx, key, value)
}

func (s *memCAS) Replace(ctx context.Context, key string, old, value []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	cur, err := s.MemoryStore.Get(ctx, key)
	if err != nil || !bytes.Equal(cur, old) {
		return fmt.Errorf("%w: %s changed", keystore.ErrConflict, key)
	}
	return s.MemoryStore.Put(ctx, key, value)
}

// writeGate makes every instance's first write of a record wait until n
// instances have reached theirs: all of them have read the record before
// any writes it, the interleaving that spends a use limit twice. It fixes
// the interleaving by construction, so the outcome does not depend on timing.
type writeGate struct {
	n       int
	mu      sync.Mutex
	arrived int
	open    chan struct{}
}

func newWriteGate(n int) *writeGate { return &writeGate{n: n, open: make(chan struct{})} }

func (g *writeGate) wait() {
	g.mu.Lock()
	g.arrived++
	if g.arrived == g.n {
		close(g.open)
	}
	g.mu.Unlock()
	select {
	case <-g.open:
	case <-time.After(10 * time.Second): // a writer that never came must not hang the test
	}
}

// gatedStore is one instance's view of the shared store: its first write of
// a record key passes the gate.
type gatedStore struct {
	*memCAS
	gate   *writeGate
	passed bool
}

func (s *gatedStore) before(key string) {
	if !s.passed && len(key) > len(keystore.RecordPrefix) && key[:len(keystore.RecordPrefix)] == keystore.RecordPrefix {
		s.passed = true
		s.gate.wait()
	}
}

func (s *gatedStore) Put(ctx context.Context, key string, value []byte) error {
	s.before(key)
	return s.memCAS.Put(ctx, key, value)
}

func (s *gatedStore) Replace(ctx context.Context, key string, old, value []byte) error {
	s.before(key)
	return s.memCAS.Replace(ctx, key, old, value)
}

// memBackend is the server's backend in memory, as in a Worker: each call
// of vaultStore is a new instance's view of the shared object.
type memBackend struct {
	mu     sync.Mutex
	apps   map[string][]byte
	master []byte
	nonces map[string]bool
	vaults map[string]*memCAS
	wrap   func(*memCAS) casStore // nil: the shared store as it is
}

func newMemBackend(apps map[string][]byte) *memBackend {
	return &memBackend{apps: apps, master: bytes.Repeat([]byte{7}, 32), nonces: map[string]bool{}, vaults: map[string]*memCAS{}}
}

func (b *memBackend) appKey(app string) ([]byte, bool)            { k, ok := b.apps[app]; return k, ok }
func (b *memBackend) masterKey() ([]byte, error)                  { return b.master, nil }
func (b *memBackend) allow(context.Context, string) (bool, error) { return true, nil }
func (b *memBackend) rateLimited() bool                           { return false }
func (b *memBackend) claimNonce(_ context.Context, app, nonce string, _ time.Time) (bool, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.nonces[app+"/"+nonce] {
		return false, nil
	}
	b.nonces[app+"/"+nonce] = true
	return true, nil
}

func (b *memBackend) vaultStore(_ context.Context, app, vault string) (casStore, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	s := b.vaults[app+"/"+vault]
	if s == nil {
		s = newMemCAS()
		b.vaults[app+"/"+vault] = s
	}
	if b.wrap != nil {
		return b.wrap(s), nil
	}
	return s, nil
}
