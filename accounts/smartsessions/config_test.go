package smartsessions

import (
	"context"
	"encoding/json"
	"errors"
	"math/big"
	"strings"
	"testing"

	"github.com/sessionsigner/sessionsigner/ethtypes"
	"github.com/sessionsigner/sessionsigner/scheme"
)

// base returns a valid create request with one constrained action; each
// bad-config case edits a copy.
func base() map[string]any {
	return map[string]any{
		"scheme": "smartsessions", "chainId": "8453", "expiresAt": testNow.Unix() + 3600,
		"account": testAddr("account").Hex(),
		"actions": []any{map[string]any{
			"target": testAddr("token").Hex(), "function": "transfer(address,uint256)",
			"policies": []any{map[string]any{"type": "universal-action", "rules": []any{
				map[string]any{"condition": "equal", "calldataOffset": "0", "referenceValue": testAddr("recipient").Hex()},
			}}},
		}},
	}
}

func withAction(a map[string]any) map[string]any {
	p := base()
	p["actions"] = []any{a}
	return p
}

func withPolicies(ps ...any) map[string]any {
	p := base()
	p["policies"] = ps
	return p
}

func actionWith(target ethtypes.Address, function string, ps ...any) map[string]any {
	return map[string]any{"target": target.Hex(), "function": function, "policies": ps}
}

