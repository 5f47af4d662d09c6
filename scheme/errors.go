package scheme

import (
	"errors"
	"fmt"
)

// Sentinels for errors.Is. The vault maps them to the stable codes the
// JavaScript side sees (POLICY_VIOLATION, INVALID_CONFIG, INVALID_REQUEST).
var (
	ErrPolicyViolation = errors.New("request is outside the session's policy")
	ErrInvalidConfig   = errors.New("invalid session config")
	ErrInvalidRequest  = errors.New("invalid signing request")
	// ErrCorruptStored: a stored config or state the scheme cannot read
	// back. The vault reports it as CORRUPT_RECORD.
	ErrCorruptStored = errors.New("stored session config or state is unreadable")
	// ErrHost: a HostCall failed or answered something malformed. The vault
	// reports it as HOST_ERROR: the app's callback, not the request, is at fault.
	ErrHost = errors.New("the host application's callback failed")
)

// PolicyError names the rule a request broke. Rule is a short stable
// identifier ("target", "selector", "valuePerUse", "totalValue", "uses",
// "constraint[0]", ...); Reason says it in words, without key material.
type PolicyError struct {
	Rule   string
	Reason string
}

func (e *PolicyError) Error() string {
	return fmt.Sprintf("policy violation (%s): %s", e.Rule, e.Reason)
}

func (e *PolicyError) Unwrap() error { return ErrPolicyViolation }

// RuleOf returns the rule a policy refusal names, or "" for any other error.
func RuleOf(err error) string {
	var pe *PolicyError
	if errors.As(err, &pe) {
		return pe.Rule
	}
	return ""
}

// Refuse is shorthand for a *PolicyError.
//
// Refuse, BadConfig and BadRequest stay out of line: they run only on the
// way to an error, from some 230 places in the schemes, and inlined there
// (the variadic Sprintf call and the allocation copied at each) they cost
// the module 51 KB raw and 16 KB brotli (measured on the wasm build).
//
//go:noinline
func Refuse(rule, format string, args ...any) error {
	return &PolicyError{Rule: rule, Reason: fmt.Sprintf(format, args...)}
}

// ConfigError says which field of a session config is wrong and why. When a
// real SDK has an exact message for the same case, Reason is that message.
type ConfigError struct {
	Field  string
	Reason string
}

func (e *ConfigError) Error() string {
	if e.Field == "" {
		return "invalid session config: " + e.Reason
	}
	return fmt.Sprintf("invalid session config: %s: %s", e.Field, e.Reason)
}

func (e *ConfigError) Unwrap() error { return ErrInvalidConfig }

// BadConfig is shorthand for a *ConfigError (out of line: see Refuse).
//
//go:noinline
func BadConfig(field, format string, args ...any) error {
	return &ConfigError{Field: field, Reason: fmt.Sprintf(format, args...)}
}

// RequestError says what is wrong with a signing request's shape.
type RequestError struct {
	Field  string
	Reason string
}

func (e *RequestError) Error() string {
	if e.Field == "" {
		return "invalid signing request: " + e.Reason
	}
	return fmt.Sprintf("invalid signing request: %s: %s", e.Field, e.Reason)
}

func (e *RequestError) Unwrap() error { return ErrInvalidRequest }

// BadRequest is shorthand for a *RequestError (out of line: see Refuse).
//
//go:noinline
func BadRequest(field, format string, args ...any) error {
	return &RequestError{Field: field, Reason: fmt.Sprintf(format, args...)}
}
