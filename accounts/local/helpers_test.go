package local

import (
	"context"
	"encoding/json"
	"math/big"
	"testing"
	"time"

	"github.com/sessionsigner/sessionsigner/ethtypes"
	"github.com/sessionsigner/sessionsigner/scheme"
)

const (
	nftAddr   = "0xC4822AbB9F05646A9Ce44EFa6dDcda0Bf45595AA"
	friend    = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"
	stranger  = "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359"
	mintSig   = "mint(address,uint256)"
	mintSel   = "0x40c10f19"
	chainID   = 11124
	ethInWei  = "1000000000000000000"
	centInWei = "10000000000000000"
)

var (
	t0      = time.Unix(1_750_000_000, 0)
	signer  = ethtypes.HexToAddress("0x00000000000000000000000000000000005e5510")
	testCtx = context.Background()
)

// create runs Create on params and returns the session the vault would
// store, at time t0 with a day to live.
func create(t testing.TB, params string) *scheme.Session {
	t.Helper()
	part, err := scheme.ParamsOf(json.RawMessage(params)) // as the vault hands it over
	if err != nil {
		t.Fatal(err)
	}
	c, err := New().Create(testCtx, scheme.CreateInput{
		Signer: signer, ChainID: big.NewInt(chainID), CreatedAt: t0, ExpiresAt: t0.Add(24 * time.Hour),
		Params: part,
	})
	if err != nil {
		t.Fatalf("Create(%s): %v", params, err)
	}
	return &scheme.Session{
		ID: "s1", ChainID: big.NewInt(chainID), Signer: signer, CreatedAt: t0, ExpiresAt: t0.Add(24 * time.Hour),
		Now: t0.Add(time.Minute), Config: c.Config, ConfigHash: c.ConfigHash, State: c.State,
	}
}

// authorize runs Authorize with req and, on success, stores the plan's
// state in s as the vault would.
func authorize(t testing.TB, s *scheme.Session, req string) (*scheme.Plan, error) {
	t.Helper()
	var head struct {
		Type string `json:"type"`
	}
	if err := json.Unmarshal([]byte(req), &head); err != nil {
		t.Fatalf("bad test request %s: %v", req, err)
	}
	p, err := New().Authorize(testCtx, s, scheme.Request{Type: head.Type, Raw: json.RawMessage(req)})
	if err == nil && p.State != nil {
		s.State = p.State
	}
	return p, err
}

var ruleOf = scheme.RuleOf

// txReq builds a transaction request; fields are raw JSON members.
func txReq(fields string) string {
	return `{"type":"transaction","transaction":{"chainId":11124,"nonce":1,"gas":"100000","maxFeePerGas":"100","maxPriorityFeePerGas":"1"` + fields + `}}`
}

const mintCall = `,"to":"` + nftAddr + `","data":"0x40c10f19000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001"`
