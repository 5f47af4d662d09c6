package session_test

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/ethereum/go-ethereum/crypto"
	"github.com/sessionsigner/sessionsigner/accounts"
	"github.com/sessionsigner/sessionsigner/ethsign"
	"github.com/sessionsigner/sessionsigner/ethtypes"
	"github.com/sessionsigner/sessionsigner/keystore"
	"github.com/sessionsigner/sessionsigner/session"
)

// A vault over an in-memory store; a browser host passes its IndexedDB or
// localStorage Store instead. MinKDF keeps the example fast: real vaults use
// the default Argon2id parameters.
func newExampleVault() *session.Vault {
	v, err := session.Open(context.Background(), session.Options{Store: keystore.NewMemoryStore(), KDF: keystore.MinKDF, Schemes: accounts.Schemes()})
	if err != nil {
		panic(err)
	}
	return v
}

func Example() {
	ctx := context.Background()
	v := newExampleVault()

	// The first unlock creates the vault.
	if err := v.Unlock(ctx, []byte("correct horse battery staple")); err != nil {
		panic(err)
	}

	// A burner session that may only call mint on one contract, 5 times.
	s, err := v.CreateSession(ctx, json.RawMessage(`{
		"scheme": "local", "chainId": 1, "maxUses": 5,
		"allow": [{"target": "0xc4822abb9f05646a9ce44efa6ddcda0bf45595aa", "function": "mint(address,uint256)"}]
	}`))
	if err != nil {
		panic(err)
	}
	for _, p := range s.Permissions {
		fmt.Println(p)
	}

	// Sign a personal message and check who signed it.
	sig, err := v.Sign(ctx, s.ID, json.RawMessage(`{"type":"message","message":"hello"}`))
	if err != nil {
		panic(err)
	}
	// Recovery is the verifier's side, not the vault's: here go-ethereum's,
	// which wants v as 0/1 where the vault returns 27/28, as viem does.
	hash := ethsign.MessageHash([]byte("hello"))
	pub, _ := crypto.SigToPub(hash[:], append(sig[:64:64], sig[64]-27))
	fmt.Println("signed by the session key:", ethtypes.Address(crypto.PubkeyToAddress(*pub)) == s.Signer)
	// Output:
	// may call mint(address,uint256) (0x40c10f19) on 0xC4822AbB9F05646A9Ce44EFa6dDcda0Bf45595AA, without sending ETH
	// at most 5 signatures in total
	// may sign personal messages (EIP-191)
	// may not sign typed data (EIP-712)
	// signed by the session key: true
}

func ExampleVault_Sign_refused() {
	ctx := context.Background()
	v := newExampleVault()
	_ = v.Unlock(ctx, []byte("correct horse battery staple"))
	s, _ := v.CreateSession(ctx, json.RawMessage(`{"scheme":"local","chainId":1,
		"allow":[{"target":"0xc4822abb9f05646a9ce44efa6ddcda0bf45595aa","function":"mint(address,uint256)"}]}`))

	// A transaction to a contract the session may not call is refused before
	// signing, and the error names the rule.
	_, err := v.Sign(ctx, s.ID, json.RawMessage(`{"type":"transaction","transaction":{
		"chainId":1,"to":"0x000000000000000000000000000000000000dead","nonce":0,"gas":21000,
		"maxFeePerGas":"1000000000","maxPriorityFeePerGas":"1000000000","value":"1"}}`))
	fmt.Println(session.Code(err), session.Rule(err))
	// Output:
	// POLICY_VIOLATION target
}

func ExampleVault_Revoke() {
	ctx := context.Background()
	v := newExampleVault()
	_ = v.Unlock(ctx, []byte("correct horse battery staple"))
	s, _ := v.CreateSession(ctx, json.RawMessage(`{"scheme":"local","chainId":1,"messages":true,
		"allow":[{"target":"0xc4822abb9f05646a9ce44efa6ddcda0bf45595aa","function":"mint(address,uint256)"}]}`))

	info, _ := v.Revoke(ctx, s.ID) // wipes the sealed key, keeps a tombstone
	fmt.Println(info.Status)
	_, err := v.Sign(ctx, s.ID, json.RawMessage(`{"type":"message","message":"hello"}`))
	fmt.Println(session.Code(err))
	// Output:
	// revoked
	// REVOKED
}

func ExampleVault_Unlock_wrongSecret() {
	ctx := context.Background()
	v := newExampleVault()
	_ = v.Unlock(ctx, []byte("correct horse battery staple"))
	v.Lock()
	err := v.Unlock(ctx, []byte("Tr0ub4dor&3"))
	fmt.Println(session.Code(err))
	// Output:
	// WRONG_SECRET
}