func TestCreateRefusesBadConfig(t *testing.T) {
	token := testAddr("token")
	uni := map[string]any{"type": "universal-action", "rules": []any{map[string]any{"condition": "equal", "calldataOffset": "0", "referenceValue": "1"}}}
	rules17 := []any{}
	for i := 0; i < 17; i++ {
		rules17 = append(rules17, map[string]any{"condition": "equal", "calldataOffset": "0", "referenceValue": "1"})
	}
	edit := func(f func(map[string]any)) map[string]any { p := base(); f(p); return p }
	for _, c := range []struct {
		name   string
		params any
		field  string // the ConfigError field, exactly
		phrase string // part of the reason
	}{
		{"not an object", "nope", "", ""},
		{"no account", edit(func(p map[string]any) { delete(p, "account") }), "account", "required"},
		{"bad checksum", edit(func(p map[string]any) { p["account"] = "0x" + strings.ToUpper(testAddr("account").Hex()[2:]) }), "", "checksum"},
		{"misspelt field", edit(func(p map[string]any) { p["polices"] = []any{} }), "polices", "polices"},
		// "other scheme" (a "scheme" member reaching the scheme): see accounts.TestCreateRefusesUnknownFields.
		{"no actions", edit(func(p map[string]any) { delete(p, "actions") }), "actions", "allowSudo"},
		{"action without policies", withAction(map[string]any{"target": token.Hex(), "function": "transfer(address,uint256)"}), "actions[0].policies", "allowSudo"},
		{"explicit sudo action", withAction(actionWith(token, "transfer(address,uint256)", map[string]any{"type": "sudo"})), "actions[0].policies[0]", "allowSudo"},
		{"no selector", withAction(map[string]any{"target": token.Hex(), "policies": []any{uni}}), "actions[0]", "selector"},
		{"function with names", withAction(actionWith(token, "transfer(address to, uint256 amount)", uni)), "actions[0].function", "canonical"},
		{"selector mismatch", withAction(map[string]any{"target": token.Hex(), "function": "transfer(address,uint256)", "selector": "0x12345678", "policies": []any{uni}}), "actions[0].selector", ""},
		{"fallback target", withAction(actionWith(FallbackTarget, "f()", uni)), "actions[0].target", "fallback"},
		{"SmartSession target", withAction(actionWith(SmartSessionAddress, "f()", uni)), "actions[0].target", ""},
		{"zero target", withAction(actionWith(ethtypes.Address{}, "f()", uni)), "actions[0].target", ""},
		{"duplicate action", edit(func(p map[string]any) { a := p["actions"].([]any); p["actions"] = append(a, a[0]) }), "actions[1]", "repeats"},
		{"action policy session-wide", withPolicies(uni), "policies[0]", "action policy"},
		{"unknown policy type", withPolicies(map[string]any{"type": "gas-limit"}), "policies[0].type", ""},
		{"foreign policy field", withPolicies(map[string]any{"type": "usage-limit", "limit": "1", "rules": []any{}}), "policies[0].rules", ""},
		{"unknown policy field", withPolicies(map[string]any{"type": "usage-limit", "limt": "1"}), "policies[0].limt", "limt"},
		{"no rules", withAction(actionWith(token, "f(uint256)", map[string]any{"type": "universal-action"})), "actions[0].policies[0].rules", ""},
		{"17 rules", withAction(actionWith(token, "f(uint256)", map[string]any{"type": "universal-action", "rules": rules17})), "actions[0].policies[0].rules", ""},
		{"unknown condition", withAction(actionWith(token, "f(uint256)", map[string]any{"type": "universal-action", "rules": []any{map[string]any{"condition": "about", "calldataOffset": "0", "referenceValue": "1"}}})), "actions[0].policies[0]", "condition"},
		{"condition number 7", withAction(actionWith(token, "f(uint256)", map[string]any{"type": "universal-action", "rules": []any{map[string]any{"condition": 7, "calldataOffset": "0", "referenceValue": "1"}}})), "actions[0].policies[0]", "condition"},
		{"empty range", withAction(actionWith(token, "f(uint256)", map[string]any{"type": "universal-action", "rules": []any{map[string]any{"condition": "inRange", "calldataOffset": "0", "referenceValue": "0x" + strings.Repeat("0", 31) + "9" + strings.Repeat("0", 31) + "1"}}})), "actions[0].policies[0].rules[0].referenceValue", "min 9 > max 1"},
		{"zero usage limit", withAction(actionWith(token, "f(uint256)", map[string]any{"type": "universal-action", "rules": []any{map[string]any{"condition": "equal", "calldataOffset": "0", "referenceValue": "1", "usageLimit": "0"}}})), "actions[0].policies[0].rules[0].usageLimit", ""},
		{"reference over 32 bytes", withAction(actionWith(token, "f(uint256)", map[string]any{"type": "universal-action", "rules": []any{map[string]any{"condition": "equal", "calldataOffset": "0", "referenceValue": "0x" + strings.Repeat("ab", 33)}}})), "actions[0].policies[0]", "32 bytes"},
		{"offset over uint64", withAction(actionWith(token, "f(uint256)", map[string]any{"type": "universal-action", "rules": []any{map[string]any{"condition": "equal", "calldataOffset": "18446744073709551616", "referenceValue": "1"}}})), "actions[0].policies[0].rules[0].calldataOffset", ""},
		{"value-only rules", withAction(map[string]any{"target": token.Hex(), "selector": "0xffffffff", "policies": []any{uni}}), "actions[0].policies[0]", "value-only"},
		{"spending limit on a non-token call", withAction(actionWith(token, "deposit(uint256)", map[string]any{"type": "spending-limits", "limits": []any{map[string]any{"token": token.Hex(), "amount": "1"}}})), "actions[0].policies[0]", "transfer"},
		{"spending limit without the target", withAction(actionWith(token, "transfer(address,uint256)", map[string]any{"type": "spending-limits", "limits": []any{map[string]any{"token": testAddr("other").Hex(), "amount": "1"}}})), "actions[0].policies[0]", "must list"},
		{"spending limit 0", withAction(actionWith(token, "transfer(address,uint256)", map[string]any{"type": "spending-limits", "limits": []any{map[string]any{"token": token.Hex(), "amount": "0"}}})), "actions[0].policies[0].limits[0].amount", ""},
		{"spending limit twice", withAction(actionWith(token, "transfer(address,uint256)", map[string]any{"type": "spending-limits", "limits": []any{map[string]any{"token": token.Hex(), "amount": "1"}, map[string]any{"token": token.Hex(), "amount": "2"}}})), "actions[0].policies[0].limits[1].token", "twice"},
		{"milliseconds", withPolicies(map[string]any{"type": "time-frame", "validUntil": (testNow.Unix() + 60) * 1000, "validAfter": 0}), "policies[0].validUntil", "milliseconds"},
		{"empty time frame", withPolicies(map[string]any{"type": "time-frame", "validUntil": 0, "validAfter": 0}), "policies[0]", ""},
		{"inverted time frame", withPolicies(map[string]any{"type": "time-frame", "validUntil": testNow.Unix() + 10, "validAfter": testNow.Unix() + 20}), "policies[0]", "later"},
		{"time frame over", withPolicies(map[string]any{"type": "time-frame", "validUntil": testNow.Unix() - 1}), "time-frame", "past"},
		{"usage limit 0", withPolicies(map[string]any{"type": "usage-limit", "limit": "0"}), "policies[0].limit", ""},
		{"usage limit over uint128", withPolicies(map[string]any{"type": "usage-limit", "limit": new(big.Int).Lsh(big.NewInt(1), 128).String()}), "policies[0].limit", ""},
		{"value limit 0", withPolicies(map[string]any{"type": "value-limit", "limit": 0}), "policies[0].limit", ""},
		{"policy twice", withPolicies(map[string]any{"type": "usage-limit", "limit": "1"}, map[string]any{"type": "usage-limit", "limit": "2"}), "policies[1]", "overwrite"},
		{"17 policies", withPolicies(make([]any, 17)...), "policies", ""},
		{"short salt", edit(func(p map[string]any) { p["salt"] = "0x1234" }), "salt", ""},
		{"account type", edit(func(p map[string]any) { p["accountType"] = "argent" }), "accountType", ""},
		{"chain listed twice", edit(func(p map[string]any) { p["chains"] = []any{map[string]any{"chainId": "8453"}} }), "chains[0].chainId", "twice"},
		{"chain without id", edit(func(p map[string]any) { p["chains"] = []any{map[string]any{"nonce": "1"}} }), "chains[0].chainId", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := create(t, "bad", 8453, c.params)
			var ce *scheme.ConfigError
			if !errors.As(err, &ce) || !errors.Is(err, scheme.ErrInvalidConfig) {
				t.Fatalf("got %v, want a ConfigError", err)
			}
			if ce.Field != c.field || !strings.Contains(ce.Reason, c.phrase) {
				t.Fatalf("got field %q reason %q, want field %q with %q", ce.Field, ce.Reason, c.field, c.phrase)
			}
		})
	}
}

