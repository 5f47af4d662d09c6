package strictjson

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// scanTargets are the shapes the differential test walks documents
// against: nested structs, lists, maps, pointers and self-decoding members.
var scanTargets = []reflect.Type{
	nil,
	reflect.TypeFor[outer](),
	reflect.TypeFor[*outer](),
	reflect.TypeFor[struct {
		Limits []struct {
			Amount picky  `json:"amount"`
			Opt    *picky `json:"opt"`
		} `json:"limits"`
		V *int `json:"v"`
	}](),
	reflect.TypeFor[map[string][]inner](),
}

var scanSeeds = []string{
	`{"name":"a","inner":{"slot":1},"list":[{"slot":2}],"free":{"A":1,"a":2},"ptr":{"slot":3}}`,
	`{"name":"a","name":"b"}`,
	`{"NAME":"a"}`,
	`{"inner":{"slot":1,"slot":2}}`,
	`{"list":[{"slot":1},{"Slot":2}]}`,
	`{"free":{"x":[{"b":1,"b":1}]}}`,
	`{"other":1}`,
	` { "n\u0061me" : "a" , "name" : "b" } `,
	`{"na\u00efme":1,"na\u00efme":2}`,
	`{"limits":[{"amount":"ok","opt":null},{"amount":"-1"}]}`,
	`{"limits":[{"amount":"ok","opt":{"a":1,"a":2}}]}`,
	`{"v":2,"v":2}`,
	`{"V":2}`,
	`[[[{"a":[1,2,{"b":"\"}"}]}]]]`,
	`"just a string"`,
	`{"a":{"x":1},"b":{"x":1,"x":2}}`,
	strings.Repeat(`[`, 300) + strings.Repeat(`]`, 300),
	strings.Repeat(`{"a":`, 300) + `1` + strings.Repeat(`}`, 300),
}

// TestScanAgrees: on valid JSON the byte scanner and the token walk
// accept and refuse the same documents with the same errors.
func TestScanAgrees(t *testing.T) {
	for _, doc := range scanSeeds {
		checkScanAgrees(t, []byte(doc))
	}
}

func FuzzScanAgrees(f *testing.F) {
	for _, doc := range scanSeeds {
		f.Add([]byte(doc))
	}
	f.Fuzz(func(t *testing.T, doc []byte) {
		checkScanAgrees(t, doc)
	})
}

func checkScanAgrees(t *testing.T, doc []byte) {
	t.Helper()
	if !json.Valid(doc) {
		return
	}
	for _, target := range scanTargets {
		for _, allowUnknown := range []bool{false, true} {
			s := scanner{data: doc, allowUnknown: allowUnknown}
			got := s.value(target, "", 0)
			want := walkTokens(doc, target, allowUnknown)
			if errText(got) != errText(want) && !bothCaseErrors(got, want) {
				t.Fatalf("%s against %v (unknown allowed: %v):\nscanner: %v\ntokens:  %v", doc, target, allowUnknown, got, want)
			}
		}
	}
}

func errText(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}

// bothCaseErrors: a name that case-folds to two fields ("Name" against
// "name" and "NAME") is named after whichever field map iteration meets
// first, in either walk.
func bothCaseErrors(a, b error) bool {
	return a != nil && b != nil && strings.Contains(a.Error(), "case-sensitive") && strings.Contains(b.Error(), "case-sensitive")
}
