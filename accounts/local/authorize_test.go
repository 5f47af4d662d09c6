package local

import (
	"encoding/json"
	"errors"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/sessionsigner/sessionsigner/ethsign"
	"github.com/sessionsigner/sessionsigner/ethtypes"
	"github.com/sessionsigner/sessionsigner/internal/ethcrypto"
	"github.com/sessionsigner/sessionsigner/internal/sigtest"
	"github.com/sessionsigner/sessionsigner/scheme"
)

// gameConfig: mint on the NFT contract (up to 0.01 ETH), transfers to a
// friend (up to 1 ETH each), 1 ETH in total, default message/typed-data
// rules.
const gameConfig = `{"scheme":"local","chainId":"11124","expiresAt":1750086400,
	"allow":[{"target":"` + nftAddr + `","function":"` + mintSig + `","maxValuePerUse":"` + centInWei + `"},
	         {"target":"` + friend + `","maxValuePerUse":"` + ethInWei + `"}],
	"maxTotalValue":"` + ethInWei + `"}`

func typedReq(domain string) string {
	return `{"type":"typedData","typedData":{"types":{"Move":[{"name":"x","type":"uint8"}]},"primaryType":"Move","domain":` + domain + `,"message":{"x":3}}}`
}

// moveRule lists the Move typed data of typedReq for the NFT contract.
const moveRule = `"typedData":[{"verifyingContract":"` + nftAddr + `","primaryType":"Move"}]`

func TestAuthorizeRefusals(t *testing.T) {
	rows := []struct{ name, config, req, rule string }{
		{"wrong chain tx", gameConfig, strings.Replace(txReq(mintCall), `"chainId":11124`, `"chainId":1`, 1), RuleChainID},
		{"contract creation", gameConfig, txReq(`,"data":"0x6000"`), RuleTarget},
		{"unknown target", gameConfig, txReq(`,"to":"` + stranger + `"`), RuleTarget},
		{"unknown selector", gameConfig, txReq(`,"to":"` + nftAddr + `","data":"0xa9059cbb00"`), RuleSelector},
		{"short calldata", gameConfig, txReq(`,"to":"` + nftAddr + `","data":"0x40c10f"`), RuleSelector},
		{"transfer to call-only target", gameConfig, txReq(`,"to":"` + nftAddr + `","value":"1"`), RuleSelector},
		{"call on transfer-only target", gameConfig, txReq(`,"to":"` + friend + `","data":"0x40c10f19"`), RuleSelector},
		{"mint value too high", gameConfig, txReq(mintCall + `,"value":"10000000000000001"`), RuleValuePerUse},
		{"transfer too high", gameConfig, txReq(`,"to":"` + friend + `","value":"1000000000000000001"`), RuleValuePerUse},
		{"call without ETH allowance", `{"allow":[{"target":"` + nftAddr + `","function":"` + mintSig + `"}]}`, txReq(mintCall + `,"value":"1"`), RuleValuePerUse},
		{"typed data wrong chain", `{"allow":[],` + moveRule + `}`, typedReq(`{"chainId":1,"verifyingContract":"` + nftAddr + `"}`), RuleChainID},
		{"typed data other contract", `{"allow":[],` + moveRule + `}`, typedReq(`{"chainId":11124,"verifyingContract":"` + stranger + `"}`), RuleTypedData},
		{"typed data no contract", `{"allow":[],` + moveRule + `}`, typedReq(`{"name":"x","chainId":11124}`), RuleTypedData},
		{"typed data for an allowed call target, not listed", gameConfig, typedReq(`{"chainId":11124,"verifyingContract":"` + nftAddr + `"}`), RuleTypedData},
		{"token permit for an allowed contract", gameConfig, `{"type":"typedData","typedData":{"types":{"Permit":[{"name":"owner","type":"address"},{"name":"spender","type":"address"},{"name":"value","type":"uint256"},{"name":"nonce","type":"uint256"},{"name":"deadline","type":"uint256"}]},"primaryType":"Permit","domain":{"chainId":11124,"verifyingContract":"` + nftAddr + `"},"message":{"owner":"` + friend + `","spender":"` + stranger + `","value":"1","nonce":"0","deadline":"1"}}}`, RuleTypedData},
		{"typed data without chainId", `{"allow":[],` + moveRule + `}`, typedReq(`{"verifyingContract":"` + nftAddr + `"}`), RuleChainID},
		{"messages off", `{"allow":[{"target":"` + friend + `","maxValuePerUse":"1"}],"messages":false}`, `{"type":"message","message":"hi"}`, RuleMessages},
		{"raw hash off", gameConfig, `{"type":"hash","hash":"0x` + strings.Repeat("11", 32) + `"}`, RuleRawHash},
	}
	for _, r := range rows {
		s := create(t, r.config)
		before := string(s.State)
		_, err := authorize(t, s, r.req)
		if got := ruleOf(err); got != r.rule || !errors.Is(err, scheme.ErrPolicyViolation) {
			t.Errorf("%s: err = %v (rule %q), want rule %q", r.name, err, got, r.rule)
		}
		if string(s.State) != before {
			t.Errorf("%s: a refusal changed the state", r.name)
		}
	}
}