func TestCreateRefusesChainIDOverUint64(t *testing.T) {
	raw, _ := json.Marshal(base())
	_, err := New().Create(context.Background(), scheme.CreateInput{
		Signer: testAddr("signer"), ChainID: new(big.Int).Lsh(big.NewInt(1), 64), CreatedAt: testNow, Params: raw,
	})
	if !errors.Is(err, scheme.ErrInvalidConfig) {
		t.Fatalf("got %v", err)
	}
}

// TestConfigCanonical: the stored config spells out every default, reads
// SDK-style inputs (numbers or strings, condition names or numbers, short
// hex) into one form, and loads back to the same session.
func TestConfigCanonical(t *testing.T) {
	token := testAddr("token")
	s := mustCreate(t, "canonical", 8453, withAction(actionWith(token, "f(uint256,uint256,uint256)",
		map[string]any{"type": "universal-action", "rules": []any{
			map[string]any{"condition": 3, "calldataOffset": 0, "referenceValue": 5},
			map[string]any{"condition": "IN_RANGE", "calldataOffset": "0x20", "referenceValue": "0x10000000000000000000000000000000f"},
			map[string]any{"condition": "notEqual", "calldataOffset": "64", "referenceValue": "0xA"},
		}},
		map[string]any{"type": "time-frame", "validUntil": testNow.Unix() + 60},
	)))
	var cfg map[string]any
	if err := json.Unmarshal(s.session.Config, &cfg); err != nil {
		t.Fatal(err)
	}
	policies := cfg["actions"].([]any)[0].(map[string]any)["policies"].([]any)
	rules := policies[0].(map[string]any)["rules"].([]any)
	want := []map[string]any{
		{"condition": "greaterThanOrEqual", "calldataOffset": "0", "referenceValue": "0x" + strings.Repeat("0", 63) + "5"},
		{"condition": "inRange", "calldataOffset": "32", "referenceValue": "0x" + strings.Repeat("0", 31) + "1" + strings.Repeat("0", 31) + "f"},
		{"condition": "notEqual", "calldataOffset": "64", "referenceValue": "0x" + strings.Repeat("0", 63) + "a"},
	}
	for i, w := range want {
		for k, v := range w {
			if rules[i].(map[string]any)[k] != v {
				t.Errorf("rule %d %s = %v, want %v", i, k, rules[i].(map[string]any)[k], v)
			}
		}
	}
	if policies[0].(map[string]any)["valueLimitPerUse"] != "0" || policies[1].(map[string]any)["validAfter"] != "0" {
		t.Errorf("defaults not written out: %v", policies)
	}
	if cfg["accountType"] != "safe" || cfg["permitERC4337Paymaster"] != true || cfg["ownerValidator"] != OwnableValidatorAddress.Hex() {
		t.Errorf("account defaults not written out: %v", cfg)
	}
	if p := cfg["policies"].([]any); len(p) != 1 || p[0].(map[string]any)["type"] != "sudo" {
		t.Errorf("session-wide default is not [sudo]: %v", p)
	}
	// The stored config, given back as a request, is accepted and yields the
	// same session.
	var again map[string]any
	_ = json.Unmarshal(s.session.Config, &again)
	delete(again, "version")
	delete(again, "ownerValidator")
	again["ownerValidator"] = OwnableValidatorAddress.Hex()
	s2 := mustCreate(t, "canonical", 8453, again)
	if s2.session.ConfigHash != s.session.ConfigHash || string(s2.session.Config) != string(s.session.Config) {
		t.Errorf("re-creating from the stored config changed it:\n%s\n%s", s.session.Config, s2.session.Config)
	}
}

