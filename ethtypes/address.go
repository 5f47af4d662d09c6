package ethtypes

import (
	"bytes"
	"fmt"
	"math/big"
	"reflect"

	"github.com/ethereum/go-ethereum/crypto/keccak"
)

// AddressLength is the size of an address in bytes.
const AddressLength = 20

// Address is an Ethereum account address.
type Address [AddressLength]byte

var addressType = reflect.TypeFor[Address]()

// BytesToAddress is the address holding the last 20 bytes of b, b
// left-padded with zeros when shorter.
func BytesToAddress(b []byte) Address {
	var a Address
	a.SetBytes(b)
	return a
}

// BigToAddress is BytesToAddress of x's big-endian magnitude.
func BigToAddress(x *big.Int) Address { return BytesToAddress(x.Bytes()) }

// HexToAddress is BytesToAddress of s read as hex, leniently (see
// fromHexLenient): for constants and strings IsHexAddress has accepted.
// Addresses from people or programs go through ethsign.ParseAddress.
func HexToAddress(s string) Address { return BytesToAddress(fromHexLenient(s)) }

// IsHexAddress reports whether s is 40 hex digits in any case, with or
// without 0x (or 0X) before them. The checksum is not checked.
func IsHexAddress(s string) bool {
	if has0x(s) {
		s = s[2:]
	}
	if len(s) != 2*AddressLength {
		return false
	}
	for i := range len(s) {
		if !isHexDigit(s[i]) {
			return false
		}
	}
	return true
}

// SetBytes sets a to the last 20 bytes of b, left-padded with zeros.
func (a *Address) SetBytes(b []byte) {
	if len(b) > len(a) {
		b = b[len(b)-len(a):]
	}
	clear(a[:len(a)-len(b)])
	copy(a[len(a)-len(b):], b)
}

// Bytes returns the address's 20 bytes.
func (a Address) Bytes() []byte { return a[:] }

// Big returns the address as an unsigned integer.
func (a Address) Big() *big.Int { return new(big.Int).SetBytes(a[:]) }

// Cmp compares a and b as big-endian numbers: -1, 0 or +1.
func (a Address) Cmp(b Address) int { return bytes.Compare(a[:], b[:]) }

// Hex returns 0x and the address in its EIP-55 checksummed form.
func (a Address) Hex() string {
	var buf [2 + 2*AddressLength]byte
	return string(a.putChecksummed(&buf))
}

// String is Hex.
func (a Address) String() string { return a.Hex() }

// putChecksummed writes 0x and the EIP-55 form into buf and returns it:
// each letter among the 40 lowercase hex digits is capitalized where the
// matching nibble of the Keccak-256 of those 40 ASCII digits is 8 or more.
func (a *Address) putChecksummed(buf *[2 + 2*AddressLength]byte) []byte {
	putHex0x(buf[:], a[:])
	digits := buf[2:]
	h := keccak.NewLegacyKeccak256()
	h.Write(digits)
	var sum [32]byte
	h.Sum(sum[:0])
	for i, c := range digits {
		nibble := sum[i/2] >> 4
		if i%2 == 1 {
			nibble = sum[i/2] & 0x0f
		}
		if c >= 'a' && nibble >= 8 {
			digits[i] = c - ('a' - 'A')
		}
	}
	return buf[:]
}

// MarshalText writes 0x and lowercase hex (no checksum): the form stored
// records hold, as go-ethereum writes it.
func (a Address) MarshalText() ([]byte, error) { return hex0x(a[:]), nil }

// UnmarshalText reads 0x (or 0X) and exactly 40 hex digits in any case.
func (a *Address) UnmarshalText(text []byte) error {
	return decodeFixedText("Address", text, a[:])
}

// UnmarshalJSON reads a JSON string as UnmarshalText does; anything else,
// null included, is refused.
func (a *Address) UnmarshalJSON(input []byte) error {
	return decodeFixedJSON(addressType, input, a[:])
}

// Format writes the address for the fmt verbs: %v, %s checksummed, %q the
// same quoted, %x and %X bare hex (%#x with 0x), %d the bytes as numbers.
func (a Address) Format(s fmt.State, verb rune) {
	var buf [2 + 2*AddressLength]byte
	switch verb {
	case 'v', 's':
		s.Write(a.putChecksummed(&buf))
	case 'q':
		fmt.Fprintf(s, `"%s"`, a.putChecksummed(&buf))
	case 'x', 'X':
		writeHexVerb(s, verb, a[:])
	case 'd':
		fmt.Fprint(s, [AddressLength]byte(a))
	default:
		fmt.Fprintf(s, "%%!%c(address=%x)", verb, a[:])
	}
}

// writeHexVerb writes b for %x (lowercase) or %X (uppercase), with 0x (or
// 0X) before it under the # flag.
func writeHexVerb(s fmt.State, verb rune, b []byte) {
	out := hex0x(b)
	if !s.Flag('#') {
		out = out[2:]
	}
	if verb == 'X' {
		out = bytes.ToUpper(out)
	}
	s.Write(out)
}
