package accounts_test

import (
	"context"
	"encoding/json"
	"errors"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/sessionsigner/sessionsigner/ethtypes"

	"github.com/sessionsigner/sessionsigner/accounts"
	"github.com/sessionsigner/sessionsigner/scheme"
)

// valid is, per scheme, the scheme's part of a create request it accepts
// (the vault has taken scheme, chainId and expiresAt off), with the chain
// it is for. Each case below edits it one way.
var valid = map[string]struct {
	chain  int64
	params string
}{
	"local": {11124, `{"allow":[{"target":"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed","maxValuePerUse":"1"}],"messages":true}`},
	"abstract": {11124, `{"account":"0x1111111111111111111111111111111111111111",
		"feeLimit":{"limitType":"Lifetime","limit":"10000000000000000","period":"0"},
		"callPolicies":[{"target":"0xC4822AbB9F05646A9Ce44EFa6dDcda0Bf45595AA","function":"mint(address,uint256)","maxValuePerUse":"0",
			"valueLimit":{"limitType":"Unlimited","limit":"0","period":"0"},"constraints":[]}],"transferPolicies":[]}`},
	"smartsessions": {8453, `{"account":"0x2222222222222222222222222222222222222222",
		"actions":[{"target":"0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913","function":"transfer(address,uint256)","policies":[
			{"type":"spending-limits","limits":[{"token":"0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913","amount":"1000"}]}]}]}`},
}

// nested is, per scheme, the start of an object inside the scheme part
// (an allow entry, a call policy, an action) and its path.
var nested = map[string][2]string{
	"local":         {`[{"target":`, "allow[0]"},
	"abstract":      {`[{"target":`, "callPolicies[0]"},
	"smartsessions": {`[{"target":`, "actions[0]"},
}

func create(name string, params string) error {
	var s scheme.Scheme
	for _, c := range accounts.Schemes() {
		if c.Name() == name {
			s = c
		}
	}
	now := time.Unix(1_800_000_000, 0)
	_, err := s.Create(context.Background(), scheme.CreateInput{
		Signer:  ethtypes.HexToAddress("0x00000000000000000000000000000000005e5510"),
		ChainID: big.NewInt(valid[name].chain), CreatedAt: now, ExpiresAt: now.Add(time.Hour),
		Params: json.RawMessage(params),
	})
	return err
}

// TestCreateRefusesUnknownFields: every scheme refuses a member it does
// not read the same way, at any depth: INVALID_CONFIG, the member's whole
// path as the field, its name in the reason. That includes the vault's own
// fields arriving in the scheme's part (the vault takes them off; one that
// reaches a scheme was put where it does not belong).
func TestCreateRefusesUnknownFields(t *testing.T) {
	if got := len(accounts.Schemes()); got != len(valid) {
		t.Fatalf("%d schemes, %d in this table: add the new one", got, len(valid))
	}
	for name, v := range valid {
		if err := create(name, v.params); err != nil {
			t.Fatalf("%s: the valid request is refused: %v", name, err)
		}
		top := func(member string) string { return `{"` + member + `":1,` + v.params[1:] }
		inner := func(member string) string {
			return strings.Replace(v.params, nested[name][0], `[{"`+member+`":1,"target":`, 1)
		}
		cases := []struct{ what, params, field, member string }{
			{"unknown top-level field", top("colour"), "colour", "colour"},
			{"vault field scheme in the scheme part", top("scheme"), "scheme", "scheme"},
			{"vault field chainId in the scheme part", top("chainId"), "chainId", "chainId"},
			{"vault field expiresAt in the scheme part", top("expiresAt"), "expiresAt", "expiresAt"},
			{"top-level field in another case", strings.Replace(v.params, `{"a`, `{"A`, 1), "", ""},
			{"unknown nested field", inner("colour"), nested[name][1] + ".colour", "colour"},
			{"vault field nested", inner("chainId"), nested[name][1] + ".chainId", "chainId"},
			{"nested field in another case", inner("Target"), nested[name][1] + ".Target", "Target"},
		}
		for _, c := range cases {
			err := create(name, c.params)
			var ce *scheme.ConfigError
			if !errors.As(err, &ce) || !errors.Is(err, scheme.ErrInvalidConfig) {
				t.Errorf("%s, %s: %v, want a ConfigError", name, c.what, err)
				continue
			}
			if c.field == "" { // the first member, capitalized
				c.field = strings.SplitN(strings.TrimPrefix(c.params, `{"`), `"`, 2)[0]
				c.member = c.field
			}
			if ce.Field != c.field || !strings.Contains(ce.Reason, `unknown field "`+c.member+`"`) {
				t.Errorf("%s, %s: field %q reason %q, want field %q naming %q", name, c.what, ce.Field, ce.Reason, c.field, c.member)
			}
		}
	}
}
