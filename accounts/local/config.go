package local

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/big"
	"strings"

	"github.com/ethereum/go-ethereum/common"
	"github.com/sessionsigner/sessionsigner/ethsign"
	"github.com/sessionsigner/sessionsigner/internal/hexjson"
	"github.com/sessionsigner/sessionsigner/scheme"
)

// Bounds on a config: far above any real session, small enough that a
// hostile one is refused before it costs anything.
const (
	maxConfigBytes = 64 << 10
	maxAllow       = 128
	maxUsesLimit   = 1 << 53 // stays exact as a JavaScript number
)

// Config is the canonical stored form of a local session's policy. Create
// writes it with json.Marshal, and every later call reads it back through
// parseConfig, so the stored bytes are always something parseConfig accepts.
type Config struct {
	Allow         []Allow         `json:"allow"`
	MaxUses       uint64          `json:"maxUses,omitempty"`       // 0: no limit
	MaxTotalValue *hexjson.Big    `json:"maxTotalValue,omitempty"` // nil: no limit
	Messages      bool            `json:"messages"`
	TypedData     []TypedDataRule `json:"typedData,omitempty"` // nil: no typed data (typeddata.go)
	RawHash       bool            `json:"rawHash"`
}

// Allow permits calls of one function on one contract, or plain ETH
// transfers (no Selector) to one address.
type Allow struct {
	Target         string      `json:"target"`             // EIP-55 checksummed
	Selector       string      `json:"selector,omitempty"` // 0x + 8 lowercase hex
	Function       string      `json:"function,omitempty"` // as given, kept for the permissions text
	MaxValuePerUse hexjson.Big `json:"maxValuePerUse"`     // wei; 0 for calls that send no ETH

	target   common.Address
	selector *[4]byte
}

// configKeys are the members the app may send; scheme, chainId and
// expiresAt belong to the vault and are only tolerated here.
var configKeys = map[string]bool{
	"allow": true, "maxUses": true, "maxTotalValue": true, "messages": true, "typedData": true, "rawHash": true,
	"scheme": false, "chainId": false, "expiresAt": false,
}

var allowKeys = map[string]bool{"target": true, "selector": true, "function": true, "maxValuePerUse": true}

// parseConfig validates the app's params (or, with stored, a config read
// back from a record) and returns the canonical Config. Every refusal is a
// *scheme.ConfigError naming the field. stored admits the one form the first
// format wrote that a create request may no longer use: "typedData": true,
// which now reads as no typed data at all (see parseTypedDataRules).
func parseConfig(raw json.RawMessage, stored bool) (*Config, error) {
	if len(raw) > maxConfigBytes {
		return nil, scheme.BadConfig("", "config is larger than %d bytes", maxConfigBytes)
	}
	obj, err := object(raw, "")
	if err != nil {
		return nil, err
	}
	for k := range obj {
		if _, ok := configKeys[k]; !ok {
			return nil, scheme.BadConfig(hexjson.Clip(k), "unknown field (the local scheme reads allow, maxUses, maxTotalValue, messages, typedData, rawHash)")
		}
	}
	cfg := &Config{Messages: true}
	for _, b := range []struct {
		key string
		dst *bool
	}{{"messages", &cfg.Messages}, {"rawHash", &cfg.RawHash}} {
		if v, ok := obj[b.key]; ok {
			if err := json.Unmarshal(v, b.dst); err != nil || hexjson.IsNull(v) {
				return nil, scheme.BadConfig(b.key, "must be true or false")
			}
		}
	}
	if v, ok := obj["maxUses"]; ok {
		n, err := hexjson.ParseBig(v)
		if err != nil {
			return nil, scheme.BadConfig("maxUses", "%v", err)
		}
		if n.Sign() == 0 || n.Cmp(big.NewInt(maxUsesLimit)) > 0 {
			return nil, scheme.BadConfig("maxUses", "must be between 1 and 2^53 (leave it out for no limit)")
		}
		cfg.MaxUses = n.Uint64()
	}
	if v, ok := obj["maxTotalValue"]; ok {
		var b hexjson.Big
		if err := json.Unmarshal(v, &b); err != nil {
			return nil, scheme.BadConfig("maxTotalValue", "%v", err)
		}
		cfg.MaxTotalValue = &b
	}
	if v, ok := obj["typedData"]; ok {
		if cfg.TypedData, err = parseTypedDataRules(v, stored); err != nil {
			return nil, err
		}
	}
	if cfg.Allow, err = parseAllowList(obj["allow"]); err != nil {
		return nil, err
	}
	if !stored && len(cfg.Allow) == 0 && !cfg.Messages && len(cfg.TypedData) == 0 && !cfg.RawHash {
		return nil, scheme.BadConfig("allow", "the session would be allowed to sign nothing")
	}
	return cfg, nil
}

