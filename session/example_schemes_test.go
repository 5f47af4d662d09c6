package session_test

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/sessionsigner/sessionsigner/accounts"
	"github.com/sessionsigner/sessionsigner/keystore"
	"github.com/sessionsigner/sessionsigner/session"
)

// schemeVault registers this module's schemes, as the browser module does.
func schemeVault() *session.Vault {
	v, err := session.Open(context.Background(), session.Options{
		Store:   keystore.NewMemoryStore(),
		KDF:     keystore.MinKDF,
		Schemes: accounts.Schemes(),
	})
	if err != nil {
		panic(err)
	}
	if err := v.Unlock(context.Background(), []byte("correct horse battery staple")); err != nil {
		panic(err)
	}
	return v
}

// An Abstract Global Wallet session for a game: mint on one contract, fees
// capped at 0.01 ETH per hour. The info carries the call that enables it.
func Example_abstract() {
	ctx := context.Background()
	v := schemeVault()
	s, err := v.CreateSession(ctx, json.RawMessage(fmt.Sprintf(`{
		"scheme": "abstract", "chainId": 11124, "expiresAt": %d,
		"account": "0x1111111111111111111111111111111111111111",
		"feeLimit": {"limitType": "Allowance", "limit": "10000000000000000", "period": "3600"},
		"callPolicies": [{"target": "0xC4822AbB9F05646A9Ce44EFa6dDcda0Bf45595AA", "function": "mint(address,uint256)",
			"maxValuePerUse": "0", "valueLimit": {"limitType": "Unlimited", "limit": "0", "period": "0"}, "constraints": []}],
		"transferPolicies": []
	}`, time.Now().Add(24*time.Hour).Unix())))
	if err != nil {
		panic(err)
	}
	raw, _ := json.Marshal(s)
	var info struct {
		SessionHash string `json:"sessionHash"`
		EnableCall  struct {
			To   string `json:"to"`
			Data string `json:"data"`
		} `json:"enableCall"`
	}
	_ = json.Unmarshal(raw, &info)
	fmt.Println("enable with a call to", info.EnableCall.To, "selector", info.EnableCall.Data[:10])
	fmt.Println("session hash is 32 bytes:", len(info.SessionHash) == 66)
	// Output:
	// enable with a call to 0x34ca1501FAE231cC2ebc995CE013Dbe882d7d081 selector 0x5a0694d2
	// session hash is 32 bytes: true
}

// A Smart Session for trading: transfer USDC only to one shop, at most 1000
// USDC in total. Without policies it would be refused (no silent sudo).
func Example_smartSessions() {
	ctx := context.Background()
	v := schemeVault()
	s, err := v.CreateSession(ctx, json.RawMessage(`{
		"scheme": "smartsessions", "chainId": 8453,
		"account": "0x2222222222222222222222222222222222222222",
		"actions": [{"target": "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913", "function": "transfer(address,uint256)", "policies": [
			{"type": "universal-action", "rules": [{"condition": "equal", "calldataOffset": "0",
				"referenceValue": "0x3333333333333333333333333333333333333333"}]},
			{"type": "spending-limits", "limits": [{"token": "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913", "amount": "1000000000"}]}]}]
	}`))
	if err != nil {
		panic(err)
	}
	raw, _ := json.Marshal(s)
	var info struct {
		PermissionID string `json:"permissionId"`
	}
	_ = json.Unmarshal(raw, &info)
	fmt.Println("permission id is 32 bytes:", len(info.PermissionID) == 66)

	_, err = v.CreateSession(ctx, json.RawMessage(`{"scheme":"smartsessions","chainId":8453,
		"account":"0x2222222222222222222222222222222222222222"}`))
	fmt.Println(session.Code(err))
	// Output:
	// permission id is 32 bytes: true
	// INVALID_CONFIG
}
