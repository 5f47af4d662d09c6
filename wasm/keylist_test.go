package main

import (
	"encoding/json"
	"reflect"
	"testing"
)

func TestStringList(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string // nil: refused
	}{
		{`[]`, []string{}},
		{`["session/a","session/b"]`, []string{"session/a", "session/b"}},
		{`[""]`, []string{""}},
		{`["a\"b","c\\d","\u00e9","é"]`, []string{`a"b`, `c\d`, "é", "é"}},
		{`[ "a" , "b" ]`, []string{"a", "b"}},
		{`["a",1]`, nil},
		{`["a",null]`, nil},
		{`[null]`, nil},
		{`["a",["b"]]`, nil},
		{`{"a":"b"}`, nil},
		{`null`, nil},
		{`"a"`, nil},
		{`["a"`, nil},
		{`["a",]`, nil},
		{`["a""b"]`, nil},
		{``, nil},
	} {
		got, err := stringList(c.in)
		if c.want == nil {
			if err == nil {
				t.Errorf("stringList(%s) = %q, want refused", c.in, got)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("stringList(%s) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
}

// FuzzStringList: the fast path reads exactly what encoding/json reads, and
// refuses exactly what it refuses; any list of strings comes back whole.
func FuzzStringList(f *testing.F) {
	for _, s := range []string{`[]`, `["session/a","session/b"]`, `["a\"b"]`, `["a",1]`, `[null]`, `["a",]`, `["é","\ud800"]`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fast, fastErr := stringList(s)
		slow, slowErr := decodeStrings(s)
		if (fastErr != nil) != (slowErr != nil) || !reflect.DeepEqual(fast, slow) {
			t.Fatalf("stringList(%q) = %q, %v; encoding/json: %q, %v", s, fast, fastErr, slow, slowErr)
		}
		b, _ := json.Marshal([]string{s, "session/" + s, ""})
		var want []string
		_ = json.Unmarshal(b, &want) // json.Marshal writes invalid UTF-8 as U+FFFD
		if got, err := stringList(string(b)); err != nil || !reflect.DeepEqual(got, want) {
			t.Fatalf("stringList(%s) = %q, %v; want %q", b, got, err, want)
		}
	})
}
