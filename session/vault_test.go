package session

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sessionsigner/sessionsigner/accounts/local"
	"github.com/sessionsigner/sessionsigner/keystore"
	"github.com/sessionsigner/sessionsigner/scheme"
)

func TestStateAndUnlock(t *testing.T) {
	store := keystore.NewMemoryStore()
	c := &clock{t: testNow}
	v := newVault(t, store, c)
	if st, _ := v.State(ctx); st != StateNew {
		t.Fatalf("state %s, want new", st)
	}
	if _, err := v.CreateSession(ctx, json.RawMessage(`{"scheme":"test","chainId":1}`)); Code(err) != CodeLocked {
		t.Fatalf("create before unlock: %v", err)
	}
	if err := v.Unlock(ctx, secret); err != nil {
		t.Fatal(err)
	}
	if st, _ := v.State(ctx); st != StateUnlocked {
		t.Fatalf("state %s, want unlocked", st)
	}
	v.Lock()
	if st, _ := v.State(ctx); st != StateLocked {
		t.Fatalf("state %s, want locked", st)
	}
	wantCode(t, v.Unlock(ctx, nil), CodeInvalidRequest)
	if err := v.Unlock(ctx, secret); err != nil {
		t.Fatal(err)
	}
}

func TestWrongSecretChangesNothing(t *testing.T) {
	v, store, c := unlocked(t)
	info := createTest(t, v, "")
	before := snapshot(t, store)

	flaky := &flakyStore{Store: store}
	v2 := newVault(t, flaky, c)
	wantCode(t, v2.Unlock(ctx, []byte("wrong")), CodeWrongSecret)
	if st, _ := v2.State(ctx); st != StateLocked {
		t.Fatalf("state after wrong secret: %s", st)
	}
	if flaky.putCount() != 0 {
		t.Fatalf("a wrong secret wrote %d times", flaky.putCount())
	}
	// An unlocked vault stays unlocked and usable after a wrong secret.
	wantCode(t, v.Unlock(ctx, []byte("wrong")), CodeWrongSecret)
	if recoverSigner(t, mustSign(t, v, info.ID)) != info.Signer {
		t.Fatal("signer changed")
	}
	mustSign(t, v, info.ID) // still usable
	if after := snapshot(t, store); !sameExceptState(before, after) {
		t.Fatal("stored bytes changed beyond the session's counters")
	}
}

func TestFreshKeyPerSession(t *testing.T) {
	v, _, _ := unlocked(t)
	seen := map[string]bool{}
	for range 20 {
		info := createTest(t, v, "")
		if seen[info.Signer.Hex()] {
			t.Fatalf("signer %s reused", info.Signer)
		}
		seen[info.Signer.Hex()] = true
		if got := recoverSigner(t, mustSign(t, v, info.ID)); got != info.Signer {
			t.Fatalf("signature recovers %s, want %s", got, info.Signer)
		}
	}
}

func TestInfoJSON(t *testing.T) {
	v, _, _ := unlocked(t)
	info := createTest(t, v, `,"expiresAt":"1800003600","max":3`)
	raw, err := json.Marshal(info)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	if m["chainId"] != "1" || m["expiresAt"] != float64(1800003600) || m["createdAt"] != float64(testNow.Unix()) ||
		m["status"] != "active" || m["scheme"] != "test" || m["signerCopy"] != info.Signer.Hex() ||
		m["signer"] != info.Signer.Hex() { // signer is EIP-55 checksummed, as viem prints it
		t.Fatalf("info JSON: %s", raw)
	}
	for _, k := range []string{"sealedKey", "privateKey", "keyId"} {
		if strings.Contains(string(raw), k) {
			t.Fatalf("info JSON mentions %s: %s", k, raw)
		}
	}
}

func TestReloadListsWhileLocked(t *testing.T) {
	v, store, c := unlocked(t)
	a := createTest(t, v, "")
	b := createTest(t, v, "")

	v2 := newVault(t, store, c) // a page reload: same storage, fresh memory
	if st, _ := v2.State(ctx); st != StateLocked {
		t.Fatalf("state after reload %s", st)
	}
	list, err := v2.ListSessions(ctx)
	if err != nil || len(list) != 2 {
		t.Fatalf("list while locked: %v, %d sessions", err, len(list))
	}
	_, err = v2.Sign(ctx, a.ID, hashReq)
	wantCode(t, err, CodeLocked)
	if err := v2.Unlock(ctx, secret); err != nil {
		t.Fatal(err)
	}
	for _, s := range []*Info{a, b} {
		if recoverSigner(t, mustSign(t, v2, s.ID)) != s.Signer {
			t.Fatal("wrong signer after reload")
		}
	}
}

