package abstract

import (
	"context"
	"encoding/json"
	"errors"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/sessionsigner/sessionsigner/ethtypes"

	"github.com/sessionsigner/sessionsigner/internal/nodetest"
	"github.com/sessionsigner/sessionsigner/scheme"
)

// The oracle's input and output (testdata/agw.mjs).

type periodQuery struct {
	Target    string `json:"target"`
	Selector  string `json:"selector,omitempty"`
	Timestamp int64  `json:"timestamp"`
}

type configCase struct {
	name          string
	Chain         int64           `json:"chainId"`
	Account       string          `json:"account"`
	PrivateKey    string          `json:"privateKey"`
	Session       json.RawMessage `json:"session"`
	PeriodQueries []periodQuery   `json:"periodQueries"`
	session       *scheme.Session
}

type call struct {
	To    string `json:"to"`
	Data  string `json:"data"`
	Value string `json:"value,omitempty"`
}

type configResult struct {
	Encoded           string    `json:"encoded"`
	Hash              string    `json:"hash"`
	AddModuleCall     call      `json:"addModuleCall"`
	CreateSessionCall call      `json:"createSessionCall"`
	RevokeCall        call      `json:"revokeCall"`
	StatusCall        call      `json:"statusCall"`
	PeriodIDs         []any     `json:"periodIds"`
	HookData          []*string `json:"hookData"`
	Registry          *struct {
		Calls []call  `json:"calls"`
		Error *string `json:"error"`
	} `json:"registry"`
}

type signCase struct {
	name       string
	Chain      int64           `json:"chainId"`
	Account    string          `json:"account"`
	PrivateKey string          `json:"privateKey"`
	Session    json.RawMessage `json:"session"`
	Hooks      []string        `json:"hooks"`
	NowMs      int64           `json:"nowMs"`
	Tx         map[string]any  `json:"tx,omitempty"`
	TypedData  map[string]any  `json:"typedData,omitempty"`
	session    *scheme.Session
}

type registryErrorCase struct {
	Chain      int64           `json:"chainId"`
	Account    string          `json:"account"`
	PrivateKey string          `json:"privateKey"`
	Created    json.RawMessage `json:"created"`
	Statuses   []int           `json:"statuses"`
	params     map[string]any
}

type oracleInput struct {
	Configs []*configCase `json:"configs"`
	Signs   []*signCase   `json:"signs"`
	Errors  struct {
		Registry  []*registryErrorCase `json:"registry"`
		TypedData *signCase            `json:"typedData"`
		Encode    []json.RawMessage    `json:"encode"`
	} `json:"errors"`
}

type oracleOutput struct {
	Validator string                    `json:"validator"`
	Registry  string                    `json:"registry"`
	Configs   []configResult            `json:"configs"`
	Signs     []struct{ Result string } `json:"signs"`
	Errors    struct {
		Registry []struct {
			Calls []call  `json:"calls"`
			Error *string `json:"error"`
		} `json:"registry"`
		TypedData *string   `json:"typedData"`
		Encode    []*string `json:"encode"`
	} `json:"errors"`
	ApprovalBasedSelector string `json:"approvalBasedSelector"`
}

// signNow is when the signing cases run: 90 minutes and a bit into the
// session, so the period ids are neither 0 nor on a boundary.
var signNow = created.Add(90*time.Minute + 17*time.Second + 123*time.Millisecond)

