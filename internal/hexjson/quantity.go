package hexjson

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
)

// The quantity grammar, the one way every JSON quantity in every scheme and
// the vault is read (values, limits, fees, nonces, gas, chain ids, periods,
// timestamps):
//
//	quantity = string | number
//	string   = '"' ( decimal | hex ) '"'
//	decimal  = "0" | [1-9] [0-9]*           (no leading zeros, no sign, no spaces)
//	hex      = "0x" [0-9a-fA-F]{1,64}        (lowercase prefix; leading zeros allowed)
//	number   = a JSON integer in the decimal form above, at most 2^53-1
//
// and the value is below 2^bits, where bits is the field's own width (256
// unless the format says less: a uint48 timestamp, a uint64 nonce). Every
// other spelling is refused, because two spellings of one number are where
// a checker and a signer start to disagree: big.Int alone takes "0x-1",
// "+1", "0b1" and "1_000", and would carry a negative value into a tally or
// a word encoder.
//
// Hex may carry leading zeros because a 32-byte word padded with zeros is a
// real form in typed data and ABI dumps; it is still one value, and the
// digit count (at most 64) keeps it within a word. Decimal has exactly one
// spelling, so "007" is refused. JSON numbers stop at 2^53-1, past which a
// JavaScript number is no longer the integer the app meant; JSON null is
// not a quantity (leave the member out instead).

// maxBits bounds every quantity: nothing on-chain is wider than 256 bits.
const maxBits = 256

// maxSafeNumber is JavaScript's Number.MAX_SAFE_INTEGER.
const maxSafeNumber = 1<<53 - 1

// ErrQuantity marks every refusal of the grammar above.
var ErrQuantity = errors.New("invalid quantity")

// ParseQuantityBits reads a quantity string below 2^bits.
func ParseQuantityBits(s string, bits int) (*big.Int, error) {
	v, err := parseDigits(s)
	if err != nil {
		return nil, err
	}
	if v.BitLen() > bits {
		return nil, fmt.Errorf("%w: %s is out of range: it does not fit in %d bits (at most 2^%d-1)", ErrQuantity, Clip(s), bits, bits)
	}
	return v, nil
}

// ParseBig reads a JSON value as a quantity of at most 256 bits: "123",
// "0x7b" or 123.
func ParseBig(data []byte) (*big.Int, error) { return ParseBigBits(data, maxBits) }

// ParseBigBits reads a JSON value as a quantity below 2^bits.
func ParseBigBits(data []byte, bits int) (*big.Int, error) {
	data = trimSpace(data)
	if len(data) == 0 || string(data) == "null" {
		return nil, fmt.Errorf("%w: a quantity is required here (null is not one; leave the member out instead)", ErrQuantity)
	}
	if data[0] == '"' {
		var s string
		if err := json.Unmarshal(data, &s); err != nil {
			return nil, fmt.Errorf("%w: %s is not a JSON string", ErrQuantity, Clip(string(data)))
		}
		return ParseQuantityBits(s, bits)
	}
	s := string(data)
	if len(s) > 2 && s[:2] == "0x" {
		return nil, fmt.Errorf("%w: hex %s must be a string (\"%s\")", ErrQuantity, Clip(s), Clip(s))
	}
	v, err := parseDecimal(s)
	if err != nil {
		return nil, fmt.Errorf("%w (send large numbers as decimal strings)", err)
	}
	if v.Cmp(big.NewInt(maxSafeNumber)) > 0 {
		return nil, fmt.Errorf("%w: the JSON number %s is beyond 2^53-1, where JavaScript numbers lose digits: send it as a decimal string", ErrQuantity, Clip(s))
	}
	return ParseQuantityBits(s, bits)
}

// parseDigits reads the string form: canonical decimal or 0x-hex.
func parseDigits(s string) (*big.Int, error) {
	if len(s) >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') {
		if s[1] == 'X' {
			return nil, fmt.Errorf("%w: %q: write the hex prefix as 0x", ErrQuantity, Clip(s))
		}
		digits := s[2:]
		if digits == "" {
			return nil, fmt.Errorf("%w: empty hex quantity %q", ErrQuantity, Clip(s))
		}
		if len(digits) > 64 {
			return nil, fmt.Errorf("%w: %s is longer than 256 bits (more than 64 hex digits)", ErrQuantity, Clip(s))
		}
		for i := 0; i < len(digits); i++ {
			if !isHexDigit(digits[i]) {
				return nil, fmt.Errorf("%w: %q is not a non-negative integer: 0x must be followed by hex digits only (no sign, no spaces)", ErrQuantity, Clip(s))
			}
		}
		v, _ := new(big.Int).SetString(digits, 16)
		return v, nil
	}
	return parseDecimal(s)
}

// parseDecimal reads "0" or a decimal without leading zeros.
func parseDecimal(s string) (*big.Int, error) {
	if s == "" {
		return nil, fmt.Errorf("%w: empty quantity", ErrQuantity)
	}
	if len(s) > 78 { // 2^256 has 78 decimal digits
		return nil, fmt.Errorf("%w: %s is longer than 256 bits", ErrQuantity, Clip(s))
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return nil, fmt.Errorf("%w: %q is not a non-negative integer: write a whole decimal or 0x-hex number (no sign, spaces, fraction or exponent)", ErrQuantity, Clip(s))
		}
	}
	if len(s) > 1 && s[0] == '0' {
		return nil, fmt.Errorf("%w: %q has a leading zero (write %q, or 0x-hex)", ErrQuantity, Clip(s), Clip(trimZeros(s)))
	}
	v, _ := new(big.Int).SetString(s, 10)
	return v, nil
}

// trimSpace trims JSON's four whitespace bytes around a value (and no
// others: bytes.TrimSpace would also take \f and Unicode spaces).
func trimSpace(b []byte) []byte {
	isSpace := func(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
	for len(b) > 0 && isSpace(b[0]) {
		b = b[1:]
	}
	for len(b) > 0 && isSpace(b[len(b)-1]) {
		b = b[:len(b)-1]
	}
	return b
}

func isHexDigit(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func trimZeros(s string) string {
	for len(s) > 1 && s[0] == '0' {
		s = s[1:]
	}
	return s
}

// Word is v as a 32-byte big-endian uint256. It refuses a negative value or
// one wider than 256 bits instead of reducing it modulo 2^256: every place
// that turns an amount into an on-chain word goes through here (or
// WordBits), so a value the checks saw is the value that is signed.
func Word(v *big.Int) ([32]byte, error) { return WordBits(v, maxBits) }

// WordBits is Word for a uintN field: v must be below 2^bits.
func WordBits(v *big.Int, bits int) ([32]byte, error) {
	var w [32]byte
	if v == nil {
		return w, nil
	}
	if v.Sign() < 0 {
		return w, fmt.Errorf("%w: %s is negative, and a uint%d word cannot hold it", ErrQuantity, Clip(v.String()), bits)
	}
	if v.BitLen() > bits {
		return w, fmt.Errorf("%w: %s does not fit in uint%d", ErrQuantity, Clip(v.String()), bits)
	}
	v.FillBytes(w[:])
	return w, nil
}
