package ethsign

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"

	"github.com/sessionsigner/sessionsigner/ethtypes"
	"github.com/sessionsigner/sessionsigner/internal/ethcrypto"
	"github.com/sessionsigner/sessionsigner/internal/hexjson"
)

// word is one 32-byte slot of EIP-712's encodeData.
type word = [32]byte

// encodeAtom encodes a non-struct, non-array value into its 32-byte word:
// left-padded for address, bool and integers (two's complement for negative
// ones), right-padded for bytesN, and keccak256 of the contents for string
// and bytes, exactly as EIP-712 and viem's hashTypedData do.
func encodeAtom(t fieldType, raw json.RawMessage, path string) (word, error) {
	var w word
	if hexjson.IsNull(raw) {
		return w, fmt.Errorf("%w: %s: missing value for %s", ErrTypedData, path, t.text)
	}
	switch t.kind {
	case kindAddress:
		s, err := jsonString(raw, path, "an address string")
		if err != nil {
			return w, err
		}
		a, err := ParseAddress(s)
		if err != nil {
			return w, fmt.Errorf("%w: %s: %v", ErrTypedData, path, err)
		}
		copy(w[12:], a[:])
	case kindBool:
		switch string(bytes.TrimSpace(raw)) {
		case "true":
			w[31] = 1
		case "false":
		default:
			return w, fmt.Errorf("%w: %s: bool must be true or false", ErrTypedData, path)
		}
	case kindString:
		s, err := jsonString(raw, path, "a string")
		if err != nil {
			return w, err
		}
		w = ethcrypto.Keccak256Hash([]byte(s))
	case kindBytes:
		b, err := hexValue(raw, path)
		if err != nil {
			return w, err
		}
		w = ethcrypto.Keccak256Hash(b)
	case kindFixed:
		b, err := hexValue(raw, path)
		if err != nil {
			return w, err
		}
		if len(b) != t.size {
			return w, fmt.Errorf("%w: %s: %s needs exactly %d bytes, got %d", ErrTypedData, path, t.text, t.size, len(b))
		}
		copy(w[:], b)
	case kindInt, kindUint:
		v, err := parseInteger(raw)
		if err != nil {
			return w, fmt.Errorf("%w: %s: %v", ErrTypedData, path, err)
		}
		if err := checkRange(v, t.kind == kindInt, t.size); err != nil {
			return w, fmt.Errorf("%w: %s: %s: %v", ErrTypedData, path, t.text, err)
		}
		if v.Sign() < 0 { // intN: two's complement, in range by checkRange
			v = new(big.Int).Add(v, twoTo256)
		}
		if w, err = hexjson.Word(v); err != nil {
			return w, fmt.Errorf("%w: %s: %v", ErrTypedData, path, err)
		}
	default:
		return w, fmt.Errorf("%w: %s: %s is not an atomic type", ErrTypedData, path, t.text)
	}
	return w, nil
}

var twoTo256 = new(big.Int).Lsh(big.NewInt(1), 256)

func jsonString(raw json.RawMessage, path, what string) (string, error) {
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", fmt.Errorf("%w: %s: must be %s", ErrTypedData, path, what)
	}
	return s, nil
}

func hexValue(raw json.RawMessage, path string) ([]byte, error) {
	s, err := jsonString(raw, path, "a 0x-hex string")
	if err != nil {
		return nil, err
	}
	b, err := hexjson.ParseBytes(s)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrTypedData, path, err)
	}
	return b, nil
}

// parseInteger reads an integer value: a non-negative one in the quantity
// grammar (hexjson: canonical decimal or 0x-hex string, or a JSON integer
// up to 2^53-1), or a negative one written as "-" and a canonical decimal
// (string or JSON number). intN fields take negatives; checkRange then
// bounds the value by the field's own width, so nothing is wrapped.
func parseInteger(raw json.RawMessage) (*big.Int, error) {
	raw = bytes.TrimSpace(raw)
	neg := false
	switch {
	case len(raw) > 1 && raw[0] == '-':
		neg, raw = true, raw[1:]
	case len(raw) > 2 && raw[0] == '"' && raw[1] == '-':
		neg, raw = true, append([]byte{'"'}, raw[2:]...)
	}
	v, err := hexjson.ParseBig(raw)
	if err != nil {
		return nil, err
	}
	if neg {
		if v.Sign() == 0 || bytes.Contains(raw, []byte("0x")) {
			return nil, fmt.Errorf("integer -%s: only non-negative values may be written in hex or as zero; a negative value is \"-\" and a non-zero decimal", hexjson.Clip(string(raw)))
		}
		v.Neg(v)
	}
	return v, nil
}

// checkRange refuses values an intN/uintN cannot hold, as viem does before
// encoding.
func checkRange(v *big.Int, signed bool, bits int) error {
	if !signed {
		if v.Sign() < 0 || v.BitLen() > bits {
			return fmt.Errorf("%s is out of range [0, 2^%d-1]", v, bits)
		}
		return nil
	}
	limit := new(big.Int).Lsh(big.NewInt(1), uint(bits-1)) // 2^(bits-1)
	if v.Cmp(limit) >= 0 || v.Cmp(new(big.Int).Neg(limit)) < 0 {
		return fmt.Errorf("%s is out of range [-2^%d, 2^%d-1]", v, bits-1, bits-1)
	}
	return nil
}

// domainString and the helpers below read the standard domain fields into
// Domain, so schemes can check them without re-parsing.
func domainString(raw json.RawMessage, path string) (*string, error) {
	s, err := jsonString(raw, path, "a string")
	if err != nil {
		return nil, err
	}
	return &s, nil
}

func domainChainID(raw json.RawMessage, path string) (*big.Int, error) {
	v, err := parseInteger(raw)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrTypedData, path, err)
	}
	if err := checkRange(v, false, 256); err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrTypedData, path, err)
	}
	return v, nil
}

func domainAddress(raw json.RawMessage, path string) (*ethtypes.Address, error) {
	s, err := jsonString(raw, path, "an address string")
	if err != nil {
		return nil, err
	}
	a, err := ParseAddress(s)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrTypedData, path, err)
	}
	return &a, nil
}

func domainSalt(raw json.RawMessage, path string) (*ethtypes.Hash, error) {
	b, err := hexValue(raw, path)
	if err != nil {
		return nil, err
	}
	if len(b) != 32 {
		return nil, fmt.Errorf("%w: %s: salt needs exactly 32 bytes, got %d", ErrTypedData, path, len(b))
	}
	h := ethtypes.BytesToHash(b)
	return &h, nil
}