// TestAgainstAgwClient compares every byte this package produces with what
// @abstract-foundation/agw-client and viem compute for the same inputs, at
// test time: encodings, hashes, calls, period ids, hook data, registry
// calls, fully signed transactions and typed-data signatures, and the
// error messages Go must repeat.
func TestAgainstAgwClient(t *testing.T) {
	key := testKey(t, "session")
	signer := ethtypes.Address(crypto.PubkeyToAddress(key.PublicKey))

	var in oracleInput
	fixtures := []struct {
		name   string
		chain  int64
		params map[string]any
	}{
		{"mint", ChainAbstractTestnet, mintParams()},
		{"allowances", ChainAbstract, allowanceParams()},
		{"tokens", ChainAbstract, tokenParams()},
		{"many", ChainAbstractTestnet, manyParams()},
		{"edge", ChainAbstract, edgeParams()},
	}
	sessions := map[string]*scheme.Session{}
	ts := signNow.Unix()
	for _, f := range fixtures {
		s := mustCreate(t, f.chain, signer, f.params)
		sessions[f.name] = s
		c, err := ParseConfig(s.Config, s.ChainID)
		if err != nil {
			t.Fatal(err)
		}
		var qs []periodQuery
		for _, p := range c.CallPolicies {
			qs = append(qs, periodQuery{Target: p.Target.Hex(), Selector: hexString(p.Selector[:]), Timestamp: ts})
		}
		for _, p := range c.TransferPolicies {
			qs = append(qs, periodQuery{Target: strings.ToLower(p.Target.Hex()), Timestamp: ts + 86400*3})
		}
		qs = append(qs, periodQuery{Target: otherHook.Hex(), Selector: "0x12345678", Timestamp: ts}) // fits no policy
		in.Configs = append(in.Configs, &configCase{
			name: f.name, Chain: f.chain, Account: agwAccount.Hex(), PrivateKey: keyHex(key),
			Session: s.Config, PeriodQueries: qs, session: s,
		})
	}

	generalPaymasterInput := "0x8c5a3445" + strings.Repeat("0", 62) + "20" + strings.Repeat("0", 64)
	playData := calldata(playSig, addrWord(agwAccount), numWord(50), numWord(20), numWord(5), numWord(50), numWord(8), numWord(123))
	mintData := calldata("mint(address,uint256)", addrWord(agwAccount), numWord(1))
	factoryDep := "0x" + strings.Repeat("01", 32*3)
	signs := []*signCase{
		{name: "testnet call", session: sessions["mint"], Hooks: []string{ValidatorAddress.Hex()}, Tx: map[string]any{
			"to": nftTarget.Hex(), "data": mintData, "nonce": "5", "gas": "500000", "maxFeePerGas": "25000000", "maxPriorityFeePerGas": "0",
		}},
		{name: "mainnet call with value, paymaster and two hooks", session: sessions["allowances"],
			Hooks: []string{otherHook.Hex(), ValidatorAddress.Hex()}, Tx: map[string]any{
				"to": game.Hex(), "data": playData, "value": ether(4), "nonce": "1234", "gas": "2000000",
				"maxFeePerGas": "45250000", "maxPriorityFeePerGas": "1000", "gasPerPubdata": "800",
				"paymaster": spender.Hex(), "paymasterInput": generalPaymasterInput,
			}},
		{name: "plain transfer", session: sessions["allowances"], Hooks: []string{ValidatorAddress.Hex(), otherHook.Hex()}, Tx: map[string]any{
			"to": friend.Hex(), "value": ether(100), "nonce": "0", "gas": "300000", "maxFeePerGas": "25000000",
		}},
		{name: "factory deps", session: sessions["mint"], Hooks: []string{ValidatorAddress.Hex()}, Tx: map[string]any{
			"to": nftTarget.Hex(), "data": mintData, "nonce": "7", "gas": "900000", "maxFeePerGas": "25000000",
			"factoryDeps": []string{factoryDep},
		}},
		{name: "typed data", session: sessions["mint"], Hooks: []string{ValidatorAddress.Hex()}, TypedData: zkTypedData(ChainAbstractTestnet, map[string]any{
			"to": nftTarget.Hex(), "data": mintData, "nonce": 9, "gasLimit": "500000", "maxFeePerGas": "25000000",
		})},
		{name: "typed data with paymaster", session: sessions["allowances"], Hooks: []string{otherHook.Hex(), ValidatorAddress.Hex()},
			TypedData: zkTypedData(ChainAbstract, map[string]any{
				"to": game.Hex(), "data": playData, "value": ether(5), "nonce": 10, "gasLimit": "1500000", "maxFeePerGas": "25000000",
				"paymaster": new(big.Int).SetBytes(spender.Bytes()).String(), "paymasterInput": generalPaymasterInput,
			})},
	}
	for _, k := range signs {
		k.Chain, k.Account, k.PrivateKey, k.Session, k.NowMs = k.session.ChainID.Int64(), agwAccount.Hex(), keyHex(key), k.session.Config, signNow.UnixMilli()
	}
	in.Signs = signs

	in.Errors.Registry = registryErrorCases(t)
	in.Errors.TypedData = &signCase{
		Chain: ChainAbstractTestnet, Account: agwAccount.Hex(), PrivateKey: keyHex(key), Session: sessions["mint"].Config,
		Hooks: []string{ValidatorAddress.Hex()}, NowMs: signNow.UnixMilli(),
		TypedData: map[string]any{
			"domain":      map[string]any{"name": "Ether Mail", "version": "1", "chainId": ChainAbstractTestnet},
			"types":       map[string]any{"Mail": []any{map[string]string{"name": "contents", "type": "string"}}},
			"primaryType": "Mail", "message": map[string]any{"contents": "hello"},
		},
	}
	encodeCases := encodeErrorCases(t, signer)
	for _, e := range encodeCases {
		in.Errors.Encode = append(in.Errors.Encode, e.session)
	}

	var out oracleOutput
	nodetest.Run(t, "accounts/abstract/testdata/agw.mjs", in, &out)

	t.Run("constants", func(t *testing.T) {
		if out.Validator != ValidatorAddress.Hex() || out.Registry != RegistryAddress.Hex() {
			t.Fatalf("addresses: agw-client has validator %s registry %s", out.Validator, out.Registry)
		}
		if out.ApprovalBasedSelector != hexString(approvalBasedSelector[:]) {
			t.Fatalf("approvalBased selector: viem %s, Go %x", out.ApprovalBasedSelector, approvalBasedSelector)
		}
	})
	for i, k := range in.Configs {
		t.Run("config/"+k.name, func(t *testing.T) { compareConfig(t, k, out.Configs[i]) })
	}
	for i, k := range signs {
		t.Run("sign/"+k.name, func(t *testing.T) {
			typ, req := scheme.RequestTransaction, map[string]any{"transaction": k.Tx, "validationHooks": k.Hooks}
			if k.TypedData != nil {
				typ, req = scheme.RequestTypedData, map[string]any{"typedData": k.TypedData, "validationHooks": k.Hooks}
			}
			s := *k.session
			s.Now = signNow
			plan, err := authorize(&s, typ, req)
			if err != nil {
				t.Fatal(err)
			}
			if got := hexString(signWith(t, key, plan)); got != out.Signs[i].Result {
				t.Fatalf("signed result differs\n go: %s\njs: %s", got, out.Signs[i].Result)
			}
		})
	}
	t.Run("errors/registry", func(t *testing.T) {
		for i, k := range in.Errors.Registry {
			js := out.Errors.Registry[i]
			if js.Error == nil {
				t.Fatalf("case %d: agw-client did not refuse", i)
			}
			var asked []RegistryCheck
			host := func(_ context.Context, method string, params json.RawMessage) (json.RawMessage, error) {
				if method != RegistryMethod {
					t.Fatalf("host method %q", method)
				}
				if err := json.Unmarshal(params, &asked); err != nil {
					t.Fatal(err)
				}
				return mustJSON(t, k.Statuses), nil
			}
			_, err := create(t, k.Chain, signer, k.params, host)
			var ce *scheme.ConfigError
			if !errors.As(err, &ce) || ce.Reason != *js.Error {
				t.Fatalf("case %d: Go %v\nagw-client: %s", i, err, *js.Error)
			}
			if len(js.Calls) > 0 {
				compareRegistryCalls(t, asked, js.Calls)
			}
		}
	})
	t.Run("errors/typedData", func(t *testing.T) {
		k := in.Errors.TypedData
		_, err := authorize(sessions["mint"], scheme.RequestTypedData, map[string]any{"typedData": k.TypedData})
		var pe *scheme.PolicyError
		if out.Errors.TypedData == nil || !errors.As(err, &pe) || pe.Reason != *out.Errors.TypedData {
			t.Fatalf("Go %v\nagw-client: %v", err, out.Errors.TypedData)
		}
	})
	t.Run("errors/encode", func(t *testing.T) {
		for i, e := range encodeCases {
			js := out.Errors.Encode[i]
			if js == nil {
				t.Fatalf("%s: viem accepted it", e.name)
			}
			_, err := create(t, ChainAbstractTestnet, signer, e.params, nil)
			var ce *scheme.ConfigError
			if !errors.As(err, &ce) || ce.Reason != *js {
				t.Fatalf("%s: Go %v\nviem: %s", e.name, err, *js)
			}
		}
	})
}

