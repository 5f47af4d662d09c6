package abstract

import (
	"context"
	"crypto/ecdsa"
	"encoding/hex"
	"encoding/json"
	"errors"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/sessionsigner/sessionsigner/ethtypes"

	"github.com/sessionsigner/sessionsigner/scheme"
)

// Shared fixtures: deterministic keys and addresses, a fixed clock, and
// helpers that drive the scheme the way the vault does.

var (
	created = time.Unix(1767225600, 0) // 2026-01-01T00:00:00Z
	expires = created.Add(30 * 24 * time.Hour)

	agwAccount = ethtypes.HexToAddress("0x1a2B3c4D5e6F7a8B9c0D1e2F3a4B5c6D7e8F9a0B")
	nftTarget  = ethtypes.HexToAddress("0xC4822AbB9F05646A9Ce44EFa6dDcda0Bf45595AA")
	token      = ethtypes.HexToAddress("0x3439153EB7AF838Ad19d56E1571FBD09333C2809")
	spender    = ethtypes.HexToAddress("0x5407B5040dec3D339A9247f3654E59EEccbb6391")
	friend     = ethtypes.HexToAddress("0x7a250d5630B4cF539739dF2C5dAcb4c659F2488D")
	otherHook  = ethtypes.HexToAddress("0x1111111111111111111111111111111111111111")
)

// testKey is a deterministic session key (never used outside tests).
func testKey(t testing.TB, label string) *ecdsa.PrivateKey {
	t.Helper()
	k, err := crypto.ToECDSA(crypto.Keccak256([]byte("sessionsigner/abstract/test/" + label)))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func keyHex(k *ecdsa.PrivateKey) string { return "0x" + hex.EncodeToString(crypto.FromECDSA(k)) }

// mustJSON marshals v or fails the test.
func mustJSON(t testing.TB, v any) json.RawMessage {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// create runs Scheme.Create as the vault would and returns the session the
// vault would store.
func create(t testing.TB, chainID int64, signer ethtypes.Address, params map[string]any, host scheme.HostCall) (*scheme.Session, error) {
	t.Helper()
	p := map[string]any{"scheme": "abstract", "chainId": chainID, "expiresAt": expires.Unix()}
	for k, v := range params {
		p[k] = v
	}
	part, err := scheme.ParamsOf(mustJSON(t, p)) // as the vault hands it over
	if err != nil {
		t.Fatal(err)
	}
	in := scheme.CreateInput{
		Signer: signer, ChainID: big.NewInt(chainID), CreatedAt: created, ExpiresAt: expires,
		Params: part, Host: host,
	}
	out, err := New().Create(context.Background(), in)
	if err != nil {
		return nil, err
	}
	return &scheme.Session{
		ID: "s1", ChainID: big.NewInt(chainID), Signer: signer, CreatedAt: created, ExpiresAt: expires,
		Now: created.Add(time.Minute), Config: out.Config, ConfigHash: out.ConfigHash, State: out.State,
	}, nil
}

// mustCreate creates a session; on mainnet, where a registry checker is
// required, with one that allows every policy.
func mustCreate(t testing.TB, chainID int64, signer ethtypes.Address, params map[string]any) *scheme.Session {
	t.Helper()
	var host scheme.HostCall
	if chainID == ChainAbstract {
		host = allowAll
	}
	s, err := create(t, chainID, signer, params, host)
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	return s
}

// allowAll is a registry checker that answers Allowed to every check.
func allowAll(_ context.Context, method string, params json.RawMessage) (json.RawMessage, error) {
	var checks []json.RawMessage
	if method != RegistryMethod || json.Unmarshal(params, &checks) != nil {
		return nil, errors.New("allowAll: not a registry check")
	}
	out := make([]int, len(checks))
	for i := range out {
		out[i] = 1
	}
	return json.Marshal(out)
}

// signWith signs a plan's digest as the vault does (v = 27/28) and finishes it.
func signWith(t testing.TB, k *ecdsa.PrivateKey, p *scheme.Plan) []byte {
	t.Helper()
	sig, err := crypto.Sign(p.Digest[:], k)
	if err != nil {
		t.Fatal(err)
	}
	sig[64] += 27
	out, err := p.Finish(sig)
	if err != nil {
		t.Fatalf("finish: %v", err)
	}
	return out
}

func authorize(s *scheme.Session, typ string, req map[string]any) (*scheme.Plan, error) {
	req["type"] = typ
	raw, _ := json.Marshal(req)
	return New().Authorize(context.Background(), s, scheme.Request{Type: typ, Raw: raw})
}

// calldata builds selector ‖ 32-byte words.
func calldata(sig string, words ...ethtypes.Hash) string {
	sel := selectorOf(sig)
	b := append([]byte{}, sel[:]...)
	for _, w := range words {
		b = append(b, w[:]...)
	}
	return hexString(b)
}

func addrWord(a ethtypes.Address) ethtypes.Hash { return ethtypes.BytesToHash(a.Bytes()) }
func numWord(n int64) ethtypes.Hash             { return ethtypes.Hash(common.BigToHash(big.NewInt(n))) }
func hexWord(h ethtypes.Hash) string            { return h.Hex() }

func ether(milli int64) string { // thousandths of an ETH, in wei
	return new(big.Int).Mul(big.NewInt(milli), big.NewInt(1e15)).String()
}

func limit(t any, l, period any) map[string]any {
	return map[string]any{"limitType": t, "limit": l, "period": period}
}

var unlimited = limit("Unlimited", "0", "0")

func constraint(index any, cond any, ref ethtypes.Hash, l map[string]any) map[string]any {
	return map[string]any{"index": index, "condition": cond, "refValue": ref.Hex(), "limit": l}
}

// policyErr asserts err is a *scheme.PolicyError with the rule and a reason
// containing want.
func policyErr(t *testing.T, err error, rule, want string) {
	t.Helper()
	var pe *scheme.PolicyError
	if !errors.As(err, &pe) {
		t.Fatalf("want a policy refusal (%s), got %v", rule, err)
	}
	if pe.Rule != rule || !strings.Contains(pe.Reason, want) {
		t.Fatalf("want rule %q with %q, got rule %q: %s", rule, want, pe.Rule, pe.Reason)
	}
	if !errors.Is(err, scheme.ErrPolicyViolation) {
		t.Fatalf("refusal does not wrap ErrPolicyViolation")
	}
}

// configErr asserts err is a *scheme.ConfigError naming field whose reason
// contains want.
func configErr(t *testing.T, err error, field, want string) {
	t.Helper()
	var ce *scheme.ConfigError
	if !errors.As(err, &ce) {
		t.Fatalf("want a config error (%s), got %v", field, err)
	}
	if ce.Field != field || !strings.Contains(ce.Reason, want) {
		t.Fatalf("want field %q with %q, got field %q: %s", field, want, ce.Field, ce.Reason)
	}
}

// asAny reports whether err matches any of the targets (errors.As).
func asAny(err error, targets ...any) bool {
	for _, t := range targets {
		if errors.As(err, t) {
			return true
		}
	}
	return false
}
