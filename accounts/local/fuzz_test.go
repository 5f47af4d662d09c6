package local

import (
	"encoding/json"
	"errors"
	"math/big"
	"testing"

	"github.com/sessionsigner/sessionsigner/scheme"
)

// FuzzCreate: params are refused with a ConfigError, or accepted into a
// canonical config that reads back to exactly itself (what Describe and
// Authorize rely on) and describes without error.
func FuzzCreate(f *testing.F) {
	for _, seed := range []string{
		gameConfig,
		`{"allow":[{"target":"` + nftAddr + `","selector":"0xdeadbeef"}],"maxUses":1,"rawHash":true}`,
		`{"maxUses":"0x10","maxTotalValue":5,"messages":true}`,
		`{"allow":[{"target":"` + friend + `","function":"f((uint8,bool)[2],bytes)","maxValuePerUse":"0x1"}]}`,
		`{"allow":[]}`, `null`, `[]`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, params []byte) {
		c, err := New().Create(testCtx, scheme.CreateInput{ChainID: big.NewInt(1), Params: params})
		if err != nil {
			var ce *scheme.ConfigError
			if !errors.As(err, &ce) {
				t.Fatalf("error is not a ConfigError: %v", err)
			}
			return
		}
		again, err := New().Create(testCtx, scheme.CreateInput{ChainID: big.NewInt(1), Params: c.Config})
		if err != nil || string(again.Config) != string(c.Config) {
			t.Fatalf("canonical config %s does not read back: %v", c.Config, err)
		}
		if _, err := New().Describe(&scheme.Session{Config: c.Config}); err != nil {
			t.Fatal(err)
		}
	})
}

// FuzzAuthorize: any request against a permissive session either yields a
// plan whose state counts one more use, or an error with identity (policy,
// request); it never panics.
func FuzzAuthorize(f *testing.F) {
	for _, seed := range []string{
		txReq(mintCall), txReq(`,"to":"` + friend + `","value":"5"`), txReq(`,"data":"0x00"`),
		`{"type":"message","message":"hi"}`, `{"type":"message","message":{"raw":"0x00"}}`,
		`{"type":"hash","hash":"0x` + "0000000000000000000000000000000000000000000000000000000000000001" + `"}`,
		typedReq(`{"chainId":11124,"verifyingContract":"` + nftAddr + `"}`), typedReq(`{"chainId":"0x1"}`),
		`{"type":"userOperation"}`, `{}`,
	} {
		var head struct{ Type string }
		json.Unmarshal([]byte(seed), &head)
		f.Add(head.Type, []byte(seed))
	}
	base := create(f, `{"allow":[{"target":"`+nftAddr+`","function":"`+mintSig+`","maxValuePerUse":"`+centInWei+`"},
		{"target":"`+friend+`","maxValuePerUse":"`+ethInWei+`"}],"maxUses":1000,"maxTotalValue":"`+ethInWei+`","rawHash":true}`)
	f.Fuzz(func(t *testing.T, typ string, raw []byte) {
		s := *base
		p, err := New().Authorize(testCtx, &s, scheme.Request{Type: typ, Raw: raw})
		if err != nil {
			if !errors.Is(err, scheme.ErrPolicyViolation) && !errors.Is(err, scheme.ErrInvalidRequest) {
				t.Fatalf("error without identity: %v", err)
			}
			return
		}
		st, err := loadState(p.State)
		if err != nil || st.Uses != 1 {
			t.Fatalf("plan state %s: %v", p.State, err)
		}
		// Any 65-byte signature with v = 0 serializes, even r = s = 0.
		if p.Finish != nil {
			if _, err := p.Finish(make([]byte, 65)); err != nil {
				t.Fatalf("Finish: %v", err)
			}
		}
	})
}
