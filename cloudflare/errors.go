package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/sessionsigner/sessionsigner/session"
)

// The server host's own codes (session.CodeUnauthorized,
// session.CodeRateLimited) join the vault's: a client branches on code; the
// HTTP status only groups them.
const (
	CodeUnauthorized = session.CodeUnauthorized
	CodeRateLimited  = session.CodeRateLimited
)

// apiError is an answer other than success: the same { code, rule?, message }
// the browser's SessionSignerError carries, and an HTTP status.
type apiError struct {
	Status  int    `json:"-"`
	Code    string `json:"code"`
	Rule    string `json:"rule,omitempty"`
	Message string `json:"message"`
}

func (e *apiError) Error() string { return e.Code + ": " + e.Message }

func newError(status int, code, format string, args ...any) *apiError {
	return &apiError{Status: status, Code: code, Message: fmt.Sprintf(format, args...)}
}

func badRequest(format string, args ...any) *apiError {
	return newError(http.StatusBadRequest, session.CodeInvalidRequest, format, args...)
}

func unauthorized(format string, args ...any) *apiError {
	return newError(http.StatusUnauthorized, CodeUnauthorized, format, args...)
}

// statusOf groups the vault's codes into HTTP statuses.
var statusOf = map[string]int{
	session.CodeInvalidRequest:     http.StatusBadRequest,
	session.CodeInvalidConfig:      http.StatusBadRequest,
	session.CodeUnknownScheme:      http.StatusBadRequest,
	session.CodePolicyViolation:    http.StatusForbidden,
	session.CodeExpired:            http.StatusForbidden,
	session.CodeRevoked:            http.StatusForbidden,
	session.CodeNotFound:           http.StatusNotFound,
	session.CodeConflict:           http.StatusConflict,
	session.CodeBusy:               http.StatusConflict,
	session.CodeLocked:             http.StatusLocked,
	session.CodeWrongSecret:        http.StatusLocked,
	session.CodeStorageUnavailable: http.StatusServiceUnavailable,
	session.CodeHostError:          http.StatusBadGateway,
	session.CodeCanceled:           http.StatusServiceUnavailable,
}

// vaultError turns an error from the vault into its answer. The vault's
// messages never hold key material, so they are passed on as they are.
func vaultError(err error) *apiError {
	var ae *apiError
	if errors.As(err, &ae) {
		return ae
	}
	code := session.Code(err)
	status, ok := statusOf[code]
	if !ok {
		status = http.StatusInternalServerError
	}
	msg := err.Error()
	if code == session.CodeWrongSecret {
		// Here the "secret" is derived from the master key: a vault that no
		// longer opens means the secret was replaced, not mistyped.
		msg = "this vault was created under another MASTER_KEY: restore the previous secret with `wrangler secret put MASTER_KEY`"
	}
	return &apiError{Status: status, Code: code, Rule: session.Rule(err), Message: msg}
}

// writeJSON answers with status and v as JSON. Every answer has a body
// (clients and the Durable Object stub both expect one).
func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status, b = http.StatusInternalServerError, []byte(`{"code":"INTERNAL","message":"could not encode the answer"}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

func writeError(w http.ResponseWriter, e *apiError) {
	if e.Status == http.StatusTooManyRequests {
		w.Header().Set("Retry-After", "10")
	}
	writeJSON(w, e.Status, e)
}
