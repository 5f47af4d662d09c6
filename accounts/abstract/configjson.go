package abstract

import (
	"encoding/json"
	"math/big"
	"strconv"

	"github.com/sessionsigner/sessionsigner/ethtypes"

	"github.com/sessionsigner/sessionsigner/internal/hexjson"
	"github.com/sessionsigner/sessionsigner/scheme"
)

// The JSON shape is agw-client's SessionConfig, as its examples store it:
// limitType and condition are numbers, every bigint (limit, period,
// expiresAt, maxValuePerUse, index) is a decimal string, addresses are
// checksummed and bytes are lowercase hex. On input, numbers may also be
// 0x-hex strings or small JSON integers, and enums may be names
// ("Allowance", "Equal"). A call policy may name its function
// ("function": "mint(address,uint256)") instead of, or as well as, its
// selector; the name is kept for describing the session.

type limitJSON struct {
	LimitType json.RawMessage `json:"limitType"`
	Limit     json.RawMessage `json:"limit"`
	Period    json.RawMessage `json:"period"`
}

type constraintJSON struct {
	Index     json.RawMessage `json:"index"`
	Condition json.RawMessage `json:"condition"`
	RefValue  *string         `json:"refValue"`
	Limit     json.RawMessage `json:"limit"`
}

type callPolicyJSON struct {
	Target         *string           `json:"target"`
	Selector       *string           `json:"selector"`
	Function       *string           `json:"function"`
	ValueLimit     json.RawMessage   `json:"valueLimit"`
	MaxValuePerUse json.RawMessage   `json:"maxValuePerUse"`
	Constraints    []json.RawMessage `json:"constraints"`
}

type transferPolicyJSON struct {
	Target         *string         `json:"target"`
	MaxValuePerUse json.RawMessage `json:"maxValuePerUse"`
	ValueLimit     json.RawMessage `json:"valueLimit"`
}

// policiesJSON is the part shared by a create request and a stored config.
type policiesJSON struct {
	FeeLimit         json.RawMessage   `json:"feeLimit"`
	CallPolicies     []json.RawMessage `json:"callPolicies"`
	TransferPolicies []json.RawMessage `json:"transferPolicies"`
}

// storedJSON is a stored config; it is parsed strictly.
type storedJSON struct {
	Signer          *string         `json:"signer"`
	ExpiresAt       json.RawMessage `json:"expiresAt"`
	Account         *string         `json:"account"`
	ModuleInstalled *bool           `json:"moduleInstalled"`
	RegistryCheck   *bool           `json:"registryCheck"`
	policiesJSON
}

// ParseConfig reads a config in the shape Config.MarshalJSON writes and
// checks it as Create would (except for the clock and the registry).
func ParseConfig(raw []byte, chainID *big.Int) (*Config, error) {
	var w storedJSON
	if err := configFields.strict("config", raw, &w); err != nil {
		return nil, err
	}
	c := &Config{}
	var err error
	if w.Signer == nil {
		return nil, scheme.BadConfig("signer", "is required")
	}
	if c.Signer, err = configFields.address("signer", *w.Signer); err != nil {
		return nil, err
	}
	exp, err := configFields.quantity("expiresAt", w.ExpiresAt)
	if err != nil {
		return nil, err
	}
	if exp.Cmp(big.NewInt(maxExpiresAt)) > 0 {
		return nil, scheme.BadConfig("expiresAt", "is beyond any real date")
	}
	c.ExpiresAt = exp.Uint64()
	if w.Account == nil {
		return nil, scheme.BadConfig("account", "is required")
	}
	if c.Account, err = configFields.address("account", *w.Account); err != nil {
		return nil, err
	}
	c.ModuleInstalled = w.ModuleInstalled == nil || *w.ModuleInstalled
	if w.RegistryCheck != nil {
		if *w.RegistryCheck {
			return nil, scheme.BadConfig("registryCheck", "is stored only as false")
		}
		c.RegistryUnchecked = true
	}
	if err := parsePolicies(&w.policiesJSON, &c.SessionConfig); err != nil {
		return nil, err
	}
	if err := checkConfig(c, chainID); err != nil {
		return nil, err
	}
	return c, nil
}

