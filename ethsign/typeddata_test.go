package ethsign

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// mailDoc is a valid document the bad-input table mutates.
const mailDoc = `{
 "types": {
  "EIP712Domain": [{"name":"name","type":"string"},{"name":"version","type":"string"},{"name":"chainId","type":"uint256"},{"name":"verifyingContract","type":"address"}],
  "Person": [{"name":"name","type":"string"},{"name":"wallet","type":"address"}],
  "Mail": [{"name":"from","type":"Person"},{"name":"to","type":"Person"},{"name":"contents","type":"string"}]
 },
 "primaryType": "Mail",
 "domain": {"name":"Ether Mail","version":"1","chainId":1,"verifyingContract":"0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC"},
 "message": {
  "from": {"name":"Cow","wallet":"0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826"},
  "to": {"name":"Bob","wallet":"0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB"},
  "contents":"Hello, Bob!"
 }
}`

func TestTypedDataDomain(t *testing.T) {
	td, err := ParseTypedData([]byte(mailDoc))
	if err != nil {
		t.Fatal(err)
	}
	d := td.Domain
	if d.Name == nil || *d.Name != "Ether Mail" || d.Version == nil || *d.Version != "1" {
		t.Errorf("name/version = %v/%v", d.Name, d.Version)
	}
	if d.ChainID == nil || d.ChainID.Int64() != 1 {
		t.Errorf("chainId = %v", d.ChainID)
	}
	if d.VerifyingContract == nil || d.VerifyingContract.Hex() != "0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC" {
		t.Errorf("verifyingContract = %v", d.VerifyingContract)
	}
	if d.Salt != nil {
		t.Errorf("salt = %v, want nil", d.Salt)
	}

	// Without EIP712Domain in types the same domain is derived, so the
	// digest must not change.
	var doc map[string]any
	json.Unmarshal([]byte(mailDoc), &doc)
	delete(doc["types"].(map[string]any), "EIP712Domain")
	b, _ := json.Marshal(doc)
	td2, err := ParseTypedData(b)
	if err != nil {
		t.Fatal(err)
	}
	if td2.Hash() != td.Hash() || td2.DomainSeparator() != td.DomainSeparator() {
		t.Errorf("derived domain hashes differently: %s vs %s", td2.Hash(), td.Hash())
	}

	// A domain without chainId exposes none.
	td3, err := ParseTypedData([]byte(`{"types":{"A":[]},"primaryType":"A","domain":{"name":"x"},"message":{}}`))
	if err != nil {
		t.Fatal(err)
	}
	if td3.Domain.ChainID != nil || td3.Domain.VerifyingContract != nil {
		t.Errorf("domain = %+v", td3.Domain)
	}
}

// mutate returns mailDoc with one replacement, failing the test if old is
// not found (so a table row cannot silently test the valid document).
func mutate(t *testing.T, old, new string) string {
	t.Helper()
	if !strings.Contains(mailDoc, old) {
		t.Fatalf("mutation %q not found", old)
	}
	return strings.Replace(mailDoc, old, new, 1)
}

