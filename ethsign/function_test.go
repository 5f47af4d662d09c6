package ethsign

import (
	"regexp"

	"encoding/hex"
	"github.com/sessionsigner/sessionsigner/internal/ethcrypto"
	"strings"
	"testing"
)

// TestFunctionSelector checks canonical signatures are accepted, with the
// published selectors of well-known functions as known answers.
func TestFunctionSelector(t *testing.T) {
	for sig, want := range map[string]string{
		"mint(address,uint256)":                          "40c10f19",
		"transfer(address,uint256)":                      "a9059cbb",
		"approve(address,uint256)":                       "095ea7b3",
		"g((uint256,bytes32)[],bytes4[2],function,bool)": "",
		"$x_1(int8,(address,(string)))":                  "",
		"h(uint8[][3])":                                  "",
	} {
		sel, err := FunctionSelector(sig)
		if err != nil {
			t.Errorf("%s: %v", sig, err)
			continue
		}
		if want != "" && hex.EncodeToString(sel[:]) != want {
			t.Errorf("%s: selector %x, want %s", sig, sel, want)
		}
	}
	deep := "f(" + strings.Repeat("(", maxTupleDepth+2) + "bool" + strings.Repeat(")", maxTupleDepth+2) + ")"
	for _, sig := range []string{"", "(uint256)", "1f()", "f(", "f(,)", "f(bool,)", "f(bool))", "f(bool[)", "f(bool[01])",
		"f(bytes0)", "f(bytes33)", "f(int)", "f(uint256 )", "f (bool)", "f(Bool)", deep, "f(" + strings.Repeat("bool,", 200) + "bool)"} {
		if _, err := FunctionSelector(sig); err == nil {
			t.Errorf("%q accepted", sig)
		}
	}
}

// TestFunctionSelectorShapes: only the canonical form (no spaces, no
// argument names) is accepted, because only it hashes to the selector.
func TestFunctionSelectorShapes(t *testing.T) {
	for s, want := range map[string]bool{
		"transfer(address,uint256)": true, "play()": true, "_f$2(uint256[2],(address,bytes)[])": true,
		"transfer(address to,uint256)": false, "transfer (address)": false, "(address)": false,
		"2f()": false, "f(": false, "f)": false, "f(uint256);": false, "é()": false,
	} {
		if _, err := FunctionSelector(s); (err == nil) != want {
			t.Errorf("FunctionSelector(%q): err %v, want accepted=%v", s, err, want)
		}
	}
}

// canonicalShape is the outline every canonical signature has; FunctionSelector
// also checks each parameter type, so it may refuse more, never less.
var canonicalShape = regexp.MustCompile(`^[A-Za-z_$][A-Za-z0-9_$]*\([A-Za-z0-9,\[\]()]*\)$`)

func FuzzFunctionSelector(f *testing.F) {
	for _, s := range []string{
		"mint(address,uint256)", "f()", "$_x9((uint256,bytes)[],bool[2])", "_()", "a(b)c)",
		"", "(", ")", "()", "9f()", "f(", "f)", "f (uint256)", "f(uint256 x)", "f(uint256)\n", "mint(address, uint256)",
		"é()", "f(é)", "f-g()", "f(a.b)", "f(()", "f())", "g((uint256,bytes32)[],bytes4[2],function,bool)",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sel, err := FunctionSelector(s)
		if err != nil {
			return
		}
		if !canonicalShape.MatchString(s) {
			t.Fatalf("%q accepted but is not of the canonical shape", s)
		}
		if want := ethcrypto.Keccak256([]byte(s))[:4]; string(sel[:]) != string(want) {
			t.Fatalf("%q: selector %x, want %x", s, sel, want)
		}
	})
}
