package abstract

import (
	"context"
	"encoding/json"
	"errors"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/crypto"
	"github.com/sessionsigner/sessionsigner/ethtypes"

	"github.com/sessionsigner/sessionsigner/scheme"
)

// editPolicy returns mintParams with its call policy edited.
func editPolicy(edit func(p map[string]any)) map[string]any {
	params := mintParams()
	edit(params["callPolicies"].([]any)[0].(map[string]any))
	return params
}

func withParam(key string, v any) map[string]any {
	params := mintParams()
	params[key] = v
	return params
}

func withConstraint(k map[string]any) map[string]any {
	return editPolicy(func(p map[string]any) { p["constraints"] = []any{k} })
}

func TestBadConfigs(t *testing.T) {
	signer := ethtypes.Address(crypto.PubkeyToAddress(testKey(t, "session").PublicKey))
	approve := func(constraints ...any) map[string]any {
		return editPolicy(func(p map[string]any) {
			delete(p, "function")
			p["target"], p["selector"], p["constraints"] = token.Hex(), "0x095ea7b3", constraints
		})
	}
	dup := mintParams()
	dup["callPolicies"] = append(dup["callPolicies"].([]any), mintParams()["callPolicies"].([]any)[0])
	dupTransfer := allowanceParams()
	dupTransfer["transferPolicies"] = append(dupTransfer["transferPolicies"].([]any), dupTransfer["transferPolicies"].([]any)[0])
	many := mintParams()
	for i := 0; i <= maxCallPolicies; i++ {
		many["callPolicies"] = append(many["callPolicies"].([]any), mintParams()["callPolicies"].([]any)[0])
	}
	cases := []struct {
		name   string
		chain  int64
		signer ethtypes.Address
		params map[string]any
		field  string
		want   string
	}{
		{"zero signer", ChainAbstractTestnet, ethtypes.Address{}, mintParams(), "signer", "Invalid signer"},
		{"unlimited fees", ChainAbstractTestnet, signer, withParam("feeLimit", unlimited), "feeLimit", "Unlimited fee allowance is not safe"},
		{"fee limit missing", ChainAbstractTestnet, signer, withParam("feeLimit", nil), "feeLimit", "is required"},
		{"allowance without period", ChainAbstractTestnet, signer, editPolicy(func(p map[string]any) { p["valueLimit"] = limit("Allowance", 5, 0) }),
			"callPolicies[0].valueLimit.period", "at least 1 second"},
		{"fee allowance without period", ChainAbstractTestnet, signer, withParam("feeLimit", limit(2, 5, "0")), "feeLimit.period", "at least 1 second"},
		{"selector of 3 bytes", ChainAbstractTestnet, signer, editPolicy(func(p map[string]any) { delete(p, "function"); p["selector"] = "0x40c10f" }),
			"callPolicies[0].selector", `Size of bytes "0x40c10f" (bytes3) does not match expected size (bytes4).`},
		{"refValue of 33 bytes", ChainAbstractTestnet, signer, withConstraint(map[string]any{"index": 0, "condition": 1, "refValue": "0x" + strings.Repeat("00", 33), "limit": unlimited}),
			"callPolicies[0].constraints[0].refValue", "(bytes33) does not match expected size (bytes32)"},
		{"condition 7", ChainAbstractTestnet, signer, withConstraint(constraint(0, 7, ethtypes.Hash{}, unlimited)), "callPolicies[0].constraints[0].condition", "out of range"},
		{"condition name", ChainAbstractTestnet, signer, withConstraint(constraint(0, "Bigger", ethtypes.Hash{}, unlimited)), "callPolicies[0].constraints[0].condition", "out of range"},
		{"limit type 3", ChainAbstractTestnet, signer, editPolicy(func(p map[string]any) { p["valueLimit"] = limit(3, 0, 0) }), "callPolicies[0].valueLimit.limitType", "out of range"},
		{"limit as a number", ChainAbstractTestnet, signer, withConstraint(map[string]any{"index": 0, "condition": 0, "refValue": ethtypes.Hash{}.Hex(), "limit": 0}),
			"callPolicies[0].constraints[0].limit", "must be an object"},
		{"index beyond uint64", ChainAbstractTestnet, signer, withConstraint(constraint("18446744073709551616", 1, ethtypes.Hash{}, unlimited)), "callPolicies[0].constraints[0].index", "uint64"},
		{"misspelled constraints", ChainAbstractTestnet, signer, editPolicy(func(p map[string]any) { p["constraint"] = p["constraints"]; delete(p, "constraints") }),
			"callPolicies[0].constraint", `unknown field "constraint"`},
		{"no selector", ChainAbstractTestnet, signer, editPolicy(func(p map[string]any) { delete(p, "function") }), "callPolicies[0].selector", "is required"},
		{"function and selector disagree", ChainAbstractTestnet, signer, editPolicy(func(p map[string]any) { p["selector"] = "0xa9059cbb" }),
			"callPolicies[0].function", "has selector 0x40c10f19, not 0xa9059cbb"},
		{"function not canonical", ChainAbstractTestnet, signer, editPolicy(func(p map[string]any) { p["function"] = "mint(address to, uint256)" }),
			"callPolicies[0].function", "canonical"},
		{"maxValuePerUse missing", ChainAbstractTestnet, signer, editPolicy(func(p map[string]any) { delete(p, "maxValuePerUse") }), "callPolicies[0].maxValuePerUse", "is required"},
		{"negative value", ChainAbstractTestnet, signer, editPolicy(func(p map[string]any) { p["maxValuePerUse"] = "-1" }), "callPolicies[0].maxValuePerUse", "decimal or 0x-hex"},
		{"fractional value", ChainAbstractTestnet, signer, editPolicy(func(p map[string]any) { p["maxValuePerUse"] = 1.5 }), "callPolicies[0].maxValuePerUse", "non-negative integer"},
		{"bad checksum", ChainAbstractTestnet, signer, editPolicy(func(p map[string]any) { p["target"] = "0xc4822AbB9F05646A9Ce44EFa6dDcda0Bf45595AA" }),
			"callPolicies[0].target", `Address "0xc4822AbB9F05646A9Ce44EFa6dDcda0Bf45595AA" is invalid.`},
		{"call to self", ChainAbstractTestnet, signer, editPolicy(func(p map[string]any) { p["target"] = agwAccount.Hex() }), "callPolicies[0].target", "Can not target self"},
		{"call to validator", ChainAbstractTestnet, signer, editPolicy(func(p map[string]any) { p["target"] = ValidatorAddress.Hex() }), "callPolicies[0].target", "Can not manage session keys"},
		{"duplicate call policy", ChainAbstractTestnet, signer, dup, "callPolicies[1]", "repeats the target and selector of callPolicies[0]"},
		{"duplicate transfer policy", ChainAbstractTestnet, signer, dupTransfer, "transferPolicies[2]", "repeats the target of transferPolicies[0]"},
		{"too many policies", ChainAbstractTestnet, signer, many, "callPolicies", "at most 256"},
		{"other chain", 1, signer, mintParams(), "chainId", "Invalid chain specified"},
		{"no account", ChainAbstractTestnet, signer, withParam("account", nil), "account", "is required"},
		{"zero account", ChainAbstractTestnet, signer, withParam("account", ethtypes.Address{}.Hex()), "account", "zero address"},
		{"chosen signer", ChainAbstractTestnet, signer, withParam("signer", friend.Hex()), "signer", "leave it out"},
		{"unpinned approve", ChainAbstract, signer, approve(), "callPolicies[0]",
			"Unconstrained token approval/transfer destination in call policy. Selector: 0x095ea7b3; Target: " + token.Hex()},
		{"approve pinned at argument 1 only", ChainAbstract, signer, approve(constraint(1, "Equal", addrWord(spender), unlimited)), "callPolicies[0]", "Unconstrained"},
		{"approve with NotEqual at 0", ChainAbstract, signer, approve(constraint(0, "NotEqual", addrWord(spender), unlimited)), "callPolicies[0]", "Unconstrained"},
		{"upper-case selector is still checked", ChainAbstract, signer, editPolicy(func(p map[string]any) {
			delete(p, "function")
			p["target"], p["selector"] = token.Hex(), "0xA9059CBB"
		}), "callPolicies[0]", "Selector: 0xa9059cbb"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := create(t, c.chain, c.signer, c.params, nil)
			configErr(t, err, c.field, c.want)
			if !errors.Is(err, scheme.ErrInvalidConfig) {
				t.Fatal("does not wrap ErrInvalidConfig")
			}
		})
	}

	t.Run("expiry in the past", func(t *testing.T) {
		in := scheme.CreateInput{Signer: signer, ChainID: big.NewInt(ChainAbstractTestnet), CreatedAt: created,
			ExpiresAt: created.Add(-time.Second), Params: mustJSON(t, mintParams())}
		_, err := New().Create(context.Background(), in)
		configErr(t, err, "expiresAt", "is in the past")
	})
	t.Run("not an object", func(t *testing.T) {
		in := scheme.CreateInput{Signer: signer, ChainID: big.NewInt(ChainAbstractTestnet), CreatedAt: created, ExpiresAt: expires, Params: []byte(`[1]`)}
		_, err := New().Create(context.Background(), in)
		configErr(t, err, "", "JSON object")
	})
}

