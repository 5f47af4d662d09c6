package session_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/sessionsigner/sessionsigner/session"
)

// TestErrorsClipWhatTheAppSent: a name the app sends that the vault does
// not know (a scheme, a session id, a request type) is quoted in the error
// clipped (hexjson.Clip), as every other app-supplied value is, so hostile
// input cannot make an error, and the logs and screens that show it, huge.
func TestErrorsClipWhatTheAppSent(t *testing.T) {
	e := newTblEnv(t)
	long := strings.Repeat("x", 10_000)
	ctx := context.Background()
	cases := []struct {
		name string
		code string
		do   func() error
	}{
		{"scheme", session.CodeUnknownScheme, func() error {
			_, err := e.v.CreateSession(ctx, json.RawMessage(`{"scheme":"`+long+`","chainId":1}`))
			return err
		}},
		{"session id", session.CodeNotFound, func() error {
			_, err := e.v.Sign(ctx, long, json.RawMessage(hashReqFor("")))
			return err
		}},
		{"session id to revoke", session.CodeNotFound, func() error {
			_, err := e.v.Revoke(ctx, long)
			return err
		}},
	}
	for _, s := range []string{"local", "abstract", "smartsessions"} {
		cases = append(cases, struct {
			name string
			code string
			do   func() error
		}{s + " request type", session.CodeInvalidRequest, func() error {
			return e.sign(s, `{"type":"`+long+`"}`)
		}})
	}
	for _, c := range cases {
		err := c.do()
		if got := session.Code(err); got != c.code {
			t.Errorf("%s: %s (%.200v), want %s", c.name, got, err, c.code)
			continue
		}
		if n := len(err.Error()); n > 400 {
			t.Errorf("%s: the error is %d bytes: %.200s...", c.name, n, err)
		}
	}
}
