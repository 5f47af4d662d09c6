package smartsessions

import (
	"context"
	"encoding/json"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/sessionsigner/sessionsigner/ethtypes"
	"github.com/sessionsigner/sessionsigner/internal/abienc"
	"github.com/sessionsigner/sessionsigner/internal/ethcrypto"
	"github.com/sessionsigner/sessionsigner/scheme"
)

// testNow is the vault clock of the tests: 2026-01-01T00:00:00Z.
var testNow = time.Unix(1767225600, 0)

// testKey derives a deterministic secp256k1 key from a seed string.
func testKey(t testing.TB, seed string) *ethcrypto.PrivateKey {
	t.Helper()
	k, err := ethcrypto.ParseKey(crypto.Keccak256([]byte("smartsessions-test/" + seed)))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// testAddr derives a deterministic address from a seed string.
func testAddr(seed string) ethtypes.Address {
	return ethtypes.BytesToAddress(crypto.Keccak256([]byte("addr/" + seed)))
}

// testBytes derives n deterministic bytes from a seed string.
func testBytes(seed string, n int) []byte {
	var out []byte
	for i := 0; len(out) < n; i++ {
		out = append(out, crypto.Keccak256([]byte(seed), big.NewInt(int64(i)).Bytes())...)
	}
	return out[:n]
}

// testSession is a created session, as the vault would hold it.
type testSession struct {
	key     *ethcrypto.PrivateKey
	session *scheme.Session
}

// create runs Scheme.Create as the vault does and returns the stored session.
func create(t testing.TB, keySeed string, chainID int64, params any) (*testSession, error) {
	t.Helper()
	raw, err := json.Marshal(params)
	if err != nil {
		t.Fatal(err)
	}
	if part, err := scheme.ParamsOf(raw); err == nil { // as the vault hands it over
		raw = part
	}
	key := testKey(t, keySeed)
	in := scheme.CreateInput{
		Signer:    ethcrypto.KeyAddress(key),
		ChainID:   big.NewInt(chainID),
		CreatedAt: testNow,
		ExpiresAt: testNow.Add(24 * time.Hour),
		Params:    raw,
	}
	c, err := New().Create(context.Background(), in)
	if err != nil {
		return nil, err
	}
	return &testSession{key: key, session: &scheme.Session{
		ID: keySeed, ChainID: in.ChainID, Signer: in.Signer, CreatedAt: in.CreatedAt, ExpiresAt: in.ExpiresAt,
		Now: testNow, Config: c.Config, ConfigHash: c.ConfigHash, State: c.State,
	}}, nil
}

func mustCreate(t testing.TB, keySeed string, chainID int64, params any) *testSession {
	t.Helper()
	s, err := create(t, keySeed, chainID, params)
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	return s
}

// sign authorizes req and, like the vault, signs the digest with the
// session key, finishes, and persists the state. It returns the result.
func (s *testSession) sign(t testing.TB, req any) ([]byte, error) {
	t.Helper()
	raw, err := json.Marshal(req)
	if err != nil {
		t.Fatal(err)
	}
	var head struct{ Type string }
	_ = json.Unmarshal(raw, &head)
	plan, err := New().Authorize(context.Background(), s.session, scheme.Request{Type: head.Type, Raw: raw})
	if err != nil {
		return nil, err
	}
	out, err := plan.Finish(ethcrypto.Sign(s.key, plan.Digest))
	if err != nil {
		t.Fatalf("finish: %v", err)
	}
	if plan.State != nil {
		s.session.State = plan.State
	}
	return out, nil
}

var ruleOf = scheme.RuleOf

// userOp is a userOperation request for callData.
func userOp(hashSeed string, callData []byte) map[string]any {
	return map[string]any{
		"type":       "userOperation",
		"userOpHash": hexOf(crypto.Keccak256([]byte("userOpHash/" + hashSeed))),
		"callData":   hexOf(callData),
	}
}

func hexOf(b []byte) string { return "0x" + common.Bytes2Hex(b) }

// call builds calldata: selector of signature followed by 32-byte words.
func calldata(signature string, words ...[]byte) []byte {
	s := selector(signature)
	out := append([]byte{}, s[:]...)
	for _, w := range words {
		out = append(out, common.LeftPadBytes(w, 32)...)
	}
	return out
}

func u256(v int64) []byte { return big.NewInt(v).Bytes() }

// single is execute(single) calldata for one call.
func single(to ethtypes.Address, value int64, data []byte) []byte {
	exec := append(append(append([]byte{}, to[:]...), common.LeftPadBytes(u256(value), 32)...), data...)
	return encodeExecute([32]byte{}, exec)
}

// encodeExecute is execute(mode, executionCalldata) calldata: what a wallet
// sends; the module only reads it (execute.go), so the builder lives here.
func encodeExecute(mode [32]byte, exec []byte) []byte {
	return abienc.Call(selExecute, abienc.Bytes32(mode), abienc.Bytes(exec))
}

// batch is execute(batch) calldata for calls.
func batch(calls ...Call) []byte {
	return encodeExecute([32]byte{callTypeBatch}, encodeBatch(calls))
}