func TestAuthorizeBadRequests(t *testing.T) {
	s := create(t, `{"allow":[{"target":"`+friend+`","maxValuePerUse":"1"}],`+moveRule+`,"rawHash":true}`)
	for name, req := range map[string]string{
		"user operation":   `{"type":"userOperation","userOpHash":"0x00"}`,
		"unknown type":     `{"type":"launchMissiles"}`,
		"hash short":       `{"type":"hash","hash":"0x1234"}`,
		"hash missing":     `{"type":"hash"}`,
		"message missing":  `{"type":"message"}`,
		"message number":   `{"type":"message","message":5}`,
		"typed missing":    `{"type":"typedData"}`,
		"typed broken":     `{"type":"typedData","typedData":{"types":{}}}`,
		"tx missing":       `{"type":"transaction"}`,
		"tx broken":        `{"type":"transaction","transaction":{"to":"` + friend + `"}}`,
		"tx legacy":        txReq(`,"to":"` + friend + `","gasPrice":"1"`),
		"request is array": `[]`,
	} {
		var head struct{ Type string }
		json.Unmarshal([]byte(req), &head)
		_, err := New().Authorize(testCtx, s, scheme.Request{Type: head.Type, Raw: json.RawMessage(req)})
		var re *scheme.RequestError
		if !errors.As(err, &re) || !errors.Is(err, scheme.ErrInvalidRequest) {
			t.Errorf("%s: err = %v, want a RequestError", name, err)
		}
	}
}

