// Package hexjson holds the JSON number and byte types shared by the schemes
// and the vault. JavaScript numbers lose precision above 2^53, so every
// quantity that can be large travels as a string: Big reads the quantity
// grammar (quantity.go) and always writes a decimal string. Bytes are
// 0x-prefixed hex both ways.
package hexjson

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"strings"
)

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
		return nil, fmt.Errorf("hex %q must start with 0x", Clip(s))
	}
	if len(s)%2 != 0 {
		return nil, fmt.Errorf("hex %q has an odd number of digits", Clip(s))
	}
	v, err := hex.DecodeString(s[2:])
	if err != nil {
		return nil, fmt.Errorf("hex %q is not valid hex", Clip(s))
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
		return nil, fmt.Errorf("hex %q must be %d bytes, got %d", Clip(s), n, len(v))
	}
	return v, nil
}
