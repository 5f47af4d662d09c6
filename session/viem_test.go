package session

import (
	"encoding/json"
	"testing"

	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/sessionsigner/sessionsigner/internal/nodetest"
)

// TestVaultMatchesViem signs through the whole vault path (policy check,
// sealed key, Finish) and has viem sign the same inputs with the same key:
// the results must be byte-identical. The key is read from the vault's cache,
// which only an in-package test can reach.
func TestVaultMatchesViem(t *testing.T) {
	v, _, _ := unlocked(t)
	info, err := v.CreateSession(ctx, json.RawMessage(`{"scheme":"local","chainId":"8453","rawHash":true,
		"typedData":[{"verifyingContract":"0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC","primaryType":"Mail","match":{"n":"123456789012345678901234567890"}}],
		"allow":[{"target":"0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913","function":"transfer(address,uint256)","maxValuePerUse":"0"},
		         {"target":"0x000000000000000000000000000000000000dEaD","maxValuePerUse":"1000000000000000000"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	mustSign(t, v, info.ID) // opens and caches the key
	priv := hexutil.Encode(v.cache.m[info.ID].key.Serialize())

	typed := json.RawMessage(`{"types":{"Mail":[{"name":"from","type":"address"},{"name":"contents","type":"string"},{"name":"n","type":"uint256"}]},
		"primaryType":"Mail","domain":{"name":"Ether Mail","version":"1","chainId":8453,"verifyingContract":"0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC"},
		"message":{"from":"0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826","contents":"Hello, Bob! ünïcödé","n":"123456789012345678901234567890"}}`)
	call := json.RawMessage(`{"chainId":"8453","to":"0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913","nonce":"7","gas":"65000",
		"maxFeePerGas":"2000000000","maxPriorityFeePerGas":"1000000","value":"0",
		"data":"0xa9059cbb000000000000000000000000cd2a3d9f938e13cd947ec05abc7fe734df8dd8260000000000000000000000000000000000000000000000000000000000000064"}`)
	transfer := json.RawMessage(`{"chainId":"8453","to":"0x000000000000000000000000000000000000dEaD","nonce":"8","gas":"21000",
		"maxFeePerGas":"2000000000","maxPriorityFeePerGas":"1000000","value":"1000000000000000000"}`)

	type viemCase struct {
		Kind        string          `json:"kind"`
		PrivateKey  string          `json:"privateKey"`
		Hash        string          `json:"hash,omitempty"`
		Message     any             `json:"message,omitempty"`
		TypedData   json.RawMessage `json:"typedData,omitempty"`
		Transaction json.RawMessage `json:"transaction,omitempty"`
	}
	cases := []struct {
		req  string
		want viemCase
	}{
		{`{"type":"hash","hash":"` + testHash.Hex() + `"}`, viemCase{Kind: "hash", Hash: testHash.Hex()}},
		{`{"type":"message","message":"hello from the vault"}`, viemCase{Kind: "message", Message: "hello from the vault"}},
		{`{"type":"message","message":{"raw":"0xdeadbeef"}}`, viemCase{Kind: "message", Message: map[string]string{"raw": "0xdeadbeef"}}},
		{`{"type":"typedData","typedData":` + string(typed) + `}`, viemCase{Kind: "typedData", TypedData: typed}},
		{`{"type":"transaction","transaction":` + string(call) + `}`, viemCase{Kind: "transaction", Transaction: call}},
		{`{"type":"transaction","transaction":` + string(transfer) + `}`, viemCase{Kind: "transaction", Transaction: transfer}},
	}
	var in struct {
		Cases []viemCase `json:"cases"`
	}
	var ours []string
	for _, c := range cases {
		out, err := v.Sign(ctx, info.ID, json.RawMessage(c.req))
		if err != nil {
			t.Fatalf("%s: %v", c.req, err)
		}
		ours = append(ours, hexutil.Encode(out))
		c.want.PrivateKey = priv
		in.Cases = append(in.Cases, c.want)
	}
	var res struct {
		Results []struct {
			Address    string `json:"address"`
			Signature  string `json:"signature"`
			Serialized string `json:"serialized"`
		} `json:"results"`
	}
	nodetest.Run(t, "ethsign/testdata/viem.mjs", in, &res)
	if len(res.Results) != len(cases) {
		t.Fatalf("viem returned %d results for %d cases", len(res.Results), len(cases))
	}
	for i, r := range res.Results {
		if r.Address != info.Signer.Hex() {
			t.Fatalf("viem derived %s from the session key, vault says %s", r.Address, info.Signer.Hex())
		}
		want := r.Signature
		if want == "" {
			want = r.Serialized
		}
		if ours[i] != want {
			t.Errorf("case %d (%s):\n vault %s\n viem  %s", i, in.Cases[i].Kind, ours[i], want)
		}
	}
}
