package session

import (
	"context"
	"errors"

	"github.com/sessionsigner/sessionsigner/keystore"
	"github.com/sessionsigner/sessionsigner/scheme"
)

// Errors with identity. Each maps to one stable code (see Code), which is
// what JavaScript sees as SessionSignerError.code.
var (
	ErrWrongSecret        = keystore.ErrWrongSecret
	ErrCorruptRecord      = keystore.ErrCorruptRecord
	ErrUnsafeKDF          = keystore.ErrUnsafeKDF
	ErrUnsupportedVersion = keystore.ErrUnsupportedVersion
	ErrStorageUnavailable = keystore.ErrStorageUnavailable
	ErrConflict           = keystore.ErrConflict
	ErrNotFound           = keystore.ErrNotFound
	ErrPolicyViolation    = scheme.ErrPolicyViolation
	ErrInvalidConfig      = scheme.ErrInvalidConfig
	ErrInvalidRequest     = scheme.ErrInvalidRequest

	ErrLocked        = errors.New("vault is locked: unlock it with the secret first")
	ErrExpired       = errors.New("session has expired: create a new session")
	ErrRevoked       = errors.New("session was revoked: create a new session")
	ErrUnknownScheme = errors.New("unknown session scheme")
	ErrBusy          = errors.New("another change of secret is in progress")
)

// Codes, one per error identity above, stable across versions.
const (
	CodeWrongSecret        = "WRONG_SECRET"
	CodeLocked             = "LOCKED"
	CodeNotFound           = "NOT_FOUND"
	CodeExpired            = "EXPIRED"
	CodeRevoked            = "REVOKED"
	CodePolicyViolation    = "POLICY_VIOLATION"
	CodeInvalidConfig      = "INVALID_CONFIG"
	CodeInvalidRequest     = "INVALID_REQUEST"
	CodeCorruptRecord      = "CORRUPT_RECORD"
	CodeUnsafeKDF          = "UNSAFE_KDF_PARAMS"
	CodeUnsupportedVersion = "UNSUPPORTED_VERSION"
	CodeStorageUnavailable = "STORAGE_UNAVAILABLE"
	CodeConflict           = "CONFLICT"
	CodeUnknownScheme      = "UNKNOWN_SCHEME"
	CodeBusy               = "BUSY"
	CodeHostError          = "HOST_ERROR"
	CodeCanceled           = "CANCELED"
	CodeInternal           = "INTERNAL"

	// The server host's (cloudflare/) own refusals, before any vault is
	// opened; Code never returns them.
	CodeUnauthorized = "UNAUTHORIZED" // no, a malformed, stale, replayed or wrong request signature, or an unknown app
	CodeRateLimited  = "RATE_LIMITED" // the app is over the rate-limiting binding's limit
)

var codes = []struct {
	err  error
	code string
}{
	{ErrWrongSecret, CodeWrongSecret},
	{ErrLocked, CodeLocked},
	{ErrNotFound, CodeNotFound},
	{ErrExpired, CodeExpired},
	{ErrRevoked, CodeRevoked},
	{ErrPolicyViolation, CodePolicyViolation},
	{ErrInvalidConfig, CodeInvalidConfig},
	{ErrInvalidRequest, CodeInvalidRequest},
	{ErrCorruptRecord, CodeCorruptRecord},
	{scheme.ErrCorruptStored, CodeCorruptRecord},
	{ErrUnsafeKDF, CodeUnsafeKDF},
	{ErrUnsupportedVersion, CodeUnsupportedVersion},
	{ErrConflict, CodeConflict},
	{ErrStorageUnavailable, CodeStorageUnavailable},
	{ErrUnknownScheme, CodeUnknownScheme},
	{ErrBusy, CodeBusy},
	{keystore.ErrBadSecret, CodeInvalidRequest},
	{keystore.ErrLastSlot, CodeInvalidRequest},
	{keystore.ErrSlotExpired, CodeExpired},
	{scheme.ErrHost, CodeHostError},
	{context.Canceled, CodeCanceled},
	{context.DeadlineExceeded, CodeCanceled},
}

// Code returns the stable code for err ("" for nil, INTERNAL for an error
// without identity, which is a bug worth reporting).
func Code(err error) string {
	if err == nil {
		return ""
	}
	for _, c := range codes {
		if errors.Is(err, c.err) {
			return c.code
		}
	}
	return CodeInternal
}

// Rule returns the policy rule a refusal names, or "".
func Rule(err error) string { return scheme.RuleOf(err) }
