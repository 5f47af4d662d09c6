package main

import (
	"regexp"
	"strings"
	"testing"
)

// The patterns the shape checks stand for, as the API documents them.
var shapePatterns = []struct {
	name    string
	check   func(string) bool
	pattern *regexp.Regexp
}{
	{"app", isAppID, regexp.MustCompile(`^[a-z0-9_]{1,32}$`)},
	{"nonce", isNonce, regexp.MustCompile(`^[A-Za-z0-9_-]{16,64}$`)},
	{"mac", isMAC, regexp.MustCompile(`^[0-9a-f]{64}$`)},
	{"vault", isVaultName, regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)},
}

var shapeInputs = []string{
	"", "a", "_", "-", ".", "A", "z", "Z", "0", "9", "app_1", "App", "a b", "a\n", "\na", "a-b", "a.b",
	"é", "a\x00", "/", "abcdefghijklmnop", "abcdefghijklmno", "ABCDEFGHIJKLMNOP_-",
	strings.Repeat("a", 32), strings.Repeat("a", 33), strings.Repeat("a", 64), strings.Repeat("a", 65),
	strings.Repeat("0", 64), strings.Repeat("f", 64), strings.Repeat("F", 64), strings.Repeat("g", 64),
	strings.Repeat("0", 63), strings.Repeat("0", 65), strings.Repeat("0", 63) + "\n",
	"`", "{", "@", "[", "^", "~", ":", "\xff",
}

func TestShapesMatchTheirPatterns(t *testing.T) {
	for _, p := range shapePatterns {
		for _, s := range shapeInputs {
			if got, want := p.check(s), p.pattern.MatchString(s); got != want {
				t.Errorf("%s(%q) = %v, pattern %s says %v", p.name, s, got, p.pattern, want)
			}
		}
		// Every single byte, and every byte inside an otherwise good name.
		for c := range 256 {
			one := string([]byte{byte(c)})
			padded := strings.Repeat("a", 20) + one + strings.Repeat("0", 43)
			padded = padded[:min(len(padded), 64)]
			for _, s := range []string{one, padded, strings.Repeat("a", 15) + one} {
				if got, want := p.check(s), p.pattern.MatchString(s); got != want {
					t.Errorf("%s(%q) = %v, pattern %s says %v", p.name, s, got, p.pattern, want)
				}
			}
		}
	}
}

// FuzzShapes: for any string, each check agrees with its pattern.
func FuzzShapes(f *testing.F) {
	for _, s := range shapeInputs {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, p := range shapePatterns {
			if got, want := p.check(s), p.pattern.MatchString(s); got != want {
				t.Fatalf("%s(%q) = %v, pattern %s says %v", p.name, s, got, p.pattern, want)
			}
		}
	})
}