// TestNormalizedConfigs: inputs agw-client's raw checks would misread are
// normalized, and the same session written differently hashes the same.
func TestNormalizedConfigs(t *testing.T) {
	signer := ethtypes.Address(crypto.PubkeyToAddress(testKey(t, "session").PublicKey))
	pinned := func(index any, cond any, sel string) map[string]any {
		return editPolicy(func(p map[string]any) {
			delete(p, "function")
			p["target"], p["selector"] = strings.ToLower(token.Hex()), sel
			p["constraints"] = []any{constraint(index, cond, addrWord(spender), limit("Unlimited", "0", "0"))}
		})
	}
	a := mustCreate(t, ChainAbstract, signer, pinned(0, "Equal", "0x095ea7b3"))
	b := mustCreate(t, ChainAbstract, signer, pinned("0x0", 1, "0x095EA7B3"))
	c := mustCreate(t, ChainAbstract, signer, pinned("0", "equal", "0x095ea7b3"))
	if a.ConfigHash != b.ConfigHash || a.ConfigHash != c.ConfigHash || string(a.Config) != string(b.Config) || string(a.Config) != string(c.Config) {
		t.Fatalf("spellings of one session differ:\n%s\n%s\n%s", a.Config, b.Config, c.Config)
	}
	if want := `"selector":"0x095ea7b3"`; !strings.Contains(string(a.Config), want) || !strings.Contains(string(a.Config), token.Hex()) {
		t.Fatalf("config not normalized: %s", a.Config)
	}
	// Testnet does not require pinned destinations (agw-client checks mainnet only).
	unpinned := editPolicy(func(p map[string]any) { delete(p, "function"); p["target"], p["selector"] = token.Hex(), "0x095ea7b3" })
	if _, err := create(t, ChainAbstractTestnet, signer, unpinned, nil); err != nil {
		t.Fatalf("testnet: %v", err)
	}
}

