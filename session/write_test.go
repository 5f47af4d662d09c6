package session

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sessionsigner/sessionsigner/keystore"
)

// Two vaults over one store are two tabs. These tests put another tab's
// write between a vault's read of a record and its write-back, the window
// the conditional write closes.

// betweenStore runs between once, right after the first Get of key that
// follows arm(): another tab writing after this tab read.
type betweenStore struct {
	*keystore.MemoryStore
	mu      sync.Mutex
	key     string
	between func()
}

func (s *betweenStore) arm(key string, f func()) {
	s.mu.Lock()
	s.key, s.between = key, f
	s.mu.Unlock()
}

func (s *betweenStore) Get(ctx context.Context, key string) ([]byte, error) {
	v, err := s.MemoryStore.Get(ctx, key)
	s.mu.Lock()
	f := s.between
	if key != s.key {
		f = nil
	}
	if f != nil {
		s.between = nil
	}
	s.mu.Unlock()
	if f != nil {
		f()
	}
	return v, err
}

// plainPuts hides the MemoryStore's Replace: a store that cannot swap.
type plainPuts struct{ keystore.Store }

// tabPair is tab A over a betweenStore and tab B straight over the same
// memory, both unlocked.
func tabPair(t *testing.T, store keystore.Store) (a, b *Vault, shared *betweenStore) {
	t.Helper()
	mem := keystore.NewMemoryStore()
	shared = &betweenStore{MemoryStore: mem}
	c := &clock{t: testNow}
	if store == nil {
		store = shared
	}
	a, b = newVault(t, store, c), newVault(t, mem, c)
	for _, v := range []*Vault{a, b} {
		if err := v.Unlock(ctx, secret); err != nil {
			t.Fatal(err)
		}
	}
	return a, b, shared
}

// TestSignLosesToRevocation: tab B revokes while tab A is between reading
// the record and storing its count. A's write is refused, A reads again,
// sees REVOKED and returns no signature; the record stays revoked with no
// key. (With a plain write-back A signed and stored the record active
// again, key included.)
func TestSignLosesToRevocation(t *testing.T) {
	a, b, shared := tabPair(t, nil)
	info := createTest(t, a, `,"max":5`)
	mustSign(t, a, info.ID) // warm: A's key is opened and cached
	shared.arm(keystore.RecordPrefix+info.ID, func() {
		if _, err := b.Revoke(ctx, info.ID); err != nil {
			t.Error(err)
		}
	})
	sig, err := a.Sign(ctx, info.ID, hashReq)
	if sig != nil {
		t.Fatalf("signed %x after the revocation landed", sig)
	}
	wantCode(t, err, CodeRevoked)
	for _, v := range []*Vault{a, b} {
		got, err := v.GetSession(ctx, info.ID)
		if err != nil || got.Status != StatusRevoked {
			t.Fatalf("after the race: %+v, %v; want revoked", got, err)
		}
	}
	raw, _ := shared.MemoryStore.Get(ctx, keystore.RecordPrefix+info.ID)
	rec, err := keystore.ParseRecord(keystore.RecordPrefix+info.ID, raw)
	if err != nil || rec.Sealed() {
		t.Fatalf("the stored record holds a key after revocation: %v", err)
	}
}

// TestSignRecountsAfterAnotherTabsUse: the last use of a two-use session is
// spent by tab B while tab A is between its read and its write. A decides
// again on the stored count and refuses: two uses, two signatures.
func TestSignRecountsAfterAnotherTabsUse(t *testing.T) {
	a, b, shared := tabPair(t, nil)
	info := createTest(t, a, `,"max":2`)
	mustSign(t, a, info.ID)
	shared.arm(keystore.RecordPrefix+info.ID, func() { mustSign(t, b, info.ID) })
	sig, err := a.Sign(ctx, info.ID, hashReq)
	if sig != nil || Rule(err) != "uses" {
		t.Fatalf("third use of a two-use session = %x, %v; want none, POLICY_VIOLATION (uses)", sig, err)
	}
	got, _ := b.GetSession(ctx, info.ID)
	if string(got.State) != `{"uses":2}` {
		t.Fatalf("state %s, want 2 uses", got.State)
	}
}

// TestRevokeDecidesAgain: a count stored by another tab between Revoke's
// read and write makes Revoke read again; it still revokes.
func TestRevokeDecidesAgain(t *testing.T) {
	a, b, shared := tabPair(t, nil)
	info := createTest(t, a, `,"max":5`)
	shared.arm(keystore.RecordPrefix+info.ID, func() { mustSign(t, b, info.ID) })
	got, err := a.Revoke(ctx, info.ID)
	if err != nil || got.Status != StatusRevoked {
		t.Fatalf("Revoke = %+v, %v", got, err)
	}
	wantCode(t, func() error { _, err := b.Sign(ctx, info.ID, hashReq); return err }(), CodeRevoked)
}

