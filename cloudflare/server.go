package main

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/sessionsigner/sessionsigner/accounts"
	"github.com/sessionsigner/sessionsigner/session"
)

// maxBody caps a request body. The largest legitimate body, a sign request
// with a batch of user-operation calls, is a few KiB.
const maxBody = 64 << 10

// backend is what the server needs from the platform: the Worker's secrets
// and bindings in production (backend_js.go), memory in native tests.
type backend interface {
	// appKey returns the app's HMAC key, or false for an unknown app.
	appKey(app string) ([]byte, bool)
	// masterKey returns MASTER_KEY, the root of every vault's secret.
	masterKey() ([]byte, error)
	// allow counts one request against the app's rate limit.
	allow(ctx context.Context, app string) (bool, error)
	// claimNonce records (app, nonce) until the given time, and reports
	// false if it was already recorded.
	claimNonce(ctx context.Context, app, nonce string, until time.Time) (bool, error)
	// vaultStore is the storage of one app's vault.
	vaultStore(ctx context.Context, app, vault string) (casStore, error)
	// rateLimited says whether allow limits anything (false where the
	// binding is absent, e.g. a deployment without it).
	rateLimited() bool
}

// server is the HTTP API over a backend.
type server struct {
	b   backend
	now func() time.Time
}

// call is one authenticated request to one vault.
type call struct {
	app, vault string
	rest       []string // path segments after /v1/vaults/{vault}/sessions
	body       []byte
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	defer func() {
		if p := recover(); p != nil {
			writeError(w, newError(http.StatusInternalServerError, session.CodeInternal, "internal error in the server host"))
		}
	}()
	if r.URL.Path == "/v1/health" {
		if r.Method != http.MethodGet {
			writeError(w, newError(http.StatusMethodNotAllowed, session.CodeInvalidRequest, "use GET /v1/health"))
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"ok": true, "api": "v1", "rateLimit": s.b.rateLimited()})
		return
	}
	c, err := s.authenticate(r)
	if err != nil {
		writeError(w, err)
		return
	}
	status, v, verr := s.serveVault(r.Context(), r.Method, c)
	if verr != nil {
		writeError(w, vaultError(verr))
		return
	}
	writeJSON(w, status, v)
}

// authenticate runs every check that needs no vault, cheapest first: route,
// body, signature and clock, rate limit, and last the nonce (a storage
// write, so a flood of bad MACs never reaches it).
func (s *server) authenticate(r *http.Request) (*call, *apiError) {
	vault, rest, err := route(r.Method, r.URL.Path)
	if err != nil {
		return nil, err
	}
	body, err := readBody(r)
	if err != nil {
		return nil, err
	}
	cred, err := parseCredentials(authorizationHeader(r.Header))
	if err != nil {
		return nil, err
	}
	key, ok := s.b.appKey(cred.App)
	if !ok {
		return nil, unauthorized("unknown app %q: set its key with `wrangler secret put APP_KEY_%s`", cred.App, cred.App)
	}
	if err := cred.verify(key, r.Method, requestPath(r), body, s.now()); err != nil {
		return nil, err
	}
	ctx := r.Context()
	if allowed, lerr := s.b.allow(ctx, cred.App); lerr != nil {
		return nil, vaultError(lerr)
	} else if !allowed {
		return nil, newError(http.StatusTooManyRequests, CodeRateLimited, "app %q is over its rate limit: retry after a few seconds", cred.App)
	}
	fresh, nerr := s.b.claimNonce(ctx, cred.App, cred.Nonce, time.Unix(cred.TS, 0).Add(maxClockSkew))
	if nerr != nil {
		return nil, vaultError(nerr)
	}
	if !fresh {
		return nil, unauthorized("replayed nonce: every request needs a new one")
	}
	return &call{app: cred.App, vault: vault, rest: rest, body: body}, nil
}