func compareConfig(t *testing.T, k *configCase, js configResult) {
	c, err := ParseConfig(k.session.Config, k.session.ChainID)
	if err != nil {
		t.Fatal(err)
	}
	if got := hexString(c.Encode()); got != js.Encoded {
		t.Fatalf("encodeSession differs\n go: %s\njs: %s", got, js.Encoded)
	}
	if k.session.ConfigHash.Hex() != js.Hash {
		t.Fatalf("session hash: go %s js %s", k.session.ConfigHash.Hex(), js.Hash)
	}
	d, err := New().Describe(k.session)
	if err != nil {
		t.Fatal(err)
	}
	var det struct {
		SessionHash    string          `json:"sessionHash"`
		EnableCall     call            `json:"enableCall"`
		StatusCall     call            `json:"statusCall"`
		RegistryChecks []RegistryCheck `json:"registryChecks"`
	}
	if err := json.Unmarshal(d.Details, &det); err != nil {
		t.Fatal(err)
	}
	installed, missing := *c, *c
	installed.ModuleInstalled, missing.ModuleInstalled = true, false
	for _, x := range []struct {
		name    string
		go_, js call
	}{
		{"createSession", goCall(installed.enableCall()), js.CreateSessionCall},
		{"addModule", goCall(missing.enableCall()), js.AddModuleCall},
		{"statusCall", det.StatusCall, js.StatusCall},
		{"revokeCall", revokeCall(t, k.session), js.RevokeCall},
	} {
		if !sameCall(x.go_, x.js) {
			t.Fatalf("%s differs\n go: %+v\njs: %+v", x.name, x.go_, x.js)
		}
	}
	if want := goCall(c.enableCall()); !sameCall(det.EnableCall, want) || det.SessionHash != js.Hash {
		t.Fatalf("Describe details disagree with the config: %+v", det)
	}
	for i, q := range k.PeriodQueries {
		m := match{call: -1, transfer: -1}
		if q.Selector != "" {
			var sel [4]byte
			copy(sel[:], common.FromHex(q.Selector))
			m.call = c.findCallPolicy(ethtypes.HexToAddress(q.Target), sel)
		} else {
			m.transfer = c.findTransferPolicy(ethtypes.HexToAddress(q.Target))
		}
		if m.call < 0 && m.transfer < 0 {
			if js.PeriodIDs[i] != "Transaction does not fit any policy" || js.HookData[i] != nil {
				t.Fatalf("query %d fits no Go policy, agw-client says %v", i, js.PeriodIDs[i])
			}
			continue
		}
		ids := c.periodIDs(m, uint64(q.Timestamp))
		var got []any
		for _, id := range ids {
			got = append(got, new(big.Int).SetUint64(id).String())
		}
		if mustString(t, got) != mustString(t, js.PeriodIDs[i]) {
			t.Fatalf("period ids for query %d: go %v js %v", i, got, js.PeriodIDs[i])
		}
		if h := hexString(c.encodeWithPeriodIDs(ids)); js.HookData[i] == nil || h != *js.HookData[i] {
			t.Fatalf("hook data for query %d differs", i)
		}
	}
	if k.Chain != ChainAbstract {
		if len(det.RegistryChecks) != 0 || js.Registry != nil {
			t.Fatalf("registry checks off mainnet: %v", det.RegistryChecks)
		}
		return
	}
	if js.Registry == nil || js.Registry.Error != nil {
		t.Fatalf("agw-client refused a session Go accepted: %v", js.Registry)
	}
	compareRegistryCalls(t, det.RegistryChecks, js.Registry.Calls)
}

