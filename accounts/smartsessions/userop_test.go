package smartsessions

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"testing"

	"github.com/sessionsigner/sessionsigner/ethtypes"
	"github.com/sessionsigner/sessionsigner/internal/nodetest"
	"github.com/sessionsigner/sessionsigner/internal/sigtest"
	"github.com/sessionsigner/sessionsigner/scheme"
)

// sudoParams is a session that allows any call (so the tests here are about
// the user operation, not the policies), on chain 8453 plus chain 10.
func sudoParams(account ethtypes.Address, permitPaymaster bool) map[string]any {
	return map[string]any{
		"account": account.Hex(), "allowSudo": true, "permitERC4337Paymaster": permitPaymaster,
		"chains": []any{map[string]any{"chainId": "10"}},
	}
}

// testOp returns a user operation from account with deterministic fields.
func testOp(seed string, account ethtypes.Address) *UserOperation {
	num := func(what string, bits int) *big.Int {
		v := new(big.Int).SetBytes(testBytes(seed+"/"+what, 32))
		return v.Rsh(v, uint(256-bits))
	}
	nonce := new(big.Int).Lsh(NonceKey(AccountSafe), 64)
	return &UserOperation{
		Sender:               account,
		Nonce:                nonce.Or(nonce, num("seq", 16)),
		CallData:             single(testAddr(seed+"/target"), 3, testBytes(seed+"/data", 68)),
		CallGasLimit:         num("callGas", 24),
		VerificationGasLimit: num("verificationGas", 24),
		PreVerificationGas:   num("preVerificationGas", 20),
		MaxFeePerGas:         num("maxFee", 40),
		MaxPriorityFeePerGas: num("maxPriorityFee", 32),
	}
}

// opRequestJSON renders op as a request's userOperation, its quantities in
// style: "decimal" strings, "hex" strings or JSON "number"s (where they fit).
func opRequestJSON(op *UserOperation, style string) map[string]any {
	q := func(v *big.Int) any {
		switch {
		case style == "hex":
			return fmt.Sprintf("0x%x", v)
		case style == "number" && v.IsUint64() && v.Uint64() < 1<<53:
			return v.Uint64()
		}
		return v.String()
	}
	return opJSON(op, q)
}

// opViemJSON renders op for userophash.mjs: decimal strings throughout.
func opViemJSON(op *UserOperation) map[string]any {
	return opJSON(op, func(v *big.Int) any { return v.String() })
}

func opJSON(op *UserOperation, q func(*big.Int) any) map[string]any {
	m := map[string]any{
		"sender": op.Sender.Hex(), "nonce": q(op.Nonce), "callData": hexOf(op.CallData),
		"callGasLimit": q(op.CallGasLimit), "verificationGasLimit": q(op.VerificationGasLimit),
		"preVerificationGas": q(op.PreVerificationGas),
		"maxFeePerGas":       q(op.MaxFeePerGas), "maxPriorityFeePerGas": q(op.MaxPriorityFeePerGas),
	}
	if op.Factory != nil {
		m["factory"] = op.Factory.Hex()
		if op.FactoryData != nil {
			m["factoryData"] = hexOf(op.FactoryData)
		}
	}
	if op.Paymaster != nil {
		m["paymaster"] = op.Paymaster.Hex()
		if op.PaymasterVerificationGasLimit != nil {
			m["paymasterVerificationGasLimit"] = q(op.PaymasterVerificationGasLimit)
		}
		if op.PaymasterPostOpGasLimit != nil {
			m["paymasterPostOpGasLimit"] = q(op.PaymasterPostOpGasLimit)
		}
		if op.PaymasterData != nil {
			m["paymasterData"] = hexOf(op.PaymasterData)
		}
	}
	return m
}

type userOpCase struct {
	name       string
	op         *UserOperation
	style      string
	version    string            // "" = the default (0.7)
	entryPoint *ethtypes.Address // nil = the version's canonical EntryPoint
	chainID    int64             // 0 = the session's own chain (8453)
}

