package session

import (
	"encoding/json"

	"github.com/sessionsigner/sessionsigner/internal/strictjson"
	"github.com/sessionsigner/sessionsigner/scheme"
)

// A sign request may say which form of result it wants, in its
// "signatureForm" member:
//
//   - FormScheme (the default): what the scheme builds around the session
//     key's signature: the serialized signed transaction, Abstract's
//     validator-wrapped customSignature, a Smart Sessions mode-encoded
//     signature; for a message or hash, the signature itself.
//   - FormECDSA: the session key's own 65-byte r||s||v (v = 27/28) over the
//     same digest. The policy check, the usage counted and the digest are
//     the same; only the scheme's finishing step (Plan.Finish) is skipped.
//
// agw-client's session client asks its signer for the bare signature of a
// zkSync transaction and wraps it itself, so toViemAccount asks for
// FormECDSA rather than taking a scheme's wrapping apart again.
//
// The member is the vault's: it is taken off the request before the scheme
// reads it, so no scheme learns it (and a strict one does not refuse it).
const (
	FormScheme = "scheme"
	FormECDSA  = "ecdsa"
)

// formMember is the request member that names the form.
const formMember = "signatureForm"

// signRequest is a parsed sign request: the scheme's part and the form.
type signRequest struct {
	scheme.Request
	ecdsa bool // FormECDSA: return the signature unfinished
}

// takeForm reads the form from form (the member's raw value; empty when
// absent) and, when the member is there, returns raw without it. raw has
// passed strictjson: one object, no member repeated or spelled in another
// case.
func takeForm(raw json.RawMessage, form json.RawMessage) (json.RawMessage, bool, error) {
	if len(form) == 0 {
		return raw, false, nil
	}
	var name string
	if err := json.Unmarshal(form, &name); err != nil || (name != FormScheme && name != FormECDSA) {
		return nil, false, scheme.BadRequest(formMember, "must be %q (the default: what the scheme returns) or %q (the session key's bare 65-byte signature)", FormScheme, FormECDSA)
	}
	rest, err := strictjson.Without(raw, formMember) // the other members as the app wrote them
	if err != nil {
		return nil, false, scheme.BadRequest("", "the request must be one JSON object: %v", err)
	}
	return rest, name == FormECDSA, nil
}
