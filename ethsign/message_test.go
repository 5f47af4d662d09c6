package ethsign

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

func TestParseMessage(t *testing.T) {
	for in, want := range map[string]string{
		`"hello"`:              "hello",
		`""`:                   "",
		`"\u00e9\ud83c\udf89"`: "é🎉",
		`{"raw":"0x"}`:         "",
		`{"raw":"0x00ff41"}`:   "\x00\xffA",
		` {"raw":"0X4142"} `:   "AB",
	} {
		got, err := ParseMessage([]byte(in))
		if err != nil || !bytes.Equal(got, []byte(want)) {
			t.Errorf("ParseMessage(%s) = %q, %v; want %q", in, got, err, want)
		}
	}
}

func TestParseMessageRejects(t *testing.T) {
	huge := `"` + strings.Repeat("a", MaxMessageBytes+1) + `"`
	hugeRaw := `{"raw":"0x` + strings.Repeat("ab", MaxMessageBytes+1) + `"}`
	for _, in := range []string{
		``, `null`, `1`, `true`, `[]`, `["a"]`, `{}`, `{"raw":1}`, `{"raw":"abc"}`, `{"raw":"0x1"}`,
		`{"raw":"0xzz"}`, `{"raw":"0x00","extra":1}`, `{"Raw":"0x00"}`, `"unterminated`, huge, hugeRaw,
	} {
		if _, err := ParseMessage([]byte(in)); !errors.Is(err, ErrMessage) {
			t.Errorf("ParseMessage(%.40s) err = %v, want ErrMessage", in, err)
		}
	}
}

func TestParseMessageRequest(t *testing.T) {
	got, err := ParseMessageRequest([]byte(`{"type":"message","message":{"raw":"0x6869"}}`))
	if err != nil || string(got) != "hi" {
		t.Fatalf("got %q, %v", got, err)
	}
	for _, in := range []string{`{"type":"message"}`, `[]`, `null`, `{"message":null}`} {
		if _, err := ParseMessageRequest([]byte(in)); !errors.Is(err, ErrMessage) {
			t.Errorf("ParseMessageRequest(%s) err = %v", in, err)
		}
	}
}