func userOpCases(account ethtypes.Address) []userOpCase {
	withFactory := func(op *UserOperation, seed string) *UserOperation {
		f := testAddr(seed + "/factory")
		op.Factory, op.FactoryData = &f, testBytes(seed+"/factoryData", 100)
		return op
	}
	withPaymaster := func(op *UserOperation, seed string, full bool) *UserOperation {
		p := testAddr(seed + "/paymaster")
		op.Paymaster = &p
		if full {
			op.PaymasterVerificationGasLimit = big.NewInt(75_000)
			op.PaymasterPostOpGasLimit = big.NewInt(50_001)
			op.PaymasterData = testBytes(seed+"/paymasterData", 77)
		}
		return op
	}
	max := func(bits uint) *big.Int {
		return new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), bits), big.NewInt(1))
	}
	widest := withPaymaster(withFactory(testOp("widest", account), "widest"), "widest", true)
	widest.Nonce, widest.PreVerificationGas = max(256), max(256)
	widest.CallGasLimit, widest.VerificationGasLimit, widest.MaxFeePerGas, widest.MaxPriorityFeePerGas = max(128), max(128), max(128), max(128)
	widest.PaymasterVerificationGasLimit, widest.PaymasterPostOpGasLimit = max(128), max(128)
	widest.CallData = batch(
		Call{Target: testAddr("a"), Value: big.NewInt(1), Data: testBytes("a", 4)},
		Call{Target: testAddr("b"), Value: new(big.Int), Data: testBytes("b", 300)},
	)
	zero := testOp("zero", account)
	zero.Nonce, zero.CallGasLimit, zero.VerificationGasLimit = new(big.Int), new(big.Int), new(big.Int)
	zero.PreVerificationGas, zero.MaxFeePerGas, zero.MaxPriorityFeePerGas = new(big.Int), new(big.Int), new(big.Int)
	emptyFactoryData := withFactory(testOp("empty-factory-data", account), "efd")
	emptyFactoryData.FactoryData = nil
	otherEP := testAddr("another-entry-point")

	return []userOpCase{
		{name: "v0.7 plain", op: testOp("plain", account), style: "decimal"},
		{name: "v0.7 factory", op: withFactory(testOp("factory", account), "factory"), style: "hex", version: EntryPointV07},
		{name: "v0.7 factory without factoryData", op: emptyFactoryData, style: "number"},
		{name: "v0.7 paymaster with data", op: withPaymaster(testOp("paymaster", account), "paymaster", true), style: "number"},
		{name: "v0.7 paymaster only", op: withPaymaster(testOp("paymaster-only", account), "pm-only", false), style: "hex"},
		{name: "v0.7 widest values", op: widest, style: "hex"},
		{name: "v0.7 another entry point on chain 10", op: testOp("other-ep", account), style: "decimal", entryPoint: &otherEP, chainID: 10},
		{name: "v0.7 a call to the account itself", op: func() *UserOperation {
			op := testOp("self", account)
			owner := testAddr("owner")
			op.CallData = calldata("setOwner(address)", owner[:])
			return op
		}(), style: "decimal"},
		{name: "v0.8 factory and paymaster", op: withPaymaster(withFactory(testOp("v08", account), "v08"), "v08", true), style: "decimal", version: EntryPointV08},
		{name: "v0.8 zero quantities on chain 10", op: zero, style: "number", version: EntryPointV08, chainID: 10},
		{name: "v0.8 another entry point", op: testOp("v08-ep", account), style: "hex", version: EntryPointV08, entryPoint: &otherEP},
	}
}

// request is the full-form signing request for c.
func (c userOpCase) request() map[string]any {
	r := map[string]any{"type": "userOperation", "userOperation": opRequestJSON(c.op, c.style)}
	if c.version != "" {
		r["entryPointVersion"] = c.version
	}
	if c.entryPoint != nil {
		r["entryPointAddress"] = c.entryPoint.Hex()
	}
	if c.chainID != 0 {
		r["chainId"] = fmt.Sprint(c.chainID)
	}
	return r
}

