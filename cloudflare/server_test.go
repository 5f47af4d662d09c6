package main

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sessionsigner/sessionsigner/accounts"
	"github.com/sessionsigner/sessionsigner/keystore"
	"github.com/sessionsigner/sessionsigner/session"
)

var testAppKey = bytes.Repeat([]byte{0x42}, 32)

// signedRequest builds a request as the npm client does.
func signedRequest(t *testing.T, app string, key []byte, method, path, body, nonce string, now time.Time) *http.Request {
	t.Helper()
	r := httptest.NewRequest(method, path, strings.NewReader(body))
	mac := hmac.New(sha256.New, key)
	mac.Write(signingString(app, method, path, now.Unix(), nonce, []byte(body)))
	r.Header.Set("Authorization", fmt.Sprintf("%s app=%s, ts=%d, nonce=%s, mac=%x", AuthScheme, app, now.Unix(), nonce, mac.Sum(nil)))
	return r
}

var nonceCounter struct {
	sync.Mutex
	n int
}

func nextNonce() string {
	nonceCounter.Lock()
	defer nonceCounter.Unlock()
	nonceCounter.n++
	return fmt.Sprintf("nonce-%016d", nonceCounter.n)
}

func serve(t *testing.T, s *server, method, path, body string) (int, map[string]any) {
	t.Helper()
	w := httptest.NewRecorder()
	s.ServeHTTP(w, signedRequest(t, "app", testAppKey, method, path, body, nextNonce(), s.now()))
	var out map[string]any
	if strings.HasPrefix(strings.TrimSpace(w.Body.String()), "{") {
		if err := json.Unmarshal(w.Body.Bytes(), &out); err != nil {
			t.Fatalf("answer is not JSON: %s", w.Body)
		}
	}
	return w.Code, out
}

func newTestServer() (*server, *memBackend) {
	b := newMemBackend(map[string][]byte{"app": testAppKey})
	return &server{b: b, now: time.Now}, b
}

const limitedSession = `{"scheme":"local","chainId":"1","allow":[{"target":"0x1111111111111111111111111111111111111111","maxValuePerUse":"0"}],"messages":true,"maxUses":1}`

// Each request in a Worker is a fresh Go instance with its own Vault, so the
// vault's mutex orders nothing between them. With every instance's first
// write held until all have read the record, one use is still spent once.
func TestUseLimitHoldsAcrossInstances(t *testing.T) {
	s, b := newTestServer()
	code, info := serve(t, s, "POST", "/v1/vaults/v/sessions", limitedSession)
	if code != http.StatusCreated {
		t.Fatalf("create: %d %v", code, info)
	}
	const n = 6
	gate := newWriteGate(n)
	b.wrap = func(m *memCAS) casStore { return &gatedStore{memCAS: m, gate: gate} }
	var wg sync.WaitGroup
	codes := make([]int, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes[i], _ = serve(t, s, "POST", "/v1/vaults/v/sessions/"+info["id"].(string)+"/sign", `{"type":"message","message":"hi"}`)
		}()
	}
	wg.Wait()
	signed := 0
	for _, c := range codes {
		switch c {
		case http.StatusOK:
			signed++
		case http.StatusForbidden, http.StatusConflict:
		default:
			t.Errorf("unexpected status %d", c)
		}
	}
	if signed != 1 {
		t.Fatalf("%d signatures under a limit of 1 (statuses %v)", signed, codes)
	}
}

// The control: over a store that cannot compare and swap (what D1 offers
// from syumai/workers, without transactions) the vault refuses to create a
// counted session at all, since concurrent instances could spend its limit
// twice. The Durable Object store's Replace is what lets it count.
func TestCountedSessionsNeedCompareAndSwap(t *testing.T) {
	ctx := context.Background()
	plain := struct{ keystore.Store }{keystore.NewMemoryStore()}
	v, err := session.Open(ctx, session.Options{Store: plain, Schemes: accounts.Schemes()})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Lock()
	if err := unlockVault(ctx, v, bytes.Repeat([]byte{1}, 32)); err != nil {
		t.Fatal(err)
	}
	if _, err := v.CreateSession(ctx, json.RawMessage(limitedSession)); session.Code(err) != session.CodeInvalidConfig {
		t.Fatalf("over a store without compare-and-swap: %v, want INVALID_CONFIG (a counted session needs replace)", err)
	}
	s, _ := newTestServer()
	if code, body := serve(t, s, "POST", "/v1/vaults/v/sessions", limitedSession); code != http.StatusCreated {
		t.Fatalf("over the compare-and-swap store: %d %v", code, body)
	}
}

func TestReplayAndCrossAppAreRefused(t *testing.T) {
	s, b := newTestServer()
	b.apps["other"] = bytes.Repeat([]byte{9}, 32)
	r := signedRequest(t, "app", testAppKey, "GET", "/v1/vaults/v/sessions", "", "replayed-nonce-0001", time.Now())
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	if w.Code != http.StatusOK {
		t.Fatalf("first: %d %s", w.Code, w.Body)
	}
	w = httptest.NewRecorder()
	r2 := signedRequest(t, "app", testAppKey, "GET", "/v1/vaults/v/sessions", "", "replayed-nonce-0001", time.Now())
	s.ServeHTTP(w, r2)
	if w.Code != http.StatusUnauthorized || !strings.Contains(w.Body.String(), "replayed nonce") {
		t.Fatalf("replay: %d %s", w.Code, w.Body)
	}
	// Signed with app's key but claiming to be "other": a bad MAC, no vault opened.
	before := len(b.vaults)
	w = httptest.NewRecorder()
	s.ServeHTTP(w, signedRequest(t, "other", testAppKey, "GET", "/v1/vaults/x/sessions", "", nextNonce(), time.Now()))
	if w.Code != http.StatusUnauthorized || len(b.vaults) != before {
		t.Fatalf("cross-app: %d %s, vaults opened %d -> %d", w.Code, w.Body, before, len(b.vaults))
	}
}

// syumai/workers v0.32.0 hands the handler each header value split at its
// commas; Get sees only the first part.
func TestAuthorizationHeaderSurvivesTheCommaSplit(t *testing.T) {
	r := signedRequest(t, "app", testAppKey, "GET", "/v1/vaults/v/sessions", "", nextNonce(), time.Now())
	whole := r.Header.Get("Authorization")
	split := http.Header{}
	for _, part := range strings.Split(whole, ",") {
		split.Add("Authorization", part)
	}
	if _, err := parseCredentials(split.Get("Authorization")); err == nil {
		t.Fatal("the first part alone parsed; the workaround would not be needed")
	}
	if got := authorizationHeader(split); got != whole {
		t.Fatalf("reassembled %q, want %q", got, whole)
	}
	if _, err := parseCredentials(authorizationHeader(split)); err != nil {
		t.Fatal(err)
	}
}

func TestVaultSecretSeparatesAppsAndVaults(t *testing.T) {
	master := bytes.Repeat([]byte{3}, 32)
	seen := map[string]string{}
	for _, p := range [][2]string{{"a", "b_c"}, {"a_b", "c"}, {"a", "bc"}, {"ab", "c"}, {"b", "a"}} {
		k := hex.EncodeToString(vaultSecret(master, p[0], p[1]))
		if prev, dup := seen[k]; dup {
			t.Fatalf("%v and %s share a secret", p, prev)
		}
		seen[k] = p[0] + "/" + p[1]
	}
}
