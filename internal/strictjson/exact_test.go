package strictjson

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strconv"
	"testing"
)

// exactDoc has member names with Unicode case folds ("ſlot" folds to
// "slot", the Kelvin sign "K" to "kind"), which encoding/json would match.
type exactDoc struct {
	Kind  string      `json:"kind"`
	Slot  *int        `json:"slot"`
	Items []exactItem `json:"items"`
}

type exactItem struct {
	Key string `json:"key"`
	N   int64  `json:"n"`
}

// FuzzDecodeReadsExactNames: whatever Decode (or Members) accepts, the value
// it fills is what reading the document by exact member names gives: no
// field is filled from a member spelled otherwise (another case, a Unicode
// fold, an escape that decodes elsewhere), from the second of two members,
// or from anything but the one value the document holds for it. This is the
// property the vault relies on, that the checker and the signer of a
// request or record read the same document; FuzzScanAgrees holds the two
// walks to each other, this holds them to the meaning.
func FuzzDecodeReadsExactNames(f *testing.F) {
	for _, s := range []string{
		`{"kind":"a","slot":1,"items":[{"key":"k","n":2}]}`,
		`{"ſlot":1}`, `{"\u017flot":1}`, `{"\u212aind":"x"}`, `{"Kind":"x"}`, `{"KIND":"x"}`,
		`{"items":[{"key":"a","n":1},{"KEY":"b"}]}`, `{"items":[{"k\u0065y":"a"}]}`,
		`{"slot":1,"sl\u006ft":2}`, `{"kind":"a","kind\u0000":"b"}`, "{\"kin\xffd\":\"x\"}",
		"\xef\xbb\xbf{\"kind\":\"a\"}", `{"items":[{"n":9223372036854775808}]}`, `{"items":[{"n":-0}]}`,
		`{"slot":1} x`, `{"slot":null,"items":null,"kind":null}`, `{"items":[null,{}]}`, `{"other":{"kind":"x"}}`,
		`{"items":[{"n":1e2}]}`, `{"kind":"\ud800"}`, `{"other":{"a":1,"a":2}}`,
	} {
		f.Add([]byte(s), false)
		f.Add([]byte(s), true)
	}
	f.Fuzz(func(t *testing.T, doc []byte, members bool) {
		var got exactDoc
		decode := Decode
		if members {
			decode = Members
		}
		if decode(doc, &got) != nil {
			return
		}
		want, ok := readExact(t, doc, members)
		if !ok {
			t.Fatalf("accepted %q, which does not read as an exactDoc by exact names", doc)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("accepted %q as %+v; by exact names it says %+v", doc, got, want)
		}
	})
}

// readExact reads doc by exact member names, as a document reader that
// knows nothing of case folding would.
func readExact(t *testing.T, doc []byte, allowUnknown bool) (exactDoc, bool) {
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	var v any
	if dec.Decode(&v) != nil || dec.More() {
		return exactDoc{}, false
	}
	m, ok := v.(map[string]any)
	if !ok {
		return exactDoc{}, false
	}
	var out exactDoc
	for k, val := range m {
		switch k {
		case "kind":
			if val != nil {
				if out.Kind, ok = val.(string); !ok {
					return out, false
				}
			}
		case "slot":
			if val != nil {
				n, err := strconv.Atoi(string(asNumber(val)))
				if err != nil {
					return out, false
				}
				out.Slot = &n
			}
		case "items":
			if val == nil {
				continue
			}
			list, ok := val.([]any)
			if !ok {
				return out, false
			}
			out.Items = make([]exactItem, len(list))
			for i, e := range list {
				if e == nil {
					continue
				}
				item, ok := e.(map[string]any)
				if !ok {
					return out, false
				}
				for ik, iv := range item {
					switch ik {
					case "key":
						if iv != nil {
							if out.Items[i].Key, ok = iv.(string); !ok {
								return out, false
							}
						}
					case "n":
						if iv != nil {
							n, err := strconv.ParseInt(string(asNumber(iv)), 10, 64)
							if err != nil {
								return out, false
							}
							out.Items[i].N = n
						}
					default:
						if !allowUnknown {
							return out, false
						}
					}
				}
			}
		default:
			if !allowUnknown {
				return out, false
			}
		}
	}
	return out, true
}

func asNumber(v any) json.Number {
	n, _ := v.(json.Number)
	return n
}
