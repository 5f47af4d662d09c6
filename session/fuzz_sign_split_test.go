package session_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// FuzzSignSplit: the vault reads a sign request's type, the scheme checks
// the rest against the policy and computes what is signed, each from its
// own reading of the same bytes. Into a request that signs, one member is
// written at the start of any of its objects, named after a member that
// object already has: the same name (plainly or with an escape), or that
// name in another case or Unicode fold. A repeat must be refused; a case
// variant must be refused or leave the signature exactly the base
// request's (so it was read by neither side). Any refusal changes nothing
// in the store.
func FuzzSignSplit(f *testing.F) {
	e := newTblEnv(f)
	withTD(e)
	bases := []struct{ id, req string }{
		{e.ids["local"], localTx(`,"to":"` + tblFriend + `","value":"1"`)},
		{e.ids["local"], localTx(`,"to":"` + tblNFT + `","data":"` + tblMint + `","value":"0"`)},
		{e.ids["td"], tdOrder(tblNFT, "11124", "16")},
		{e.ids["abstract"], abstractTx("")},
		{e.ids["abstract"], abstractTyped(`"0"`)},
		{e.ids["smartsessions"], smartOp(tblShop, "1")},
	}
	want := make([][]byte, len(bases))
	for i, b := range bases {
		before := e.snapshot()
		out, err := e.v.Sign(context.Background(), b.id, json.RawMessage(b.req))
		if err != nil {
			f.Fatalf("base request %d: %v", i, err)
		}
		want[i] = out
		e.restore(before)
	}
	for i := range bases {
		for spelling := range uint8(splitSpellings) {
			f.Add(uint8(i), uint8(0), uint8(0), spelling, `"1"`)
			f.Add(uint8(i), uint8(1), uint8(3), spelling, `{"chainId":1}`)
			f.Add(uint8(i), uint8(2), uint8(1), spelling, `null`)
		}
	}
	f.Fuzz(func(t *testing.T, which, object, member, spelling uint8, value string) {
		i := int(which) % len(bases)
		base := bases[i]
		req, name, ok := insertSpelled(base.req, int(object), int(member), spelling, value)
		if !ok {
			return
		}
		before := e.snapshot()
		out, err := e.v.Sign(context.Background(), base.id, json.RawMessage(req))
		if err != nil {
			if d := storeDiff(before, e.snapshot()); len(d) > 0 {
				t.Fatalf("%s: refused (%v), yet changed %v", req, err, d)
			}
			return
		}
		e.restore(before) // every input starts from the same usage
		if spelling%splitSpellings < 2 {
			t.Fatalf("%s: member %q written twice, and signed", req, name)
		}
		if !bytes.Equal(out, want[i]) {
			t.Fatalf("%s: a case variant of %q changed what was signed:\n%x\nwant %x", req, name, out, want[i])
		}
	})
}

// splitSpellings: the member's name as it is, with its first character
// escaped, its first letter in the other case, all of it upper case, and
// its first letter as another rune of the same Unicode fold, if any.
const splitSpellings = 5

// insertSpelled writes a member at the start of the object-th object of
// req (in order of their opening braces), named after that object's
// member-th member in the given spelling, with value. It reports the name
// it copied; ok is false when the request has no such object or the
// spelling does not apply.
func insertSpelled(req string, object, member int, spelling uint8, value string) (out, name string, ok bool) {
	var starts []int
	inString := false
	for i := 0; i < len(req); i++ {
		switch c := req[i]; {
		case inString && c == '\\':
			i++
		case c == '"':
			inString = !inString
		case !inString && c == '{':
			starts = append(starts, i)
		}
	}
	at := starts[object%len(starts)]
	dec := json.NewDecoder(strings.NewReader(req[at:]))
	if _, err := dec.Token(); err != nil {
		return "", "", false
	}
	var names []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return "", "", false
		}
		names = append(names, tok.(string))
		var skip json.RawMessage
		if dec.Decode(&skip) != nil {
			return "", "", false
		}
	}
	if len(names) == 0 {
		return "", "", false
	}
	name = names[member%len(names)]
	first, size := utf8.DecodeRuneInString(name)
	var spelled string
	switch spelling % splitSpellings {
	case 0:
		b, _ := json.Marshal(name)
		spelled = string(b)
	case 1:
		b, _ := json.Marshal(name[size:])
		spelled = fmt.Sprintf(`"\u%04x%s`, first, b[1:])
	case 2:
		other := unicode.ToUpper(first)
		if other == first {
			other = unicode.ToLower(first)
		}
		if other == first {
			return "", "", false
		}
		b, _ := json.Marshal(string(other) + name[size:])
		spelled = string(b)
	case 3:
		if strings.ToUpper(name) == name {
			return "", "", false
		}
		b, _ := json.Marshal(strings.ToUpper(name))
		spelled = string(b)
	case 4:
		for i, r := range name {
			for other := unicode.SimpleFold(r); other != r; other = unicode.SimpleFold(other) {
				if other != unicode.ToUpper(r) && other != unicode.ToLower(r) {
					b, _ := json.Marshal(name[:i] + string(other) + name[i+utf8.RuneLen(r):])
					spelled = string(b)
					break
				}
			}
			if spelled != "" {
				break
			}
		}
		if spelled == "" {
			return "", "", false
		}
	}
	sep := ","
	if strings.HasPrefix(strings.TrimSpace(req[at+1:]), "}") {
		sep = ""
	}
	return req[:at+1] + spelled + ":" + value + sep + req[at+1:], name, true
}

// restore puts the store back as snapshot saw it.
func (e *tblEnv) restore(snapshot map[string]string) {
	ctx := context.Background()
	now := e.snapshot()
	for k, v := range snapshot {
		if now[k] != v {
			if err := e.store.Put(ctx, k, []byte(v)); err != nil {
				e.t.Fatal(err)
			}
		}
	}
	for k := range now {
		if _, ok := snapshot[k]; !ok {
			if err := e.store.Delete(ctx, k); err != nil {
				e.t.Fatal(err)
			}
		}
	}
}
