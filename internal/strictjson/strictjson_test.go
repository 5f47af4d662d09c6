package strictjson

import (
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

func TestWithoutKeepsTheRestAsWritten(t *testing.T) {
	got, err := Without([]byte(` {"scheme":"local", "allow" : [ 1, 2 ],"chainId":1,"x\u0041":{"a" : "b"},"expiresAt":5} `), "scheme", "chainId", "expiresAt")
	if err != nil || string(got) != `{"allow":[ 1, 2 ],"xA":{"a" : "b"}}` {
		t.Fatalf("%s, %v", got, err)
	}
	if got, err := Without([]byte(`{"scheme":"local"}`), "scheme"); err != nil || string(got) != `{}` {
		t.Fatalf("%s, %v", got, err)
	}
	for _, in := range []string{`[]`, `"x"`, `{"a":}`, ``} {
		if _, err := Without([]byte(in), "a"); !errors.Is(err, ErrStrict) {
			t.Errorf("Without(%s) = %v, want ErrStrict", in, err)
		}
	}
}

func TestUnknownFieldErrorNamesTheMember(t *testing.T) {
	var o outer
	var ue *UnknownFieldError
	err := Decode([]byte(`{"list":[{"slot":1},{"slots":2}]}`), &o)
	if !errors.As(err, &ue) || ue.At != "list[1].slots" || ue.Name != "slots" || ue.Spelled != "" || len(ue.Known) != 1 || ue.Known[0] != "slot" {
		t.Fatalf("%v: %+v", err, ue)
	}
	err = Decode([]byte(`{"Name":"a"}`), &o)
	if !errors.As(err, &ue) || ue.At != "Name" || ue.Spelled != "name" || ue.Known[0] != "name" || len(ue.Known) != 6 {
		t.Fatalf("%v: %+v", err, ue)
	}
}
