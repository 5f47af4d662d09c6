package main

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// FuzzAuthorization: whatever the header and body, a request is accepted
// only with a MAC made under the app's key over exactly what was sent.
func FuzzAuthorization(f *testing.F) {
	now := time.Unix(1_800_000_000, 0)
	f.Add("SessionSigner app=app, ts=1800000000, nonce=abcdefghijklmnop, mac="+strings.Repeat("0", 64), "GET", "/v1/vaults/v/sessions", "")
	f.Add("SessionSigner app=app,ts=1,nonce=x,mac=y,extra=z", "POST", "/v1/vaults/v/sessions", "{}")
	f.Add("SessionSigner ,,,", "POST", "/", "")
	f.Fuzz(func(t *testing.T, header, method, path, body string) {
		h := http.Header{}
		for _, part := range strings.Split(header, ",") {
			h.Add("Authorization", part)
		}
		c, err := parseCredentials(authorizationHeader(h))
		if err != nil {
			if err.Status != http.StatusUnauthorized || err.Code != CodeUnauthorized {
				t.Fatalf("refusal %d %s", err.Status, err.Code)
			}
			return
		}
		if !isAppID(c.App) || !isNonce(c.Nonce) || len(c.MAC) != 32 {
			t.Fatalf("accepted malformed credentials %+v", c)
		}
		// A MAC nobody computed under the key does not verify (2^-256 aside).
		if c.verify(testAppKey, method, path, []byte(body), now) == nil {
			t.Fatalf("accepted a MAC not made with the key: %q", header)
		}
	})
}
