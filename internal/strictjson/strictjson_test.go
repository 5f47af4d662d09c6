package strictjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"
)

type inner struct {
	Slot int `json:"slot"`
}

type outer struct {
	Name  string            `json:"name"`
	Inner inner             `json:"inner"`
	List  []inner           `json:"list"`
	Free  map[string]any    `json:"free,omitempty"`
	Ptr   *inner            `json:"ptr,omitempty"`
	Raw   map[string]string `json:"raw,omitempty"`
}

func TestDecodeRefuses(t *testing.T) {
	for _, in := range []string{
		`{"name":"a","name":"b"}`,
		`{"NAME":"a"}`,
		`{"inner":{"SLOT":1}}`,
		`{"inner":{"slot":1,"slot":2}}`,
		`{"list":[{"slot":1},{"Slot":2}]}`,
		`{"ptr":{"sLot":1}}`,
		`{"free":{"a":1,"a":2}}`,
		`{"free":{"x":[{"b":1,"b":1}]}}`,
		`{"other":1}`,
		`{"name":"a"} {}`,
		`{"name":"a"}]`,
	} {
		var o outer
		if err := Decode([]byte(in), &o); !errors.Is(err, ErrStrict) {
			t.Errorf("Decode(%s) = %v, want ErrStrict", in, err)
		}
	}
	var o outer
	if err := Decode([]byte(`{"name":"a","inner":{"slot":1},"list":[{"slot":2}],"free":{"A":1,"a":2},"ptr":{"slot":3}}`), &o); err != nil {
		t.Fatal(err)
	}
	if o.Name != "a" || o.Inner.Slot != 1 || o.List[0].Slot != 2 || o.Ptr.Slot != 3 {
		t.Fatalf("decoded %+v", o)
	}
}

func TestMembersLetsUnknownPass(t *testing.T) {
	var o outer
	if err := Members([]byte(`{"name":"a","theirs":{"x":1}}`), &o); err != nil || o.Name != "a" {
		t.Fatalf("%v %+v", err, o)
	}
	for _, in := range []string{`{"Name":"a"}`, `{"theirs":{"x":1,"x":2}}`, `{"name":"a","name":"a"}`} {
		if err := Members([]byte(in), &o); !errors.Is(err, ErrStrict) {
			t.Errorf("Members(%s) = %v", in, err)
		}
	}
	if err := Members([]byte(`[{"a":1},{"a":1,"a":2}]`), nil); !errors.Is(err, ErrStrict) {
		t.Errorf("nil target: %v", err)
	}
}

// picky refuses everything but "ok", like a quantity refusing "-1".
type picky struct{}

func (*picky) UnmarshalJSON(b []byte) error {
	if string(b) != `"ok"` {
		return errors.New("not ok")
	}
	return nil
}

func TestDecodeNamesTheMemberPath(t *testing.T) {
	type leaf struct {
		Amount picky  `json:"amount"`
		Opt    *picky `json:"opt"`
	}
	var v struct {
		Limits []leaf `json:"limits"`
	}
	err := Decode([]byte(`{"limits":[{"amount":"ok"},{"amount":"-1"}]}`), &v)
	if !errors.Is(err, ErrStrict) || err.Error() != "malformed JSON: limits[1].amount: not ok" {
		t.Fatalf("got %v", err)
	}
	if err := Decode([]byte(`{"limits":[{"amount":"ok","opt":null}]}`), &v); err != nil {
		t.Fatalf("null pointer member: %v", err)
	}
}

func TestNamesAsEncodingJSONReadsThem(t *testing.T) {
	for _, in := range []string{
		`{"type":"a","\u0074ype":"b"}`,               // an escape spells the same name
		"{\"a\xff\":1,\"a\xfe\":2}",                  // invalid UTF-8: both read as "a\ufffd"
		`{ "name" : "a" ,` + "\n\t" + `"name":"b" }`, // whitespace everywhere
		`{"inner":{"\u0053LOT":1}}`,                  // an escaped capital is still a capital
	} {
		var o outer
		if err := Members([]byte(in), &o); !errors.Is(err, ErrStrict) {
			t.Errorf("Members(%q) = %v, want ErrStrict", in, err)
		}
	}
	var o outer
	if err := Decode([]byte(` { "name" : "a\"b\\" , "list" : [ { "slot" : 1 } , { "slot" : -2.5e1 } ] } `), &o); !errors.Is(err, ErrStrict) {
		// -2.5e1 does not fit an int: encoding/json refuses it after the walk.
		t.Fatalf("non-integer slot: %v", err)
	}
	if err := Decode([]byte(` { "name" : "a\"b\\" , "list" : [ { "slot" : 1 } , { } ] , "free" : { "x" : [ true , null , "}" ] } } `), &o); err != nil || o.Name != `a"b\` {
		t.Fatalf("spaced document: %v %+v", err, o)
	}
}

// FuzzWalk: for any input, the checks refuse exactly what is not one JSON
// value, nests deeper than maxDepth, or repeats a member name in some
// object (names read by encoding/json). The oracle reads the document
// token by token with encoding/json's Decoder.
func FuzzWalk(f *testing.F) {
	for _, s := range []string{`{}`, `[]`, `{"a":1,"a":2}`, `{"a":{"b":[1,{"c":1,"c":2}]}}`, `{"\u0061":1,"a":2}`, `"x"`, `1 2`, `[1,]`, `{"a":"\"}"}`, `[[[[]]]]`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got := Members(data, nil)
		want := oracle(data)
		if (got == nil) != want {
			t.Fatalf("Members(%q) = %v, oracle accepts: %v", data, got, want)
		}
	})
}

func oracle(data []byte) bool {
	if !json.Valid(data) {
		return false
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var value func(depth int) bool
	value = func(depth int) bool {
		if depth > maxDepth {
			return false
		}
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		switch tok {
		case json.Delim('{'):
			seen := map[string]bool{}
			for dec.More() {
				name, _ := dec.Token()
				if seen[name.(string)] {
					return false
				}
				seen[name.(string)] = true
				if !value(depth + 1) {
					return false
				}
			}
			_, err = dec.Token()
		case json.Delim('['):
			for dec.More() {
				if !value(depth + 1) {
					return false
				}
			}
			_, err = dec.Token()
		}
		return err == nil
	}
	return value(0)
}