// TestExpiryLosesNothing: tab B revokes while tab A, signing, is about to
// store the expiry tombstone. A reads again and reports the session as it
// now is; it never stores "expired" over "revoked".
func TestExpiryLosesNothing(t *testing.T) {
	a, b, shared := tabPair(t, nil)
	info := createTest(t, a, "")
	a.now = func() time.Time { return testNow.Add(48 * time.Hour) }
	shared.arm(keystore.RecordPrefix+info.ID, func() {
		if _, err := b.Revoke(ctx, info.ID); err != nil {
			t.Error(err)
		}
	})
	_, err := a.Sign(ctx, info.ID, hashReq)
	wantCode(t, err, CodeRevoked)
	if got, _ := b.GetSession(ctx, info.ID); got.Status != StatusRevoked {
		t.Fatalf("status %s, want revoked", got.Status)
	}
}

// yieldingStore gives other goroutines a turn after every read and before
// every write, so tabs signing at once interleave their reads and writes.
type yieldingStore struct{ *keystore.MemoryStore }

func (s yieldingStore) Get(ctx context.Context, key string) ([]byte, error) {
	v, err := s.MemoryStore.Get(ctx, key)
	runtime.Gosched()
	return v, err
}

func (s yieldingStore) Put(ctx context.Context, key string, value []byte) error {
	runtime.Gosched()
	return s.MemoryStore.Put(ctx, key, value)
}

func (s yieldingStore) Replace(ctx context.Context, key string, old, value []byte) error {
	runtime.Gosched()
	return s.MemoryStore.Replace(ctx, key, old, value)
}

// TestUseLimitAcrossTabs: eight tabs, each its own vault over one storage,
// fire 10 signatures each at a session allowed 7 uses. At most 7
// signatures are released in all, and the stored count is the number
// released. (With plain write-backs, counts were lost and more were
// released.)
func TestUseLimitAcrossTabs(t *testing.T) {
	const tabs, each, limit = 8, 10, 7
	mem := keystore.NewMemoryStore()
	store := yieldingStore{mem}
	c := &clock{t: testNow}
	vaults := make([]*Vault, tabs)
	for i := range vaults {
		vaults[i] = newVault(t, store, c)
		if err := vaults[i].Unlock(ctx, secret); err != nil {
			t.Fatal(err)
		}
	}
	info := createTest(t, vaults[0], fmt.Sprintf(`,"max":%d`, limit))
	var released, conflicts atomic.Int64
	var wg sync.WaitGroup
	for _, v := range vaults {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range each {
				sig, err := v.Sign(ctx, info.ID, hashReq)
				switch {
				case err == nil && sig != nil:
					released.Add(1)
				case Code(err) == CodeConflict:
					conflicts.Add(1)
				case Rule(err) != "uses":
					t.Errorf("unexpected refusal: %v", err)
				}
			}
		}()
	}
	wg.Wait()
	got, err := vaults[0].GetSession(ctx, info.ID)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("released %d of %d uses, %d calls gave up on conflicts", released.Load(), limit, conflicts.Load())
	if released.Load() > limit {
		t.Fatalf("released %d signatures on a %d-use session", released.Load(), limit)
	}
	if want := fmt.Sprintf(`{"uses":%d}`, released.Load()); string(got.State) != want {
		t.Fatalf("stored state %s, want %s (one count per released signature)", got.State, want)
	}
}

// failingReplace fails every Replace with a storage error.
type failingReplace struct{ *keystore.MemoryStore }

func (failingReplace) Replace(context.Context, string, []byte, []byte) error {
	return fmt.Errorf("%w: %w", keystore.ErrStorageUnavailable, errInjected)
}

// TestNoSignatureWithoutItsCount: a state write that fails returns no
// signature, and nothing is counted.
func TestNoSignatureWithoutItsCount(t *testing.T) {
	mem := keystore.NewMemoryStore()
	v := newVault(t, failingReplace{mem}, &clock{t: testNow})
	if err := v.Unlock(ctx, secret); err != nil {
		t.Fatal(err)
	}
	info := createTest(t, v, `,"max":3`)
	sig, err := v.Sign(ctx, info.ID, hashReq)
	if sig != nil || !errors.Is(err, errInjected) {
		t.Fatalf("Sign with a failing state write = %x, %v; want no signature and the storage error", sig, err)
	}
	wantCode(t, err, CodeStorageUnavailable)
	if got, _ := v.GetSession(ctx, info.ID); string(got.State) != `{"uses":0}` {
		t.Fatalf("state %s after a failed write, want no use counted", got.State)
	}
}

