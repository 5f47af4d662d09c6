package abstract

import (
	"math/big"
	"testing"
)

// TestCounted: a session is counted (needs storage that can compare and
// swap) exactly when some limit is tallied in its usage.
func TestCounted(t *testing.T) {
	lifetime := Limit{Type: Lifetime, Limit: big.NewInt(1)}
	allowance := Limit{Type: Allowance, Limit: big.NewInt(1), Period: big.NewInt(60)}
	for _, c := range []struct {
		name string
		cfg  SessionConfig
		want bool
	}{
		{"nothing limited", SessionConfig{CallPolicies: []CallPolicy{{}}, TransferPolicies: []TransferPolicy{{}}}, false},
		{"fee limit", SessionConfig{FeeLimit: lifetime}, true},
		{"call value limit", SessionConfig{CallPolicies: []CallPolicy{{}, {ValueLimit: allowance}}}, true},
		{"constraint limit", SessionConfig{CallPolicies: []CallPolicy{{Constraints: []Constraint{{}, {Limit: lifetime}}}}}, true},
		{"transfer value limit", SessionConfig{TransferPolicies: []TransferPolicy{{ValueLimit: allowance}}}, true},
	} {
		if got := (&Config{SessionConfig: c.cfg}).counted(); got != c.want {
			t.Errorf("%s: counted = %v, want %v", c.name, got, c.want)
		}
	}
}
