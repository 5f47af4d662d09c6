// Package hexjson holds the JSON number and byte types shared by the schemes
// and the vault. JavaScript numbers lose precision above 2^53, so every
// quantity that can be large travels as a string: Big reads a decimal string,
// a 0x-hex string or a small JSON integer, and always writes a decimal string.
// Bytes are 0x-prefixed hex both ways.
package hexjson

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"strings"
)

// maxBigBits bounds every quantity: nothing on-chain is wider than 256 bits,
// and refusing early keeps a hostile input from allocating.
const maxBigBits = 256

// Big is a non-negative integer of at most 256 bits.
type Big struct{ big.Int }

// NewBig returns a Big holding x.
func NewBig(x int64) Big { var b Big; b.SetInt64(x); return b }

// FromInt returns a Big holding a copy of x (nil reads as 0).
func FromInt(x *big.Int) Big {
	var b Big
	if x != nil {
		b.Set(x)
	}
	return b
}

// ToInt returns a copy of the value as a *big.Int.
func (b Big) ToInt() *big.Int { return new(big.Int).Set(&b.Int) }

func (b Big) MarshalJSON() ([]byte, error) {
	return []byte(`"` + b.Int.String() + `"`), nil
}

func (b *Big) UnmarshalJSON(data []byte) error {
	v, err := ParseBig(data)
	if err != nil {
		return err
	}
	b.Int.Set(v)
	return nil
}

// ParseBig reads a JSON value as a quantity: "123", "0x7b" or 123.
func ParseBig(data []byte) (*big.Int, error) {
	data = bytes.TrimSpace(data)
	var s string
	if len(data) > 0 && data[0] == '"' {
		if err := json.Unmarshal(data, &s); err != nil {
			return nil, err
		}
	} else {
		s = string(data)
		if strings.ContainsAny(s, ".eE+-") || s == "" || s == "null" {
			return nil, fmt.Errorf("quantity %s is not a non-negative integer (send large numbers as decimal strings)", truncate(s))
		}
	}
	return ParseQuantity(s)
}

// ParseQuantity reads "123" or "0x7b".
func ParseQuantity(s string) (*big.Int, error) {
	if s == "" {
		return nil, errors.New("empty quantity")
	}
	if len(s) > 80 {
		return nil, fmt.Errorf("quantity %s is longer than 256 bits", truncate(s))
	}
	v := new(big.Int)
	var ok bool
	if strings.HasPrefix(s, "0x") || strings.HasPrefix(s, "0X") {
		if len(s) == 2 {
			return nil, errors.New("empty hex quantity")
		}
		_, ok = v.SetString(s[2:], 16)
	} else {
		for _, c := range s {
			if c < '0' || c > '9' {
				return nil, fmt.Errorf("quantity %q is not a decimal or 0x-hex integer", truncate(s))
			}
		}
		_, ok = v.SetString(s, 10)
	}
	if !ok {
		return nil, fmt.Errorf("quantity %q is not a decimal or 0x-hex integer", truncate(s))
	}
	if v.BitLen() > maxBigBits {
		return nil, fmt.Errorf("quantity %s is larger than 256 bits", truncate(s))
	}
	return v, nil
}

// Bytes is a byte string written as 0x-prefixed lowercase hex.
type Bytes []byte

func (b Bytes) MarshalJSON() ([]byte, error) {
	return []byte(`"0x` + hex.EncodeToString(b) + `"`), nil
}

func (b *Bytes) UnmarshalJSON(data []byte) error {
	var s string
	if err := json.Unmarshal(data, &s); err != nil {
		return errors.New("bytes must be a 0x-prefixed hex string")
	}
	v, err := ParseBytes(s)
	if err != nil {
		return err
	}
	*b = v
	return nil
}

// ParseBytes reads "0x…" hex of even length ("0x" is empty).
func ParseBytes(s string) ([]byte, error) {
	if !strings.HasPrefix(s, "0x") && !strings.HasPrefix(s, "0X") {
		return nil, fmt.Errorf("hex %q must start with 0x", truncate(s))
	}
	if len(s)%2 != 0 {
		return nil, fmt.Errorf("hex %q has an odd number of digits", truncate(s))
	}
	v, err := hex.DecodeString(s[2:])
	if err != nil {
		return nil, fmt.Errorf("hex %q is not valid hex", truncate(s))
	}
	return v, nil
}

// ParseFixed reads 0x-hex of exactly n bytes.
func ParseFixed(s string, n int) ([]byte, error) {
	v, err := ParseBytes(s)
	if err != nil {
		return nil, err
	}
	if len(v) != n {
		return nil, fmt.Errorf("hex %q must be %d bytes, got %d", truncate(s), n, len(v))
	}
	return v, nil
}

func truncate(s string) string {
	if len(s) > 24 {
		return s[:21] + "..."
	}
	return s
}
