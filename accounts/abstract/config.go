package abstract

import (
	"math/big"

	"github.com/sessionsigner/sessionsigner/ethtypes"
)

// LimitType says how a Limit is counted (SessionLib.LimitType).
type LimitType uint8

const (
	Unlimited LimitType = 0 // not counted (limit and period are ignored on-chain)
	Lifetime  LimitType = 1 // counted over the session's life
	Allowance LimitType = 2 // counted per period of Period seconds
)

var limitTypeNames = []string{"Unlimited", "Lifetime", "Allowance"}

func (t LimitType) String() string {
	if int(t) < len(limitTypeNames) {
		return limitTypeNames[t]
	}
	return "LimitType(" + big.NewInt(int64(t)).String() + ")"
}

// Condition compares a calldata word with a constraint's refValue
// (SessionLib.Condition), as unsigned 32-byte big-endian numbers.
type Condition uint8

const (
	Unconstrained Condition = 0
	Equal         Condition = 1
	Greater       Condition = 2
	Less          Condition = 3
	GreaterEqual  Condition = 4
	LessEqual     Condition = 5
	NotEqual      Condition = 6
)

// conditionNames are agw-client's names (the contract says GreaterOrEqual
// and LessOrEqual; both spellings are accepted on input).
var conditionNames = []string{"Unconstrained", "Equal", "Greater", "Less", "GreaterEqual", "LessEqual", "NotEqual"}

func (c Condition) String() string {
	if int(c) < len(conditionNames) {
		return conditionNames[c]
	}
	return "Condition(" + big.NewInt(int64(c)).String() + ")"
}

// Limit is SessionLib.UsageLimit.
type Limit struct {
	Type   LimitType
	Limit  *big.Int
	Period *big.Int // seconds; only meaningful for Allowance
}

// Constraint checks the calldata word at ABI head index Index (bytes
// 4+32*Index ... +32) and counts its value against Limit.
type Constraint struct {
	Index     uint64
	Condition Condition
	RefValue  ethtypes.Hash
	Limit     Limit
}

// CallPolicy allows calls with a given selector to a given target.
type CallPolicy struct {
	Target         ethtypes.Address
	Selector       [4]byte
	Function       string // the signature the app named, e.g. "mint(address,uint256)"; "" if it gave a selector
	MaxValuePerUse *big.Int
	ValueLimit     Limit
	Constraints    []Constraint
}

// TransferPolicy allows plain value transfers (calldata shorter than 4
// bytes) to a target.
type TransferPolicy struct {
	Target         ethtypes.Address
	MaxValuePerUse *big.Int
	ValueLimit     Limit
}

// SessionConfig is agw-client's SessionConfig: exactly what is ABI-encoded
// and hashed on-chain.
type SessionConfig struct {
	Signer           ethtypes.Address
	ExpiresAt        uint64 // unix seconds
	FeeLimit         Limit
	CallPolicies     []CallPolicy
	TransferPolicies []TransferPolicy
}

// Config is what the vault stores for an abstract session: the session
// plus the account it acts for and how to enable it.
type Config struct {
	SessionConfig
	// Account is the Abstract Global Wallet the session acts for.
	Account ethtypes.Address
	// ModuleInstalled says whether the account already has the
	// SessionKeyValidator module: if so the session is enabled with
	// createSession on the validator, otherwise with addModule on the account.
	ModuleInstalled bool
	// RegistryUnchecked records that the app created a mainnet session
	// with registryCheck: false, so the permissions text can say the policy
	// registry was not consulted.
	RegistryUnchecked bool
}

// findCallPolicy returns the first policy for (target, selector), which is
// the one the contract uses, or -1.
func (c *SessionConfig) findCallPolicy(target ethtypes.Address, selector [4]byte) int {
	for i := range c.CallPolicies {
		if c.CallPolicies[i].Target == target && c.CallPolicies[i].Selector == selector {
			return i
		}
	}
	return -1
}

// findTransferPolicy returns the first transfer policy for target, or -1.
func (c *SessionConfig) findTransferPolicy(target ethtypes.Address) int {
	for i := range c.TransferPolicies {
		if c.TransferPolicies[i].Target == target {
			return i
		}
	}
	return -1
}
