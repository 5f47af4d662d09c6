package abstract

import (
	"bytes"
	"encoding/json"
	"errors"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/sessionsigner/sessionsigner/ethtypes"

	"github.com/sessionsigner/sessionsigner/scheme"
)

// Fuzz targets for every parser of received or stored bytes: the stored
// config, the create request, the signing requests, the stored usage, and
// the calldata constraint checker. Run them with `make fuzz`.

func seedConfigs(t testing.TB) []*scheme.Session {
	signer := ethtypes.Address(crypto.PubkeyToAddress(testKey(t, "session").PublicKey))
	var out []*scheme.Session
	for _, p := range []map[string]any{mintParams(), allowanceParams(), tokenParams(), manyParams(), edgeParams()} {
		out = append(out, mustCreate(t, ChainAbstract, signer, p))
	}
	return out
}

// FuzzParseConfig: a stored config either fails cleanly or is canonical:
// writing it back gives the same bytes and the same session hash.
func FuzzParseConfig(f *testing.F) {
	for _, s := range seedConfigs(f) {
		f.Add([]byte(s.Config))
	}
	f.Add([]byte(`{"signer":"0x0"}`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		c, err := ParseConfig(raw, big.NewInt(ChainAbstract))
		if err != nil {
			return
		}
		out, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		again, err := ParseConfig(out, big.NewInt(ChainAbstract))
		if err != nil {
			t.Fatalf("canonical form does not parse: %v\n%s", err, out)
		}
		out2, _ := json.Marshal(again)
		if !bytes.Equal(out, out2) || again.Hash() != c.Hash() {
			t.Fatalf("not canonical:\n%s\n%s", out, out2)
		}
		if _, err := New().Describe(&scheme.Session{ChainID: big.NewInt(ChainAbstract), Config: out, ConfigHash: c.Hash()}); err != nil {
			t.Fatalf("describe: %v", err)
		}
	})
}

// FuzzCreate: any create request is refused with a config error or gives
// a session whose stored config parses back to the same hash.
func FuzzCreate(f *testing.F) {
	for _, p := range []map[string]any{mintParams(), allowanceParams(), tokenParams(), manyParams(), edgeParams()} {
		f.Add([]byte(mustJSON(f, p)), int64(ChainAbstract))
	}
	signer := ethtypes.Address(crypto.PubkeyToAddress(testKey(f, "session").PublicKey))
	f.Fuzz(func(t *testing.T, params []byte, chain int64) {
		in := scheme.CreateInput{Signer: signer, ChainID: big.NewInt(chain), CreatedAt: created, ExpiresAt: expires, Params: params}
		out, err := New().Create(t.Context(), in)
		if err != nil {
			if !isConfigError(err) {
				t.Fatalf("refusal without identity: %v", err)
			}
			return
		}
		c, err := ParseConfig(out.Config, in.ChainID)
		if err != nil || c.Hash() != out.ConfigHash {
			t.Fatalf("created config does not parse back: %v", err)
		}
	})
}

// FuzzAuthorize: any request is refused with a policy or request error, or
// yields a plan whose result and state are well formed.
func FuzzAuthorize(f *testing.F) {
	sessions := seedConfigs(f)
	f.Add(uint8(0), uint8(1), []byte(`{"type":"transaction","transaction":`+string(mustJSON(f, playTx(nil)))+`}`))
	f.Add(uint8(1), uint8(0), []byte(`{"type":"typedData","typedData":`+string(mustJSON(f, zkTypedData(ChainAbstract, map[string]any{"to": nftTarget.Hex()})))+`}`))
	f.Add(uint8(0), uint8(1), []byte(`{"transaction":{"to":"`+friend.Hex()+`","value":"1","nonce":0,"gas":1,"maxFeePerGas":1},"validationHooks":["`+ValidatorAddress.Hex()+`"]}`))
	key := testKey(f, "session")
	f.Fuzz(func(t *testing.T, kind, which uint8, raw []byte) {
		typ := []string{scheme.RequestTransaction, scheme.RequestTypedData}[kind%2]
		s := *sessions[int(which)%len(sessions)]
		plan, err := New().Authorize(t.Context(), &s, scheme.Request{Type: typ, Raw: raw})
		if err != nil {
			var pe *scheme.PolicyError
			var re *scheme.RequestError
			if !asAny(err, &pe, &re) {
				t.Fatalf("error without identity: %v", err)
			}
			return
		}
		out := signWith(t, key, plan)
		if typ == scheme.RequestTransaction && out[0] != txTypeEIP712 {
			t.Fatalf("result is not a 0x71 transaction: %x", out[:1])
		}
		if _, err := loadState(plan.State); err != nil {
			t.Fatalf("state does not parse back: %v", err)
		}
	})
}

