package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	"github.com/sessionsigner/sessionsigner/accounts"
	"github.com/sessionsigner/sessionsigner/keystore"
	"github.com/sessionsigner/sessionsigner/session"
)

// tabs models browser tabs sharing one storage, as the npm package runs
// them: each tab has its own cache over an adapter that announces the tab's
// writes to the others once they are done (the BroadcastChannel), and an
// announcement takes effect only when deliver hands it over.
type tabs struct {
	shared *keystore.MemoryStore
	caches []*cachedStore
	queued [][]string // per tab, announced keys not yet delivered
}

// newTabs makes n tabs; withSwap gives their adapters a compare-and-swap,
// as the IndexedDB adapter has.
func newTabs(n int, withSwap bool) *tabs {
	ts := &tabs{shared: keystore.NewMemoryStore(), queued: make([][]string, n)}
	for i := range n {
		a := announcingStore{ts, i}
		var inner keystore.Store = a
		if !withSwap {
			inner = struct {
				keystore.Store
				keystore.Adder
			}{a, a}
		}
		ts.caches = append(ts.caches, newCachedStore(inner))
	}
	return ts
}

// store is tab i's view, as its vault gets it.
func (ts *tabs) store(i int) keystore.Store { return ts.caches[i].store() }

// deliver hands tab i its oldest announcement; it reports whether there was one.
func (ts *tabs) deliver(i int) bool {
	if len(ts.queued[i]) == 0 {
		return false
	}
	ts.caches[i].invalidate(ts.queued[i][0])
	ts.queued[i] = ts.queued[i][1:]
	return true
}

func (ts *tabs) deliverAll() {
	for i := range ts.caches {
		for ts.deliver(i) {
		}
	}
}

// announcingStore is tab from's adapter: the shared storage, announcing
// every write after it completes (even a failed one: it may have happened).
type announcingStore struct {
	ts   *tabs
	from int
}

func (a announcingStore) announce(key string) {
	for i := range a.ts.queued {
		if i != a.from {
			a.ts.queued[i] = append(a.ts.queued[i], key)
		}
	}
}

func (a announcingStore) Get(ctx context.Context, key string) ([]byte, error) {
	return a.ts.shared.Get(ctx, key)
}

func (a announcingStore) List(ctx context.Context, prefix string) ([]string, error) {
	return a.ts.shared.List(ctx, prefix)
}

func (a announcingStore) Put(ctx context.Context, key string, value []byte) error {
	defer a.announce(key)
	return a.ts.shared.Put(ctx, key, value)
}

func (a announcingStore) Delete(ctx context.Context, key string) error {
	defer a.announce(key)
	return a.ts.shared.Delete(ctx, key)
}

// Replace is the shared storage's compare-and-swap, announced when it
// wrote.
func (a announcingStore) Replace(ctx context.Context, key string, old, value []byte) error {
	err := a.ts.shared.Replace(ctx, key, old, value)
	if err == nil {
		a.announce(key)
	}
	return err
}

func (a announcingStore) Add(ctx context.Context, key string, value []byte) error {
	err := a.ts.shared.Add(ctx, key, value)
	if !errors.Is(err, keystore.ErrExists) {
		a.announce(key)
	}
	return err
}

// TestVaultSeesOtherTabs: two vaults on one storage, each with its cache.
// What tab B does reaches tab A's next signature once B's announcement is
// delivered: a revocation, and a use counted against a shared limit.
func TestVaultSeesOtherTabs(t *testing.T) {
	ts, a, b := twoVaults(t)
	ctx := context.Background()
	vaults := []*session.Vault{a, b}
	create := func(params string) string {
		info, err := a.CreateSession(ctx, json.RawMessage(params))
		if err != nil {
			t.Fatal(err)
		}
		ts.deliverAll()
		return info.ID
	}
	hash := json.RawMessage(`{"type":"hash","hash":"0x0102030405060708091011121314151617181920212223242526272829303132"}`)
	sign := func(v *session.Vault, id string) error {
		_, err := v.Sign(ctx, id, hash)
		ts.deliverAll()
		return err
	}

	revoked := create(`{"scheme":"local","chainId":"1","rawHash":true}`)
	for _, v := range vaults {
		if err := sign(v, revoked); err != nil {
			t.Fatalf("warm-up signature: %v", err)
		}
	}
	if _, err := b.Revoke(ctx, revoked); err != nil {
		t.Fatal(err)
	}
	ts.deliverAll()
	if err := sign(a, revoked); session.Code(err) != session.CodeRevoked {
		t.Fatalf("tab A signed with a session tab B revoked: %v", err)
	}

	counted := create(`{"scheme":"local","chainId":"1","rawHash":true,"maxUses":2}`)
	if err := sign(a, counted); err != nil {
		t.Fatal(err)
	}
	if err := sign(b, counted); err != nil {
		t.Fatal(err)
	}
	err := sign(a, counted)
	if session.Code(err) != session.CodePolicyViolation || session.Rule(err) != "uses" {
		t.Fatalf("third use of a two-use session across tabs: %v, want POLICY_VIOLATION (uses)", err)
	}
}

