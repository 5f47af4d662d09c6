package ethtypes

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"reflect"
)

// textError is a refusal of the hex text itself; read as JSON, it becomes a
// *json.UnmarshalTypeError, so encoding/json names the struct field in the
// message (as go-ethereum's hexutil does).
type textError struct{ msg string }

func (e *textError) Error() string { return e.msg }

var (
	errNoPrefix  = &textError{"hex string without 0x prefix"}
	errOddLength = &textError{"hex string of odd length"}
	errDigit     = &textError{"invalid hex string"}
)

// has0x reports whether s starts with 0x or 0X.
func has0x[T ~string | ~[]byte](s T) bool {
	return len(s) >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')
}

// isHexDigit reports whether c is 0-9, a-f or A-F.
func isHexDigit(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// decodeFixedText fills out from 0x and exactly 2*len(out) hex digits.
// out is left untouched on any refusal. name is the type as the length
// error names it.
func decodeFixedText(name string, text, out []byte) error {
	digits := text
	if len(text) > 0 { // an empty text reaches the length check below
		if !has0x(text) {
			return errNoPrefix
		}
		digits = text[2:]
		if len(digits)%2 != 0 {
			return errOddLength
		}
	}
	if len(digits) != 2*len(out) {
		return fmt.Errorf("hex string has length %d, want %d for %s", len(digits), 2*len(out), name)
	}
	for _, c := range digits {
		if !isHexDigit(c) {
			return errDigit
		}
	}
	hex.Decode(out, digits) // every digit checked above
	return nil
}

// decodeFixedJSON reads a JSON string as decodeFixedText does. The string's
// bytes are taken as they stand between the quotes (no escapes), and a
// value that is not a string is refused, null included.
func decodeFixedJSON(t reflect.Type, input, out []byte) error {
	if len(input) < 2 || input[0] != '"' || input[len(input)-1] != '"' {
		return &json.UnmarshalTypeError{Value: "non-string", Type: t}
	}
	err := decodeFixedText(t.String(), input[1:len(input)-1], out)
	if te, ok := err.(*textError); ok {
		return &json.UnmarshalTypeError{Value: te.msg, Type: t}
	}
	return err
}

// putHex0x writes 0x and the lowercase hex of b into dst, which must hold
// 2+2*len(b) bytes, and returns that part of dst.
func putHex0x(dst, b []byte) []byte {
	dst[0], dst[1] = '0', 'x'
	hex.Encode(dst[2:], b)
	return dst[:2+2*len(b)]
}

// hex0x returns 0x and the lowercase hex of b in a new slice.
func hex0x(b []byte) []byte { return putHex0x(make([]byte, 2+2*len(b)), b) }

// fromHexLenient decodes s as go-ethereum's common.FromHex does, for the
// constructors that take any string: an optional 0x or 0X, a leading 0
// added to an odd number of digits, and decoding stopped at the first pair
// that is not hex (what came before it is kept).
func fromHexLenient(s string) []byte {
	if has0x(s) {
		s = s[2:]
	}
	if len(s)%2 == 1 {
		s = "0" + s
	}
	b, _ := hex.DecodeString(s) // keeps the bytes before a bad digit
	return b
}
