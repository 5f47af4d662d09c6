package local

import (
	"encoding/json"

	"fmt"
	"math/big"

	"github.com/sessionsigner/sessionsigner/internal/hexjson"
	"github.com/sessionsigner/sessionsigner/scheme"
)

// State is the session's usage, advisory like every local counter but the
// only enforcement this scheme has: Uses counts every signature of any kind,
// TotalValue sums the value of every signed transaction.
type State struct {
	Uses       uint64      `json:"uses"`
	TotalValue hexjson.Big `json:"totalValue"`
}

// zeroState is the state Create stores, and the state of a session without
// limits for ever after (Authorize persists counters only when a limit
// reads them): what (&State{}).marshal() writes, spelled out so the module
// does not run encoding/json while it starts (state_test.go holds the two
// equal).
const zeroState = `{"uses":0,"totalValue":"0"}`

// loadState reads stored state; nil (a session stored without state) is
// the zero state. So are the exact bytes of zeroState, without decoding:
// every signature of a session without limits loads them, and decoding
// them costs about a twentieth of a warm signature in wasm.
func loadState(raw json.RawMessage) (*State, error) {
	if hexjson.IsNull(raw) || string(raw) == zeroState {
		return &State{}, nil
	}
	return decodeState(raw)
}

// decodeState reads stored state strictly: exactly uses and totalValue.
func decodeState(raw json.RawMessage) (*State, error) {
	st := &State{}
	obj := map[string]json.RawMessage{}
	if err := json.Unmarshal(raw, &obj); err != nil || len(obj) != 2 || obj["uses"] == nil || obj["totalValue"] == nil {
		return nil, fmt.Errorf("%w: state must be {uses, totalValue}", scheme.ErrCorruptStored)
	}
	if err := json.Unmarshal(obj["uses"], &st.Uses); err != nil {
		return nil, fmt.Errorf("%w: state.uses: %v", scheme.ErrCorruptStored, err)
	}
	if err := json.Unmarshal(obj["totalValue"], &st.TotalValue); err != nil {
		return nil, fmt.Errorf("%w: state.totalValue: %v", scheme.ErrCorruptStored, err)
	}
	return st, nil
}

// after returns the state once one more signature is released, with total
// (the tally plus this signature's value, from hexjson.Spend, which refuses
// a negative value) as the new total value. The total saturates at
// 2^256-1 so the stored state always stays readable (only a session without
// maxTotalValue can get there).
func (st *State) after(total *big.Int) State {
	next := State{Uses: st.Uses + 1}
	next.TotalValue.Set(total)
	if next.TotalValue.Cmp(maxUint256) > 0 {
		next.TotalValue.Set(maxUint256)
	}
	return next
}

var maxUint256 = new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1))

func (st State) marshal() json.RawMessage {
	b, _ := json.Marshal(st) // a uint64 and a decimal string: cannot fail
	return b
}