func TestAllowSudoWritesTheFallback(t *testing.T) {
	s := mustCreate(t, "sudo", 1, map[string]any{"account": testAddr("account").Hex(), "allowSudo": true})
	l := mustLoad(t, s)
	if len(l.session.Actions) != 1 || l.session.Actions[0].ActionTarget != FallbackTarget || l.session.Actions[0].ActionTargetSelector != FallbackSelector ||
		len(l.session.Actions[0].ActionPolicies) != 1 || l.session.Actions[0].ActionPolicies[0].Policy != SudoPolicyAddress {
		t.Fatalf("allowSudo without actions is not the fallback action with sudo: %+v", l.session.Actions)
	}
	if generic, _, _ := permissionFlags(l.session, ModeEnable); !generic {
		t.Error("the fallback action must set permitGenericPolicy in the enable digest")
	}
	if _, err := s.sign(t, userOp("any", single(testAddr("anywhere"), 5, []byte{1, 2, 3, 4}))); err != nil {
		t.Fatalf("a sudo session refused a call: %v", err)
	}
}

// FuzzCreate: arbitrary create requests never panic; an accepted one loads
// back, describes, and re-validates.
func FuzzCreate(f *testing.F) {
	for _, p := range []any{base(), withPolicies(map[string]any{"type": "usage-limit", "limit": "3"}),
		map[string]any{"account": testAddr("a").Hex(), "allowSudo": true, "chains": []any{map[string]any{"chainId": 10}}}} {
		raw, _ := json.Marshal(p)
		f.Add(raw)
	}
	f.Add([]byte(`{"account":"0x0000000000000000000000000000000000000001","actions":[{"target":"0x0000000000000000000000000000000000000002","selector":"0xffffffff","policies":[{"type":"value-limit","limit":"1"}]}]}`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		c, err := New().Create(context.Background(), scheme.CreateInput{
			Signer: testAddr("fuzz"), ChainID: big.NewInt(8453), CreatedAt: testNow, ExpiresAt: testNow, Params: raw,
		})
		if err != nil {
			if !errors.Is(err, scheme.ErrInvalidConfig) {
				t.Fatalf("error is not INVALID_CONFIG: %v", err)
			}
			return
		}
		s := &scheme.Session{ChainID: big.NewInt(8453), Signer: testAddr("fuzz"), Now: testNow, Config: c.Config, ConfigHash: c.ConfigHash}
		if _, err := New().Describe(s); err != nil {
			t.Fatalf("accepted config does not describe: %v\n%s", err, c.Config)
		}
	})
}
