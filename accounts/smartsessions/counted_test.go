package smartsessions

import (
	"testing"

	"github.com/sessionsigner/sessionsigner/internal/hexjson"
)

// TestCounted: a session is counted (needs storage that can compare and
// swap) exactly when some policy keeps a local counter.
func TestCounted(t *testing.T) {
	five := hexjson.NewBig(5)
	n := &five
	for _, c := range []struct {
		name string
		cfg  Config
		want bool
	}{
		{"sudo and time frame", Config{Policies: []Policy{{Type: PolicySudo}}, Actions: []Action{{Policies: []Policy{{Type: PolicyTimeFrame}}}}}, false},
		{"universal action without usage limits", Config{Actions: []Action{{Policies: []Policy{{Type: PolicyUniversalAction, Rules: []Rule{{}}}}}}}, false},
		{"usage limit", Config{Policies: []Policy{{Type: PolicyUsageLimit, Limit: n}}}, true},
		{"value limit on an action", Config{Actions: []Action{{}, {Policies: []Policy{{Type: PolicyValueLimit, Limit: n}}}}}, true},
		{"spending limits", Config{Actions: []Action{{Policies: []Policy{{Type: PolicySpendingLimits}}}}}, true},
		{"a rule with a usage limit", Config{Actions: []Action{{Policies: []Policy{{Type: PolicyUniversalAction, Rules: []Rule{{}, {UsageLimit: n}}}}}}}, true},
	} {
		if got := c.cfg.counted(); got != c.want {
			t.Errorf("%s: counted = %v, want %v", c.name, got, c.want)
		}
	}
}
