package keystore

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
)

// ErrNotFound is returned by Store.Get for a key that holds nothing.
var ErrNotFound = errors.New("not found")

// ErrStorageUnavailable wraps any failure of the host's storage (quota, a
// closed database, a privacy mode that refuses storage).
var ErrStorageUnavailable = errors.New("storage unavailable")

// Store is where sealed bytes live. The vault owns the format; a host (the
// browser's IndexedDB or localStorage, a Cloudflare Worker's KV, memory)
// stores opaque values under string keys.
//
// Every session is its own key, never one big blob, so a torn write or a
// second tab can damage at most the record it was writing.
type Store interface {
	// Get returns the value under key, or an error wrapping ErrNotFound.
	Get(ctx context.Context, key string) ([]byte, error)
	// Put stores value under key, replacing what was there.
	Put(ctx context.Context, key string, value []byte) error
	// Delete removes key; deleting a missing key is not an error.
	Delete(ctx context.Context, key string) error
	// List returns every key that starts with prefix, in ascending order.
	List(ctx context.Context, prefix string) ([]string, error)
}

// ErrConflict: a write found the stored value changed by someone else (another
// tab) since it was read; nothing was written and the caller may retry.
var ErrConflict = errors.New("changed in another tab at the same moment")

// ErrExists is returned by Adder.Add when the key already holds a value.
var ErrExists = errors.New("already exists")

// Adder is an optional Store extension: Add stores value only if key holds
// nothing, atomically. Creating a vault uses it so that two tabs opening a
// new vault at once agree on one header (IndexedDB's add() gives exactly
// this). Without it the vault writes, reads back and yields to a header
// that differs, which narrows but cannot close the race.
type Adder interface {
	Add(ctx context.Context, key string, value []byte) error
}

// Replacer is an optional Store extension: Replace stores value under key
// only if key holds exactly old, as one atomic step, and returns an error
// wrapping ErrConflict (writing nothing) when it holds anything else or
// nothing. The vault writes back every record it has read this way, from the
// bytes it read, so a write prepared from a copy another tab has changed
// meanwhile (a revocation, a counted use) is refused and decided again
// instead of written over that change. Counters need it: without Replacer,
// the vault refuses to create sessions whose limits are counted locally.
// (IndexedDB does it in one transaction; localStorage under a Web Lock.)
type Replacer interface {
	Replace(ctx context.Context, key string, old, value []byte) error
}

// ManyGetter is an optional Store extension: GetMany returns the values
// under keys, in their order, in one call, with a nil value for a key that
// holds nothing. A listing reads every record; over IndexedDB a Get per
// record is a transaction and a trip through JavaScript each (about 1 ms),
// where one transaction reads a few hundred. Use the function GetMany,
// which falls back to a Get per key.
type ManyGetter interface {
	GetMany(ctx context.Context, keys []string) ([][]byte, error)
}

// GetMany reads keys from s: in one call when s is a ManyGetter, else with
// a Get each. A key that holds nothing has a nil value; a stored value is
// never nil, even when empty.
func GetMany(ctx context.Context, s Store, keys []string) ([][]byte, error) {
	if m, ok := s.(ManyGetter); ok {
		values, err := m.GetMany(ctx, keys)
		if err == nil && len(values) != len(keys) {
			err = fmt.Errorf("%w: GetMany returned %d values for %d keys", ErrStorageUnavailable, len(values), len(keys))
		}
		return values, err
	}
	values := make([][]byte, len(keys))
	for i, key := range keys {
		v, err := s.Get(ctx, key)
		switch {
		case errors.Is(err, ErrNotFound):
			continue
		case err != nil:
			return nil, err
		case v == nil:
			v = []byte{}
		}
		values[i] = v
	}
	return values, nil
}

// MemoryStore is a Store in a Go map, for tests and for hosts with nothing
// persistent. Values are copied in and out.
type MemoryStore struct {
	mu sync.Mutex
	m  map[string][]byte
}

// NewMemoryStore returns an empty MemoryStore.
func NewMemoryStore() *MemoryStore { return &MemoryStore{m: map[string][]byte{}} }

func (s *MemoryStore) Get(ctx context.Context, key string) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.m[key]
	if !ok {
		return nil, ErrNotFound
	}
	return append([]byte(nil), v...), nil
}

func (s *MemoryStore) Put(ctx context.Context, key string, value []byte) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[key] = append([]byte(nil), value...)
	return nil
}

// Add stores value under key unless key already holds a value (ErrExists).
func (s *MemoryStore) Add(ctx context.Context, key string, value []byte) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.m[key]; ok {
		return ErrExists
	}
	s.m[key] = append([]byte(nil), value...)
	return nil
}

// Replace stores value under key if key holds exactly old (ErrConflict
// otherwise).
func (s *MemoryStore) Replace(ctx context.Context, key string, old, value []byte) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if held, ok := s.m[key]; !ok || !bytes.Equal(held, old) {
		return ErrConflict
	}
	s.m[key] = append([]byte(nil), value...)
	return nil
}

func (s *MemoryStore) Delete(ctx context.Context, key string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.m, key)
	return nil
}

func (s *MemoryStore) List(ctx context.Context, prefix string) ([]string, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var keys []string
	for k := range s.m {
		if strings.HasPrefix(k, prefix) {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	return keys, nil
}
