package keystore

import (
	"strings"
	"testing"
)

// TestADIsInjective: the length prefixes keep different field lists from
// producing the same associated data.
func TestADIsInjective(t *testing.T) {
	ads := map[string][]byte{
		`"ab","c"`:  newAD("L").str("ab").str("c").b,
		`"a","bc"`:  newAD("L").str("a").str("bc").b,
		`"abc"`:     newAD("L").str("abc").b,
		`"abc",""`:  newAD("L").str("abc").str("").b,
		`label M`:   newAD("M").str("ab").str("c").b,
		`label LM`:  newAD("LM").str("ab").str("c").b,
		`u64 1`:     newAD("L").u64(1).b,
		`bytes 0x1`: newAD("L").bytes([]byte{0, 0, 0, 0, 0, 0, 0, 1}).b,
	}
	seen := map[string]string{}
	for name, ad := range ads {
		if other, dup := seen[string(ad)]; dup {
			t.Errorf("%s and %s give the same associated data %x", name, other, ad)
		}
		seen[string(ad)] = name
	}
}

func TestDecodeStrict(t *testing.T) {
	type doc struct {
		A int `json:"a"`
	}
	tests := []struct {
		in string
		ok bool
	}{
		{`{"a":1}`, true},
		{" \t\r\n{\"a\":1} \t\r\n", true},
		{`{"a":1}{}`, false},
		{`{"a":1}}`, false}, // json.Decoder.More misses a stray closing brace
		{`{"a":1}]`, false},
		{`{"a":1},`, false},
		{`{"a":1} x`, false},
		{"{\"a\":1}\v", false},
		{"{\"a\":1}\u00a0", false},
		{`{"a":1,"b":2}`, false},
		{`{"a":"1"}`, false},
		{`{"a":1`, false},
		{``, false},
		{`{"a":1}` + strings.Repeat(" ", maxStoredSize), false},
	}
	for _, tt := range tests {
		var d doc
		err := decodeStrict([]byte(tt.in), &d)
		if (err == nil) != tt.ok {
			t.Errorf("decodeStrict(%.40q): err = %v, want ok=%v", tt.in, err, tt.ok)
		}
	}
}

func TestPeekVersion(t *testing.T) {
	tests := []struct {
		in   string
		v    int
		fail bool
	}{
		{`{"v":1}`, 1, false},
		{`{"v":7,"other":{"nested":[1,2]}}`, 7, false},
		{`{"v":0}`, 0, false},
		{`{}`, 0, true},
		{`{"v":null}`, 0, true},
		{`{"v":"1"}`, 0, true},
		{`{"v":1.5}`, 0, true},
		{`[1]`, 0, true},
		{`null`, 0, true},
		{`{"v":1}}`, 0, true},
		{`{"v":1`, 0, true},
		{`{"v":1,"pad":"` + strings.Repeat("x", maxStoredSize) + `"}`, 0, true},
	}
	for _, tt := range tests {
		v, err := peekVersion([]byte(tt.in))
		if (err != nil) != tt.fail || v != tt.v {
			t.Errorf("peekVersion(%.40q) = %d, %v; want %d, fail=%v", tt.in, v, err, tt.v, tt.fail)
		}
	}
}

func TestIsLowerHex(t *testing.T) {
	tests := []struct {
		s  string
		n  int
		ok bool
	}{
		{"0123456789abcdef", 16, true},
		{"0123456789ABCDEF", 16, false},
		{"0123456789abcdeg", 16, false},
		{"0123456789abcde", 16, false},
		{"0123456789abcdef0", 16, false},
		{"", 0, true},
		{"0x12", 4, false},
	}
	for _, tt := range tests {
		if got := isLowerHex(tt.s, tt.n); got != tt.ok {
			t.Errorf("isLowerHex(%q, %d) = %v", tt.s, tt.n, got)
		}
	}
}
