package hexjson

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestClip(t *testing.T) {
	word := "0x" + strings.Repeat("ab", 32)
	for in, want := range map[string]string{
		"":                         "",
		"0x1234":                   "0x1234",
		word:                       word, // a whole 32-byte word stays readable
		word + "c":                 word[:63] + "...",
		strings.Repeat("x", 10000): strings.Repeat("x", 63) + "...",
	} {
		if got := Clip(in); got != want {
			t.Errorf("Clip(%.20q...) = %q, want %q", in, got, want)
		}
	}
	// A multi-byte character across the cut is dropped whole, never split.
	for pad := 0; pad < 4; pad++ {
		in := strings.Repeat("a", 60+pad) + strings.Repeat("€", 10)
		got := Clip(in)
		if !utf8.ValidString(got) || len(got) > clipLen || !strings.HasSuffix(got, "...") {
			t.Errorf("Clip(%q) = %q: want valid UTF-8 of at most %d bytes ending in ...", in, got, clipLen)
		}
	}
}

func TestIsNull(t *testing.T) {
	for raw, want := range map[string]bool{
		"": true, "null": true, " null\n": true, "\t": true,
		"0": false, `"null"`: false, "{}": false, "[]": false, `""`: false, "nul": false,
	} {
		if got := IsNull(json.RawMessage(raw)); got != want {
			t.Errorf("IsNull(%q) = %v, want %v", raw, got, want)
		}
	}
}