// TestUserOpHashViem: the hash Authorize computes from a full user
// operation, and so the digest the session key signs, equals viem's
// getUserOperationHash for EntryPoint v0.7 and v0.8, with and without
// factory and paymaster; and the signature is the one the hash-only form
// gives for viem's hash.
func TestUserOpHashViem(t *testing.T) {
	account := testAddr("account")
	cases := userOpCases(account)
	type jsCase struct {
		UserOperation     map[string]any `json:"userOperation"`
		EntryPointVersion string         `json:"entryPointVersion"`
		EntryPointAddress *string        `json:"entryPointAddress"`
		ChainID           string         `json:"chainId"`
	}
	var in struct {
		Cases []jsCase `json:"cases"`
	}
	for _, c := range cases {
		j := jsCase{UserOperation: opViemJSON(c.op), EntryPointVersion: EntryPointV07, ChainID: "8453"}
		if c.version != "" {
			j.EntryPointVersion = c.version
		}
		if c.entryPoint != nil {
			a := c.entryPoint.Hex()
			j.EntryPointAddress = &a
		}
		if c.chainID != 0 {
			j.ChainID = fmt.Sprint(c.chainID)
		}
		in.Cases = append(in.Cases, j)
	}
	var out struct {
		Hashes      []ethtypes.Hash    `json:"hashes"`
		EntryPoints []ethtypes.Address `json:"entryPoints"`
	}
	nodetest.Run(t, "accounts/smartsessions/testdata/userophash.mjs", in, &out)
	if len(out.Hashes) != len(cases) {
		t.Fatalf("viem returned %d hashes, want %d", len(out.Hashes), len(cases))
	}
	if out.EntryPoints[0] != EntryPointV07Address || out.EntryPoints[8] != EntryPointV08Address {
		t.Fatalf("canonical entry points differ from viem's: %s, %s", out.EntryPoints[0].Hex(), out.EntryPoints[8].Hex())
	}

	s := mustCreate(t, "userop-viem", 8453, sudoParams(account, true))
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			want := out.Hashes[i]
			raw, _ := json.Marshal(c.request())
			plan, err := New().Authorize(context.Background(), s.session, scheme.Request{Type: scheme.RequestUserOperation, Raw: raw})
			if err != nil {
				t.Fatalf("authorize: %v", err)
			}
			if plan.Digest != want {
				t.Fatalf("digest %s, viem getUserOperationHash %s", plan.Digest.Hex(), want.Hex())
			}
			full, err := s.sign(t, c.request())
			if err != nil {
				t.Fatal(err)
			}
			withHash := c.request()
			withHash["userOpHash"] = want.Hex()
			both, err := s.sign(t, withHash)
			if err != nil {
				t.Fatalf("with the matching userOpHash: %v", err)
			}
			hashOnly := map[string]any{"type": "userOperation", "userOpHash": want.Hex(), "callData": hexOf(c.op.CallData)}
			if c.chainID != 0 {
				hashOnly["chainId"] = fmt.Sprint(c.chainID)
			}
			old, err := s.sign(t, hashOnly)
			if err != nil {
				t.Fatalf("hash-only form: %v", err)
			}
			if !bytes.Equal(full, old) || !bytes.Equal(both, old) {
				t.Errorf("full-form signature differs from the hash-only one\n full 0x%x\n both 0x%x\n hash 0x%x", full, both, old)
			}
			if rec, err := sigtest.Recover(want, full[33:]); err != nil || rec != s.session.Signer {
				t.Errorf("recovered %s (%v), want the session key %s", rec.Hex(), err, s.session.Signer.Hex())
			}
		})
	}
}

