package abstract

import (
	"encoding/json"
	"fmt"
	"math/big"
	"strconv"

	"github.com/sessionsigner/sessionsigner/ethtypes"

	"github.com/sessionsigner/sessionsigner/internal/hexjson"
	"github.com/sessionsigner/sessionsigner/scheme"
)

// usage is the session's state (the vault stores it and shows it as
// "usage"): what the transactions signed so far have counted against each
// limit, keyed the way the contract keys its trackers, so that two policies
// the contract would share a tracker for share one here too.
//
//	{"fee":          {"lifetime":"21000000000000"},
//	 "callValue":    {"0xTarget:0xselector": {"<period id>":"…"}},
//	 "callParams":   {"0xTarget:0xselector:<constraint #>": {…}},
//	 "transferValue":{"0xTarget": {…}}}
//
// A tally maps "lifetime" (Lifetime limits) or a decimal period id
// (Allowance limits) to the amount used; only the current period is kept.
// Unlimited limits are not counted.
type usage struct {
	Fee           tally            `json:"fee,omitempty"`
	CallValue     map[string]tally `json:"callValue,omitempty"`
	CallParams    map[string]tally `json:"callParams,omitempty"`
	TransferValue map[string]tally `json:"transferValue,omitempty"`
}

type tally map[string]hexjson.Big

const lifetimeKey = "lifetime"

// loadState reads a stored state; nil or empty is a fresh session.
func loadState(raw json.RawMessage) (*usage, error) {
	u := &usage{}
	if hexjson.IsNull(raw) {
		return u, nil
	}
	if err := configFields.strict("usage", raw, u); err != nil {
		return nil, fmt.Errorf("%w: abstract: %v", scheme.ErrCorruptStored, err)
	}
	for _, m := range []map[string]tally{{"": u.Fee}, u.CallValue, u.CallParams, u.TransferValue} {
		for _, t := range m {
			for k := range t {
				if k == lifetimeKey {
					continue
				}
				if _, err := strconv.ParseUint(k, 10, 64); err != nil {
					return nil, fmt.Errorf("%w: abstract: usage: bad period key %q", scheme.ErrCorruptStored, hexjson.Clip(k))
				}
			}
		}
	}
	return u, nil
}

func callKey(target ethtypes.Address, selector [4]byte) string {
	return target.Hex() + ":" + hexString(selector[:])
}

func paramKey(target ethtypes.Address, selector [4]byte, i int) string {
	return callKey(target, selector) + ":" + strconv.Itoa(i)
}

// charge is SessionLib's checkAndUpdate: it adds value to the tally of
// limit l in period id, or says why it may not, in the contract's words.
func charge(t tally, l Limit, value *big.Int, id uint64) (tally, error) {
	var key, exceeded string
	switch l.Type {
	case Lifetime:
		key, exceeded = lifetimeKey, "Lifetime limit exceeded"
	case Allowance:
		key, exceeded = strconv.FormatUint(id, 10), "Allowance limit exceeded"
	default:
		return t, nil
	}
	used := new(big.Int)
	if v, ok := t[key]; ok {
		used = v.ToInt()
	}
	sum, err := hexjson.Spend(used, value)
	if err != nil {
		return t, err
	}
	if sum.Cmp(l.Limit) > 0 {
		return t, fmt.Errorf("%s: %s already used + %s > limit %s", exceeded, used, value, l.Limit)
	}
	out := tally{key: hexjson.FromInt(sum)}
	if l.Type == Lifetime {
		return out, nil
	}
	// Keep later periods (a clock set back) but drop the past ones.
	for k, v := range t {
		if n, err := strconv.ParseUint(k, 10, 64); err == nil && n > id {
			out[k] = v
		}
	}
	return out, nil
}

// chargeAt charges the tally m[key]; Unlimited limits leave m untouched,
// so the state only holds what is counted.
func chargeAt(m *map[string]tally, key string, l Limit, value *big.Int, id uint64) error {
	if l.Type == Unlimited {
		return nil
	}
	t, err := charge((*m)[key], l, value, id)
	if err != nil {
		return err
	}
	if *m == nil {
		*m = map[string]tally{}
	}
	(*m)[key] = t
	return nil
}
