package session

import (
	"encoding/json"
	"testing"
)

// FuzzRequests feeds arbitrary bytes to the two entry points that parse what
// the app sends (CreateSession params and Sign requests). Neither may panic,
// and every refusal must carry a real code: INTERNAL would mean an error
// without identity reached the app.
func FuzzRequests(f *testing.F) {
	for _, s := range []string{
		`{"scheme":"test","chainId":1}`,
		`{"scheme":"local","chainId":"0x1","messages":true,"allow":[{"target":"0x000000000000000000000000000000000000dEaD"}]}`,
		`{"scheme":"local","chainId":1,"allow":[{"target":"0xc4822abb9f05646a9ce44efa6ddcda0bf45595aa","function":"mint(address,uint256)"}]}`,
		`{"type":"hash","hash":"0x0102030405060708091011121314151617181920212223242526272829303132"}`,
		`{"type":"message","message":"hi"}`,
		`{"type":"transaction","transaction":{"chainId":1,"to":"0x000000000000000000000000000000000000dEaD","nonce":0,"gas":21000,"maxFeePerGas":"1","maxPriorityFeePerGas":"1"}}`,
		`{"type":"typedData","typedData":{"types":{},"primaryType":"EIP712Domain","domain":{"name":"x"}}}`,
		`{"scheme":"test","chainId":1,"expiresAt":"99999999999999999999999"}`,
		`null`, `[]`, `"x"`, `{`, ``,
	} {
		f.Add([]byte(s))
	}
	v, _, _ := unlocked(f)
	local, err := v.CreateSession(ctx, json.RawMessage(`{"scheme":"local","chainId":1,"rawHash":true,
		"typedData":[{"verifyingContract":"0x000000000000000000000000000000000000dEaD","primaryType":"Mail"}],
		"allow":[{"target":"0x000000000000000000000000000000000000dEaD","maxValuePerUse":"5"}]}`))
	if err != nil {
		f.Fatal(err)
	}
	test := createTest(f, v, "")
	f.Fuzz(func(t *testing.T, data []byte) {
		if _, err := v.CreateSession(ctx, data); err != nil && Code(err) == CodeInternal {
			t.Fatalf("create %q: error without a code: %v", data, err)
		}
		for _, id := range []string{local.ID, test.ID} {
			if _, err := v.Sign(ctx, id, data); err != nil && Code(err) == CodeInternal {
				t.Fatalf("sign %q: error without a code: %v", data, err)
			}
		}
	})
}
