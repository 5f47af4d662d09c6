package session

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/sessionsigner/sessionsigner/accounts/local"
	"github.com/sessionsigner/sessionsigner/ethtypes"
	"github.com/sessionsigner/sessionsigner/internal/sigtest"
	"github.com/sessionsigner/sessionsigner/keystore"
)

var (
	ctx         = context.Background()
	secret      = []byte("correct horse battery staple")
	testNow     = time.Unix(1_800_000_000, 0)
	testHash    = ethtypes.Hash(common.HexToHash("0x0102030405060708091011121314151617181920212223242526272829303132"))
	hashReq     = json.RawMessage(`{"type":"hash","hash":"` + testHash.Hex() + `"}`)
	errInjected = errors.New("injected storage failure")
)

// clock is a settable time source.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// flakyStore wraps a store, counts writes and can fail the nth Put.
type flakyStore struct {
	keystore.Store
	mu     sync.Mutex
	puts   int
	failAt int // 1-based Put number that fails; 0 = never
	writes []string
}

func (s *flakyStore) Put(ctx context.Context, key string, value []byte) error {
	s.mu.Lock()
	s.puts++
	n := s.puts
	s.writes = append(s.writes, key)
	s.mu.Unlock()
	if s.failAt != 0 && n >= s.failAt {
		return fmt.Errorf("%w: %w", keystore.ErrStorageUnavailable, errInjected)
	}
	return s.Store.Put(ctx, key, value)
}

// getFailsOnce makes the next Get of key fail with a storage error.
type getFailsOnce struct {
	keystore.Store
	mu   sync.Mutex
	key  string
	done bool
}

func (s *getFailsOnce) Get(ctx context.Context, key string) ([]byte, error) {
	s.mu.Lock()
	fail := !s.done && key == s.key
	if fail {
		s.done = true
	}
	s.mu.Unlock()
	if fail {
		return nil, fmt.Errorf("%w: %w", keystore.ErrStorageUnavailable, errInjected)
	}
	return s.Store.Get(ctx, key)
}

func (s *flakyStore) putCount() int { s.mu.Lock(); defer s.mu.Unlock(); return s.puts }

func newVault(t testing.TB, store keystore.Store, c *clock) *Vault {
	t.Helper()
	v, err := Open(ctx, Options{Store: store, Schemes: []Scheme{testScheme{}, local.New()}, KDF: keystore.MinKDF, Now: c.Now})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func unlocked(t testing.TB) (*Vault, *keystore.MemoryStore, *clock) {
	t.Helper()
	store := keystore.NewMemoryStore()
	c := &clock{t: testNow}
	v := newVault(t, store, c)
	if err := v.Unlock(ctx, secret); err != nil {
		t.Fatal(err)
	}
	return v, store, c
}

func createTest(t testing.TB, v *Vault, extra string) *Info {
	t.Helper()
	info, err := v.CreateSession(ctx, json.RawMessage(`{"scheme":"test","chainId":"1"`+extra+`}`))
	if err != nil {
		t.Fatal(err)
	}
	return info
}

func mustSign(t testing.TB, v *Vault, id string) []byte {
	t.Helper()
	sig, err := v.Sign(ctx, id, hashReq)
	if err != nil {
		t.Fatal(err)
	}
	return sig
}

func recoverSigner(t testing.TB, sig []byte) ethtypes.Address {
	t.Helper()
	if len(sig) != 65 || (sig[64] != 27 && sig[64] != 28) {
		t.Fatalf("signature %x is not 65 bytes with v 27/28", sig)
	}
	signer, err := sigtest.Recover(testHash, sig)
	if err != nil {
		t.Fatal(err)
	}
	return signer
}

func wantCode(t testing.TB, err error, code string) {
	t.Helper()
	if Code(err) != code {
		t.Fatalf("got %v (code %q), want code %s", err, Code(err), code)
	}
}

func fmtInt(n int64) string { return fmt.Sprint(n) }
