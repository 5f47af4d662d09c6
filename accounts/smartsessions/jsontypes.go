package smartsessions

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/sessionsigner/sessionsigner/ethsign"
	"github.com/sessionsigner/sessionsigner/ethtypes"
	"github.com/sessionsigner/sessionsigner/internal/hexjson"
)

// Address is an address in config JSON: read strictly (all-lowercase, or
// exactly EIP-55 checksummed, as viem's isAddress) so a mistyped address is
// refused instead of being granted a permission, and written checksummed.
type Address ethtypes.Address

func (a Address) MarshalJSON() ([]byte, error) {
	return json.Marshal(ethtypes.Address(a).Hex())
}

func (a *Address) UnmarshalJSON(data []byte) error {
	var s string
	if err := json.Unmarshal(data, &s); err != nil {
		return fmt.Errorf("address must be a 0x-prefixed string")
	}
	v, err := ethsign.ParseAddress(s)
	if err != nil {
		return err
	}
	*a = Address(v)
	return nil
}

// Condition is a UniActionPolicy ParamCondition. JSON accepts the SDK's
// names ("equal", "inRange", ...), the Solidity enum names ("EQUAL",
// "IN_RANGE", ...) or the enum number, and writes the SDK's name.
type Condition uint8

const (
	CondEqual Condition = iota
	CondGreaterThan
	CondLessThan
	CondGreaterThanOrEqual
	CondLessThanOrEqual
	CondNotEqual
	CondInRange
)

var conditionNames = [...]struct{ sdk, solidity string }{
	{"equal", "EQUAL"},
	{"greaterThan", "GREATER_THAN"},
	{"lessThan", "LESS_THAN"},
	{"greaterThanOrEqual", "GREATER_THAN_OR_EQUAL"},
	{"lessThanOrEqual", "LESS_THAN_OR_EQUAL"},
	{"notEqual", "NOT_EQUAL"},
	{"inRange", "IN_RANGE"},
}

func (c Condition) String() string {
	if int(c) < len(conditionNames) {
		return conditionNames[c].sdk
	}
	return fmt.Sprintf("condition(%d)", uint8(c))
}

func (c Condition) MarshalJSON() ([]byte, error) {
	if int(c) >= len(conditionNames) {
		return nil, fmt.Errorf("unknown condition %d", uint8(c))
	}
	return json.Marshal(c.String())
}

func (c *Condition) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	if len(data) > 0 && data[0] == '"' {
		var s string
		if err := json.Unmarshal(data, &s); err != nil {
			return err
		}
		for i, n := range conditionNames {
			if s == n.sdk || s == n.solidity {
				*c = Condition(i)
				return nil
			}
		}
		return fmt.Errorf("unknown condition %q (use equal, greaterThan, lessThan, greaterThanOrEqual, lessThanOrEqual, notEqual or inRange)", hexjson.Clip(s))
	}
	v, err := hexjson.ParseBig(data)
	if err != nil || v.Cmp(bigInt(int64(len(conditionNames)-1))) > 0 {
		return fmt.Errorf("condition must be a name or a number 0..%d", len(conditionNames)-1)
	}
	*c = Condition(v.Uint64())
	return nil
}

// Word is a 32-byte calldata word (a UniActionPolicy reference value). JSON
// accepts what the SDK accepts: 0x-hex of at most 32 bytes, left-padded
// (viem padHex), or an integer (decimal string or JSON number, viem toHex
// with size 32). It is written as 0x-hex of exactly 32 bytes.
type Word [32]byte

func (w Word) MarshalJSON() ([]byte, error) {
	return json.Marshal("0x" + hex.EncodeToString(w[:]))
}

func (w *Word) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	var s string
	if len(data) > 0 && data[0] == '"' {
		if err := json.Unmarshal(data, &s); err != nil {
			return err
		}
	}
	if strings.HasPrefix(s, "0x") || strings.HasPrefix(s, "0X") {
		digits := s[2:]
		if len(digits) == 0 || len(digits) > 64 {
			return fmt.Errorf("hex reference value %q must hold 1 to 32 bytes", hexjson.Clip(s))
		}
		b, err := hex.DecodeString(strings.Repeat("0", 64-len(digits)) + digits)
		if err != nil {
			return fmt.Errorf("reference value %q is not valid hex", hexjson.Clip(s))
		}
		copy(w[:], b)
		return nil
	}
	v, err := hexjson.ParseBig(data)
	if err != nil {
		return fmt.Errorf("reference value must be 0x-hex or an integer: %w", err)
	}
	v.FillBytes(w[:])
	return nil
}
