package smartsessions

import (
	"bytes"
	"math/big"
	"sort"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

var (
	permissionIDArgs = abi.Arguments{
		{Type: mustType("address", nil)},
		{Type: mustType("bytes", nil)},
		{Type: mustType("bytes32", nil)},
	}
	ownableInitArgs = abi.Arguments{
		{Type: mustType("uint256", nil)},
		{Type: mustType("address[]", nil)},
	}
)

// PermissionID is IdLib.toPermissionId: keccak256(abi.encode(sessionValidator,
// sessionValidatorInitData, salt)). Policies and actions are not part of it,
// so it is not a fingerprint of what a session may do (see ConfigHash).
func PermissionID(s Session) common.Hash {
	enc, err := permissionIDArgs.Pack(s.SessionValidator, nonNil(s.SessionValidatorInitData), s.Salt)
	if err != nil {
		panic("smartsessions: packing static permissionId arguments: " + err.Error())
	}
	return crypto.Keccak256Hash(enc)
}

// ActionID is IdLib.toActionId: keccak256(abi.encodePacked(target, selector)).
func ActionID(target common.Address, sel [4]byte) common.Hash {
	return crypto.Keccak256Hash(target[:], sel[:])
}

// OwnableValidatorInitData is the OwnableValidator's init data:
// abi.encode(uint256 threshold, address[] owners) with the owners sorted
// ascending, which the validator requires (it returns false otherwise).
func OwnableValidatorInitData(threshold uint64, owners []common.Address) []byte {
	sorted := append([]common.Address(nil), owners...)
	sort.Slice(sorted, func(i, j int) bool { return bytes.Compare(sorted[i][:], sorted[j][:]) < 0 })
	enc, err := ownableInitArgs.Pack(new(big.Int).SetUint64(threshold), sorted)
	if err != nil {
		panic("smartsessions: packing OwnableValidator init data: " + err.Error())
	}
	return enc
}
