package session_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
)

// BenchmarkSignScheme is Vault.Sign warm, once per scheme, each with its
// main request kind and a counted limit (so every signature also writes its
// usage back): the cost of reading the record and the scheme's stored
// config, the policy check and one signature. Figures only.
func BenchmarkSignScheme(b *testing.B) {
	huge := `"` + strings.Repeat("9", 60) + `"`
	for _, c := range []struct{ scheme, create, req string }{
		{"local", `{"scheme":"local","chainId":"11124","maxTotalValue":` + huge + `,
			"allow":[{"target":"` + tblFriend + `","maxValuePerUse":"10"}]}`,
			localTx(`,"to":"` + tblFriend + `","value":"1"`)},
		{"abstract", `{"scheme":"abstract","chainId":11124,"account":"` + tblAccount + `",
			"feeLimit":{"limitType":"Lifetime","limit":` + huge + `,"period":"0"},
			"callPolicies":[{"target":"` + tblNFT + `","function":"mint(address,uint256)","maxValuePerUse":"0",
				"valueLimit":{"limitType":"Unlimited","limit":"0","period":"0"},"constraints":[]}],
			"transferPolicies":[]}`,
			abstractTx("")},
		{"smartsessions", tblSmart(huge), smartOp(tblShop, "1")},
	} {
		b.Run(c.scheme, func(b *testing.B) {
			e := newTblEnv(b)
			info, err := e.v.CreateSession(context.Background(), json.RawMessage(c.create))
			if err != nil {
				b.Fatal(err)
			}
			req := json.RawMessage(c.req)
			if _, err := e.v.Sign(context.Background(), info.ID, req); err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				if _, err := e.v.Sign(context.Background(), info.ID, req); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
