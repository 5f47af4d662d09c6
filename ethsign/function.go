package ethsign

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/sessionsigner/sessionsigner/internal/ethcrypto"
)

// maxFunctionLen bounds a function signature; real ones are under 200.
const maxFunctionLen = 512

// maxTupleDepth bounds nested tuple types in a signature.
const maxTupleDepth = 8

// FunctionSelector checks that sig is a canonical Solidity function
// signature, "name(type1,type2)", and returns its 4-byte selector (the first
// bytes of keccak256(sig)). Every scheme accepts "function" in place of a raw
// selector through this one parser. Canonical matters: "mint(address, uint256)" or
// "mint(address,uint)" hash to a different selector than the contract's, so
// they are refused with a hint instead of silently permitting nothing.
func FunctionSelector(sig string) ([4]byte, error) {
	var sel [4]byte
	if len(sig) > maxFunctionLen {
		return sel, fmt.Errorf("longer than %d characters", maxFunctionLen)
	}
	open := strings.IndexByte(sig, '(')
	if open <= 0 || !isIdentifier(sig[:open]) {
		return sel, fmt.Errorf("%q must look like name(type1,type2)", sig)
	}
	p := sigParser{s: sig, pos: open}
	if err := p.tuple(0); err != nil {
		return sel, fmt.Errorf("%q: %v", sig, err)
	}
	if p.pos != len(sig) {
		return sel, fmt.Errorf("%q: unexpected %q after the parameter list", sig, sig[p.pos:])
	}
	copy(sel[:], ethcrypto.Keccak256([]byte(sig))[:4])
	return sel, nil
}

func isIdentifier(s string) bool {
	for i, c := range s {
		letter := c == '_' || c == '$' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
		if !letter && (i == 0 || c < '0' || c > '9') {
			return false
		}
	}
	return s != ""
}

// sigParser reads the parameter list of a signature.
type sigParser struct {
	s   string
	pos int
}

// tuple reads "(" [type {"," type}] ")".
func (p *sigParser) tuple(depth int) error {
	if depth > maxTupleDepth {
		return fmt.Errorf("tuples nested deeper than %d", maxTupleDepth)
	}
	p.pos++ // '('
	if p.pos < len(p.s) && p.s[p.pos] == ')' {
		p.pos++
		return nil
	}
	for {
		if err := p.param(depth); err != nil {
			return err
		}
		if p.pos >= len(p.s) {
			return fmt.Errorf("missing )")
		}
		switch p.s[p.pos] {
		case ',':
			p.pos++
		case ')':
			p.pos++
			return nil
		default:
			return fmt.Errorf("unexpected %q at %d (write types only, no spaces or names)", p.s[p.pos], p.pos)
		}
	}
}

// param reads one type: a tuple or an elementary type, then array suffixes.
func (p *sigParser) param(depth int) error {
	if p.pos < len(p.s) && p.s[p.pos] == '(' {
		if err := p.tuple(depth + 1); err != nil {
			return err
		}
	} else {
		start := p.pos
		for p.pos < len(p.s) && strings.IndexByte(",()[", p.s[p.pos]) < 0 {
			p.pos++
		}
		if err := checkElementary(p.s[start:p.pos]); err != nil {
			return err
		}
	}
	for p.pos < len(p.s) && p.s[p.pos] == '[' {
		end := strings.IndexByte(p.s[p.pos:], ']')
		if end < 0 {
			return fmt.Errorf("missing ]")
		}
		if n := p.s[p.pos+1 : p.pos+end]; n != "" {
			if v, err := strconv.Atoi(n); err != nil || !allDigits(n) || v < 1 || n[0] == '0' {
				return fmt.Errorf("array length %q is not a positive integer", n)
			}
		}
		p.pos += end + 1
	}
	return nil
}

// checkElementary accepts the ABI's canonical elementary type names.
func checkElementary(t string) error {
	switch t {
	case "address", "bool", "string", "bytes", "function":
		return nil
	case "uint", "int":
		return fmt.Errorf("write %s256, not %s: the selector is computed from the canonical name", t, t)
	case "":
		return fmt.Errorf("empty parameter type")
	}
	var digits string
	var lo, hi, step int
	switch {
	case strings.HasPrefix(t, "bytes"):
		digits, lo, hi, step = t[5:], 1, 32, 1
	case strings.HasPrefix(t, "uint"):
		digits, lo, hi, step = t[4:], 8, 256, 8
	case strings.HasPrefix(t, "int"):
		digits, lo, hi, step = t[3:], 8, 256, 8
	default:
		return fmt.Errorf("unknown type %q (write types only, no spaces or names)", t)
	}
	n, err := strconv.Atoi(digits)
	if err != nil || !allDigits(digits) || digits[0] == '0' || n < lo || n > hi || n%step != 0 {
		return fmt.Errorf("unknown type %q", t)
	}
	return nil
}
