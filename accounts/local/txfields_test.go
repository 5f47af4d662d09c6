package local

import (
	"errors"
	"strings"
	"testing"

	"github.com/sessionsigner/sessionsigner/scheme"
)

// A transaction without nonce, gas or fees is refused, naming exactly what is
// missing, instead of being signed with zeros.
func TestTransactionWithoutNonceGasOrFeesIsInvalidRequest(t *testing.T) {
	s := create(t, `{"allow":[{"target":"`+friend+`","maxValuePerUse":"1"}]}`)
	to := `"to":"` + friend + `","value":"1"`
	rows := []struct{ tx, missing string }{
		{`{"chainId":11124,` + to + `}`, "nonce, gas, maxFeePerGas, maxPriorityFeePerGas missing"},
		{`{"chainId":11124,"nonce":0,"gas":null,"maxFeePerGas":"1","maxPriorityFeePerGas":"1",` + to + `}`, "gas missing"},
		{`{"chainId":11124,"nonce":0,"gas":21000,` + to + `}`, "maxFeePerGas, maxPriorityFeePerGas missing"},
	}
	for _, r := range rows {
		_, err := authorize(t, s, `{"type":"transaction","transaction":`+r.tx+`}`)
		if !errors.Is(err, scheme.ErrInvalidRequest) || !strings.Contains(err.Error(), r.missing) {
			t.Errorf("%s: got %v, want INVALID_REQUEST naming %q", r.tx, err, r.missing)
		}
	}
	// All four present, zeros included where the chain allows them: signed.
	full := `{"chainId":11124,"nonce":0,"gas":21000,"maxFeePerGas":"1","maxPriorityFeePerGas":"0",` + to + `}`
	if _, err := authorize(t, s, `{"type":"transaction","transaction":`+full+`}`); err != nil {
		t.Errorf("a complete transaction: %v", err)
	}
}
