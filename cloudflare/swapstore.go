package main

import (
	"context"
	"errors"
	"sync"

	"github.com/sessionsigner/sessionsigner/keystore"
)

// casStore is a Store that can add and compare-and-swap atomically: the
// Durable Object store.
type casStore interface {
	keystore.Store
	keystore.Adder
	// Replace stores value under key only if key holds exactly old, else
	// returns an error wrapping keystore.ErrConflict and changes nothing.
	Replace(ctx context.Context, key string, old, value []byte) error
}

// swapStore turns each Put of a key this request has read into a
// compare-and-swap from the bytes it read.
//
// Many Worker instances serve one vault at once, each with its own
// session.Vault, so the vault's mutex orders nothing between them. A
// signature under a use limit reads the record, counts the use and writes it
// back before signing; with plain Puts, twenty requests could all read
// "0 uses" and all sign. With the swap, only one write per stored version
// wins; the others get keystore.ErrConflict before signing anything, and the
// server retries them against the new version (server.go).
type swapStore struct {
	inner casStore

	mu   sync.Mutex
	read map[string][]byte // the bytes last read or written, per key
}

func newSwapStore(inner casStore) *swapStore {
	return &swapStore{inner: inner, read: map[string][]byte{}}
}

func (s *swapStore) Get(ctx context.Context, key string) ([]byte, error) {
	v, err := s.inner.Get(ctx, key)
	s.mu.Lock()
	defer s.mu.Unlock()
	if err != nil {
		delete(s.read, key)
		return nil, err
	}
	s.read[key] = append([]byte{}, v...)
	return v, nil
}

func (s *swapStore) Put(ctx context.Context, key string, value []byte) error {
	s.mu.Lock()
	old, held := s.read[key]
	s.mu.Unlock()
	var err error
	if held {
		err = s.inner.Replace(ctx, key, old, value)
	} else {
		// Never read here: nothing this request decided depends on it.
		err = s.inner.Put(ctx, key, value)
	}
	s.remember(key, value, err)
	return err
}

func (s *swapStore) Add(ctx context.Context, key string, value []byte) error {
	err := s.inner.Add(ctx, key, value)
	s.remember(key, value, err)
	return err
}

func (s *swapStore) Delete(ctx context.Context, key string) error {
	s.mu.Lock()
	delete(s.read, key)
	s.mu.Unlock()
	return s.inner.Delete(ctx, key)
}

func (s *swapStore) List(ctx context.Context, prefix string) ([]string, error) {
	return s.inner.List(ctx, prefix)
}

// remember keeps what a successful write left in storage; after a failed
// one, what storage holds is unknown, and the next Put must read first.
func (s *swapStore) remember(key string, value []byte, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err != nil {
		delete(s.read, key)
		return
	}
	s.read[key] = append([]byte{}, value...)
}

// isConflict reports a lost compare-and-swap.
func isConflict(err error) bool { return errors.Is(err, keystore.ErrConflict) }