func parsePolicies(w *policiesJSON, c *SessionConfig) error {
	var err error
	if c.FeeLimit, err = parseLimit("feeLimit", w.FeeLimit); err != nil {
		return err
	}
	if len(w.CallPolicies) > maxCallPolicies {
		return scheme.BadConfig("callPolicies", "has %d entries, at most %d are supported", len(w.CallPolicies), maxCallPolicies)
	}
	if len(w.TransferPolicies) > maxTransferPolicies {
		return scheme.BadConfig("transferPolicies", "has %d entries, at most %d are supported", len(w.TransferPolicies), maxTransferPolicies)
	}
	c.CallPolicies = make([]CallPolicy, len(w.CallPolicies))
	for i, raw := range w.CallPolicies {
		if err := parseCallPolicy(at("callPolicies", i), raw, &c.CallPolicies[i]); err != nil {
			return err
		}
	}
	c.TransferPolicies = make([]TransferPolicy, len(w.TransferPolicies))
	for i, raw := range w.TransferPolicies {
		if err := parseTransferPolicy(at("transferPolicies", i), raw, &c.TransferPolicies[i]); err != nil {
			return err
		}
	}
	return nil
}

func parseLimit(path string, raw json.RawMessage) (Limit, error) {
	if !hexjson.IsNull(raw) && raw[0] != '{' {
		// The docs once showed `limit: LimitType.Unlimited`; say what is meant.
		return Limit{}, scheme.BadConfig(path, "must be an object {limitType, limit, period}, e.g. {\"limitType\":\"Unlimited\",\"limit\":\"0\",\"period\":\"0\"}")
	}
	var w limitJSON
	if err := configFields.strict(path, raw, &w); err != nil {
		return Limit{}, err
	}
	t, err := configFields.enum(path+".limitType", w.LimitType, limitTypeNames, nil)
	if err != nil {
		return Limit{}, err
	}
	l := Limit{Type: LimitType(t)}
	if l.Limit, err = configFields.quantityOr(path+".limit", w.Limit, 0); err != nil {
		return Limit{}, err
	}
	if l.Period, err = configFields.quantityOr(path+".period", w.Period, 0); err != nil {
		return Limit{}, err
	}
	return l, nil
}

var conditionAliases = map[string]int{"GreaterOrEqual": int(GreaterEqual), "LessOrEqual": int(LessEqual)}

func parseConstraint(path string, raw json.RawMessage, c *Constraint) error {
	var w constraintJSON
	if err := configFields.strict(path, raw, &w); err != nil {
		return err
	}
	idx, err := configFields.quantity(path+".index", w.Index)
	if err != nil {
		return err
	}
	if !idx.IsUint64() {
		return scheme.BadConfig(path+".index", "must fit in uint64")
	}
	c.Index = idx.Uint64()
	cond, err := configFields.enum(path+".condition", w.Condition, conditionNames, conditionAliases)
	if err != nil {
		return err
	}
	c.Condition = Condition(cond)
	if w.RefValue == nil {
		return scheme.BadConfig(path+".refValue", "is required")
	}
	ref, err := configFields.fixedHex(path+".refValue", *w.RefValue, 32)
	if err != nil {
		return err
	}
	c.RefValue = ethtypes.BytesToHash(ref)
	c.Limit, err = parseLimit(path+".limit", w.Limit)
	return err
}

func parseCallPolicy(path string, raw json.RawMessage, p *CallPolicy) error {
	var w callPolicyJSON
	if err := configFields.strict(path, raw, &w); err != nil {
		return err
	}
	var err error
	if p.Target, err = requiredTarget(path, w.Target); err != nil {
		return err
	}
	switch {
	case w.Selector == nil && w.Function == nil:
		return scheme.BadConfig(path+".selector", "is required (or give \"function\", e.g. \"mint(address,uint256)\")")
	case w.Selector != nil:
		sel, err := configFields.fixedHex(path+".selector", *w.Selector, 4)
		if err != nil {
			return err
		}
		copy(p.Selector[:], sel)
	}
	if w.Function != nil {
		sel, err := configFields.function(path+".function", *w.Function)
		if err != nil {
			return err
		}
		if w.Selector != nil && sel != p.Selector {
			return scheme.BadConfig(path+".function", "%s has selector %s, not %s", *w.Function, hexString(sel[:]), hexString(p.Selector[:]))
		}
		p.Selector, p.Function = sel, *w.Function
	}
	if p.MaxValuePerUse, err = configFields.quantity(path+".maxValuePerUse", w.MaxValuePerUse); err != nil {
		return err
	}
	if p.ValueLimit, err = parseLimit(path+".valueLimit", w.ValueLimit); err != nil {
		return err
	}
	if len(w.Constraints) > maxConstraints {
		return scheme.BadConfig(path+".constraints", "has %d entries, at most %d are supported", len(w.Constraints), maxConstraints)
	}
	p.Constraints = make([]Constraint, len(w.Constraints))
	for i, raw := range w.Constraints {
		if err := parseConstraint(at(path+".constraints", i), raw, &p.Constraints[i]); err != nil {
			return err
		}
	}
	return nil
}

