package local

import (
	"encoding/json"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/sessionsigner/sessionsigner/scheme"
)

// A record written by the first format keeps "typedData": true. It must still
// open (its key is bound to these exact bytes) and sign what it allows, but
// the old implicit typed-data permission is gone: typed data is refused and
// the permissions say so.
func TestStoredFirstFormatTypedDataTrue(t *testing.T) {
	s := create(t, `{"allow":[{"target":"`+nftAddr+`","function":"`+mintSig+`","maxValuePerUse":"0"}]}`)
	s.Config = json.RawMessage(`{"allow":[{"target":"` + nftAddr + `","selector":"` + mintSel + `","function":"` + mintSig +
		`","maxValuePerUse":"0"}],"messages":true,"typedData":true,"rawHash":false}`)

	if _, err := authorize(t, s, `{"type":"message","message":"hello"}`); err != nil {
		t.Fatalf("message on a first-format record: %v", err)
	}
	if _, err := authorize(t, s, txReq(mintCall)); err != nil {
		t.Fatalf("allowed call on a first-format record: %v", err)
	}
	td := `{"type":"typedData","typedData":{"types":{"EIP712Domain":[{"name":"chainId","type":"uint256"},{"name":"verifyingContract","type":"address"}],` +
		`"Mail":[{"name":"body","type":"string"}]},"primaryType":"Mail","domain":{"chainId":11124,"verifyingContract":"` + nftAddr +
		`"},"message":{"body":"hi"}}}`
	if _, err := authorize(t, s, td); err == nil || ruleOf(err) == "" {
		t.Fatalf("typed data on a first-format typedData:true record: err = %v, want a policy refusal", err)
	}
	d, err := New().Describe(s)
	if err != nil {
		t.Fatalf("Describe: %v", err)
	}
	if !strings.Contains(strings.Join(d.Permissions, "\n"), "may not sign typed data") {
		t.Errorf("permissions %q do not say typed data is not allowed", d.Permissions)
	}

	// A create request may not use the old form.
	if _, err := New().Create(testCtx, scheme.CreateInput{Signer: signer, ChainID: big.NewInt(chainID), CreatedAt: t0,
		ExpiresAt: t0.Add(time.Hour), Params: json.RawMessage(`{"messages":true,"typedData":true}`)}); err == nil {
		t.Error("Create accepted typedData: true")
	}
}
