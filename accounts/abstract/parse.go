package abstract

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/big"
	"strings"

	"github.com/sessionsigner/sessionsigner/ethtypes"

	"github.com/sessionsigner/sessionsigner/ethsign"
	"github.com/sessionsigner/sessionsigner/internal/ethcrypto"
	"github.com/sessionsigner/sessionsigner/internal/hexjson"
	"github.com/sessionsigner/sessionsigner/scheme"
)

// The field parsers below turn the app's JSON into normalized values and
// report errors against the field's path ("callPolicies[1].selector"). Where
// viem rejects the same input, the reason is viem's own message, so an app
// sees the same words whichever library it tried first.
//
// A fields value says which kind of error a bad field is: a config error
// (INVALID_CONFIG) while creating a session, a request error
// (INVALID_REQUEST) while signing.
type fields struct {
	bad func(field, format string, args ...any) error
}

var (
	configFields  = fields{scheme.BadConfig}
	requestFields = fields{scheme.BadRequest}
)

// address accepts what viem's isAddress accepts: 0x and 40 hex digits,
// either all lowercase or correctly EIP-55 checksummed.
func (f fields) address(path, s string) (ethtypes.Address, error) {
	a, err := ethsign.ParseAddress(s)
	if err != nil {
		return ethtypes.Address{}, f.bad(path, "Address %q is invalid.", hexjson.Clip(s))
	}
	return a, nil
}

// fixedHex reads 0x-hex of exactly n bytes; a wrong size gets viem's
// "Size of bytes" message.
func (f fields) fixedHex(path, s string, n int) ([]byte, error) {
	v, err := hexjson.ParseBytes(s)
	if err != nil {
		return nil, f.bad(path, "%v", err)
	}
	if len(v) != n {
		return nil, f.bad(path, "Size of bytes %q (bytes%d) does not match expected size (bytes%d).", hexjson.Clip(s), len(v), n)
	}
	return v, nil
}

// quantity reads a required non-negative integer of at most 256 bits.
func (f fields) quantity(path string, raw json.RawMessage) (*big.Int, error) {
	if hexjson.IsNull(raw) {
		return nil, f.bad(path, "is required")
	}
	v, err := hexjson.ParseBig(raw)
	if err != nil {
		return nil, f.bad(path, "%v", err)
	}
	return v, nil
}

// quantityOr reads an optional quantity, def when absent.
func (f fields) quantityOr(path string, raw json.RawMessage, def int64) (*big.Int, error) {
	if hexjson.IsNull(raw) {
		return big.NewInt(def), nil
	}
	return f.quantity(path, raw)
}

// enum reads a small enum given as a number, a numeric string or one
// of names (case-insensitive).
func (f fields) enum(path string, raw json.RawMessage, names []string, aliases map[string]int) (int, error) {
	if hexjson.IsNull(raw) {
		return 0, f.bad(path, "is required")
	}
	raw = bytes.TrimSpace(raw)
	var s string
	if raw[0] == '"' {
		if err := json.Unmarshal(raw, &s); err != nil {
			return 0, f.bad(path, "%v", err)
		}
		for i, n := range names {
			if strings.EqualFold(s, n) {
				return i, nil
			}
		}
		for n, i := range aliases {
			if strings.EqualFold(s, n) {
				return i, nil
			}
		}
	}
	v, err := hexjson.ParseBig(raw)
	if err != nil || !v.IsInt64() || v.Int64() >= int64(len(names)) {
		return 0, f.bad(path, "%s is out of range: use 0..%d or one of %s",
			hexjson.Clip(string(raw)), len(names)-1, strings.Join(names, ", "))
	}
	return int(v.Int64()), nil
}

// function returns the selector of a canonical function signature.
func (f fields) function(path, sig string) ([4]byte, error) {
	sel, err := ethsign.FunctionSelector(sig)
	if err != nil {
		return [4]byte{}, f.bad(path, "%v (a canonical signature looks like \"mint(address,uint256)\")", err)
	}
	return sel, nil
}

// selectorOf is the first four bytes of keccak256(signature).
func selectorOf(sig string) [4]byte {
	var s [4]byte
	copy(s[:], ethcrypto.Keccak256([]byte(sig)))
	return s
}

// strict decodes one JSON object into v, refusing unknown fields, so a
// misspelled "constraints" cannot silently drop a restriction
// (scheme.Decode: every scheme refuses them alike).
func (f fields) strict(path string, raw json.RawMessage, v any) error {
	if hexjson.IsNull(raw) {
		return f.bad(path, "is required")
	}
	return scheme.Decode(f.bad, path, raw, v)
}

func hexString(b []byte) string { return "0x" + hex.EncodeToString(b) }

func at(path string, i int) string { return fmt.Sprintf("%s[%d]", path, i) }

// hexBytes reads 0x-hex of any length.
func (f fields) hexBytes(path, s string) ([]byte, error) {
	v, err := hexjson.ParseBytes(s)
	if err != nil {
		return nil, f.bad(path, "%v", err)
	}
	return v, nil
}
