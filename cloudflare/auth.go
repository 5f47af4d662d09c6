package main

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// AuthScheme opens the Authorization header:
//
//	Authorization: SessionSigner app=<app id>, ts=<Unix seconds>, nonce=<nonce>, mac=<64 hex digits>
//
// mac is HMAC-SHA256 under the app's key (the Worker secret APP_KEY_<app
// id>) of the lines of signingString. The timestamp bounds how long a
// captured request is worth anything, and the nonce, claimed once, makes it
// worth nothing a second time.
const AuthScheme = "SessionSigner"

// maxClockSkew is how far a request's timestamp may be from the Worker's
// clock, either way. A nonce is remembered this long past its timestamp, so
// a replay is refused by one check or the other.
const maxClockSkew = 5 * time.Minute

// credentials are the parsed fields of the Authorization header.
type credentials struct {
	App   string
	TS    int64
	Nonce string
	MAC   []byte
}

// authorizationHeader reassembles the Authorization header. syumai/workers
// v0.32.0 splits every incoming header value at its commas into several
// values, so Header.Get returns only "SessionSigner app=..." and the rest
// would be lost; the parts are joined back with the commas they were split
// at (js/test/worker/server.test.mjs shows the split).
func authorizationHeader(h http.Header) string {
	return strings.Join(h.Values("Authorization"), ",")
}

// parseCredentials reads the header strictly: each field once, nothing else.
func parseCredentials(header string) (*credentials, *apiError) {
	rest, ok := strings.CutPrefix(header, AuthScheme+" ")
	if !ok {
		return nil, unauthorized("missing Authorization: %s app=..., ts=..., nonce=..., mac=... (the npm package's sessionsigner/server signs requests)", AuthScheme)
	}
	fields := map[string]string{}
	for _, part := range strings.Split(rest, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok || fields[k] != "" {
			return nil, unauthorized("malformed Authorization field %q", truncate(part, 40))
		}
		fields[k] = v
	}
	if len(fields) != 4 {
		return nil, unauthorized("Authorization needs exactly app, ts, nonce and mac")
	}
	c := &credentials{App: fields["app"], Nonce: fields["nonce"]}
	if !isAppID(c.App) {
		return nil, unauthorized("app must be 1-32 of a-z, 0-9 and _")
	}
	ts, err := strconv.ParseInt(fields["ts"], 10, 64)
	if err != nil || ts <= 0 {
		return nil, unauthorized("ts must be Unix seconds")
	}
	c.TS = ts
	if !isNonce(c.Nonce) {
		return nil, unauthorized("nonce must be 16-64 of A-Z, a-z, 0-9, _ and -")
	}
	if !isMAC(fields["mac"]) {
		return nil, unauthorized("mac must be 64 lowercase hex digits")
	}
	c.MAC, _ = hex.DecodeString(fields["mac"])
	return c, nil
}

// signingString is what the MAC covers: a version label, the app, the
// method, the path with its query, the timestamp, the nonce and the body's
// SHA-256, one per line.
func signingString(app, method, path string, ts int64, nonce string, body []byte) []byte {
	sum := sha256.Sum256(body)
	return []byte(strings.Join([]string{
		"sessionsigner-request-v1", app, method, path, strconv.FormatInt(ts, 10), nonce, hex.EncodeToString(sum[:]),
	}, "\n"))
}

// verify checks c against the app's key and the clock. It does no storage
// work: the nonce is claimed afterwards, by the caller.
func (c *credentials) verify(key []byte, method, path string, body []byte, now time.Time) *apiError {
	mac := hmac.New(sha256.New, key)
	mac.Write(signingString(c.App, method, path, c.TS, c.Nonce, body))
	if !hmac.Equal(mac.Sum(nil), c.MAC) {
		return unauthorized("bad signature: sign method, path, timestamp, nonce and body hash with the app's key")
	}
	skew := now.Sub(time.Unix(c.TS, 0))
	if skew > maxClockSkew || skew < -maxClockSkew {
		return unauthorized("stale timestamp: %d is %s from the server's clock (allowed: %s)", c.TS, skew.Round(time.Second), maxClockSkew)
	}
	return nil
}

// requestPath is the path and query the client signed.
func requestPath(r *http.Request) string {
	p := r.URL.EscapedPath()
	if r.URL.RawQuery != "" {
		p += "?" + r.URL.RawQuery
	}
	return p
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}