func TestPolicyRefusalNamesRule(t *testing.T) {
	v, store, _ := unlocked(t)
	deny := createTest(t, v, `,"deny":true`)
	before := snapshot(t, store)
	_, err := v.Sign(ctx, deny.ID, hashReq)
	wantCode(t, err, CodePolicyViolation)
	if Rule(err) != "deny" {
		t.Fatalf("rule %q", Rule(err))
	}
	if !equalSnapshots(before, snapshot(t, store)) {
		t.Fatal("a refusal wrote to storage")
	}
	_, err = v.Sign(ctx, deny.ID, json.RawMessage(`{"type":"hash","hash":"0x12"}`))
	wantCode(t, err, CodeInvalidRequest)
	_, err = v.Sign(ctx, deny.ID, json.RawMessage(`[1]`))
	wantCode(t, err, CodeInvalidRequest)
}

func TestStatePersistedAcrossReload(t *testing.T) {
	v, store, c := unlocked(t)
	s := createTest(t, v, `,"max":2`)
	mustSign(t, v, s.ID)
	v2 := newVault(t, store, c)
	if err := v2.Unlock(ctx, secret); err != nil {
		t.Fatal(err)
	}
	mustSign(t, v2, s.ID)
	_, err := v2.Sign(ctx, s.ID, hashReq)
	wantCode(t, err, CodePolicyViolation)
	if Rule(err) != "uses" {
		t.Fatalf("rule %q", Rule(err))
	}
}

func TestStateWrittenBeforeSignatureReleased(t *testing.T) {
	v, store, c := unlocked(t)
	s := createTest(t, v, `,"max":1`)
	flaky := &flakyStore{Store: store, failAt: 1}
	v2 := newVault(t, flaky, c)
	// Unlock with a failing store: the header read works, nothing is written.
	if err := v2.Unlock(ctx, secret); err != nil {
		t.Fatal(err)
	}
	if _, err := v2.Sign(ctx, s.ID, hashReq); Code(err) != CodeStorageUnavailable {
		t.Fatalf("sign with failing store: %v", err)
	}
	mustSign(t, v, s.ID) // the failed attempt did not consume the single use
}