// route checks the path and method before anything is read:
//
//	POST /v1/vaults/{vault}/sessions            create
//	GET  /v1/vaults/{vault}/sessions            list
//	GET  /v1/vaults/{vault}/sessions/{id}       get
//	POST /v1/vaults/{vault}/sessions/{id}/sign  sign
//	POST /v1/vaults/{vault}/sessions/{id}/revoke
func route(method, path string) (vault string, rest []string, _ *apiError) {
	parts := strings.Split(strings.TrimPrefix(path, "/"), "/")
	if len(parts) < 4 || parts[0] != "v1" || parts[1] != "vaults" || parts[3] != "sessions" || len(parts) > 6 {
		return "", nil, newError(http.StatusNotFound, session.CodeNotFound, "no such endpoint %q: see the README's server API", truncate(path, 80))
	}
	vault, rest = parts[2], parts[4:]
	if !isVaultName(vault) {
		return "", nil, badRequest("vault names are 1-64 of A-Z, a-z, 0-9, '.', '_' and '-'")
	}
	want := ""
	switch {
	case len(rest) == 0:
		if method != http.MethodGet && method != http.MethodPost {
			want = "GET (list) or POST (create)"
		}
	case len(rest) == 1:
		if method != http.MethodGet {
			want = "GET"
		}
	case len(rest) == 2 && (rest[1] == "sign" || rest[1] == "revoke"):
		if method != http.MethodPost {
			want = "POST"
		}
	default:
		return "", nil, newError(http.StatusNotFound, session.CodeNotFound, "no such endpoint %q: see the README's server API", truncate(path, 80))
	}
	if want != "" {
		return "", nil, newError(http.StatusMethodNotAllowed, session.CodeInvalidRequest, "%s is not allowed here: use %s", method, want)
	}
	return vault, rest, nil
}

// readBody reads at most maxBody bytes; a POST body must be one JSON object.
func readBody(r *http.Request) ([]byte, *apiError) {
	if r.Body == nil {
		return nil, nil
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		return nil, badRequest("could not read the request body")
	}
	if len(body) > maxBody {
		return nil, newError(http.StatusRequestEntityTooLarge, session.CodeInvalidRequest, "the body is over %d bytes", maxBody)
	}
	if r.Method == http.MethodGet && len(body) > 0 {
		return nil, badRequest("a GET request has no body")
	}
	return body, nil
}

// jsonObject refuses a body that is not exactly one JSON object, before the
// vault is opened.
func jsonObject(body []byte) error {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 || trimmed[0] != '{' || !json.Valid(trimmed) {
		return badRequest("the body must be one JSON object")
	}
	return nil
}

// serveVault opens the app's vault, unlocks it with its derived secret and
// runs the call. The answers are the browser vault's: infos, lists of
// infos, and for sign {"signature": "0x..."}.
func (s *server) serveVault(ctx context.Context, method string, c *call) (int, any, error) {
	if method == http.MethodPost && (len(c.rest) == 0 || c.rest[1] == "sign") {
		if err := jsonObject(c.body); err != nil {
			return 0, nil, err
		}
	}
	master, err := s.b.masterKey()
	if err != nil {
		return 0, nil, err
	}
	store, err := s.b.vaultStore(ctx, c.app, c.vault)
	if err != nil {
		return 0, nil, err
	}
	v, err := session.Open(ctx, session.Options{Store: store, Schemes: accounts.Schemes(), Now: s.now})
	if err != nil {
		return 0, nil, err
	}
	defer v.Lock()
	secret := vaultSecret(master, c.app, c.vault)
	defer clear(secret)
	if err := unlockVault(ctx, v, secret); err != nil {
		return 0, nil, err
	}
	switch {
	case len(c.rest) == 0 && method == http.MethodPost:
		info, err := v.CreateSession(ctx, c.body)
		return http.StatusCreated, info, err
	case len(c.rest) == 0:
		infos, err := v.ListSessions(ctx)
		if infos == nil {
			infos = []*session.Info{}
		}
		return http.StatusOK, infos, err
	case len(c.rest) == 1:
		info, err := v.GetSession(ctx, c.rest[0])
		return http.StatusOK, info, err
	case c.rest[1] == "revoke":
		info, err := v.Revoke(ctx, c.rest[0])
		return http.StatusOK, info, err
	default:
		sig, err := v.Sign(ctx, c.rest[0], c.body)
		if err != nil {
			return 0, nil, err
		}
		return http.StatusOK, map[string]string{"signature": "0x" + hex.EncodeToString(sig)}, nil
	}
}
