package smartsessions

import (
	"encoding/json"
	"fmt"
	"math/big"

	"github.com/sessionsigner/sessionsigner/ethsign"
	"github.com/sessionsigner/sessionsigner/ethtypes"
	"github.com/sessionsigner/sessionsigner/internal/hexjson"
	"github.com/sessionsigner/sessionsigner/scheme"
)

// createParams is the create request, in the shape of the Rhinestone SDK's
// session (spec §6) plus what a standalone signer needs to know (the account,
// its type, the enable nonce). The vault has taken its own fields (scheme,
// chainId, expiresAt) off; the chain arrives in CreateInput.
type createParams struct {
	Account                *Address          `json:"account"`
	AccountType            string            `json:"accountType"`
	Actions                []json.RawMessage `json:"actions"`
	Policies               []json.RawMessage `json:"policies"`
	Salt                   *hexjson.Bytes    `json:"salt"`
	AllowSudo              bool              `json:"allowSudo"`
	PermitERC4337Paymaster *bool             `json:"permitERC4337Paymaster"`
	OwnerValidator         *Address          `json:"ownerValidator"`
	Nonce                  *hexjson.Big      `json:"nonce"`
	Chains                 []json.RawMessage `json:"chains"`
}

type actionParams struct {
	Target   *Address          `json:"target"`
	Selector *Selector         `json:"selector"`
	Function string            `json:"function"`
	Policies []json.RawMessage `json:"policies"`
}

type chainParams struct {
	ChainID *hexjson.Big `json:"chainId"`
	Nonce   *hexjson.Big `json:"nonce"`
}

// maxExtraChains bounds a multichain enable.
const maxExtraChains = 16

// parseParams turns a create request into a Config with every default
// applied. It refuses, with the field and what to add, anything that would
// silently grant more than the request spells out (see validate).
func parseParams(raw json.RawMessage, chainID *big.Int) (*Config, error) {
	var p createParams
	if err := scheme.DecodeConfig("", raw, &p); err != nil {
		return nil, err
	}
	cfg := &Config{
		Version:                configVersion,
		AccountType:            AccountSafe,
		AllowSudo:              p.AllowSudo,
		PermitERC4337Paymaster: true, // the SDK's default; see doc.go
		OwnerValidator:         Address(OwnableValidatorAddress),
	}
	if p.Account == nil {
		return nil, scheme.BadConfig("account", "is required: the ERC-7579 smart account the session acts for")
	}
	cfg.Account = *p.Account
	if p.AccountType != "" {
		cfg.AccountType = p.AccountType
	}
	if p.Salt != nil {
		if len(*p.Salt) != 32 {
			return nil, scheme.BadConfig("salt", "must be 32 bytes, got %d", len(*p.Salt))
		}
		cfg.Salt = ethtypes.BytesToHash(*p.Salt)
	}
	if p.PermitERC4337Paymaster != nil {
		cfg.PermitERC4337Paymaster = *p.PermitERC4337Paymaster
	}
	if p.OwnerValidator != nil {
		cfg.OwnerValidator = *p.OwnerValidator
	}
	if p.Nonce != nil {
		cfg.Nonce = *p.Nonce
	}
	if len(p.Chains) > maxExtraChains {
		return nil, scheme.BadConfig("chains", "at most %d extra chains", maxExtraChains)
	}
	for i, rawChain := range p.Chains {
		var c chainParams
		if err := scheme.DecodeConfig(fmt.Sprintf("chains[%d]", i), rawChain, &c); err != nil {
			return nil, err
		}
		if c.ChainID == nil {
			return nil, scheme.BadConfig(fmt.Sprintf("chains[%d].chainId", i), "is required")
		}
		cn := ChainNonce{ChainID: *c.ChainID}
		if c.Nonce != nil {
			cn.Nonce = *c.Nonce
		}
		cfg.Chains = append(cfg.Chains, cn)
	}

	var err error
	if cfg.Policies, err = parsePolicyList("policies", p.Policies); err != nil {
		return nil, err
	}
	if len(cfg.Policies) == 0 {
		// Like the SDK: a session-wide sudo adds no power, since every call
		// still needs an action policy; it only means "no per-userOp limit".
		cfg.Policies = []Policy{{Type: PolicySudo}}
	}
	if len(p.Actions) > maxActions {
		return nil, scheme.BadConfig("actions", "at most %d actions", maxActions)
	}
	for i, rawAction := range p.Actions {
		a, err := parseAction(i, rawAction, p.AllowSudo)
		if err != nil {
			return nil, err
		}
		cfg.Actions = append(cfg.Actions, a)
	}
	if len(cfg.Actions) == 0 {
		if !p.AllowSudo {
			return nil, scheme.BadConfig("actions", "the session names no actions, which the Rhinestone SDK would turn into "+
				"\"call anything\": add actions [{target, function or selector, policies}], or set allowSudo: true if the session key may really do anything")
		}
		cfg.Actions = []Action{{
			Target:   Address(FallbackTarget),
			Selector: FallbackSelector,
			Policies: []Policy{{Type: PolicySudo}},
		}}
	}
	if err := cfg.validate(chainID); err != nil {
		return nil, err
	}
	return cfg, nil
}

func parseAction(i int, raw json.RawMessage, allowSudo bool) (Action, error) {
	field := fmt.Sprintf("actions[%d]", i)
	var ap actionParams
	if err := scheme.DecodeConfig(field, raw, &ap); err != nil {
		return Action{}, err
	}
	if ap.Target == nil {
		return Action{}, scheme.BadConfig(field+".target", "is required")
	}
	a := Action{Target: *ap.Target}
	switch {
	case ap.Function != "":
		sel, err := ethsign.FunctionSelector(ap.Function)
		if err != nil {
			return Action{}, scheme.BadConfig(field+".function", "%v (a canonical signature looks like transfer(address,uint256))", err)
		}
		a.Selector = sel
		a.Function = ap.Function
		if ap.Selector != nil && *ap.Selector != a.Selector {
			return Action{}, scheme.BadConfig(field+".selector", "does not match function %s (its selector is 0x%x)", ap.Function, a.Selector[:])
		}
	case ap.Selector != nil:
		a.Selector = *ap.Selector
	default:
		return Action{}, scheme.BadConfig(field, "needs a selector (0x + 4 bytes) or a function signature")
	}
	var err error
	if a.Policies, err = parsePolicyList(field+".policies", ap.Policies); err != nil {
		return Action{}, err
	}
	if len(a.Policies) == 0 {
		if !allowSudo {
			return Action{}, scheme.BadConfig(field+".policies", "the action has no policies, which the Rhinestone SDK would turn into "+
				"\"any arguments\": add a universal-action or spending-limits policy (and usage/value limits), or set allowSudo: true")
		}
		a.Policies = []Policy{{Type: PolicySudo}}
	}
	return a, nil
}

func parsePolicyList(field string, raws []json.RawMessage) ([]Policy, error) {
	if len(raws) > maxPoliciesInList {
		return nil, scheme.BadConfig(field, "at most %d policies", maxPoliciesInList)
	}
	var out []Policy
	for i, raw := range raws {
		var p Policy
		if err := scheme.DecodeConfig(fmt.Sprintf("%s[%d]", field, i), raw, &p); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}
