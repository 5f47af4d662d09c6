package local

import (
	"encoding/json"
	"testing"
)

// TestZeroStateShortcut: the bytes loadState takes as the zero state
// without decoding are what Create stores, and decoding them gives exactly
// the zero state.
func TestZeroStateShortcut(t *testing.T) {
	if got := string((&State{}).marshal()); got != zeroState {
		t.Errorf("the zero State writes %s, zeroState is %s", got, zeroState)
	}
	decoded, err := decodeState(json.RawMessage(zeroState))
	if err != nil {
		t.Fatal(err)
	}
	loaded, err := loadState(json.RawMessage(zeroState))
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range []*State{decoded, loaded} {
		if st.Uses != 0 || st.TotalValue.Sign() != 0 {
			t.Errorf("zero state loaded as %+v", st)
		}
	}
	if string(loaded.marshal()) != zeroState || string(decoded.marshal()) != zeroState {
		t.Error("the zero state does not write back as the same bytes")
	}
	// Anything else is decoded, as before.
	for _, raw := range []string{`{"uses":0,"totalValue":"0","x":1}`, `{"uses":0}`, `{"uses":1,"totalValue":"0"}`, `{"uses":0, "totalValue":"0"}`} {
		a, errA := loadState(json.RawMessage(raw))
		b, errB := decodeState(json.RawMessage(raw))
		if (errA == nil) != (errB == nil) || (errA == nil && (a.Uses != b.Uses || a.TotalValue.Cmp(&b.TotalValue.Int) != 0)) {
			t.Errorf("%s: loadState = %+v, %v; decodeState = %+v, %v", raw, a, errA, b, errB)
		}
	}
}
