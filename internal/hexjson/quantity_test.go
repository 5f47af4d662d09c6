package hexjson

import (
	"errors"
	"math/big"
	"regexp"
	"testing"
)

func TestParseBigGrammar(t *testing.T) {
	max := new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1))
	accept := map[string]*big.Int{
		`"0"`: big.NewInt(0), `"123"`: big.NewInt(123), `"0x7b"`: big.NewInt(123), `"0x7B"`: big.NewInt(123),
		`"0x0"`: big.NewInt(0), `123`: big.NewInt(123), `0`: big.NewInt(0), ` 5 `: big.NewInt(5),
		`"0x000000000000000000000000000000000000000000000000000000000000007b"`: big.NewInt(123),
		`9007199254740991`:       big.NewInt(1<<53 - 1),
		`"` + max.String() + `"`: max,
		`"0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"`: max,
	}
	for in, want := range accept {
		got, err := ParseBig([]byte(in))
		if err != nil || got.Cmp(want) != 0 {
			t.Errorf("ParseBig(%s) = %v, %v; want %v", in, got, err, want)
		}
	}
	refuse := []string{
		`"0x-1"`, `"-1"`, `-1`, `"+1"`, `"0x+1"`, `" 1"`, `"1 "`, `"0x 1"`, `"1 000"`, `""`, `"0x"`, `"0X7b"`,
		`"007"`, `"00"`, `"1.5"`, `1.5`, `1e3`, `"1e3"`, `null`, ``, `9007199254740992`, `"0b1"`, `"1_000"`,
		`"0x1_0"`, `true`, `"` + new(big.Int).Add(max, big.NewInt(1)).String() + `"`,
		`"0x10000000000000000000000000000000000000000000000000000000000000000"`,
		`"0x0000000000000000000000000000000000000000000000000000000000000000000"`, `0x10`, `"٣"`,
	}
	for _, in := range refuse {
		if v, err := ParseBig([]byte(in)); !errors.Is(err, ErrQuantity) {
			t.Errorf("ParseBig(%s) = %v, %v; want ErrQuantity", in, v, err)
		}
	}
}

func TestParseBigBitsWidth(t *testing.T) {
	if _, err := ParseBigBits([]byte(`"0xffffffffffff"`), 48); err != nil {
		t.Fatalf("uint48 max refused: %v", err)
	}
	if _, err := ParseBigBits([]byte(`"0x1000000000000"`), 48); !errors.Is(err, ErrQuantity) {
		t.Fatalf("2^48 accepted for a uint48: %v", err)
	}
}

func TestWordRefusesWhatDoesNotFit(t *testing.T) {
	for _, v := range []*big.Int{big.NewInt(-1), new(big.Int).Lsh(big.NewInt(1), 256)} {
		if _, err := Word(v); !errors.Is(err, ErrQuantity) {
			t.Errorf("Word(%v): %v, want ErrQuantity", v, err)
		}
	}
	if _, err := WordBits(big.NewInt(256), 8); !errors.Is(err, ErrQuantity) {
		t.Errorf("WordBits(256, 8): %v", err)
	}
	w, err := Word(big.NewInt(258))
	if err != nil || w[30] != 1 || w[31] != 2 {
		t.Errorf("Word(258) = %x, %v", w, err)
	}
}

func TestSpendNeverRefills(t *testing.T) {
	if _, err := Spend(big.NewInt(10), big.NewInt(-3)); !errors.Is(err, ErrQuantity) {
		t.Fatalf("negative amount: %v", err)
	}
	if _, err := Spend(big.NewInt(-1), big.NewInt(3)); !errors.Is(err, ErrQuantity) {
		t.Fatalf("negative tally: %v", err)
	}
	if v, err := Spend(big.NewInt(10), big.NewInt(3)); err != nil || v.Int64() != 13 {
		t.Fatalf("10+3 = %v, %v", v, err)
	}
}

// canonical is the grammar written independently as patterns.
var (
	canonicalString = regexp.MustCompile(`^"(0|[1-9][0-9]{0,77}|0x[0-9a-fA-F]{1,64})"$`)
	canonicalNumber = regexp.MustCompile(`^(0|[1-9][0-9]{0,15})$`)
	twoTo256        = new(big.Int).Lsh(big.NewInt(1), 256)
)

// FuzzParseBig: what is accepted is exactly the canonical grammar (trimmed
// of JSON whitespace), the value is never negative and below 2^256, and
// it round-trips through both written forms.
func FuzzParseBig(f *testing.F) {
	for _, s := range []string{`"0x-1"`, `"123"`, `"0x7b"`, `12`, `"007"`, `"+1"`, `1e3`, `"0X1"`, `null`, `" 1"`, `"0x"`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		v, err := ParseBig([]byte(in))
		trimmed := string(trimSpace([]byte(in)))
		grammar := canonicalString.MatchString(trimmed) || canonicalNumber.MatchString(trimmed)
		if err != nil {
			if grammar && !tooLarge(trimmed) {
				t.Fatalf("refused canonical %q: %v", in, err)
			}
			return
		}
		if !grammar {
			t.Fatalf("accepted non-canonical %q as %v", in, v)
		}
		if v.Sign() < 0 || v.Cmp(twoTo256) >= 0 {
			t.Fatalf("%q read as %v, outside [0, 2^256)", in, v)
		}
		for _, form := range []string{`"` + v.String() + `"`, `"0x` + v.Text(16) + `"`} {
			back, err := ParseBig([]byte(form))
			if err != nil || back.Cmp(v) != 0 {
				t.Fatalf("%q -> %v does not round-trip through %s: %v, %v", in, v, form, back, err)
			}
		}
	})
}

// tooLarge: within the pattern's length but past the value bound (a
// 78-digit decimal at or above 2^256, or a JSON number past 2^53-1).
func tooLarge(s string) bool {
	if s[0] != '"' {
		n, _ := new(big.Int).SetString(s, 10)
		return n.Cmp(big.NewInt(1<<53-1)) > 0
	}
	n, ok := new(big.Int).SetString(s[1:len(s)-1], 0)
	return !ok || n.Cmp(twoTo256) >= 0
}
