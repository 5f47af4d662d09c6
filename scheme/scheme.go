// Package scheme is the seam between the vault (package session) and the
// session-key systems it speaks (accounts/local, accounts/abstract,
// accounts/smartsessions), which the host registers: the vault knows none
// by name.
//
// A Scheme never sees a private key. The vault hands it the app's request and
// the stored session, the scheme checks the request against the session's
// policy and returns a Plan: the 32-byte digest the session key must sign and
// how to turn the 65-byte signature into what the chain needs. Keeping the key
// on the vault's side of this seam means a bug in one scheme's encoding can
// refuse or mis-encode a request, but cannot leak or reuse a key.
//
// The package sits below both session and accounts/*, so the arrows stay
// one-way: session -> accounts/* -> scheme.
package scheme

import (
	"context"
	"encoding/json"
	"math/big"
	"time"

	"github.com/sessionsigner/sessionsigner/ethtypes"
)

// Request types understood by the vault. A scheme refuses the ones it does not
// support with ErrInvalidRequest (wrapped in a *RequestError).
const (
	RequestHash          = "hash"          // {"type":"hash","hash":"0x<32 bytes>"}
	RequestMessage       = "message"       // {"type":"message","message":"text" | {"raw":"0x.."}}
	RequestTypedData     = "typedData"     // {"type":"typedData","typedData":{eth_signTypedData_v4 JSON}}
	RequestTransaction   = "transaction"   // {"type":"transaction","transaction":{...}}
	RequestUserOperation = "userOperation" // {"type":"userOperation","userOperation":{ERC-4337 v0.7 fields}} or {"type":"userOperation","userOpHash":"0x..","callData":"0x.."}
)

// Scheme is one session-key system. Implementations must be safe for
// concurrent use; all per-session data travels in the arguments.
type Scheme interface {
	// Name is the stable identifier stored in every record ("local",
	// "abstract", "smartsessions").
	Name() string

	// Create validates the app's request and builds the config that is stored
	// with the session. It must refuse anything the chain would refuse.
	Create(ctx context.Context, in CreateInput) (*Created, error)

	// Describe returns the session's permissions in plain words and the
	// scheme's artifacts (enabling call, hashes) for the session info. It
	// works on a locked vault: it reads only the stored config. The vault
	// gives it no clock (s.Now is zero): a listing reuses its answer for as
	// long as the session's stored record is unchanged, byte for byte.
	Describe(s *Session) (*Description, error)

	// Authorize checks a signing request against the session's policy and
	// state. A refusal is a *PolicyError naming the rule; a malformed request
	// is a *RequestError. Nothing is signed unless it returns a Plan.
	Authorize(ctx context.Context, s *Session, req Request) (*Plan, error)

	// Revoke returns the scheme's on-chain revocation artifacts as a JSON
	// object merged into the revoked session's info (nil if none).
	Revoke(s *Session) (json.RawMessage, error)
}

// HostCall lets a scheme ask the host application for something the vault
// cannot do itself (for example, query a registry contract over RPC). method
// names the question; nil means the host offers nothing.
type HostCall func(ctx context.Context, method string, params json.RawMessage) (json.RawMessage, error)

// CreateInput is what the vault gives a scheme when a session is created.
type CreateInput struct {
	Signer    ethtypes.Address // the fresh session key's address
	ChainID   *big.Int         // from the request, already validated > 0
	CreatedAt time.Time        // the vault's clock
	ExpiresAt time.Time        // already checked: after CreatedAt, within the vault's cap
	Params    json.RawMessage  // the app's request object without the vault's fields (scheme, chainId, expiresAt)
	Host      HostCall         // may be nil
}

// Created is a scheme's answer to CreateInput.
type Created struct {
	// Config is stored verbatim in the record and handed back in every
	// Session. Keep it canonical (the scheme's own marshalling).
	Config json.RawMessage
	// ConfigHash is bound into the sealed key's associated data, so a config
	// edited in storage makes the key unopenable. A scheme with an on-chain
	// hash (Abstract's session hash) uses it; others hash Config.
	ConfigHash ethtypes.Hash
	// State is the initial mutable state (counters); nil for none.
	State json.RawMessage
	// Counted says the config has limits that the vault enforces with the
	// counters in State (a use count, a cumulative value or fee). Two tabs
	// must then never both spend the last use, so the vault creates such a
	// session only over storage that can compare and swap
	// (keystore.Replacer).
	Counted bool
}

// Description is what Describe returns.
type Description struct {
	Permissions []string        // one sentence per permission, for people
	Details     json.RawMessage // a JSON object merged into the session info (may be nil)
}

// Session is a stored session as a scheme sees it.
type Session struct {
	ID         string
	ChainID    *big.Int
	Signer     ethtypes.Address
	CreatedAt  time.Time
	ExpiresAt  time.Time
	Now        time.Time // the vault's clock at this call (zero for Describe)
	Config     json.RawMessage
	ConfigHash ethtypes.Hash
	State      json.RawMessage // nil if the scheme keeps none
}

// Request is a signing request. Raw is the whole request object as the app
// sent it (including "type").
type Request struct {
	Type string
	Raw  json.RawMessage
}

// Plan is an authorized request: what to sign and how to finish.
type Plan struct {
	// Digest is signed by the session key (secp256k1, RFC 6979, low s).
	Digest ethtypes.Hash
	// Finish turns the 65-byte r||s||v signature (v = 27 or 28) into the
	// result returned to the app. nil returns the signature itself.
	Finish func(sig []byte) ([]byte, error)
	// State, when non-nil, replaces the session's state. The vault persists
	// it before it releases the signature, so a crash can only under-count.
	State json.RawMessage
}