// FuzzLoadState: stored usage is refused as storage damage (CORRUPT_RECORD)
// or round-trips.
func FuzzLoadState(f *testing.F) {
	f.Add([]byte(`{"fee":{"lifetime":"5"},"callValue":{"a":{"12":"3"}}}`))
	f.Add([]byte(`{"fee":{"x":"5"}}`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		u, err := loadState(raw)
		if err != nil {
			if !errors.Is(err, scheme.ErrCorruptStored) || errors.Is(err, scheme.ErrInvalidConfig) {
				t.Fatalf("refusal is not only ErrCorruptStored: %v", err)
			}
			return
		}
		out, _ := json.Marshal(u)
		if _, err := loadState(out); err != nil {
			t.Fatalf("usage does not round-trip: %v\n%s", err, out)
		}
	})
}

// FuzzConstraints checks the calldata checker against an independent
// reading: a call the checker accepts has, at each constrained index, a
// word that satisfies the condition when compared as an unsigned integer,
// and each constraint's lifetime tally grew by exactly that word.
func FuzzConstraints(f *testing.F) {
	f.Add(common.FromHex(calldata(playSig, playArgs()...)), uint64(1e15))
	f.Add(common.FromHex(calldata(playSig, playArgs()[:3]...)), uint64(0))
	signer := ethtypes.Address(crypto.PubkeyToAddress(testKey(f, "session").PublicKey))
	s := mustCreate(f, ChainAbstract, signer, allowanceParams())
	c, err := ParseConfig(s.Config, s.ChainID)
	if err != nil {
		f.Fatal(err)
	}
	sel := selectorOf(playSig)
	f.Fuzz(func(t *testing.T, data []byte, value uint64) {
		if len(data) >= 4 {
			copy(data, sel[:]) // always reach the policy
		}
		tx := &zkTx{To: game, Data: data, Value: new(big.Int).SetUint64(value), Nonce: new(big.Int),
			Gas: big.NewInt(1), MaxFeePerGas: big.NewInt(1), MaxPriorityFeePerGas: new(big.Int), GasPerPubdata: big.NewInt(50000)}
		u := &usage{}
		if _, err := c.enforce(tx, s.ChainID, created.Add(time.Minute), u); err != nil {
			return
		}
		if len(data) < 4 {
			return // a transfer: no constraints apply
		}
		for j, k := range c.CallPolicies[0].Constraints {
			start := 4 + 32*int(k.Index)
			if len(data) < start+32 {
				t.Fatalf("accepted without argument word %d", k.Index)
			}
			w := new(big.Int).SetBytes(data[start : start+32])
			cmp := w.Cmp(k.RefValue.Big())
			ok := map[Condition]bool{Unconstrained: true, Equal: cmp == 0, Greater: cmp > 0, Less: cmp < 0,
				GreaterEqual: cmp >= 0, LessEqual: cmp <= 0, NotEqual: cmp != 0}[k.Condition]
			if !ok {
				t.Fatalf("constraint %d (%s %s) accepted word %s", j, k.Condition, k.RefValue.Big(), w)
			}
			if k.Limit.Type == Lifetime {
				got := u.CallParams[paramKey(game, sel, j)][lifetimeKey]
				if got.ToInt().Cmp(w) != 0 {
					t.Fatalf("constraint %d counted %s, word is %s", j, got.String(), w)
				}
			}
		}
	})
}

func isConfigError(err error) bool {
	var ce *scheme.ConfigError
	return asAny(err, &ce)
}
