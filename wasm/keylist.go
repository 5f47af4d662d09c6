package main

import (
	"encoding/json"
	"errors"
	"strings"
)

// errNotStrings: a list of keys held something other than strings.
var errNotStrings = errors.New("not an array of strings")

// stringList reads a JSON array of strings, as JSON.stringify writes an
// adapter's list of keys. The list crosses from JavaScript as this one
// string instead of four calls per key through syscall/js (about 5 ms of
// listing 1,000 sessions in Chromium). Keys of plain ASCII without escapes,
// which are all the vault's keys, are sliced straight out of the text; anything else
// goes through encoding/json (decodeStrings), which says the same for
// those keys and refuses anything that is not a string.
func stringList(s string) ([]string, error) {
	if s == "[]" {
		return []string{}, nil
	}
	if len(s) < 4 || s[0] != '[' || s[len(s)-1] != ']' {
		return decodeStrings(s)
	}
	out := make([]string, 0, strings.Count(s, `","`)+1)
	// s ends in ']', so neither a closing quote nor a comma is its last
	// byte, and i and j stay inside s.
	for i := 1; ; i++ {
		if s[i] != '"' {
			return decodeStrings(s)
		}
		j := i + 1
		for ; s[j] != '"'; j++ {
			if c := s[j]; c == '\\' || c < 0x20 || c >= 0x80 || j == len(s)-1 {
				return decodeStrings(s) // an escape, a byte JSON refuses, UTF-8 to check, or no end
			}
		}
		out = append(out, s[i+1:j])
		i = j + 1
		switch {
		case s[i] == ']' && i == len(s)-1:
			return out, nil
		case s[i] != ',':
			return decodeStrings(s)
		}
	}
}

// decodeStrings is stringList through encoding/json; a null element, which
// json would read as "", is refused too.
func decodeStrings(s string) ([]string, error) {
	var list []*string
	if err := json.Unmarshal([]byte(s), &list); err != nil || list == nil {
		return nil, errNotStrings
	}
	out := make([]string, len(list))
	for i, k := range list {
		if k == nil {
			return nil, errNotStrings
		}
		out[i] = *k
	}
	return out, nil
}
