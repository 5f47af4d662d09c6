package smartsessions

import (
	"bytes"
	"sort"

	"github.com/sessionsigner/sessionsigner/ethtypes"
	"github.com/sessionsigner/sessionsigner/internal/abienc"
	"github.com/sessionsigner/sessionsigner/internal/ethcrypto"
)

// PermissionID is IdLib.toPermissionId: keccak256(abi.encode(sessionValidator,
// sessionValidatorInitData, salt)). Policies and actions are not part of it,
// so it is not a fingerprint of what a session may do (see ConfigHash).
func PermissionID(s Session) ethtypes.Hash {
	return ethcrypto.Keccak256Hash(abienc.Encode(abienc.Address(s.SessionValidator), abienc.Bytes(s.SessionValidatorInitData), abienc.Bytes32(s.Salt)))
}

// ActionID is IdLib.toActionId: keccak256(abi.encodePacked(target, selector)).
func ActionID(target ethtypes.Address, sel [4]byte) ethtypes.Hash {
	return ethcrypto.Keccak256Hash(target[:], sel[:])
}

// OwnableValidatorInitData is the OwnableValidator's init data:
// abi.encode(uint256 threshold, address[] owners) with the owners sorted
// ascending, which the validator requires (it returns false otherwise).
func OwnableValidatorInitData(threshold uint64, owners []ethtypes.Address) []byte {
	sorted := append([]ethtypes.Address(nil), owners...)
	sort.Slice(sorted, func(i, j int) bool { return bytes.Compare(sorted[i][:], sorted[j][:]) < 0 })
	addrs := make([]abienc.Value, len(sorted))
	for i, a := range sorted {
		addrs[i] = abienc.Address(a)
	}
	return abienc.Encode(abienc.Uint64(threshold), abienc.Array(addrs...))
}
