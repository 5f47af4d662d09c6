package smartsessions

import (
	"encoding/json"
	"fmt"
	"math/big"

	"github.com/sessionsigner/sessionsigner/internal/hexjson"
	"github.com/sessionsigner/sessionsigner/scheme"
)

// stateVersion is the format version of the stored counters.
const stateVersion = 1

// State is the session's local mirror of the policy counters the chain
// keeps (UsageLimitPolicy.used, ValueLimitPolicy.limitUsed, UniActionPolicy
// usage.used, ERC20SpendingLimitPolicy.alreadySpent). It is advisory, like
// every local check: the chain is the truth, but counting here refuses the
// request that would fail there before it costs gas. It shows in the
// session info as "usage".
type State struct {
	Version int        `json:"version"`
	UserOp  Counters   `json:"userOp"`
	Actions []Counters `json:"actions,omitempty"` // parallel to Config.Actions
}

// Counters belong to one policy list (the session-wide list or one action).
type Counters struct {
	Uses  *hexjson.Big           `json:"uses,omitempty"`  // usage-limit
	Value *hexjson.Big           `json:"value,omitempty"` // value-limit, wei
	Rules []hexjson.Big          `json:"rules,omitempty"` // universal-action rule usage, by rule index
	Spent map[string]hexjson.Big `json:"spent,omitempty"` // spending-limits, by checksummed token
}

// loadState reads stored counters (nil = none yet) and checks they fit the
// config they count for.
func loadState(raw json.RawMessage, cfg *Config) (*State, error) {
	st := &State{Version: stateVersion}
	if len(raw) == 0 || string(raw) == "null" {
		return st, nil
	}
	if err := scheme.DecodeConfig("state", raw, st); err != nil {
		return nil, fmt.Errorf("%w: smartsessions usage counters: %v", scheme.ErrCorruptStored, err)
	}
	if st.Version != stateVersion || len(st.Actions) > len(cfg.Actions) {
		return nil, fmt.Errorf("%w: smartsessions usage counters do not fit the session config", scheme.ErrCorruptStored)
	}
	for i, c := range st.Actions {
		if len(c.Rules) > maxRules || len(c.Spent) > maxTokenLimits || (len(c.Rules) > 0 && len(c.Rules) != rulesOf(cfg.Actions[i])) {
			return nil, fmt.Errorf("%w: smartsessions usage counters of action %d do not fit the session config", scheme.ErrCorruptStored, i)
		}
	}
	return st, nil
}

func rulesOf(a Action) int {
	for _, p := range a.Policies {
		if p.Type == PolicyUniversalAction {
			return len(p.Rules)
		}
	}
	return 0
}

// action returns the counters of action i, growing the list as needed.
func (s *State) action(i int) *Counters {
	for len(s.Actions) <= i {
		s.Actions = append(s.Actions, Counters{})
	}
	return &s.Actions[i]
}

func get(b *hexjson.Big) *big.Int {
	if b == nil {
		return new(big.Int)
	}
	return b.ToInt()
}

func set(v *big.Int) *hexjson.Big {
	b := hexjson.FromInt(v)
	return &b
}
