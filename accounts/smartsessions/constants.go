package smartsessions

import (
	"github.com/sessionsigner/sessionsigner/ethtypes"
	"github.com/sessionsigner/sessionsigner/internal/ethcrypto"
)

// Deployed addresses: the current ("v1") set, equal to module-sdk 0.4.0's
// GLOBAL_CONSTANTS. The module-sdk root export OWNABLE_VALIDATOR_ADDRESS and
// the per-policy constants.ts files still name the legacy deployments; using
// one of those would change the permissionId and the policies the chain runs.
var (
	SmartSessionAddress         = ethtypes.HexToAddress("0x00000000008bDABA73cD9815d79069c247Eb4bDA")
	OwnableValidatorAddress     = ethtypes.HexToAddress("0x000000000013fdB5234E4E3162a810F54d9f7E98")
	SudoPolicyAddress           = ethtypes.HexToAddress("0x0000000000FEEc8D74e3143fBaBbca515358d869")
	UniActionPolicyAddress      = ethtypes.HexToAddress("0x0000000000714Cf48FcF88A0bFBa70d313415032")
	SpendingLimitsPolicyAddress = ethtypes.HexToAddress("0x000000000033212E272655D8a22402Db819477A6")
	TimeFramePolicyAddress      = ethtypes.HexToAddress("0x0000000000D30f611fA3bf652ac6879428586930")
	UsageLimitPolicyAddress     = ethtypes.HexToAddress("0x00000000001d4479FA2A947026204d0283ceDe4B")
	ValueLimitPolicyAddress     = ethtypes.HexToAddress("0x000000000021dC45451291BCDfc9f0B46d6f0278")
)

// The fallback action: SmartSession applies the policies of (address(1),
// 0x00000001) to every call that has no policies of its own. The SDK enables
// it silently when a session names no actions; here only allowSudo does.
var (
	FallbackTarget = ethtypes.Address{19: 1}
	// FallbackSelector is FALLBACK_TARGET_SELECTOR_FLAG.
	FallbackSelector = [4]byte{0, 0, 0, 1}
	// adminFallbackSelector is FALLBACK_TARGET_SELECTOR_FLAG_PERMITTED_TO_CALL_SMARTSESSION:
	// calls to the SmartSession module itself. Never configured here.
	adminFallbackSelector = [4]byte{0, 0, 0, 2}
	// ValueSelector is what IdLib uses as the selector of a call whose
	// calldata is shorter than 4 bytes (a plain value transfer).
	ValueSelector = [4]byte{0xff, 0xff, 0xff, 0xff}
)

// SmartSessionMode is the first byte of a SmartSession user-operation signature.
type SmartSessionMode byte

const (
	ModeUse          SmartSessionMode = 0x00
	ModeEnable       SmartSessionMode = 0x01
	ModeUnsafeEnable SmartSessionMode = 0x02
)

// Selectors, derived from their signatures so a typo cannot hide in a hex
// constant.
var (
	selExecute           = selector("execute(bytes32,bytes)")
	selExecuteUserOp     = selector("executeUserOp((address,uint256,bytes,bytes,bytes32,uint256,bytes32,bytes,bytes),bytes32)")
	selEnableSessions    = selector("enableSessions(" + sessionTypeString + "[])")
	selRemoveSession     = selector("removeSession(bytes32)")
	selTransfer          = selector("transfer(address,uint256)")
	selTransferFrom      = selector("transferFrom(address,address,uint256)")
	selApprove           = selector("approve(address,uint256)")
	selIncreaseAllowance = selector("increaseAllowance(address,uint256)")
)

// sessionTypeString is the canonical ABI type of the Session struct.
const sessionTypeString = "(address,bytes,bytes32,(address,bytes)[],((bytes32,string[])[],(address,bytes)[]),(bytes4,address,(address,bytes)[])[],bool)"

func selector(signature string) [4]byte {
	var s [4]byte
	copy(s[:], ethcrypto.Keccak256([]byte(signature)))
	return s
}