func compareRegistryCalls(t *testing.T, goChecks []RegistryCheck, js []call) {
	t.Helper()
	if len(goChecks) != len(js) {
		t.Fatalf("registry: go lists %d checks, agw-client made %d calls", len(goChecks), len(js))
	}
	for i := range js {
		if !sameCall(call{To: goChecks[i].To, Data: hexString(goChecks[i].Data)}, js[i]) {
			t.Fatalf("registry check %d differs\n go: %+v\njs: %+v", i, goChecks[i], js[i])
		}
	}
}

func goCall(c contractCall) call {
	return call{To: c.To, Data: hexString(c.Data), Value: c.Value}
}

func revokeCall(t *testing.T, s *scheme.Session) call {
	raw, err := New().Revoke(s)
	if err != nil {
		t.Fatal(err)
	}
	var r struct {
		RevokeCall call `json:"revokeCall"`
	}
	if err := json.Unmarshal(raw, &r); err != nil {
		t.Fatal(err)
	}
	return r.RevokeCall
}

// sameCall compares addresses exactly (both sides checksum them) and data
// as hex without regard to case.
func sameCall(a, b call) bool {
	return a.To == b.To && strings.EqualFold(a.Data, b.Data) && a.Value == b.Value
}

func mustString(t *testing.T, v any) string { return string(mustJSON(t, v)) }

