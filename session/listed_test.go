package session

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sessionsigner/sessionsigner/accounts/local"
	"github.com/sessionsigner/sessionsigner/keystore"
	"github.com/sessionsigner/sessionsigner/scheme"
)

// describing counts its scheme's Describe calls.
type describing struct {
	Scheme
	calls *atomic.Int64
}

func (d describing) Describe(s *scheme.Session) (*scheme.Description, error) {
	d.calls.Add(1)
	return d.Scheme.Describe(s)
}

// TestListingDescribesOnlyChangedRecords: a second listing describes no
// session again; one whose stored bytes changed (a counted signature, a
// record another tab rewrote) or whose expiry fell due is described afresh,
// and every listing is the one a vault without the memory would write.
func TestListingDescribesOnlyChangedRecords(t *testing.T) {
	var calls atomic.Int64
	store := keystore.NewMemoryStore()
	c := &clock{t: testNow}
	v, err := Open(ctx, Options{Store: store, Schemes: []Scheme{describing{testScheme{}, &calls}, local.New()}, KDF: keystore.MinKDF, Now: c.Now})
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Unlock(ctx, secret); err != nil {
		t.Fatal(err)
	}
	short := createTest(t, v, `,"max":5,"expiresAt":`+itoa(testNow.Unix()+60))
	createTest(t, v, "")
	createTest(t, v, "")
	described := func(want int64, why string) {
		t.Helper()
		calls.Store(0)
		wantFreshListing(t, v, store, c)
		if got := calls.Load(); got != want {
			t.Fatalf("%s: described %d sessions, want %d", why, got, want)
		}
	}
	described(3, "first listing")
	described(0, "nothing changed")
	mustSign(t, v, short.ID)
	described(1, "one counted signature")

	// Another tab's vault over the same storage revokes a session.
	other := newVault(t, store, c)
	if _, err := other.Revoke(ctx, short.ID); err != nil {
		t.Fatal(err)
	}
	described(1, "revoked in another tab")

	third := createTest(t, v, `,"expiresAt":`+itoa(testNow.Unix()+120))
	described(1, "one new session")
	c.Add(2 * time.Minute)
	described(1, "one session expired (its key wiped before it is listed)")
	if readRaw(t, store, third.ID).Sealed() {
		t.Fatal("the expired key was not wiped by the listing")
	}

	// A record damaged in storage is listed as corrupt, and never kept.
	raw, _ := store.Get(ctx, keystore.RecordPrefix+third.ID)
	if err := store.Put(ctx, keystore.RecordPrefix+third.ID, raw[:len(raw)-1]); err != nil {
		t.Fatal(err)
	}
	described(0, "a damaged record")
	described(0, "a damaged record again")
	if err := store.Put(ctx, keystore.RecordPrefix+third.ID, raw); err != nil {
		t.Fatal(err)
	}
	described(1, "the record repaired")

	v.Lock()
	described(4, "after Lock")
}

// wantFreshListing lists with v and checks that the JSON is exactly what a
// fresh vault over the same storage, with nothing remembered, writes.
func wantFreshListing(t *testing.T, v *Vault, store keystore.Store, c *clock) []byte {
	t.Helper()
	got, err := v.ListSessionsJSON(ctx)
	if err != nil {
		t.Fatal(err)
	}
	infos, err := newVault(t, store, c).ListSessions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want, err := MarshalInfos(infos)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("ListSessionsJSON:\n%s\na fresh vault's listing:\n%s", got, want)
	}
	return got
}

// FuzzListSessionsJSON: whatever happens to the stored sessions between two
// listings (signatures, revocations here and in another tab, expiry, records
// damaged, deleted or restored in storage, a lock), a listing is byte for
// byte the one a vault that remembers nothing writes: nothing listed is
// stale. The writing vaults are unlocked once (Argon2id); each input starts
// from an empty vault and lists with a vault of its own.
func FuzzListSessionsJSON(f *testing.F) {
	f.Add([]byte{0, 0, 9, 0, 2, 0, 9, 0, 1, 1, 9, 1, 4, 90, 9, 0, 5, 3, 9, 0, 6, 0, 9, 0, 7, 1, 9, 1, 8, 0, 9, 0})
	f.Add([]byte{0, 0, 1, 0, 9, 0, 7, 0, 9, 1, 4, 61, 9, 0, 5, 1, 9, 0, 6, 1, 9, 0, 3, 0, 9, 1})
	v, store, c := unlocked(f)
	other := newVault(f, store, c)
	if err := other.Unlock(ctx, secret); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, ops []byte) {
		keys, _ := store.List(ctx, keystore.RecordPrefix)
		for _, k := range keys {
			_ = store.Delete(ctx, k)
		}
		lister := newVault(t, &batchReads{MemoryStore: store}, c) // reads in batches; v a record at a time
		var ids []string
		saved := map[string][]byte{}
		pick := func(b byte) string {
			if len(ids) == 0 {
				return strings.Repeat("0", 32)
			}
			return ids[int(b)%len(ids)]
		}
		if len(ops) > 64 {
			ops = ops[:64]
		}
		for i := 0; i+1 < len(ops); i += 2 {
			op, arg := ops[i]%10, ops[i+1]
			switch op {
			case 0: // a counted session that expires within minutes
				ids = append(ids, createTest(t, v, `,"max":3,"expiresAt":`+itoa(c.Now().Unix()+60*int64(1+arg%4))).ID)
			case 1:
				info, err := v.CreateSession(ctx, json.RawMessage(`{"scheme":"local","chainId":`+itoa(int64(1+arg%3))+`,"rawHash":true}`))
				if err != nil {
					t.Fatal(err)
				}
				ids = append(ids, info.ID)
			case 2:
				_, _ = v.Sign(ctx, pick(arg), hashReq)
			case 3:
				_, _ = v.Revoke(ctx, pick(arg))
			case 4:
				c.Add(time.Duration(arg) * time.Second)
			case 5: // damaged in storage (a byte changed), its bytes kept to restore
				key := keystore.RecordPrefix + pick(arg)
				if raw, err := store.Get(ctx, key); err == nil && len(raw) > 0 {
					saved[key] = raw
					bad := bytes.Clone(raw)
					bad[int(arg)*7%len(bad)] ^= 1 + arg%7
					_ = store.Put(ctx, key, bad)
				}
			case 6: // deleted, or restored to what it held before
				key := keystore.RecordPrefix + pick(arg)
				if raw, ok := saved[key]; ok && arg%2 == 0 {
					_ = store.Put(ctx, key, raw)
				} else {
					_ = store.Delete(ctx, key)
				}
			case 7: // another tab writes
				if arg%2 == 0 {
					_, _ = other.Sign(ctx, pick(arg), hashReq)
				} else {
					_, _ = other.Revoke(ctx, pick(arg))
				}
			case 8:
				lister.Lock()
			case 9: // the listing vault lists, or the writing one
				if arg%2 == 0 {
					wantFreshListing(t, lister, store, c)
				} else {
					wantFreshListing(t, v, store, c)
				}
			}
		}
		wantFreshListing(t, lister, store, c)
	})
}