func TestStoredConfigRoundTrip(t *testing.T) {
	signer := ethtypes.Address(crypto.PubkeyToAddress(testKey(t, "session").PublicKey))
	for _, p := range []map[string]any{mintParams(), allowanceParams(), tokenParams(), manyParams(), edgeParams()} {
		s := mustCreate(t, ChainAbstract, signer, p)
		c, err := ParseConfig(s.Config, s.ChainID)
		if err != nil {
			t.Fatal(err)
		}
		again, _ := json.Marshal(c)
		if string(again) != string(s.Config) || c.Hash() != s.ConfigHash {
			t.Fatalf("stored config does not round-trip:\n%s\n%s", s.Config, again)
		}
	}
	// A config edited in storage no longer matches the hash the key is bound
	// to: the stored record is damaged (CORRUPT_RECORD), not the app's config.
	s := mustCreate(t, ChainAbstractTestnet, signer, mintParams())
	s.Config = []byte(strings.Replace(string(s.Config), `"maxValuePerUse":"0"`, `"maxValuePerUse":"1"`, 1))
	if _, err := New().Describe(s); !errors.Is(err, scheme.ErrCorruptStored) {
		t.Fatalf("edited config accepted: %v", err)
	}
}

func TestRegistryHost(t *testing.T) {
	signer := ethtypes.Address(crypto.PubkeyToAddress(testKey(t, "session").PublicKey))
	calls := 0
	answer := func(v any, err error) scheme.HostCall {
		return func(_ context.Context, method string, params json.RawMessage) (json.RawMessage, error) {
			calls++
			var checks []RegistryCheck
			if method != RegistryMethod || json.Unmarshal(params, &checks) != nil || len(checks) != 6 {
				t.Fatalf("host asked %s %s", method, params)
			}
			if err != nil {
				return nil, err
			}
			return mustJSON(t, v), nil
		}
	}
	ok := []any{1, "1", "0x1", 1, 1, 1}
	if _, err := create(t, ChainAbstract, signer, tokenParams(), answer(ok, nil)); err != nil || calls != 1 {
		t.Fatalf("all allowed: %v (host called %d times)", err, calls)
	}
	_, err := create(t, ChainAbstract, signer, tokenParams(), answer([]int{1, 1, 1, 1, 2, 1}, nil))
	configErr(t, err, "registry", "Session key policy violation. Target: "+nftTarget.Hex()+"; Status: Denied")

	hostDown := errors.New("rpc unreachable")
	if _, err := create(t, ChainAbstract, signer, tokenParams(), answer(nil, hostDown)); !errors.Is(err, hostDown) {
		t.Fatalf("host error lost: %v", err)
	}
	for _, bad := range []any{[]int{1, 1}, "allowed", []string{"1", "1", "1", "1", "1", "x"}} {
		if _, err := create(t, ChainAbstract, signer, tokenParams(), answer(bad, nil)); !errors.Is(err, ErrRegistryAnswer) {
			t.Fatalf("answer %v: %v", bad, err)
		}
	}

	calls = 0
	skip := tokenParams()
	skip["registryCheck"] = false
	if _, err := create(t, ChainAbstract, signer, skip, answer([]int{2, 2, 2, 2, 2, 2}, nil)); err != nil || calls != 0 {
		t.Fatalf("registryCheck:false: %v (host called %d times)", err, calls)
	}
	if _, err := create(t, ChainAbstractTestnet, signer, tokenParams(), answer([]int{2, 2, 2, 2, 2, 2}, nil)); err != nil || calls != 0 {
		t.Fatalf("testnet: %v (host called %d times)", err, calls)
	}
}