// zkTypedData builds the typed data viem's getEip712Domain would, with
// JSON-RPC-style values; fields not given take their empty values.
func zkTypedData(chainID int64, fields map[string]any) map[string]any {
	msg := map[string]any{
		"txType": "113", "from": agwAccount.Hex(), "to": "0", "gasLimit": "0", "gasPerPubdataByteLimit": "50000",
		"maxFeePerGas": "0", "maxPriorityFeePerGas": "0", "paymaster": "0", "nonce": 0, "value": "0",
		"data": "0x", "factoryDeps": []any{}, "paymasterInput": "0x",
	}
	for k, v := range fields {
		msg[k] = v
	}
	var tx []any
	for _, f := range transactionFields {
		tx = append(tx, map[string]string{"name": f[0], "type": f[1]})
	}
	return map[string]any{
		"domain":      map[string]any{"name": "zkSync", "version": "2", "chainId": chainID},
		"types":       map[string]any{"Transaction": tx},
		"primaryType": "Transaction",
		"message":     msg,
	}
}

// registryErrorCases are mainnet sessions agw-client refuses: a restricted
// selector without a pinned destination (given in upper case, with the
// index as a plain number, so agw-client's raw checks would miss it if Go
// did not normalize), and registry answers Denied and Unset.
func registryErrorCases(t *testing.T) []*registryErrorCase {
	sk := testKey(t, "session")
	signer := ethtypes.Address(crypto.PubkeyToAddress(sk.PublicKey))
	unpinned := tokenParams()
	unpinned["callPolicies"] = []any{
		tokenParams()["callPolicies"].([]any)[3],
		map[string]any{
			"target": token.Hex(), "selector": "0x095EA7B3", "valueLimit": unlimited, "maxValuePerUse": 0,
			"constraints": []any{constraint(1, "Equal", addrWord(spender), unlimited), constraint(0, "NotEqual", addrWord(spender), unlimited)},
		},
	}
	var out []*registryErrorCase
	for _, c := range []struct {
		params   map[string]any
		statuses []int
	}{
		{unpinned, nil},
		{tokenParams(), []int{1, 1, 1, 2, 1, 1}},
		{allowanceParams(), []int{0, 1, 1}},
		{tokenParams(), []int{1, 1, 1, 1, 1, 3}},
	} {
		out = append(out, &registryErrorCase{
			Chain: ChainAbstract, Account: agwAccount.Hex(), PrivateKey: keyHex(sk),
			Created: unvalidatedConfig(t, signer, c.params), Statuses: c.statuses, params: c.params,
		})
	}
	return out
}

// unvalidatedConfig builds the stored config for params without the
// creation rules, to hand agw-client a session Go would refuse.
func unvalidatedConfig(t *testing.T, signer ethtypes.Address, params map[string]any) json.RawMessage {
	var w createJSON
	if err := json.Unmarshal(mustJSON(t, params), &w); err != nil {
		t.Fatal(err)
	}
	c := &Config{SessionConfig: SessionConfig{Signer: signer, ExpiresAt: uint64(expires.Unix())}, Account: agwAccount, ModuleInstalled: true}
	if err := parsePolicies(&w.policiesJSON, &c.SessionConfig); err != nil {
		t.Fatal(err)
	}
	return mustJSON(t, c)
}

type encodeCase struct {
	name    string
	params  map[string]any
	session json.RawMessage
}

// encodeErrorCases are configs viem's encoder refuses; Go must refuse them
// with viem's words. Each edit is applied to the mint session's call
// policy twice: in the create request Go gets and in the stored config
// agw-client gets.
func encodeErrorCases(t *testing.T, signer ethtypes.Address) []encodeCase {
	longSel, shortRef := "0x40c10f1900", "0x"+strings.Repeat("ab", 31)
	edits := []struct {
		name string
		edit func(p map[string]any)
	}{
		{"selector of 5 bytes", func(p map[string]any) { delete(p, "function"); p["selector"] = longSel }},
		{"bad checksum", func(p map[string]any) { p["target"] = "0xc4822AbB9F05646A9Ce44EFa6dDcda0Bf45595AA" }},
		{"upper-case address", func(p map[string]any) { p["target"] = "0x" + strings.ToUpper(nftTarget.Hex()[2:]) }},
		{"refValue of 31 bytes", func(p map[string]any) {
			k := constraint(0, 1, ethtypes.Hash{}, unlimited)
			k["refValue"] = shortRef
			p["constraints"] = []any{k}
		}},
	}
	var cases []encodeCase
	for _, e := range edits {
		var stored map[string]any
		if err := json.Unmarshal(unvalidatedConfig(t, signer, mintParams()), &stored); err != nil {
			t.Fatal(err)
		}
		e.edit(stored["callPolicies"].([]any)[0].(map[string]any))
		params := mintParams()
		e.edit(params["callPolicies"].([]any)[0].(map[string]any))
		cases = append(cases, encodeCase{name: e.name, params: params, session: mustJSON(t, stored)})
	}
	return cases
}