// TestUserOpEnableChain: in a multichain ENABLE, the user operation's chain
// (chainId or enable.chainId) picks both the hash's chain and the
// signature's chainDigestIndex.
func TestUserOpEnableChain(t *testing.T) {
	account := testAddr("account")
	s := mustCreate(t, "userop-enable", 8453, sudoParams(account, true))
	op := testOp("enable", account)
	enable := map[string]any{"ownerSignature": hexOf(testBytes("owner", 65))}
	sign := func(chainField string, enableChain bool) []byte {
		t.Helper()
		r := map[string]any{"type": "userOperation", "userOperation": opRequestJSON(op, "decimal"), "enable": enable}
		e := map[string]any{"ownerSignature": enable["ownerSignature"]}
		if enableChain {
			e["chainId"] = "10"
		}
		r["enable"] = e
		if chainField != "" {
			r["chainId"] = chainField
		}
		out, err := s.sign(t, r)
		if err != nil {
			t.Fatalf("chainId %q, enable.chainId %v: %v", chainField, enableChain, err)
		}
		return out
	}
	viaTop, viaEnable, viaBoth, home := sign("10", false), sign("", true), sign("10", true), sign("", false)
	if !bytes.Equal(viaTop, viaEnable) || !bytes.Equal(viaTop, viaBoth) {
		t.Error("chainId and enable.chainId give different ENABLE signatures for the same chain")
	}
	if bytes.Equal(viaTop, home) {
		t.Error("the ENABLE signature for chain 10 equals the one for chain 8453")
	}
	hash10, err := op.Hash(EntryPointV07, EntryPointV07Address, big.NewInt(10))
	if err != nil {
		t.Fatal(err)
	}
	payload, err := flzDecompress(viaTop[1:], 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	if rec, err := sigtest.Recover(hash10, payload[len(payload)-96:len(payload)-31]); err != nil || rec != s.session.Signer {
		t.Errorf("the ENABLE signature's session signature does not recover over the chain-10 hash: %s (%v)", rec.Hex(), err)
	}
}

// TestUserOpRequestRefusals: the full form's bad-input table. Malformed
// requests are INVALID_REQUEST; a wrong sender or an unpermitted paymaster
// is a POLICY_VIOLATION naming the rule.
func TestUserOpRequestRefusals(t *testing.T) {
	account := testAddr("account")
	good := func() map[string]any {
		return map[string]any{"type": "userOperation", "userOperation": opRequestJSON(testOp("refusals", account), "decimal")}
	}
	edit := func(f func(r, op map[string]any)) map[string]any {
		r := good()
		f(r, r["userOperation"].(map[string]any))
		return r
	}
	otherHash := ethtypes.BytesToHash(testBytes("other-hash", 32)).Hex()
	for _, c := range []struct {
		name string
		req  map[string]any
		rule string // "" = INVALID_REQUEST
	}{
		{"no sender", edit(func(r, op map[string]any) { delete(op, "sender") }), ""},
		{"no nonce", edit(func(r, op map[string]any) { delete(op, "nonce") }), ""},
		{"no callData", edit(func(r, op map[string]any) { delete(op, "callData") }), ""},
		{"no callGasLimit", edit(func(r, op map[string]any) { delete(op, "callGasLimit") }), ""},
		{"no verificationGasLimit", edit(func(r, op map[string]any) { delete(op, "verificationGasLimit") }), ""},
		{"no preVerificationGas", edit(func(r, op map[string]any) { delete(op, "preVerificationGas") }), ""},
		{"no maxFeePerGas", edit(func(r, op map[string]any) { delete(op, "maxFeePerGas") }), ""},
		{"no maxPriorityFeePerGas", edit(func(r, op map[string]any) { delete(op, "maxPriorityFeePerGas") }), ""},
		{"callGasLimit over uint128", edit(func(r, op map[string]any) { op["callGasLimit"] = new(big.Int).Lsh(big.NewInt(1), 128).String() }), ""},
		{"maxFeePerGas over uint128", edit(func(r, op map[string]any) { op["maxFeePerGas"] = "0x1" + fmt.Sprintf("%032x", 0) }), ""},
		{"nonce over uint256", edit(func(r, op map[string]any) { op["nonce"] = "0x1" + fmt.Sprintf("%064x", 0) }), ""},
		{"negative quantity", edit(func(r, op map[string]any) { op["nonce"] = -1 }), ""},
		{"fractional quantity", edit(func(r, op map[string]any) { op["callGasLimit"] = 1.5 }), ""},
		{"sender with a bad checksum", edit(func(r, op map[string]any) { op["sender"] = "0x" + "aB" + account.Hex()[4:] }), ""},
		{"callData not hex", edit(func(r, op map[string]any) { op["callData"] = "0xzz" }), ""},
		{"factoryData without factory", edit(func(r, op map[string]any) { op["factoryData"] = "0x01" }), ""},
		{"paymasterData without paymaster", edit(func(r, op map[string]any) { op["paymasterData"] = "0x01" }), ""},
		{"paymaster gas without paymaster", edit(func(r, op map[string]any) { op["paymasterPostOpGasLimit"] = "1" }), ""},
		{"EIP-7702 factory", edit(func(r, op map[string]any) { op["factory"] = "0x7702000000000000000000000000000000000000" }), ""},
		{"v0.6 initCode", edit(func(r, op map[string]any) { op["initCode"] = "0x" }), ""},
		{"packed paymasterAndData", edit(func(r, op map[string]any) { op["paymasterAndData"] = "0x" }), ""},
		{"EIP-7702 authorization", edit(func(r, op map[string]any) { op["authorization"] = map[string]any{} }), ""},
		{"entry point v0.6", edit(func(r, op map[string]any) { r["entryPointVersion"] = "0.6" }), ""},
		{"entry point version as a number", edit(func(r, op map[string]any) { r["entryPointVersion"] = 0.7 }), ""},
		{"entry point not an address", edit(func(r, op map[string]any) { r["entryPointAddress"] = "0x1234" }), ""},
		{"callData beside userOperation", edit(func(r, op map[string]any) { r["callData"] = op["callData"] }), ""},
		{"userOpHash that does not match", edit(func(r, op map[string]any) { r["userOpHash"] = otherHash }), ""},
		{"short userOpHash", edit(func(r, op map[string]any) { r["userOpHash"] = "0x1234" }), ""},
		{"chain not the session's", edit(func(r, op map[string]any) { r["chainId"] = "1" }), ""},
		{"chainId and enable.chainId differ", edit(func(r, op map[string]any) {
			r["chainId"] = "10"
			r["enable"] = map[string]any{"ownerSignature": "0x01", "chainId": "8453"}
		}), ""},
		{"entryPointVersion with the hash-only form", map[string]any{
			"type": "userOperation", "userOpHash": otherHash, "callData": hexOf(testOp("x", account).CallData), "entryPointVersion": "0.7",
		}, ""},
		{"sender is another account", edit(func(r, op map[string]any) { op["sender"] = testAddr("someone-else").Hex() }), "sender"},
		{"paymaster the session does not permit", edit(func(r, op map[string]any) { op["paymaster"] = testAddr("paymaster").Hex() }), "paymaster"},
		{"delegatecall in the operation's callData", edit(func(r, op map[string]any) {
			op["callData"] = hexOf(encodeExecute([32]byte{callTypeDelegatecall}, testBytes("x", 60)))
		}), "delegatecall"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := mustCreate(t, "userop-refusals", 8453, sudoParams(account, false))
			if _, err := s.sign(t, good()); err != nil {
				t.Fatalf("the unedited request fails: %v", err)
			}
			_, err := s.sign(t, c.req)
			if c.rule == "" {
				if !errors.Is(err, scheme.ErrInvalidRequest) {
					t.Fatalf("got %v, want INVALID_REQUEST", err)
				}
				return
			}
			if got := ruleOf(err); got != c.rule {
				t.Fatalf("got %v (rule %q), want a refusal naming %q", err, got, c.rule)
			}
		})
	}
}

// TestUserOpChecksTheOperationsCalls: the policies run on the operation's
// own callData, and the usage counters move as with the hash-only form.
func TestUserOpChecksTheOperationsCalls(t *testing.T) {
	f := newPolicyFixture()
	s := mustCreate(t, "userop-policies", 8453, f.params)
	op := testOp("policies", f.account)
	op.CallData = single(f.token, 0, f.approve(400))
	req := map[string]any{"type": "userOperation", "userOperation": opRequestJSON(op, "decimal")}
	if _, err := s.sign(t, req); err != nil {
		t.Fatalf("approve(400) within the 500 limit: %v", err)
	}
	if _, err := s.sign(t, req); ruleOf(err) == "" {
		t.Fatalf("a second approve(400) over the 500 limit was not refused: %v", err)
	}
}