// batchReads reads many records in one call (keystore.ManyGetter) and
// counts its calls; with forgetful, its batches say every key holds
// nothing.
type batchReads struct {
	*keystore.MemoryStore
	forgetful     bool
	gets, batches atomic.Int64
}

func (s *batchReads) Get(ctx context.Context, key string) ([]byte, error) {
	s.gets.Add(1)
	return s.MemoryStore.Get(ctx, key)
}

func (s *batchReads) GetMany(ctx context.Context, keys []string) ([][]byte, error) {
	s.batches.Add(1)
	if s.forgetful {
		return make([][]byte, len(keys)), nil
	}
	return keystore.GetMany(ctx, s.MemoryStore, keys)
}

// TestListingReadsInBatches: over a store that reads many records at once,
// listing, the expiry sweep of unlock and Prune read every record in
// batches, with no Get per record, and list exactly what a Get per record
// lists; a batch that says a record is missing has it read again.
func TestListingReadsInBatches(t *testing.T) {
	v, store, c := unlocked(t)
	for i := range 300 {
		createTest(t, v, `,"expiresAt":`+itoa(testNow.Unix()+60+int64(i%2)*3600))
	}
	// One more record, damaged: still listed, as corrupt.
	damaged := createTest(t, v, "")
	if err := store.Put(ctx, keystore.RecordPrefix+damaged.ID, []byte{}); err != nil {
		t.Fatal(err)
	}
	keys, _ := store.List(ctx, keystore.RecordPrefix)
	batched := &batchReads{MemoryStore: store}
	lister := newVault(t, batched, c)
	want := wantFreshListing(t, lister, store, c)
	if g, b := batched.gets.Load(), batched.batches.Load(); g != 0 || b != 2 {
		t.Fatalf("listing 301 records: %d Gets and %d batches, want 0 and 2", g, b)
	}
	if !strings.Contains(string(want), `"status":"corrupt"`) {
		t.Fatal("the damaged record is not listed as corrupt")
	}
	infos, err := lister.ListSessions(ctx)
	if got, _ := MarshalInfos(infos); err != nil || !bytes.Equal(got, want) {
		t.Fatalf("ListSessions over batches differs: %v", err)
	}

	// The sweep at unlock wipes the 150 expired keys, reading in batches.
	c.Add(2 * time.Minute)
	batched.gets.Store(0)
	batched.batches.Store(0)
	if err := lister.Unlock(ctx, secret); err != nil {
		t.Fatal(err)
	}
	if _, err := lister.State(ctx); err != nil { // waits for the sweep
		t.Fatal(err)
	}
	if b := batched.batches.Load(); b != 2 {
		t.Fatalf("the sweep read %d batches, want 2", b)
	}
	expired := 0
	for _, k := range keys {
		if raw, _ := store.Get(ctx, k); bytes.Contains(raw, []byte(`"status":"expired"`)) {
			expired++
		}
	}
	if expired != 150 {
		t.Fatalf("the sweep left %d records expired, want 150", expired)
	}
	wantFreshListing(t, lister, store, c)

	// Batches that know nothing: every record is read again on its own.
	forgetful := &batchReads{MemoryStore: store, forgetful: true}
	wantFreshListing(t, newVault(t, forgetful, c), store, c)
	if g := forgetful.gets.Load(); g != 301 {
		t.Fatalf("after empty batches %d Gets, want 301", g)
	}

	n, err := lister.Prune(ctx, c.Now().Add(time.Second))
	if err != nil || n != 150 {
		t.Fatalf("Prune over batches: %d, %v; want 150", n, err)
	}
	wantFreshListing(t, lister, store, c)
}
