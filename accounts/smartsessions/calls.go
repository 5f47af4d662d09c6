package smartsessions

import (
	"math/big"

	"github.com/sessionsigner/sessionsigner/ethtypes"
)

// The account-side artifacts of a session: the calls the account makes to
// SmartSession, the module's install data and the userOp nonce key.

// EnableSessionsCalldata is SmartSession.enableSessions(Session[]) calldata,
// for the account to call on SmartSessionAddress (module-sdk
// getEnableSessionsAction).
func EnableSessionsCalldata(sessions ...Session) []byte {
	return append(append([]byte{}, selEnableSessions[:]...), encodeSessions(sessions)...)
}

// RemoveSessionCalldata is SmartSession.removeSession(permissionId) calldata
// (module-sdk getRemoveSessionAction): it disables the session on-chain.
func RemoveSessionCalldata(permissionID ethtypes.Hash) []byte {
	return append(append([]byte{}, selRemoveSession[:]...), permissionID[:]...)
}

// InstallData is the SmartSession module's onInstall data that enables the
// sessions while installing it: mode byte ‖ abi.encode(Session[])
// (module-sdk getSmartSessionsValidator; ENABLE unless unsafe).
func InstallData(unsafe bool, sessions ...Session) []byte {
	mode := ModeEnable
	if unsafe {
		mode = ModeUnsafeEnable
	}
	return append([]byte{byte(mode)}, encodeSessions(sessions)...)
}

// NonceKey is the ERC-4337 nonce key that routes a user operation to the
// SmartSession validator (module-sdk encodeValidatorNonce): the validator
// address right-padded to 24 bytes, after two zero bytes on Kernel.
func NonceKey(accountType string) *big.Int {
	key := make([]byte, 24)
	if accountType == AccountKernel {
		copy(key[2:], SmartSessionAddress[:])
	} else {
		copy(key, SmartSessionAddress[:])
	}
	return new(big.Int).SetBytes(key)
}
