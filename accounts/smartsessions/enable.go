package smartsessions

import (
	"fmt"

	"github.com/sessionsigner/sessionsigner/ethtypes"
)

// EncodeUseSignature is a USE-mode userOp signature: 0x00 ‖ permissionId ‖
// the session validator's signature (module-sdk encodeSmartSessionSignature
// with SmartSessionMode.USE).
func EncodeUseSignature(permissionID ethtypes.Hash, sig []byte) []byte {
	out := make([]byte, 0, 33+len(sig))
	out = append(out, byte(ModeUse))
	out = append(out, permissionID[:]...)
	return append(out, sig...)
}

// EncodeEnableSignature is an ENABLE or UNSAFE_ENABLE userOp signature:
// mode ‖ FastLZ(abi.encode(enableData, sig)), which enables the session
// and uses it in the same user operation. enableData.PermissionEnableSig
// must already be framed for the account (FormatPermissionEnableSig).
func EncodeEnableSignature(mode SmartSessionMode, enableData EnableSession, sig []byte) ([]byte, error) {
	if mode != ModeEnable && mode != ModeUnsafeEnable {
		return nil, fmt.Errorf("smartsessions: mode %d is not an enable mode", mode)
	}
	return append([]byte{byte(mode)}, flzCompress(encodeEnableSignature(enableData, sig))...), nil
}

// FormatPermissionEnableSig frames the account owner's signature of the
// enable digest as the account's ERC-1271 expects it (module-sdk
// formatPermissionEnableSig): validator ‖ sig, or 0x01 ‖ validator ‖ sig on
// Kernel.
func FormatPermissionEnableSig(accountType string, validator ethtypes.Address, ownerSig []byte) []byte {
	var out []byte
	if accountType == AccountKernel {
		out = append(out, 0x01)
	}
	out = append(out, validator[:]...)
	return append(out, ownerSig...)
}