// TestNoCountWithoutItsSignature: a Finish that fails (after signing)
// stores nothing: the count is saved only for a signature returned.
func TestNoCountWithoutItsSignature(t *testing.T) {
	v, store, _ := unlocked(t)
	info := createTest(t, v, `,"max":3,"failFinish":true`)
	before, _ := store.Get(ctx, keystore.RecordPrefix+info.ID)
	sig, err := v.Sign(ctx, info.ID, hashReq)
	if sig != nil || err == nil {
		t.Fatalf("Sign with a failing Finish = %x, %v; want an error", sig, err)
	}
	after, _ := store.Get(ctx, keystore.RecordPrefix+info.ID)
	if !bytes.Equal(before, after) {
		t.Fatalf("a failed Finish changed the record:\n%s\n%s", before, after)
	}
}

// alwaysMoved refuses every Replace, as if another tab always won.
type alwaysMoved struct{ *keystore.MemoryStore }

func (alwaysMoved) Replace(context.Context, string, []byte, []byte) error {
	return keystore.ErrConflict
}

// TestConflictIsBounded: a write that keeps losing gives up with CONFLICT
// after a bounded number of attempts, with no signature and nothing stored.
func TestConflictIsBounded(t *testing.T) {
	mem := keystore.NewMemoryStore()
	v := newVault(t, alwaysMoved{mem}, &clock{t: testNow})
	if err := v.Unlock(ctx, secret); err != nil {
		t.Fatal(err)
	}
	info := createTest(t, v, `,"max":3`)
	before, _ := mem.Get(ctx, keystore.RecordPrefix+info.ID)
	sig, err := v.Sign(ctx, info.ID, hashReq)
	if sig != nil {
		t.Fatal("signed although the count was never stored")
	}
	wantCode(t, err, CodeConflict)
	_, err = v.Revoke(ctx, info.ID)
	wantCode(t, err, CodeConflict)
	after, _ := mem.Get(ctx, keystore.RecordPrefix+info.ID)
	if !bytes.Equal(before, after) {
		t.Fatal("a call that gave up changed the record")
	}
}

// TestCountedLimitsNeedReplace: over storage that cannot swap, a session
// whose limits are counted is refused at creation with INVALID_CONFIG
// naming replace, and nothing is stored; one without counted limits is
// created, signs and revokes (the tombstone is a plain write).
func TestCountedLimitsNeedReplace(t *testing.T) {
	mem := keystore.NewMemoryStore()
	v := newVault(t, plainPuts{mem}, &clock{t: testNow})
	if err := v.Unlock(ctx, secret); err != nil {
		t.Fatal(err)
	}
	_, err := v.CreateSession(ctx, []byte(`{"scheme":"test","chainId":"1","max":3}`))
	wantCode(t, err, CodeInvalidConfig)
	if !bytes.Contains([]byte(err.Error()), []byte("replace")) {
		t.Fatalf("the refusal does not name replace: %v", err)
	}
	if keys, _ := mem.List(ctx, keystore.RecordPrefix); len(keys) != 0 {
		t.Fatalf("a refused session was stored: %v", keys)
	}
	info := createTest(t, v, "")
	mustSign(t, v, info.ID)
	if got, err := v.Revoke(ctx, info.ID); err != nil || got.Status != StatusRevoked {
		t.Fatalf("Revoke without replace = %+v, %v", got, err)
	}
	_, err = v.Sign(ctx, info.ID, hashReq)
	wantCode(t, err, CodeRevoked)
}

// TestLocalCountedLimitsNeedReplace: the built-in local scheme's counted
// limits (maxUses, maxTotalValue) are refused over storage without
// Replace; a local session without them is not.
func TestLocalCountedLimitsNeedReplace(t *testing.T) {
	mem := keystore.NewMemoryStore()
	v := newVault(t, plainPuts{mem}, &clock{t: testNow})
	if err := v.Unlock(ctx, secret); err != nil {
		t.Fatal(err)
	}
	for _, limit := range []string{`"maxUses":2`, `"maxTotalValue":"1000"`} {
		_, err := v.CreateSession(ctx, []byte(`{"scheme":"local","chainId":"1","rawHash":true,`+limit+`}`))
		wantCode(t, err, CodeInvalidConfig)
	}
	if _, err := v.CreateSession(ctx, []byte(`{"scheme":"local","chainId":"1","rawHash":true}`)); err != nil {
		t.Fatalf("a local session without counted limits: %v", err)
	}
}
