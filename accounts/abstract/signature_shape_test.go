package abstract

import (
	"regexp"
	"testing"
)

// canonicalPattern is the regular expression looksCanonical replaced (the
// regexp package is kept out of the WebAssembly module); the two must agree
// on every string.
var canonicalPattern = regexp.MustCompile(`^[A-Za-z_$][A-Za-z0-9_$]*\([A-Za-z0-9,\[\]()]*\)$`)

var signatureShapeSeeds = []string{
	"mint(address,uint256)", "f()", "$_x9((uint256,bytes)[],bool[2])", "_()", "a(b)c)",
	"", "(", ")", "()", "9f()", "f(", "f)", "f (uint256)", "f(uint256 x)", "f(uint256)\n", "mint(address, uint256)",
	"é()", "f(é)", "f-g()", "f(a.b)", "f(()", "f())",
}

func TestLooksCanonicalMatchesThePattern(t *testing.T) {
	for _, s := range signatureShapeSeeds {
		if got, want := looksCanonical(s), canonicalPattern.MatchString(s); got != want {
			t.Errorf("%q: looksCanonical %v, pattern %v", s, got, want)
		}
	}
}

func FuzzLooksCanonical(f *testing.F) {
	for _, s := range signatureShapeSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := looksCanonical(s), canonicalPattern.MatchString(s); got != want {
			t.Fatalf("%q: looksCanonical %v, pattern %v", s, got, want)
		}
	})
}
