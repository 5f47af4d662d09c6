package local

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/big"
	"strings"

	"github.com/sessionsigner/sessionsigner/ethsign"
	"github.com/sessionsigner/sessionsigner/ethtypes"
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

	target   ethtypes.Address
	selector *[4]byte
}

// configJSON is a create request's scheme part, or a stored config: the
// members the local scheme reads, each checked by parseConfig.
type configJSON struct {
	Allow         json.RawMessage `json:"allow"`
	MaxUses       json.RawMessage `json:"maxUses"`
	MaxTotalValue json.RawMessage `json:"maxTotalValue"`
	Messages      json.RawMessage `json:"messages"`
	TypedData     json.RawMessage `json:"typedData"`
	RawHash       json.RawMessage `json:"rawHash"`
}

// allowJSON is one allow entry as the app writes it.
type allowJSON struct {
	Target         json.RawMessage `json:"target"`
	Selector       json.RawMessage `json:"selector"`
	Function       json.RawMessage `json:"function"`
	MaxValuePerUse json.RawMessage `json:"maxValuePerUse"`
}

// parseConfig validates the app's params (or, with stored, a config read
// back from a record) and returns the canonical Config. Every refusal is a
// *scheme.ConfigError naming the field. stored admits the one form the first
// format wrote that a create request may no longer use: "typedData": true,
// which now reads as no typed data at all (see parseTypedDataRules).
func parseConfig(raw json.RawMessage, stored bool) (*Config, error) {
	if len(raw) > maxConfigBytes {
		return nil, scheme.BadConfig("", "config is larger than %d bytes", maxConfigBytes)
	}
	var w configJSON
	if err := scheme.DecodeConfig("", raw, &w); err != nil {
		return nil, err
	}
	cfg := &Config{Messages: true}
	for _, b := range []struct {
		key string
		raw json.RawMessage
		dst *bool
	}{{"messages", w.Messages, &cfg.Messages}, {"rawHash", w.RawHash, &cfg.RawHash}} {
		if v := b.raw; v != nil {
			if err := json.Unmarshal(v, b.dst); err != nil || hexjson.IsNull(v) {
				return nil, scheme.BadConfig(b.key, "must be true or false")
			}
		}
	}
	var err error
	if v := w.MaxUses; v != nil {
		n, err := hexjson.ParseBig(v)
		if err != nil {
			return nil, scheme.BadConfig("maxUses", "%v", err)
		}
		if n.Sign() == 0 || n.Cmp(big.NewInt(maxUsesLimit)) > 0 {
			return nil, scheme.BadConfig("maxUses", "must be between 1 and 2^53 (leave it out for no limit)")
		}
		cfg.MaxUses = n.Uint64()
	}
	if v := w.MaxTotalValue; v != nil {
		var b hexjson.Big
		if err := json.Unmarshal(v, &b); err != nil {
			return nil, scheme.BadConfig("maxTotalValue", "%v", err)
		}
		cfg.MaxTotalValue = &b
	}
	if v := w.TypedData; v != nil {
		if cfg.TypedData, err = parseTypedDataRules(v, stored); err != nil {
			return nil, err
		}
	}
	if cfg.Allow, err = parseAllowList(w.Allow); err != nil {
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
	var w allowJSON
	if err := scheme.DecodeConfig(field, raw, &w); err != nil {
		return a, err
	}
	var err error
	if a.target, err = address(w.Target, field+".target"); err != nil {
		return a, err
	}
	a.Target = a.target.Hex()

	var sel *[4]byte
	if w.Selector != nil {
		s, err := str(w.Selector, field+".selector")
		if err != nil {
			return a, err
		}
		b, err := hex.DecodeString(strings.TrimPrefix(s, "0x"))
		if !strings.HasPrefix(s, "0x") || err != nil || len(b) != 4 {
			return a, scheme.BadConfig(field+".selector", "%q must be 0x followed by 8 hex digits", hexjson.Clip(s))
		}
		sel = (*[4]byte)(b)
	}
	if w.Function != nil {
		if a.Function, err = str(w.Function, field+".function"); err != nil {
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

	if v := w.MaxValuePerUse; v != nil {
		if err := json.Unmarshal(v, &a.MaxValuePerUse); err != nil {
			return a, scheme.BadConfig(field+".maxValuePerUse", "%v", err)
		}
	} else if sel == nil {
		return a, scheme.BadConfig(field+".maxValuePerUse", "required for a plain ETH transfer entry (the most wei one transfer may send)")
	}
	return a, nil
}

// address reads a member that must be an address: 0x and 40 hex digits,
// all lowercase or EIP-55 checksummed.
func address(raw json.RawMessage, field string) (ethtypes.Address, error) {
	s, err := str(raw, field)
	if err != nil {
		return ethtypes.Address{}, err
	}
	a, err := ethsign.ParseAddress(s)
	if err != nil {
		return ethtypes.Address{}, scheme.BadConfig(field, "%v", err)
	}
	return a, nil
}

// str reads a member that must be a string.
func str(raw json.RawMessage, field string) (string, error) {
	var s string
	if err := json.Unmarshal(raw, &s); err != nil || hexjson.IsNull(raw) {
		return "", scheme.BadConfig(field, "must be a string")
	}
	return s, nil
}
