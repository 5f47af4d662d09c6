package session

import (
	"bytes"
	"encoding/json"
	"testing"
)

// TestMarshalInfosIsJSONMarshal: the listing's fast path writes exactly
// what json.Marshal writes, for every scheme's info and a corrupt one.
func TestMarshalInfosIsJSONMarshal(t *testing.T) {
	v, _, _ := unlocked(t)
	createTest(t, v, "")
	if _, err := v.CreateSession(ctx, json.RawMessage(manyConfig)); err != nil {
		t.Fatal(err)
	}
	infos, err := v.ListSessions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	infos = append(infos, corruptInfo("00", errInjected), &Info{ID: "x", Details: json.RawMessage(`{"extra":1,"id":"ignored"}`)})
	for _, list := range [][]*Info{nil, {}, infos} {
		got, err := MarshalInfos(list)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := json.Marshal(list)
		if list == nil {
			want = []byte("[]") // the module lists no sessions as an empty array
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("MarshalInfos:\n%s\njson.Marshal:\n%s", got, want)
		}
	}
}