func TestParseTypedDataRejects(t *testing.T) {
	deep := strings.Repeat(`{"n":`, maxDepth+2) + `1` + strings.Repeat(`}`, maxDepth+2)
	wideTypes := map[string][]Field{}
	for i := range maxTypes + 1 {
		wideTypes[fmt.Sprintf("T%d", i)] = nil
	}
	wide, _ := json.Marshal(map[string]any{"types": wideTypes, "primaryType": "T0", "message": map[string]any{}})
	manyValues, _ := json.Marshal(map[string]any{
		"types": map[string]any{"A": []Field{{"v", "bool[]"}}}, "primaryType": "A",
		"message": map[string]any{"v": make([]bool, maxValues+1)},
	})

	rows := []struct{ name, doc, want string }{
		{"not json", `{`, "JSON object"},
		{"array", `[]`, "JSON object"},
		{"null", `null`, "JSON object"},
		{"unknown top member", mutate(t, `"primaryType": "Mail"`, `"primaryType": "Mail", "extra": 1`), "unknown member"},
		{"case-folded member", mutate(t, `"message":`, `"Message":`), "unknown member"},
		{"no types", `{"primaryType":"A","message":{}}`, "types is missing"},
		{"types not object", `{"types":[],"primaryType":"A","message":{}}`, "types must map"},
		{"field not list", mutate(t, `"Person": [`, `"Person": {"x":[`) + "}", ""},
		{"field without type", mutate(t, `{"name":"wallet","type":"address"}`, `{"name":"wallet"}`), "string name and type"},
		{"no primaryType", mutate(t, `"primaryType": "Mail"`, `"primaryType": ""`), "primaryType"},
		{"undeclared primaryType", mutate(t, `"primaryType": "Mail"`, `"primaryType": "Letter"`), "not declared"},
		{"primaryType array", mutate(t, `"primaryType": "Mail"`, `"primaryType": "Mail[]"`), "not declared"},
		{"unknown field type", mutate(t, `"type":"Person"}`, `"type":"Human"}`), "unknown type"},
		{"uint alias", mutate(t, `{"name":"contents","type":"string"}`, `{"name":"contents","type":"uint"}`), "sized types"},
		{"uint7", mutate(t, `{"name":"contents","type":"string"}`, `{"name":"contents","type":"uint7"}`), "multiple of 8"},
		{"uint264", mutate(t, `{"name":"contents","type":"string"}`, `{"name":"contents","type":"uint264"}`), "multiple of 8"},
		{"bytes0", mutate(t, `{"name":"contents","type":"string"}`, `{"name":"contents","type":"bytes0"}`), "sized types"},
		{"bytes33", mutate(t, `{"name":"contents","type":"string"}`, `{"name":"contents","type":"bytes33"}`), "bytesN"},
		{"struct named like atom", mutate(t, `"Person": [`, `"uint7": [`), "cannot name a struct"},
		{"struct named int", mutate(t, `"Person": [`, `"int": [`), "cannot name a struct"},
		{"struct named bytes", mutate(t, `"Person": [`, `"bytes": [`), "cannot name a struct"},
		{"plus-signed size", mutate(t, `{"name":"contents","type":"string"}`, `{"name":"contents","type":"uint+8"}`), "sized types"},
		{"plus-signed array length", mutate(t, `"type":"Person"}`, `"type":"Person[+1]"}`), "array length"},
		{"field name starts with digit", mutate(t, `{"name":"wallet","type":"address"}`, `{"name":"1wallet","type":"address"}`), "not an identifier"},
		{"struct named address", mutate(t, `"Person": [`, `"address": [`), "cannot name a struct"},
		{"struct name with space", mutate(t, `"Person": [`, `"Per son": [`), "cannot name a struct"},
		{"duplicate field", mutate(t, `{"name":"wallet","type":"address"}`, `{"name":"name","type":"address"}`), "twice"},
		{"bad field name", mutate(t, `{"name":"wallet","type":"address"}`, `{"name":"wal let","type":"address"}`), "not an identifier"},
		{"zero array length", mutate(t, `"type":"Person"}`, `"type":"Person[0]"}`), "array length"},
		{"leading zero array length", mutate(t, `"type":"Person"}`, `"type":"Person[01]"}`), "array length"},
		{"unmatched bracket", mutate(t, `"type":"Person"}`, `"type":"Person]"}`), "unmatched"},
		{"too many dims", mutate(t, `"type":"Person"}`, `"type":"Person[][][][][][][][][]"}`), "dimensions"},
		{"missing field", mutate(t, `"contents":"Hello, Bob!"`, `"content":"Hello, Bob!"`), "message.contents: missing field"},
		{"null field", mutate(t, `"contents":"Hello, Bob!"`, `"contents":null`), "missing field"},
		{"missing message", mutate(t, `"message": {`, `"msg": {`), "unknown member"},
		{"message not object", mutate(t, `"to": {"name":"Bob"`, `"to": ["Bob"`), ""},
		{"bad checksum", mutate(t, `0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826`, `0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD827`), "message.from.wallet"},
		{"short address", mutate(t, `0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826`, `0xcd2a`), "40 hex digits"},
		{"string as number", mutate(t, `"contents":"Hello, Bob!"`, `"contents":5`), "must be a string"},
		{"domain null", mutate(t, `"domain": {"name"`, `"domain": null, "x": {"name"`), "unknown member"},
		{"domain not object", `{"types":{"A":[]},"primaryType":"A","domain":[],"message":{}}`, "domain must be"},
		{"domain undeclared member", mutate(t, `"version":"1",`, `"version":"1","foo":"bar",`), "domain.foo is not declared"},
		{"domain undeclared chainId", `{"types":{"EIP712Domain":[{"name":"name","type":"string"}],"A":[]},"primaryType":"A","domain":{"name":"x","chainId":1},"message":{}}`, "domain.chainId is not declared"},
		{"derived unknown domain member", `{"types":{"A":[]},"primaryType":"A","domain":{"nme":"x"},"message":{}}`, "domain.nme"},
		{"chainId wrong type", mutate(t, `{"name":"chainId","type":"uint256"}`, `{"name":"chainId","type":"string"}`), "must have type uint256"},
		{"chainId missing", mutate(t, `"chainId":1,`, ``), "declared but missing"},
		{"chainId negative", mutate(t, `"chainId":1,`, `"chainId":-1,`), "out of range"},
		{"chainId fraction", mutate(t, `"chainId":1,`, `"chainId":1.5,`), "whole decimal"},
		{"chainId exponent", mutate(t, `"chainId":1,`, `"chainId":1e3,`), "whole decimal"},
		{"salt short", `{"types":{"A":[]},"primaryType":"A","domain":{"salt":"0x01"},"message":{}}`, "32 bytes"},
		{"verifyingContract bad", mutate(t, `0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC`, `0xCCCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC`), "checksum"},
		{"deep nesting", `{"types":{"N":[{"name":"n","type":"N"}]},"primaryType":"N","message":` + deep + `}`, "deeper than"},
		{"too many types", string(wide), "more than 64 types"},
		{"too many values", string(manyValues), "more than"},
		{"too large", `{"types":{"A":[{"name":"s","type":"string"}]},"primaryType":"A","message":{"s":"` + strings.Repeat("x", MaxTypedDataBytes) + `"}}`, "larger than"},
	}
	for _, r := range rows {
		_, err := ParseTypedData([]byte(r.doc))
		if !errors.Is(err, ErrTypedData) {
			t.Errorf("%s: err = %v, want ErrTypedData", r.name, err)
			continue
		}
		if r.want != "" && !strings.Contains(err.Error(), r.want) {
			t.Errorf("%s: err = %q, want it to mention %q", r.name, err, r.want)
		}
	}
}

