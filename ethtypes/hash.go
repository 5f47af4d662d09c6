package ethtypes

import (
	"bytes"
	"fmt"
	"math/big"
	"reflect"
)

// HashLength is the size of a hash in bytes.
const HashLength = 32

// Hash is a 32-byte value: a Keccak-256 digest, a storage word, a salt.
type Hash [HashLength]byte

var hashType = reflect.TypeFor[Hash]()

// BytesToHash is the hash holding the last 32 bytes of b, b left-padded
// with zeros when shorter.
func BytesToHash(b []byte) Hash {
	var h Hash
	h.SetBytes(b)
	return h
}

// SetBytes sets h to the last 32 bytes of b, left-padded with zeros.
func (h *Hash) SetBytes(b []byte) {
	if len(b) > len(h) {
		b = b[len(b)-len(h):]
	}
	clear(h[:len(h)-len(b)])
	copy(h[len(h)-len(b):], b)
}

// Bytes returns the hash's 32 bytes.
func (h Hash) Bytes() []byte { return h[:] }

// Big returns the hash as an unsigned integer.
func (h Hash) Big() *big.Int { return new(big.Int).SetBytes(h[:]) }

// Cmp compares h and o as big-endian numbers: -1, 0 or +1.
func (h Hash) Cmp(o Hash) int { return bytes.Compare(h[:], o[:]) }

// Hex returns 0x and the hash in lowercase hex.
func (h Hash) Hex() string {
	var buf [2 + 2*HashLength]byte
	return string(putHex0x(buf[:], h[:]))
}

// String is Hex.
func (h Hash) String() string { return h.Hex() }

// MarshalText writes 0x and lowercase hex.
func (h Hash) MarshalText() ([]byte, error) { return hex0x(h[:]), nil }

// UnmarshalText reads 0x (or 0X) and exactly 64 hex digits in any case.
func (h *Hash) UnmarshalText(text []byte) error {
	return decodeFixedText("Hash", text, h[:])
}

// UnmarshalJSON reads a JSON string as UnmarshalText does; anything else,
// null included, is refused.
func (h *Hash) UnmarshalJSON(input []byte) error {
	return decodeFixedJSON(hashType, input, h[:])
}

// Format writes the hash for the fmt verbs: %v, %s as Hex, %q the same
// quoted, %x and %X bare hex (%#x with 0x), %d the bytes as numbers.
func (h Hash) Format(s fmt.State, verb rune) {
	switch verb {
	case 'v', 's':
		s.Write(hex0x(h[:]))
	case 'q':
		fmt.Fprintf(s, `"%s"`, hex0x(h[:]))
	case 'x', 'X':
		writeHexVerb(s, verb, h[:])
	case 'd':
		fmt.Fprint(s, [HashLength]byte(h))
	default:
		fmt.Fprintf(s, "%%!%c(hash=%x)", verb, h[:])
	}
}