func parseTransferPolicy(path string, raw json.RawMessage, p *TransferPolicy) error {
	var w transferPolicyJSON
	if err := configFields.strict(path, raw, &w); err != nil {
		return err
	}
	var err error
	if p.Target, err = requiredTarget(path, w.Target); err != nil {
		return err
	}
	if p.MaxValuePerUse, err = configFields.quantity(path+".maxValuePerUse", w.MaxValuePerUse); err != nil {
		return err
	}
	p.ValueLimit, err = parseLimit(path+".valueLimit", w.ValueLimit)
	return err
}

// Output shapes: the field order is agw-client's.

type limitOut struct {
	LimitType uint8       `json:"limitType"`
	Limit     hexjson.Big `json:"limit"`
	Period    hexjson.Big `json:"period"`
}

type constraintOut struct {
	Index     string   `json:"index"`
	Condition uint8    `json:"condition"`
	RefValue  string   `json:"refValue"`
	Limit     limitOut `json:"limit"`
}

type callPolicyOut struct {
	Target         string          `json:"target"`
	Selector       string          `json:"selector"`
	Function       string          `json:"function,omitempty"`
	ValueLimit     limitOut        `json:"valueLimit"`
	MaxValuePerUse hexjson.Big     `json:"maxValuePerUse"`
	Constraints    []constraintOut `json:"constraints"`
}

type transferPolicyOut struct {
	Target         string      `json:"target"`
	MaxValuePerUse hexjson.Big `json:"maxValuePerUse"`
	ValueLimit     limitOut    `json:"valueLimit"`
}

type sessionOut struct {
	Signer           string              `json:"signer"`
	ExpiresAt        string              `json:"expiresAt"`
	FeeLimit         limitOut            `json:"feeLimit"`
	CallPolicies     []callPolicyOut     `json:"callPolicies"`
	TransferPolicies []transferPolicyOut `json:"transferPolicies"`
}

func outLimit(l Limit) limitOut {
	return limitOut{LimitType: uint8(l.Type), Limit: hexjson.FromInt(l.Limit), Period: hexjson.FromInt(l.Period)}
}

func (c *SessionConfig) out() sessionOut {
	s := sessionOut{
		Signer:           c.Signer.Hex(),
		ExpiresAt:        strconv.FormatUint(c.ExpiresAt, 10),
		FeeLimit:         outLimit(c.FeeLimit),
		CallPolicies:     make([]callPolicyOut, len(c.CallPolicies)),
		TransferPolicies: make([]transferPolicyOut, len(c.TransferPolicies)),
	}
	for i, p := range c.CallPolicies {
		o := callPolicyOut{
			Target: p.Target.Hex(), Selector: hexString(p.Selector[:]), Function: p.Function,
			ValueLimit: outLimit(p.ValueLimit), MaxValuePerUse: hexjson.FromInt(p.MaxValuePerUse),
			Constraints: make([]constraintOut, len(p.Constraints)),
		}
		for j, k := range p.Constraints {
			o.Constraints[j] = constraintOut{
				Index: strconv.FormatUint(k.Index, 10), Condition: uint8(k.Condition),
				RefValue: k.RefValue.Hex(), Limit: outLimit(k.Limit),
			}
		}
		s.CallPolicies[i] = o
	}
	for i, p := range c.TransferPolicies {
		s.TransferPolicies[i] = transferPolicyOut{
			Target: p.Target.Hex(), MaxValuePerUse: hexjson.FromInt(p.MaxValuePerUse), ValueLimit: outLimit(p.ValueLimit),
		}
	}
	return s
}

// MarshalJSON writes agw-client's SessionConfig shape.
func (c *SessionConfig) MarshalJSON() ([]byte, error) { return json.Marshal(c.out()) }

// MarshalJSON writes the session (agw-client's shape, which agw-client
// accepts once its numbers are revived as bigints) followed by account and
// moduleInstalled.
func (c *Config) MarshalJSON() ([]byte, error) {
	out := struct {
		sessionOut
		Account         string `json:"account"`
		ModuleInstalled bool   `json:"moduleInstalled"`
		RegistryCheck   *bool  `json:"registryCheck,omitempty"` // only false: skipped on mainnet
	}{sessionOut: c.SessionConfig.out(), Account: c.Account.Hex(), ModuleInstalled: c.ModuleInstalled}
	if c.RegistryUnchecked {
		out.RegistryCheck = new(bool)
	}
	return json.Marshal(out)
}

// requiredTarget parses a policy's target, which every policy must name.
func requiredTarget(path string, raw *string) (ethtypes.Address, error) {
	if raw == nil {
		return ethtypes.Address{}, scheme.BadConfig(path+".target", "is required")
	}
	return configFields.address(path+".target", *raw)
}
