package local

import (
	"encoding/json"
	"errors"
	"math/big"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/crypto"
	"github.com/sessionsigner/sessionsigner/ethtypes"
	"github.com/sessionsigner/sessionsigner/scheme"
)

func TestCreateCanonicalConfig(t *testing.T) {
	s := create(t, `{"scheme":"local","chainId":"11124","expiresAt":1750086400,
		"allow":[{"target":"`+strings.ToLower(nftAddr)+`","function":"`+mintSig+`","maxValuePerUse":"0x2386f26fc10000"},
		         {"target":"`+friend+`","selector":"0xA9059CBB"},
		         {"target":"`+friend+`","maxValuePerUse":5}],
		"maxUses":"10","maxTotalValue":"`+ethInWei+`","typedData":false}`)
	want := `{"allow":[` +
		`{"target":"` + nftAddr + `","selector":"0x40c10f19","function":"mint(address,uint256)","maxValuePerUse":"10000000000000000"},` +
		`{"target":"` + friend + `","selector":"0xa9059cbb","maxValuePerUse":"0"},` +
		`{"target":"` + friend + `","maxValuePerUse":"5"}],` +
		`"maxUses":10,"maxTotalValue":"1000000000000000000","messages":true,"rawHash":false}`
	if string(s.Config) != want {
		t.Fatalf("canonical config:\n got  %s\n want %s", s.Config, want)
	}
	if s.ConfigHash != ethtypes.Hash(crypto.Keccak256Hash([]byte(want))) {
		t.Fatal("ConfigHash is not keccak256 of the canonical config")
	}
	if string(s.State) != `{"uses":0,"totalValue":"0"}` {
		t.Fatalf("initial state %s", s.State)
	}
	// The canonical form reads back to itself.
	again, err := New().Create(testCtx, scheme.CreateInput{ChainID: big.NewInt(1), Params: s.Config})
	if err != nil || string(again.Config) != want {
		t.Fatalf("re-parse of canonical config: %s, %v", again.Config, err)
	}
}