func parseAllowList(raw json.RawMessage) ([]Allow, error) {
	if raw == nil {
		return []Allow{}, nil
	}
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil || items == nil {
		return nil, scheme.BadConfig("allow", "must be a list of {target, selector | function, maxValuePerUse}")
	}
	if len(items) > maxAllow {
		return nil, scheme.BadConfig("allow", "more than %d entries", maxAllow)
	}
	out := make([]Allow, len(items))
	seen := map[string]int{}
	for i, item := range items {
		field := fmt.Sprintf("allow[%d]", i)
		a, err := parseAllow(item, field)
		if err != nil {
			return nil, err
		}
		key := a.Target + a.Selector
		if j, dup := seen[key]; dup {
			what := "plain transfers to " + a.Target
			if a.Selector != "" {
				what = a.Selector + " on " + a.Target
			}
			return nil, scheme.BadConfig(field, "duplicates allow[%d] (both permit %s)", j, what)
		}
		seen[key] = i
		out[i] = a
	}
	return out, nil
}

func parseAllow(raw json.RawMessage, field string) (Allow, error) {
	var a Allow
	obj, err := object(raw, field)
	if err != nil {
		return a, err
	}
	for k := range obj {
		if !allowKeys[k] {
			return a, scheme.BadConfig(field+"."+hexjson.Clip(k), "unknown field (an entry has target, selector or function, maxValuePerUse)")
		}
	}
	target, err := str(obj, "target", field)
	if err != nil {
		return a, err
	}
	if a.target, err = ethsign.ParseAddress(target); err != nil {
		return a, scheme.BadConfig(field+".target", "%v", err)
	}
	a.Target = a.target.Hex()

	var sel *[4]byte
	if _, ok := obj["selector"]; ok {
		s, err := str(obj, "selector", field)
		if err != nil {
			return a, err
		}
		b, err := hex.DecodeString(strings.TrimPrefix(s, "0x"))
		if !strings.HasPrefix(s, "0x") || err != nil || len(b) != 4 {
			return a, scheme.BadConfig(field+".selector", "%q must be 0x followed by 8 hex digits", hexjson.Clip(s))
		}
		sel = (*[4]byte)(b)
	}
	if _, ok := obj["function"]; ok {
		if a.Function, err = str(obj, "function", field); err != nil {
			return a, err
		}
		fs, err := ethsign.FunctionSelector(a.Function)
		if err != nil {
			return a, scheme.BadConfig(field+".function", "%v", err)
		}
		if sel != nil && *sel != fs {
			return a, scheme.BadConfig(field+".selector", "0x%x is not the selector of %s (0x%x)", sel[:], a.Function, fs[:])
		}
		sel = &fs
	}
	if sel != nil {
		a.selector = sel
		a.Selector = "0x" + hex.EncodeToString(sel[:])
	}

	if v, ok := obj["maxValuePerUse"]; ok {
		if err := json.Unmarshal(v, &a.MaxValuePerUse); err != nil {
			return a, scheme.BadConfig(field+".maxValuePerUse", "%v", err)
		}
	} else if sel == nil {
		return a, scheme.BadConfig(field+".maxValuePerUse", "required for a plain ETH transfer entry (the most wei one transfer may send)")
	}
	return a, nil
}

// object decodes a JSON object with exact, case-sensitive member names
// (encoding/json's struct decoding would also take "Allow" for "allow").
func object(raw json.RawMessage, field string) (map[string]json.RawMessage, error) {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil || obj == nil {
		return nil, scheme.BadConfig(field, "must be a JSON object")
	}
	return obj, nil
}

func str(obj map[string]json.RawMessage, key, field string) (string, error) {
	var s string
	if err := json.Unmarshal(obj[key], &s); err != nil || hexjson.IsNull(obj[key]) {
		return "", scheme.BadConfig(field+"."+key, "must be a string")
	}
	return s, nil
}
