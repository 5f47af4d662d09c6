package session

import (
	"bytes"
	"encoding/json"
	"testing"
)

// TestMarshalInfosIsJSONMarshal: the listing's fast path writes exactly
// what json.Marshal writes, for every scheme's info and a corrupt one.
func TestMarshalInfosIsJSONMarshal(t *testing.T) {
	infos := listedInfos(t)
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

// TestInfoAppendJSONIsReflection: the hand-written encoder writes exactly
// what encoding/json writes for the same fields, for every scheme's info, a
// corrupt one, empty and nil fields, and strings encoding/json escapes.
func TestInfoAppendJSONIsReflection(t *testing.T) {
	infos := listedInfos(t)
	infos = append(infos,
		corruptInfo("00", errInjected),
		&Info{},
		&Info{ID: "a\"b<c>&d\u2028é\x01\xff", Scheme: "s", Permissions: []string{}, Config: json.RawMessage(` { "a" : "<&>" } `), State: json.RawMessage(`[1, 2]`)},
		&Info{Permissions: []string{"x\ny", "plain"}, State: json.RawMessage(`null`)},
	)
	for _, s := range []string{"&", "<", ">", "\"", "\\", "\t", "\x7f", "é", "\u2029", "\xfe", "\ufffd", "x<y\x01z", "日本 & <b>", "\u2028x\"", ""} {
		infos = append(infos, &Info{ID: "a" + s + "b"})
	}
	for _, info := range infos {
		got, err := info.appendJSON(nil)
		if err != nil {
			t.Fatal(err)
		}
		want, err := info.marshalFields()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("appendJSON:\n%s\nencoding/json:\n%s", got, want)
		}
	}
}

// listedInfos is what a vault lists after creating a session of the test
// scheme and one with many limits: the infos both encoders are held to.
func listedInfos(t *testing.T) []*Info {
	t.Helper()
	v, _, _ := unlocked(t)
	createTest(t, v, "")
	if _, err := v.CreateSession(ctx, json.RawMessage(manyConfig)); err != nil {
		t.Fatal(err)
	}
	infos, err := v.ListSessions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return infos
}

// FuzzInfoAppendJSON: for any strings in an info, the hand-written encoder
// writes exactly what encoding/json writes.
func FuzzInfoAppendJSON(f *testing.F) {
	f.Add("a\"b<c>&d", "local", "x\ny", `{"a":"<&>"}`)
	f.Add("\u2028\xff", "", "é\ufffd", `[1, 2]`)
	f.Fuzz(func(t *testing.T, id, scheme, permission, config string) {
		info := Info{ID: id, Scheme: scheme, Permissions: []string{permission, id}}
		if json.Valid([]byte(config)) {
			info.Config = json.RawMessage(config)
			info.State = json.RawMessage(config)
		}
		got, err := info.appendJSON(nil)
		want, wantErr := info.marshalFields()
		if (err != nil) != (wantErr != nil) || !bytes.Equal(got, want) {
			t.Fatalf("appendJSON = %s, %v; encoding/json = %s, %v", got, err, want, wantErr)
		}
	})
}