func TestCreateRejects(t *testing.T) {
	many := "[" + strings.Repeat(`{"target":"`+friend+`","selector":"0x00000001"},`, maxAllow) + `{"target":"` + nftAddr + `","maxValuePerUse":"1"}]`
	rows := []struct{ name, params, field, want string }{
		{"not object", `[]`, "", "JSON object"},
		{"null", `null`, "", "JSON object"},
		{"unknown field", `{"allow":[],"maxUse":3}`, "maxUse", "unknown field"},
		{"case-folded field", `{"Allow":[]}`, "Allow", "unknown field"},
		{"allow not list", `{"allow":{}}`, "allow", "list"},
		{"entry not object", `{"allow":[1]}`, "allow[0]", "JSON object"},
		{"entry unknown field", `{"allow":[{"target":"` + friend + `","maxValuePerUse":"1","value":"1"}]}`, "allow[0].value", "unknown field"},
		{"no target", `{"allow":[{"maxValuePerUse":"1"}]}`, "allow[0].target", "must be a string"},
		{"target null", `{"allow":[{"target":null,"maxValuePerUse":"1"}]}`, "allow[0].target", "must be a string"},
		{"bad target", `{"allow":[{"target":"0x1234","maxValuePerUse":"1"}]}`, "allow[0].target", "40 hex digits"},
		{"bad checksum", `{"allow":[{"target":"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD","maxValuePerUse":"1"}]}`, "allow[0].target", "checksum"},
		{"selector short", `{"allow":[{"target":"` + friend + `","selector":"0x40c10f"}]}`, "allow[0].selector", "8 hex digits"},
		{"selector no 0x", `{"allow":[{"target":"` + friend + `","selector":"40c10f19"}]}`, "allow[0].selector", "8 hex digits"},
		{"selector not hex", `{"allow":[{"target":"` + friend + `","selector":"0x40c10fzz"}]}`, "allow[0].selector", "8 hex digits"},
		{"selector number", `{"allow":[{"target":"` + friend + `","selector":1}]}`, "allow[0].selector", "must be a string"},
		{"function spaces", `{"allow":[{"target":"` + friend + `","function":"mint(address, uint256)"}]}`, "allow[0].function", "no spaces"},
		{"function alias", `{"allow":[{"target":"` + friend + `","function":"mint(address,uint)"}]}`, "allow[0].function", "uint256"},
		{"function names", `{"allow":[{"target":"` + friend + `","function":"mint(address to)"}]}`, "allow[0].function", "no spaces or names"},
		{"function no parens", `{"allow":[{"target":"` + friend + `","function":"mint"}]}`, "allow[0].function", "name(type1,type2)"},
		{"function unclosed", `{"allow":[{"target":"` + friend + `","function":"mint(address"}]}`, "allow[0].function", "missing )"},
		{"function trailing", `{"allow":[{"target":"` + friend + `","function":"mint()x"}]}`, "allow[0].function", "after the parameter list"},
		{"function bad type", `{"allow":[{"target":"` + friend + `","function":"mint(uint7)"}]}`, "allow[0].function", "unknown type"},
		{"function plus size", `{"allow":[{"target":"` + friend + `","function":"mint(uint+8)"}]}`, "allow[0].function", "unknown type"},
		{"function bad array", `{"allow":[{"target":"` + friend + `","function":"f(uint8[0])"}]}`, "allow[0].function", "array length"},
		{"selector mismatch", `{"allow":[{"target":"` + friend + `","function":"mint(address,uint256)","selector":"0xa9059cbb"}]}`, "allow[0].selector", "not the selector"},
		{"duplicate call", `{"allow":[{"target":"` + friend + `","function":"` + mintSig + `"},{"target":"` + strings.ToLower(friend) + `","selector":"0x40C10F19"}]}`, "allow[1]", "duplicates allow[0]"},
		{"duplicate transfer", `{"allow":[{"target":"` + friend + `","maxValuePerUse":"1"},{"target":"` + friend + `","maxValuePerUse":"2"}]}`, "allow[1]", "duplicates allow[0]"},
		{"transfer without max", `{"allow":[{"target":"` + friend + `"}]}`, "allow[0].maxValuePerUse", "required"},
		{"negative value", `{"allow":[{"target":"` + friend + `","maxValuePerUse":"-1"}]}`, "allow[0].maxValuePerUse", "decimal or 0x-hex"},
		{"fraction value", `{"allow":[{"target":"` + friend + `","maxValuePerUse":0.5}]}`, "allow[0].maxValuePerUse", "non-negative integer"},
		{"value too big", `{"allow":[{"target":"` + friend + `","maxValuePerUse":"0x1` + strings.Repeat("0", 64) + `"}]}`, "allow[0].maxValuePerUse", "256 bits"},
		{"maxUses zero", `{"allow":[],"maxUses":0}`, "maxUses", "between 1"},
		{"maxUses negative", `{"allow":[],"maxUses":-3}`, "maxUses", "non-negative"},
		{"maxUses huge", `{"allow":[],"maxUses":"0x20000000000001"}`, "maxUses", "between 1"},
		{"maxUses string junk", `{"allow":[],"maxUses":"ten"}`, "maxUses", "decimal"},
		{"maxTotalValue null", `{"allow":[],"maxTotalValue":null}`, "maxTotalValue", ""},
		{"messages not bool", `{"messages":"yes"}`, "messages", "true or false"},
		{"typedData null", `{"typedData":null}`, "typedData", "must be a list"},
		{"rawHash number", `{"rawHash":1}`, "rawHash", "true or false"},
		{"allows nothing", `{"messages":false}`, "allow", "sign nothing"},
		{"too many entries", `{"allow":` + many + `}`, "allow", "more than"},
		{"too large", `{"allow":[],"scheme":"` + strings.Repeat("x", maxConfigBytes) + `"}`, "", "larger than"},
	}
	for _, r := range rows {
		_, err := New().Create(testCtx, scheme.CreateInput{ChainID: big.NewInt(1), Params: json.RawMessage(r.params)})
		var ce *scheme.ConfigError
		if !errors.As(err, &ce) || !errors.Is(err, scheme.ErrInvalidConfig) {
			t.Errorf("%s: err = %v, want a ConfigError", r.name, err)
			continue
		}
		if ce.Field != r.field || !strings.Contains(ce.Reason, r.want) {
			t.Errorf("%s: field %q reason %q; want field %q mentioning %q", r.name, ce.Field, ce.Reason, r.field, r.want)
		}
	}
}
