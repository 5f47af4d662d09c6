package smartsessions

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"math/big"

	"github.com/sessionsigner/sessionsigner/ethtypes"
	"github.com/sessionsigner/sessionsigner/internal/hexjson"
)

// configVersion is the format version written into every stored Config.
const configVersion = 1

// Account types: they decide how permissionEnableSig is framed and the
// userOp nonce key (module-sdk formatPermissionEnableSig, encodeValidatorNonce).
const (
	AccountSafe    = "safe"
	AccountNexus   = "nexus"
	AccountKernel  = "kernel"
	AccountERC7579 = "erc7579" // the ERC-7579 reference implementation
)

// Config is a session's stored configuration, canonical JSON. It holds the
// policies exactly as they are enabled on-chain and enforced here: any sudo
// the request allowed (allowSudo) is already written out, so reading a
// config never applies a default.
type Config struct {
	Version                int           `json:"version"`
	Account                Address       `json:"account"`
	AccountType            string        `json:"accountType"`
	Salt                   ethtypes.Hash `json:"salt"`
	AllowSudo              bool          `json:"allowSudo"`
	PermitERC4337Paymaster bool          `json:"permitERC4337Paymaster"`
	OwnerValidator         Address       `json:"ownerValidator"`
	Nonce                  hexjson.Big   `json:"nonce"`
	Chains                 []ChainNonce  `json:"chains,omitempty"`
	Policies               []Policy      `json:"policies"`
	Actions                []Action      `json:"actions"`
}

// Action is the policy list for calls to one (target, selector).
type Action struct {
	Target   Address  `json:"target"`
	Selector Selector `json:"selector"`
	Function string   `json:"function,omitempty"`
	Policies []Policy `json:"policies"`
}

// ChainNonce is one more chain in a multichain enable, with the
// SmartSession nonce of this permission on that chain (0 for a new key).
type ChainNonce struct {
	ChainID hexjson.Big `json:"chainId"`
	Nonce   hexjson.Big `json:"nonce"`
}

// isFallback reports whether the action is SmartSession's fallback action.
func (a Action) isFallback() bool {
	return ethtypes.Address(a.Target) == FallbackTarget && a.Selector == FallbackSelector
}

// Selector is a 4-byte function selector, 0x-hex in JSON.
type Selector [4]byte

func (s Selector) MarshalJSON() ([]byte, error) {
	return json.Marshal("0x" + hex.EncodeToString(s[:]))
}

func (s *Selector) UnmarshalJSON(data []byte) error {
	var str string
	if err := json.Unmarshal(data, &str); err != nil {
		return errors.New("selector must be a 0x-prefixed string of 4 bytes")
	}
	b, err := hexjson.ParseFixed(str, 4)
	if err != nil {
		return err
	}
	copy(s[:], b)
	return nil
}

// session builds the on-chain Session for the session key signer: the
// current OwnableValidator with the key as its single owner, threshold 1.
// Sessions made here allow no ERC-1271 signing (empty erc7739Policies).
func (c *Config) session(signer ethtypes.Address) Session {
	s := Session{
		SessionValidator:         OwnableValidatorAddress,
		SessionValidatorInitData: OwnableValidatorInitData(1, []ethtypes.Address{signer}),
		Salt:                     c.Salt,
		PermitERC4337Paymaster:   c.PermitERC4337Paymaster,
	}
	for _, p := range c.Policies {
		s.UserOpPolicies = append(s.UserOpPolicies, p.data())
	}
	for _, a := range c.Actions {
		ad := ActionData{ActionTargetSelector: a.Selector, ActionTarget: ethtypes.Address(a.Target)}
		for _, p := range a.Policies {
			ad.ActionPolicies = append(ad.ActionPolicies, p.data())
		}
		s.Actions = append(s.Actions, ad)
	}
	return s
}

func bigInt(x int64) *big.Int { return big.NewInt(x) }