// twoVaults opens and unlocks one vault per tab, over caches with a
// compare-and-swap, and delivers every announcement.
func twoVaults(t *testing.T) (ts *tabs, a, b *session.Vault) {
	ctx := context.Background()
	ts = newTabs(2, true)
	var vaults [2]*session.Vault
	for i := range vaults {
		v, err := session.Open(ctx, session.Options{Store: ts.store(i), KDF: keystore.MinKDF, Schemes: accounts.Schemes()})
		if err != nil {
			t.Fatal(err)
		}
		if err := v.Unlock(ctx, []byte("shared secret")); err != nil {
			t.Fatal(err)
		}
		ts.deliverAll()
		vaults[i] = v
	}
	return ts, vaults[0], vaults[1]
}

// TestStaleCopyNeverOverwrites: tab A signs through a counted session
// before tab B's revocation has been announced to it. A's copy of the
// record is stale, so the swap that would store A's count is refused by
// storage; A reads again (from storage: the refusal dropped its copy),
// sees the revocation and returns REVOKED with no signature. The
// revocation stays.
func TestStaleCopyNeverOverwrites(t *testing.T) {
	ts, a, b := twoVaults(t)
	ctx := context.Background()
	info, err := a.CreateSession(ctx, json.RawMessage(`{"scheme":"local","chainId":"1","messages":true,"maxUses":5}`))
	if err != nil {
		t.Fatal(err)
	}
	ts.deliverAll()
	msg := json.RawMessage(`{"type":"message","message":"hi"}`)
	if _, err := a.Sign(ctx, info.ID, msg); err != nil {
		t.Fatal(err)
	}
	ts.deliverAll()
	if _, err := b.Revoke(ctx, info.ID); err != nil {
		t.Fatal(err)
	}
	// B's announcement is still on its way to A.
	sig, err := a.Sign(ctx, info.ID, msg)
	if session.Code(err) != session.CodeRevoked || sig != nil {
		t.Fatalf("signing from a stale copy = %x, %v; want no signature and REVOKED", sig, err)
	}
	if got, err := b.GetSession(ctx, info.ID); err != nil || got.Status != session.StatusRevoked {
		t.Fatalf("storage after the refused write: %+v, %v; want still revoked", got, err)
	}
	if _, err := a.Sign(ctx, info.ID, msg); session.Code(err) != session.CodeRevoked {
		t.Fatalf("tab A's next signature = %v, want REVOKED", err)
	}
}

// checkTabs runs ops, three bytes each (tab, operation, key), on three
// tabs, and checks the promise the cache makes: a tab with no announcement
// waiting reads exactly what storage holds.
func checkTabs(t *testing.T, ops []byte) {
	ctx := context.Background()
	ts := newTabs(3, len(ops)%2 == 1)
	keys := []string{"vault", "session/a", "session/b"}
	for n := 0; n+2 < len(ops); n += 3 {
		tab, op, key := int(ops[n])%3, ops[n+1]%6, keys[int(ops[n+2])%len(keys)]
		value := []byte(fmt.Sprintf("%s written by tab %d at op %d", key, tab, n/3))
		s := ts.store(tab)
		switch op {
		case 0:
			_ = s.Put(ctx, key, value)
		case 1:
			_ = s.(keystore.Adder).Add(ctx, key, value)
		case 2:
			_ = s.Delete(ctx, key)
		case 3:
			ts.deliver(tab)
		case 4:
			ts.caches[tab].invalidateAll()
			ts.queued[tab] = nil
		case 5:
			// The vault's write-back: a swap from what this tab read,
			// which may be stale.
			if r, ok := s.(keystore.Replacer); ok {
				if old, err := s.Get(ctx, key); err == nil {
					_ = r.Replace(ctx, key, old, value)
				}
			}
		}
		// Every op ends with a read by the chosen tab.
		got, err := s.Get(ctx, key)
		want, wantErr := ts.shared.Get(ctx, key)
		if len(ts.queued[tab]) > 0 {
			continue // a change is on its way: the tab may still see the old value
		}
		if !errors.Is(err, wantErr) && (err != nil || wantErr != nil) || !bytes.Equal(got, want) {
			t.Fatalf("op %d: tab %d read %q (%v), storage holds %q (%v)", n/3, tab, got, err, want, wantErr)
		}
	}
}

var tabSeeds = [][]byte{
	// A header created by one tab, replaced by another, read by the first.
	{0, 1, 0, 1, 0, 0, 0, 3, 0},
	// Read, another tab writes, deliver, read; then delete and re-create.
	{0, 5, 1, 1, 0, 1, 0, 3, 1, 2, 2, 1, 0, 3, 1, 0, 0, 1, 1, 3, 1},
	// Interleaved writes to one key by every tab with partial delivery.
	{0, 0, 2, 1, 0, 2, 2, 0, 2, 0, 3, 2, 1, 3, 2, 0, 3, 2, 2, 5, 2, 0, 4, 2},
}

func TestCacheAcrossTabs(t *testing.T) {
	for i, ops := range tabSeeds {
		t.Run(fmt.Sprint(i), func(t *testing.T) { checkTabs(t, ops) })
	}
}

// FuzzCacheAcrossTabs explores orders of writes, reads and deliveries.
func FuzzCacheAcrossTabs(f *testing.F) {
	for _, ops := range tabSeeds {
		f.Add(ops)
	}
	f.Fuzz(func(t *testing.T, ops []byte) {
		if len(ops) > 3*200 {
			ops = ops[:3*200]
		}
		checkTabs(t, ops)
	})
}
