package strictjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"maps"
	"testing"
)

// FuzzWithout: for any document Members accepts as one object, Without
// returns one object holding exactly the other members, each value as
// written (so a scheme reads what the app wrote, minus the vault's fields);
// for anything else it refuses with ErrStrict or returns an object.
func FuzzWithout(f *testing.F) {
	for _, s := range []string{
		`{"scheme":"local","chainId":1,"allow":[{"target":"0x01"}],"expiresAt":5}`,
		`{"a":{"scheme":1},"scheme":"x"}`, `{}`, `[]`, `{"scheme":"a","scheme":"b"}`, ` {"x" : [ 1 , 2 ] } `,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		names := []string{"scheme", "chainId", "expiresAt"}
		out, err := Without(data, names...)
		if Members(data, nil) != nil || !bytes.HasPrefix(bytes.TrimSpace(data), []byte("{")) {
			if err == nil && !json.Valid(out) {
				t.Fatalf("Without(%q) = %q: not JSON", data, out)
			}
			if err != nil && !errors.Is(err, ErrStrict) {
				t.Fatalf("refusal without ErrStrict: %v", err)
			}
			return
		}
		if err != nil {
			t.Fatalf("Without(%q): %v", data, err)
		}
		var in, got map[string]json.RawMessage
		if json.Unmarshal(data, &in) != nil || json.Unmarshal(out, &got) != nil {
			t.Fatalf("Without(%q) = %q", data, out)
		}
		for _, n := range names {
			delete(in, n)
		}
		if !maps.EqualFunc(in, got, func(a, b json.RawMessage) bool { return bytes.Equal(a, b) }) {
			t.Fatalf("Without(%q) = %q: members differ", data, out)
		}
	})
}
