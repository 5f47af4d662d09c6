package strictjson

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// Object splits data, one JSON object, into its top-level members, each
// value as its bytes (a copy). It is what json.Unmarshal into a
// map[string]json.RawMessage gives, without building the decoder's state
// for every value: a scheme reads every signing request this way, so it
// is on the path of every signature. Unlike json.Unmarshal it refuses a
// repeated member rather than keep the last (strict callers have refused
// those already, with Members). FuzzObjectAgrees holds it to
// encoding/json.
func Object(data []byte) (map[string]json.RawMessage, error) {
	if !json.Valid(data) {
		return nil, fmt.Errorf("%w: not valid JSON", ErrStrict)
	}
	s := scanner{data: data}
	s.space()
	if s.data[s.i] != '{' {
		return nil, fmt.Errorf("%w: not a JSON object", ErrStrict)
	}
	s.i++
	out := map[string]json.RawMessage{}
	for s.more() {
		name := s.name()
		s.space()
		s.i++ // ':'
		s.space()
		start := s.i
		s.skipValue()
		if _, seen := out[name]; seen {
			return nil, fmt.Errorf("%w: member %q appears twice", ErrStrict, name)
		}
		out[name] = bytes.Clone(data[start:s.i])
	}
	return out, nil
}

// PlainString returns the value of raw, a JSON string literal, when it is
// plain: printable ASCII with no escape. Then its value is its bytes, as
// encoding/json would decode it; anything else reports false and is left
// to encoding/json.
func PlainString(raw []byte) (string, bool) {
	if len(raw) < 2 || raw[0] != '"' || raw[len(raw)-1] != '"' {
		return "", false
	}
	inner := raw[1 : len(raw)-1]
	for _, c := range inner {
		if c < 0x20 || c > 0x7e || c == '"' || c == '\\' {
			return "", false
		}
	}
	return string(inner), true
}