func TestRevoke(t *testing.T) {
	v, store, _ := unlocked(t)
	s := createTest(t, v, "")
	other := createTest(t, v, "")
	info, err := v.Revoke(ctx, s.ID)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := json.Marshal(info)
	if info.Status != StatusRevoked || !strings.Contains(string(raw), `"revokeCall":{"session":"`+s.ID+`"}`) {
		t.Fatalf("revoke info: %s", raw)
	}
	rec := readRaw(t, store, s.ID)
	if rec.Sealed() || rec.Status != keystore.StatusRevoked || rec.WipedAt == 0 {
		t.Fatalf("tombstone still holds a key or lacks status: %+v", rec)
	}
	_, err = v.Sign(ctx, s.ID, hashReq)
	wantCode(t, err, CodeRevoked)
	mustSign(t, v, other.ID)
	// Revoking works while locked, and twice.
	v.Lock()
	if _, err := v.Revoke(ctx, other.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := v.Revoke(ctx, other.ID); err != nil {
		t.Fatal(err)
	}
	_, err = v.Revoke(ctx, "00000000000000000000000000000000")
	wantCode(t, err, CodeNotFound)
	_, err = v.GetSession(ctx, "../vault")
	wantCode(t, err, CodeNotFound)
}

func TestExpiry(t *testing.T) {
	v, store, c := unlocked(t)
	short := createTest(t, v, `,"expiresAt":`+itoa(testNow.Unix()+60))
	long := createTest(t, v, "")
	mustSign(t, v, short.ID)
	c.Add(61 * time.Second)
	_, err := v.Sign(ctx, short.ID, hashReq)
	wantCode(t, err, CodeExpired)
	if readRaw(t, store, short.ID).Sealed() {
		t.Fatal("expired key not wiped")
	}
	mustSign(t, v, long.ID)

	// Wiped at list time too, while locked.
	third := createTest(t, v, `,"expiresAt":`+itoa(c.Now().Unix()+60))
	v.Lock()
	c.Add(time.Hour)
	list, err := v.ListSessions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range list {
		if s.ID == third.ID && s.Status != StatusExpired {
			t.Fatalf("status %s", s.Status)
		}
	}
	if readRaw(t, store, third.ID).Sealed() {
		t.Fatal("expired key not wiped at list")
	}

	// And at the next unlock: the sweep holds the vault's lock, so State
	// returns only after it.
	if err := v.Unlock(ctx, secret); err != nil {
		t.Fatal(err)
	}
	fourth := createTest(t, v, `,"expiresAt":`+itoa(c.Now().Unix()+60))
	v.Lock()
	c.Add(time.Hour)
	if err := v.Unlock(ctx, secret); err != nil {
		t.Fatal(err)
	}
	if _, err := v.State(ctx); err != nil {
		t.Fatal(err)
	}
	if rec := readRaw(t, store, fourth.ID); rec.Sealed() || rec.Status != keystore.StatusExpired {
		t.Fatal("expired key not wiped at unlock")
	}
}

func TestLifetimeCap(t *testing.T) {
	v, _, _ := unlocked(t)
	for _, exp := range []string{itoa(testNow.Unix() - 1), itoa(testNow.Unix()), itoa(testNow.Unix() + 31*86400), `"soon"`, `1.5`} {
		_, err := v.CreateSession(ctx, json.RawMessage(`{"scheme":"test","chainId":1,"expiresAt":`+exp+`}`))
		wantCode(t, err, CodeInvalidConfig)
	}
	c := &clock{t: testNow}
	wide, err := Open(ctx, Options{Store: keystore.NewMemoryStore(), Schemes: []Scheme{testScheme{}, local.New()}, KDF: keystore.MinKDF, Now: c.Now, MaxLifetime: 90 * 24 * time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	if err := wide.Unlock(ctx, secret); err != nil {
		t.Fatal(err)
	}
	createTest(t, wide, `,"expiresAt":`+itoa(testNow.Unix()+60*86400))
	info := createTest(t, wide, "")
	if got := info.ExpiresAt.Sub(testNow); got != DefaultLifetime {
		t.Fatalf("default lifetime %s", got)
	}
}

func TestCreateValidation(t *testing.T) {
	v, _, _ := unlocked(t)
	for _, tc := range []struct{ req, code string }{
		{`{"chainId":1}`, CodeInvalidConfig},
		{`{"scheme":"nope","chainId":1}`, CodeUnknownScheme},
		{`{"scheme":"test"}`, CodeInvalidConfig},
		{`{"scheme":"test","chainId":0}`, CodeInvalidConfig},
		{`{"scheme":"test","chainId":"-1"}`, CodeInvalidConfig},
		{`{"scheme":"test","chainId":"0x10000000000000000"}`, CodeInvalidConfig},
		{`{"scheme":"test","chainId":1,"max":-1}`, CodeInvalidConfig},
		{`[]`, CodeInvalidConfig},
	} {
		_, err := v.CreateSession(ctx, json.RawMessage(tc.req))
		if Code(err) != tc.code {
			t.Errorf("%s: got %v (%s), want %s", tc.req, err, Code(err), tc.code)
		}
	}
}

func TestCorruptRecordIsolated(t *testing.T) {
	v, store, c := unlocked(t)
	good := createTest(t, v, "")
	bad := createTest(t, v, "")
	broken := createTest(t, v, "")

	rec := readRaw(t, store, bad.ID)
	rec.SealedKey[30] ^= 1
	writeRaw(t, store, rec)
	_ = store.Put(ctx, keystore.RecordPrefix+broken.ID, []byte(`{"v":1,`))

	v2 := newVault(t, store, c)
	if err := v2.Unlock(ctx, secret); err != nil {
		t.Fatal(err)
	}
	_, err := v2.Sign(ctx, bad.ID, hashReq)
	wantCode(t, err, CodeCorruptRecord)
	_, err = v2.Sign(ctx, broken.ID, hashReq)
	wantCode(t, err, CodeCorruptRecord)
	mustSign(t, v2, good.ID)
	list, err := v2.ListSessions(ctx)
	if err != nil || len(list) != 3 {
		t.Fatalf("list: %v, %d", err, len(list))
	}
	statuses := map[string]Status{}
	for _, s := range list {
		statuses[s.ID] = s.Status
	}
	if statuses[broken.ID] != StatusCorrupt || statuses[good.ID] != StatusActive {
		t.Fatalf("statuses %v", statuses)
	}
	if !strings.Contains(strings.Join(list[indexOf(list, broken.ID)].Permissions, ""), "CORRUPT_RECORD") {
		t.Fatal("corrupt entry does not say why")
	}
}

func TestTwoTabsCreateConcurrently(t *testing.T) {
	store := keystore.NewMemoryStore()
	c := &clock{t: testNow}
	tabs := []*Vault{newVault(t, store, c), newVault(t, store, c)}
	var wg sync.WaitGroup
	for _, tab := range tabs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := tab.Unlock(ctx, secret); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	ids := make(chan string, 40)
	for _, tab := range tabs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 20 {
				info, err := tab.CreateSession(ctx, json.RawMessage(`{"scheme":"test","chainId":1}`))
				if err != nil {
					t.Error(err)
					return
				}
				ids <- info.ID
			}
		}()
	}
	wg.Wait()
	close(ids)
	third := newVault(t, store, c)
	if err := third.Unlock(ctx, secret); err != nil {
		t.Fatal(err)
	}
	n := 0
	for id := range ids {
		mustSign(t, third, id)
		n++
	}
	if list, _ := third.ListSessions(ctx); len(list) != n || n != 40 {
		t.Fatalf("%d sessions listed, %d created", len(list), n)
	}
}

func TestLockForgetsKeys(t *testing.T) {
	v, _, _ := unlocked(t)
	s := createTest(t, v, "")
	mustSign(t, v, s.ID)
	key := v.cache.m[s.ID].key
	if key == nil {
		t.Fatal("key not cached")
	}
	v.Lock()
	if v.keys != nil || len(v.cache.m) != 0 || !key.Key.IsZero() {
		t.Fatal("lock left key material behind")
	}
	_, err := v.Sign(ctx, s.ID, hashReq)
	wantCode(t, err, CodeLocked)
}

func TestCodes(t *testing.T) {
	for _, tc := range []struct {
		err  error
		code string
	}{
		{nil, ""},
		{ErrWrongSecret, CodeWrongSecret},
		{ErrLocked, CodeLocked},
		{ErrNotFound, CodeNotFound},
		{ErrExpired, CodeExpired},
		{ErrRevoked, CodeRevoked},
		{scheme.Refuse("x", "y"), CodePolicyViolation},
		{scheme.BadConfig("x", "y"), CodeInvalidConfig},
		{scheme.BadRequest("x", "y"), CodeInvalidRequest},
		{ErrCorruptRecord, CodeCorruptRecord},
		{ErrUnsafeKDF, CodeUnsafeKDF},
		{ErrUnsupportedVersion, CodeUnsupportedVersion},
		{ErrStorageUnavailable, CodeStorageUnavailable},
		{fmt.Errorf("%w: x", ErrConflict), CodeConflict},
		{ErrUnknownScheme, CodeUnknownScheme},
		{ErrBusy, CodeBusy},
		{fmt.Errorf("%w: %w", scheme.ErrHost, context.Canceled), CodeHostError},
		{fmt.Errorf("wrapped: %w", scheme.ErrCorruptStored), CodeCorruptRecord},
		{context.Canceled, CodeCanceled},
		{errors.New("plain"), CodeInternal},
	} {
		if got := Code(tc.err); got != tc.code {
			t.Errorf("Code(%v) = %q, want %q", tc.err, got, tc.code)
		}
	}
}

// --- helpers over raw storage ------------------------------------------------

func readRaw(t testing.TB, store keystore.Store, id string) *keystore.Record {
	t.Helper()
	raw, err := store.Get(ctx, keystore.RecordPrefix+id)
	if err != nil {
		t.Fatal(err)
	}
	rec, err := keystore.ParseRecord(keystore.RecordPrefix+id, raw)
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

func writeRaw(t testing.TB, store keystore.Store, rec *keystore.Record) {
	t.Helper()
	raw, err := rec.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if err := store.Put(ctx, rec.StorageKey(), raw); err != nil {
		t.Fatal(err)
	}
}

func snapshot(t testing.TB, store keystore.Store) map[string][]byte {
	t.Helper()
	keys, err := store.List(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, k := range keys {
		out[k], _ = store.Get(ctx, k)
	}
	return out
}

func equalSnapshots(a, b map[string][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if !bytes.Equal(v, b[k]) {
			return false
		}
	}
	return true
}

// sameExceptState compares snapshots ignoring records' "state" counters.
func sameExceptState(a, b map[string][]byte) bool {
	strip := func(m map[string][]byte) map[string][]byte {
		out := map[string][]byte{}
		for k, v := range m {
			if strings.HasPrefix(k, keystore.RecordPrefix) {
				if rec, err := keystore.ParseRecord(k, v); err == nil {
					rec.State = nil
					v, _ = rec.Marshal()
				}
			}
			out[k] = v
		}
		return out
	}
	return equalSnapshots(strip(a), strip(b))
}

func indexOf(list []*Info, id string) int {
	for i, s := range list {
		if s.ID == id {
			return i
		}
	}
	return -1
}

func itoa(n int64) string { return fmtInt(n) }

func TestCorruptInfoJSON(t *testing.T) {
	raw, err := json.Marshal(corruptInfo("abc", ErrCorruptRecord))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	_ = json.Unmarshal(raw, &m)
	if m["chainId"] != "0" || m["createdAt"] != float64(0) || m["expiresAt"] != float64(0) || m["status"] != "corrupt" {
		t.Fatalf("corrupt info: %s", raw)
	}
}

// slowHostScheme blocks in Create until released, as a scheme waiting on the
// host's RPC would.
type slowHostScheme struct {
	testScheme
	entered, release chan struct{}
}

func (s slowHostScheme) Name() string { return "slow" }

func (s slowHostScheme) Create(ctx context.Context, in scheme.CreateInput) (*scheme.Created, error) {
	close(s.entered)
	<-s.release
	return s.testScheme.Create(ctx, in)
}

func TestCreateDoesNotBlockSigning(t *testing.T) {
	c := &clock{t: testNow}
	slow := slowHostScheme{entered: make(chan struct{}), release: make(chan struct{})}
	v, err := Open(ctx, Options{Store: keystore.NewMemoryStore(), Schemes: []Scheme{testScheme{}, local.New(), slow}, KDF: keystore.MinKDF, Now: c.Now})
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Unlock(ctx, secret); err != nil {
		t.Fatal(err)
	}
	s := createTest(t, v, "")
	done := make(chan error)
	go func() {
		_, err := v.CreateSession(ctx, json.RawMessage(`{"scheme":"slow","chainId":1}`))
		done <- err
	}()
	<-slow.entered
	mustSign(t, v, s.ID) // would deadlock if Create held the vault's lock
	v.Lock()
	close(slow.release)
	if err := <-done; Code(err) != CodeLocked {
		t.Fatalf("create finished after lock: %v", err)
	}
}

// TestCachedKeyRechecksRecord: a key opened once must not let a record that
// was edited in storage afterwards (a looser policy, a later expiry) sign.
func TestCachedKeyRechecksRecord(t *testing.T) {
	v, store, _ := unlocked(t)
	info, err := v.CreateSession(ctx, json.RawMessage(`{"scheme":"local","chainId":1,
		"allow":[{"target":"0xc4822abb9f05646a9ce44efa6ddcda0bf45595aa","function":"mint(address,uint256)"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v.Sign(ctx, info.ID, json.RawMessage(`{"type":"message","message":"warm"}`)); err != nil {
		t.Fatal(err)
	}
	_, err = v.Sign(ctx, info.ID, hashReq)
	wantCode(t, err, CodePolicyViolation) // raw hashes are not allowed

	for name, edit := range map[string]func(*keystore.Record){
		"looser config": func(r *keystore.Record) {
			r.Config = json.RawMessage(strings.Replace(string(r.Config), `"rawHash":false`, `"rawHash":true`, 1))
		},
		"later expiry": func(r *keystore.Record) { r.ExpiresAt += 365 * 86400 },
	} {
		rec := readRaw(t, store, info.ID)
		orig, _ := rec.Marshal()
		edit(rec)
		writeRaw(t, store, rec)
		if _, err := v.Sign(ctx, info.ID, hashReq); Code(err) != CodeCorruptRecord {
			t.Errorf("%s: sign after the edit: %v, want CORRUPT_RECORD", name, err)
		}
		_ = store.Put(ctx, rec.StorageKey(), orig)
	}
	if _, err := v.Sign(ctx, info.ID, json.RawMessage(`{"type":"message","message":"restored"}`)); err != nil {
		t.Fatalf("restored record: %v", err)
	}
}

// TestRevokedInOtherTabNotResurrected: tab A holds the key; tab B revokes;
// the tombstone is flipped back to active with a made-up sealed key. A must
// not sign with its cached key.
func TestRevokedInOtherTabNotResurrected(t *testing.T) {
	a, store, c := unlocked(t)
	s := createTest(t, a, "")
	mustSign(t, a, s.ID)
	before := readRaw(t, store, s.ID)
	b := newVault(t, store, c)
	if _, err := b.Revoke(ctx, s.ID); err != nil {
		t.Fatal(err)
	}
	_, err := a.Sign(ctx, s.ID, hashReq)
	wantCode(t, err, CodeRevoked)
	rec := readRaw(t, store, s.ID)
	rec.Status, rec.WipedAt, rec.KeyID = keystore.StatusActive, 0, before.KeyID
	rec.SealedKey = bytes.Repeat([]byte{7}, len(before.SealedKey))
	writeRaw(t, store, rec)
	_, err = a.Sign(ctx, s.ID, hashReq)
	wantCode(t, err, CodeCorruptRecord)
}
