package strictjson

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
)

// FuzzObjectAgrees: Object accepts exactly the JSON objects json.Unmarshal
// reads into a map[string]json.RawMessage, less those with a repeated
// member, and gives the same members with the same value bytes.
func FuzzObjectAgrees(f *testing.F) {
	for _, s := range []string{
		`{"type":"hash","hash":"0x01"}`, ` { "a" : [1, {"b":2}] , "c":null } `, `{}`, `[]`, `null`, `"x"`, `1`,
		`{"a":1,"a":2}`, `{"a":1,"\u0061":2}`, `{"\u00e9":true}`, "{\"\xff\":1}", `{"a":1} x`, `{"a":"\"}"}`,
		`{"a":{"a":1,"a":2}}`, "\xef\xbb\xbf{}", `{"a":1e5,"b":-0.5,"c":"\ud800"}`, `{"a"`, ``,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := Object(data)
		var want map[string]json.RawMessage
		jsonErr := json.Unmarshal(data, &want)
		if jsonErr != nil || want == nil {
			if err == nil {
				t.Fatalf("Object accepted %q, which json.Unmarshal reads as %v, %v", data, want, jsonErr)
			}
			return
		}
		if repeatsTopMember(data) {
			if err == nil {
				t.Fatalf("Object accepted %q, which repeats a member", data)
			}
			return
		}
		if err != nil {
			t.Fatalf("Object refused %q: %v; json.Unmarshal reads %v", data, err, want)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("Object(%q) = %q; json.Unmarshal = %q", data, got, want)
		}
	})
}

// repeatsTopMember reads data's top-level member names with a json.Decoder.
func repeatsTopMember(data []byte) bool {
	dec := json.NewDecoder(bytes.NewReader(data))
	if _, err := dec.Token(); err != nil {
		return false
	}
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		name, _ := tok.(string)
		if seen[name] {
			return true
		}
		seen[name] = true
		var skip json.RawMessage
		if dec.Decode(&skip) != nil {
			return false
		}
	}
	return false
}

// FuzzPlainStringAgrees: what PlainString reads is what json.Unmarshal
// reads from the same literal.
func FuzzPlainStringAgrees(f *testing.F) {
	for _, s := range []string{`"0x01"`, `""`, `"a\"b"`, `"\u0041"`, "\"\x01\"", "\"\xc3\xa9\"", `"`, `x`, `"a"b"`, `"~ "`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		got, ok := PlainString(raw)
		if !ok {
			return
		}
		var want string
		if err := json.Unmarshal(raw, &want); err != nil || got != want {
			t.Fatalf("PlainString(%q) = %q; json.Unmarshal = %q, %v", raw, got, want, err)
		}
	})
}