func TestDescribe(t *testing.T) {
	signer := ethtypes.Address(crypto.PubkeyToAddress(testKey(t, "session").PublicKey))
	hourly := editPolicy(func(p map[string]any) {
		p["maxValuePerUse"], p["valueLimit"] = ether(10), limit("Allowance", ether(10), 3600)
	})
	s := mustCreate(t, ChainAbstractTestnet, signer, hourly)
	d, err := New().Describe(s)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"acts for the Abstract Global Wallet " + agwAccount.Hex() + " on Abstract Testnet (chain 11124)",
		"may call mint(address,uint256) (0x40c10f19) on 0xC4822AbB9F05646A9Ce44EFa6dDcda0Bf45595AA, up to 0.01 ETH per hour",
		"fees: at most 1 ETH in total (fees a paymaster pays are not counted)",
		"expires at 2026-01-31T00:00:00Z",
	}
	if strings.Join(d.Permissions, "\n") != strings.Join(want, "\n") {
		t.Fatalf("permissions:\n%s", strings.Join(d.Permissions, "\n"))
	}
	var det map[string]json.RawMessage
	if err := json.Unmarshal(d.Details, &det); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"sessionHash", "enableCall", "statusCall", "registryChecks", "account"} {
		if _, ok := det[k]; !ok {
			t.Fatalf("details lack %s: %s", k, d.Details)
		}
	}
	if string(det["sessionHash"]) != `"`+s.ConfigHash.Hex()+`"` || string(det["registryChecks"]) != "[]" {
		t.Fatalf("details: %s", d.Details)
	}

	s = mustCreate(t, ChainAbstract, signer, allowanceParams())
	d, err = New().Describe(s)
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Join(d.Permissions, "\n")
	for _, w := range []string{
		"may call " + playSig + " (0x",
		"at most 0.005 ETH per call and up to 0.01 ETH per hour, where argument 0 must be equal to " + agwAccount.Hex(),
		"argument 1 must be greater than 10, adding up to no more than 1000 in total",
		"argument 2 must be less than 100, adding up to no more than 500 per day",
		"argument 4 must be at most 50, adding up to no more than 200 per hour",
		"argument 6 may be anything, adding up to no more than 1000 per 10 minutes",
		"may send ETH to " + friend.Hex() + ", at most 0.1 ETH per transfer and up to 0.5 ETH per week",
		"may send ETH to " + treasury.Hex() + ", up to 1 ETH in total",
		"fees: at most 0.1 ETH per day",
	} {
		if !strings.Contains(all, w) {
			t.Fatalf("permissions lack %q:\n%s", w, all)
		}
	}
}