// valueDoc wraps one field of type typ with value v.
func valueDoc(typ, v string) string {
	return fmt.Sprintf(`{"types":{"A":[{"name":"v","type":%q}]},"primaryType":"A","message":{"v":%s}}`, typ, v)
}

func TestTypedDataValues(t *testing.T) {
	ok := []struct{ typ, v string }{
		{"uint8", `255`}, {"uint8", `"255"`}, {"uint8", `"0xff"`}, {"uint8", `"0xFF"`}, {"int8", `-128`}, {"int8", `"-128"`},
		{"int8", `127`}, {"uint256", `"115792089237316195423570985008687907853269984665640564039457584007913129639935"`},
		{"int256", `"-57896044618658097711785492504343953926634992332820282019728792003956564819968"`},
		{"bytes", `"0x"`}, {"bytes1", `"0x00"`}, {"bytes32", `"0x` + strings.Repeat("ab", 32) + `"`},
		{"bool", `true`}, {"bool", `false`}, {"string", `""`}, {"uint8[2]", `[1,2]`}, {"uint8[][2]", `[[],[1]]`},
		{"address", `"0x0000000000000000000000000000000000000000"`},
	}
	for _, c := range ok {
		if _, err := ParseTypedData([]byte(valueDoc(c.typ, c.v))); err != nil {
			t.Errorf("%s %s: %v", c.typ, c.v, err)
		}
	}
	bad := []struct{ typ, v, want string }{
		{"uint8", `256`, "out of range"}, {"uint8", `-1`, "out of range"}, {"uint8", `"0x100"`, "out of range"},
		{"int8", `128`, "out of range"}, {"int8", `-129`, "out of range"}, {"int8", `"0xff"`, "out of range"},
		{"uint256", `"115792089237316195423570985008687907853269984665640564039457584007913129639936"`, "out of range"},
		{"int256", `"-57896044618658097711785492504343953926634992332820282019728792003956564819969"`, "out of range"},
		{"uint8", `"-0x1"`, "non-negative"}, {"uint8", `""`, "empty"}, {"uint8", `"1.0"`, "whole decimal"}, {"uint8", `" 1"`, "whole decimal"},
		{"uint8", `"+1"`, "whole decimal"}, {"uint8", `true`, "whole decimal"}, {"uint8", `[1]`, "whole decimal"},
		{"uint8", `"` + strings.Repeat("9", 81) + `"`, "longer than 256 bits"}, {"uint8", `"0x"`, "empty hex"},
		{"bytes", `"0x1"`, "odd"}, {"bytes", `"1234"`, "must start with 0x"}, {"bytes", `12`, "0x-hex string"},
		{"bytes4", `"0x010203"`, "exactly 4 bytes"}, {"bytes4", `"0x0102030405"`, "exactly 4 bytes"},
		{"bool", `1`, "true or false"}, {"bool", `"true"`, "true or false"}, {"string", `{}`, "must be a string"},
		{"uint8[2]", `[1]`, "exactly 2 elements"}, {"uint8[2]", `[1,2,3]`, "exactly 2 elements"}, {"uint8[]", `{}`, "JSON array"},
		{"uint8[]", `[null]`, "missing value"}, {"address", `"0x00"`, "40 hex digits"},
	}
	for _, c := range bad {
		_, err := ParseTypedData([]byte(valueDoc(c.typ, c.v)))
		if !errors.Is(err, ErrTypedData) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s %s: err = %v, want ErrTypedData mentioning %q", c.typ, c.v, err, c.want)
		}
	}
}

// TestTypedDataIgnoresUndeclaredMessageMembers pins the documented choice:
// message members the type does not declare are not signed, so adding one
// leaves the digest unchanged.
func TestTypedDataIgnoresUndeclaredMessageMembers(t *testing.T) {
	a, err := ParseTypedData([]byte(mailDoc))
	if err != nil {
		t.Fatal(err)
	}
	b, err := ParseTypedData([]byte(mutate(t, `"contents":"Hello, Bob!"`, `"contents":"Hello, Bob!","bcc":"Eve"`)))
	if err != nil {
		t.Fatal(err)
	}
	if a.Hash() != b.Hash() {
		t.Fatal("an undeclared member changed the digest")
	}
	c, err := ParseTypedData([]byte(mutate(t, `"contents":"Hello, Bob!"`, `"contents":"Hello, Eve!"`)))
	if err != nil {
		t.Fatal(err)
	}
	if a.Hash() == c.Hash() {
		t.Fatal("a declared member did not change the digest")
	}
}
