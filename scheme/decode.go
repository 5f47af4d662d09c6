package scheme

import (
	"bytes"
	"errors"

	"github.com/sessionsigner/sessionsigner/internal/strictjson"
)

// DecodeConfig reads the JSON object raw, found at path in a create request
// or a stored config ("" at the top), into v: strictly (internal/strictjson),
// so a misspelt member is an error rather than a silently missing limit.
// Every scheme reads its part of a create request this way, so all of them
// refuse an unknown member alike: INVALID_CONFIG, with the member's whole
// path as the field ("allow[0].value") and the members the object has.
func DecodeConfig(path string, raw []byte, v any) error { return Decode(BadConfig, path, raw, v) }

// DecodeRequest is DecodeConfig for a signing request (INVALID_REQUEST).
func DecodeRequest(path string, raw []byte, v any) error { return Decode(BadRequest, path, raw, v) }

// Decode is DecodeConfig with the kind of error given: bad is BadConfig or
// BadRequest (or a scheme's choice between them).
func Decode(bad func(field, format string, args ...any) error, path string, raw []byte, v any) error {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '{' {
		return bad(path, "must be a JSON object")
	}
	err := strictjson.Decode(raw, v)
	if err == nil {
		return nil
	}
	var unknown *strictjson.UnknownFieldError
	if errors.As(err, &unknown) {
		return bad(joinPath(path, unknown.At), "%s", unknown.Hint())
	}
	return bad(path, "%v", err)
}

func joinPath(path, member string) string {
	if path == "" {
		return member
	}
	return path + "." + member
}