// TestAuthorizePlans checks that every permitted request yields the digest
// ethsign computes for it, that the vault's signature over that digest
// recovers the session key, and that a transaction's Finish is the signed
// serialization.
func TestAuthorizePlans(t *testing.T) {
	key, _ := ethcrypto.ParseKey(common.FromHex("0x8da4ef21b864d2cc526dbdb2a120bd2874c36c9d0a1fb7f8c63d7f7a8b41de8f"))
	addr := ethcrypto.KeyAddress(key)
	s := create(t, `{"allow":[{"target":"`+nftAddr+`","function":"`+mintSig+`","maxValuePerUse":"`+centInWei+`"},
		{"target":"`+friend+`","maxValuePerUse":"`+ethInWei+`"}],"rawHash":true,"maxUses":100,`+moveRule+`}`)

	hash := "0x" + strings.Repeat("ab", 32)
	td := `{"types":{"Move":[{"name":"x","type":"uint8"}]},"primaryType":"Move","domain":{"chainId":"11124","verifyingContract":"` + nftAddr + `"},"message":{"x":3}}`
	mint := `{"chainId":11124,"nonce":1,"gas":"100000","maxFeePerGas":"100","maxPriorityFeePerGas":"1"` + mintCall + `,"value":"` + centInWei + `"}`
	transfer := `{"chainId":"0x2b74","nonce":"0x2","gas":21000,"maxFeePerGas":"0x64","maxPriorityFeePerGas":"0","to":"` + friend + `","value":"` + ethInWei + `","data":"0x"}`

	parsedTD, err := ethsign.ParseTypedData([]byte(td))
	if err != nil {
		t.Fatal(err)
	}
	txDigest := func(raw string) ethtypes.Hash {
		tx, err := ethsign.ParseTx1559([]byte(raw))
		if err != nil {
			t.Fatal(err)
		}
		h, _ := tx.SigningHash()
		return h
	}
	rows := []struct {
		name, req string
		digest    ethtypes.Hash
		tx        string
	}{
		{"hash", `{"type":"hash","hash":"` + hash + `"}`, ethtypes.Hash(common.HexToHash(hash)), ""},
		{"message", `{"type":"message","message":"gm ☀"}`, ethsign.MessageHash([]byte("gm ☀")), ""},
		{"raw message", `{"type":"message","message":{"raw":"0x0001"}}`, ethsign.MessageHash([]byte{0, 1}), ""},
		{"typed data listed", `{"type":"typedData","typedData":` + td + `}`, parsedTD.Hash(), ""},
		{"mint", `{"type":"transaction","transaction":` + mint + `}`, txDigest(mint), mint},
		{"transfer", `{"type":"transaction","transaction":` + transfer + `}`, txDigest(transfer), transfer},
	}
	for _, r := range rows {
		p, err := authorize(t, s, r.req)
		if err != nil {
			t.Errorf("%s: %v", r.name, err)
			continue
		}
		if p.Digest != r.digest {
			t.Errorf("%s: digest %s, want %s", r.name, p.Digest, r.digest)
		}
		sig := ethcrypto.Sign(key, p.Digest)
		if from, err := sigtest.Recover(p.Digest, sig); err != nil || from != addr {
			t.Fatalf("%s: recover: %v", r.name, err)
		}
		if r.tx == "" {
			if p.Finish != nil {
				t.Errorf("%s: want the bare signature (nil Finish)", r.name)
			}
			continue
		}
		out, err := p.Finish(sig)
		if err != nil {
			t.Fatalf("%s: Finish: %v", r.name, err)
		}
		tx, _ := ethsign.ParseTx1559([]byte(r.tx))
		want, _ := tx.Serialize(sig)
		if string(out) != string(want) {
			t.Errorf("%s: Finish returned %x, want %x", r.name, out, want)
		}
	}
	if got := string(s.State); got != `{"uses":6,"totalValue":"1010000000000000000"}` {
		t.Errorf("state after six signatures: %s", got)
	}
}

// TestNoLimitsNoWrites: a session without maxUses or maxTotalValue has no
// counter to enforce, so signing returns no state and costs no storage write.
func TestNoLimitsNoWrites(t *testing.T) {
	s := create(t, `{"allow":[{"target":"`+friend+`","maxValuePerUse":"400"}]}`)
	for _, req := range []string{`{"type":"message","message":"x"}`, txReq(`,"to":"` + friend + `","value":"400"`)} {
		p, err := authorize(t, s, req)
		if err != nil {
			t.Fatal(err)
		}
		if p.State != nil {
			t.Fatalf("%s: state %s for a session without limits", req, p.State)
		}
	}
}

