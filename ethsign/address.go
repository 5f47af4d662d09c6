package ethsign

import (
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/sessionsigner/sessionsigner/ethtypes"
	"github.com/sessionsigner/sessionsigner/internal/hexjson"
)

// ParseAddress reads a 0x-prefixed 20-byte address the way viem's isAddress
// does in its default strict mode: all-lowercase hex carries no checksum and
// is accepted; any other casing must be the exact EIP-55 checksum. A typo in
// a mixed-case address is thereby caught instead of silently signed.
func ParseAddress(s string) (ethtypes.Address, error) {
	var a ethtypes.Address
	if len(s) != 42 || !strings.HasPrefix(s, "0x") {
		return a, fmt.Errorf("%w: %q is not 0x followed by 40 hex digits", ErrAddress, hexjson.Clip(s))
	}
	b, err := hex.DecodeString(s[2:])
	if err != nil {
		return a, fmt.Errorf("%w: %q is not 0x followed by 40 hex digits", ErrAddress, hexjson.Clip(s))
	}
	copy(a[:], b)
	if s != strings.ToLower(s) && a.Hex() != s {
		return a, fmt.Errorf("%w: %q has a wrong EIP-55 checksum (send it all-lowercase or correctly checksummed)", ErrAddress, s)
	}
	return a, nil
}

// parseAddressAnyCase reads a 20-byte address ignoring its checksum, as viem
// does for access-list entries.
func parseAddressAnyCase(s string) (ethtypes.Address, error) {
	var a ethtypes.Address
	if len(s) != 42 || !(strings.HasPrefix(s, "0x") || strings.HasPrefix(s, "0X")) {
		return a, fmt.Errorf("%w: %q is not 0x followed by 40 hex digits", ErrAddress, hexjson.Clip(s))
	}
	b, err := hex.DecodeString(s[2:])
	if err != nil {
		return a, fmt.Errorf("%w: %q is not 0x followed by 40 hex digits", ErrAddress, hexjson.Clip(s))
	}
	copy(a[:], b)
	return a, nil
}
