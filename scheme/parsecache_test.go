package scheme

import (
	"errors"
	"testing"
)

func TestParseCacheIsKeyedByTheExactBytes(t *testing.T) {
	var c ParseCache[string]
	calls := 0
	parse := func(raw []byte) (string, error) {
		calls++
		if string(raw) == "bad" {
			return "", errors.New("refused")
		}
		return "parsed " + string(raw), nil
	}
	for _, in := range []string{"a", "a", "a ", "a", "bad", "bad"} {
		got, err := c.Parse([]byte(in), parse)
		if in == "bad" {
			if err == nil {
				t.Fatal("a refusal was served from the cache")
			}
			continue
		}
		if err != nil || got != "parsed "+in {
			t.Fatalf("%q: %q, %v", in, got, err)
		}
	}
	// "a" once, "a " once, "bad" every time.
	if calls != 4 {
		t.Fatalf("%d parses, want 4", calls)
	}
}