func TestCountersProgress(t *testing.T) {
	s := create(t, `{"allow":[{"target":"`+friend+`","maxValuePerUse":"400"}],"maxUses":4,"maxTotalValue":"1000"}`)
	send := func(v string) error {
		_, err := authorize(t, s, txReq(`,"to":"`+friend+`","value":"`+v+`"`))
		return err
	}
	for i, v := range []string{"400", "400"} {
		if err := send(v); err != nil {
			t.Fatalf("transfer %d: %v", i, err)
		}
	}
	if err := send("201"); ruleOf(err) != RuleTotalValue {
		t.Fatalf("201 more after 800 of 1000: %v, want totalValue", err)
	}
	if err := send("200"); err != nil {
		t.Fatalf("exactly reaching the total: %v", err)
	}
	if got := string(s.State); got != `{"uses":3,"totalValue":"1000"}` {
		t.Fatalf("state %s", got)
	}
	if _, err := authorize(t, s, `{"type":"message","message":"last one"}`); err != nil {
		t.Fatalf("message within maxUses: %v", err)
	}
	if _, err := authorize(t, s, `{"type":"message","message":"one too many"}`); ruleOf(err) != RuleUses {
		t.Fatalf("fifth signature: %v, want uses", err)
	}
	if got := string(s.State); got != `{"uses":4,"totalValue":"1000"}` {
		t.Fatalf("state %s", got)
	}
}

func TestAuthorizeExpiryAndStoredData(t *testing.T) {
	s := create(t, gameConfig)
	s.Now = s.ExpiresAt
	if _, err := authorize(t, s, `{"type":"message","message":"late"}`); ruleOf(err) != RuleExpiry {
		t.Fatalf("at expiry: %v, want expiry", err)
	}
	s.Now = s.ExpiresAt.Add(-time.Second)
	if _, err := authorize(t, s, `{"type":"message","message":"just in time"}`); err != nil {
		t.Fatalf("a second before expiry: %v", err)
	}
	for name, mutate := range map[string]func(*scheme.Session){
		"state garbage":     func(s *scheme.Session) { s.State = json.RawMessage(`{"uses":"x","totalValue":"0"}`) },
		"state extra field": func(s *scheme.Session) { s.State = json.RawMessage(`{"uses":1,"totalValue":"0","x":1}`) },
		"state negative":    func(s *scheme.Session) { s.State = json.RawMessage(`{"uses":-1,"totalValue":"0"}`) },
		"config garbage":    func(s *scheme.Session) { s.Config = json.RawMessage(`{"allow":5}`) },
		"no chain":          func(s *scheme.Session) { s.ChainID = nil },
	} {
		c := create(t, gameConfig)
		mutate(c)
		if _, err := authorize(t, c, `{"type":"message","message":"x"}`); !errors.Is(err, scheme.ErrCorruptStored) {
			t.Errorf("%s: err = %v, want CORRUPT_RECORD (scheme.ErrCorruptStored)", name, err)
		}
	}
	// A session stored without state starts from zero.
	c := create(t, gameConfig)
	c.State = nil
	if p, err := authorize(t, c, `{"type":"message","message":"x"}`); err != nil || (p.State != nil && string(p.State) != `{"uses":1,"totalValue":"0"}`) {
		t.Fatalf("nil state: %v", err)
	}
}

func TestTotalValueSaturates(t *testing.T) {
	max := new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1)).String()
	s := create(t, `{"maxTotalValue":"`+max+`","allow":[{"target":"`+friend+`","maxValuePerUse":"`+max+`"}]}`)
	if _, err := authorize(t, s, txReq(`,"to":"`+friend+`","value":"`+max+`"`)); err != nil {
		t.Fatal(err)
	}
	if _, err := authorize(t, s, txReq(`,"to":"`+friend+`","value":"1"`)); ruleOf(err) != RuleTotalValue {
		t.Fatalf("past the total: %v", err)
	}
	if _, err := loadState(s.State); err != nil {
		t.Fatalf("state unreadable after huge transfers: %v (%s)", err, s.State)
	}
}

// TestTypedDataAnyIsGone: typedData: true used to sign any typed data from
// any contract (issue 9); it is now refused at create, with the way forward.
func TestTypedDataAnyIsGone(t *testing.T) {
	_, err := New().Create(testCtx, scheme.CreateInput{Params: json.RawMessage(`{"allow":[],"typedData":true,"messages":false}`)})
	if !errors.Is(err, scheme.ErrInvalidConfig) || !strings.Contains(err.Error(), "verifyingContract, primaryType") {
		t.Fatalf("typedData: true: %v", err)
	}
}
