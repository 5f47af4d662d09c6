package abstract

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/sessionsigner/sessionsigner/ethtypes"

	"github.com/sessionsigner/sessionsigner/scheme"
)

// playArgs are arguments that satisfy every constraint of allowanceParams.
func playArgs() []ethtypes.Hash {
	return []ethtypes.Hash{addrWord(agwAccount), numWord(50), numWord(20), numWord(5), numWord(50), numWord(8), numWord(123)}
}

func playTx(edit func(args []ethtypes.Hash, tx map[string]any)) map[string]any {
	args := playArgs()
	tx := map[string]any{"to": game.Hex(), "value": ether(1), "nonce": 1, "gas": "1000000", "maxFeePerGas": "25000000"}
	if edit != nil {
		edit(args, tx)
	}
	if _, ok := tx["data"]; !ok {
		tx["data"] = calldata(playSig, args...)
	}
	return tx
}

func TestRefusals(t *testing.T) {
	signer := ethtypes.Address(crypto.PubkeyToAddress(testKey(t, "session").PublicKey))
	approvalInput := "0x949431dc" + strings.Repeat("0", 64*3)
	cases := []struct {
		name string
		tx   map[string]any
		now  time.Duration // after creation; 0 = one minute
		rule string
		want string
	}{
		{"other chain", playTx(func(_ []ethtypes.Hash, tx map[string]any) { tx["chainId"] = ChainAbstractTestnet }), 0, "chainId", "for chain 11124"},
		{"other sender", playTx(func(_ []ethtypes.Hash, tx map[string]any) { tx["from"] = friend.Hex() }), 0, "from", friend.Hex()},
		{"expired", playTx(nil), expires.Sub(created) + time.Second, "expiry", "expired at 2026-01-31T00:00:00Z"},
		{"approval-based paymaster", playTx(func(_ []ethtypes.Hash, tx map[string]any) {
			tx["paymaster"], tx["paymasterInput"] = spender.Hex(), approvalInput
		}), 0, "paymaster", "Approval based paymaster flow not allowed"},
		{"call to self", playTx(func(_ []ethtypes.Hash, tx map[string]any) { tx["to"] = agwAccount.Hex() }), 0, "target", "Can not target self"},
		{"call to validator", playTx(func(_ []ethtypes.Hash, tx map[string]any) { tx["to"] = ValidatorAddress.Hex() }), 0, "target", "Can not manage session keys"},
		{"unknown target", playTx(func(_ []ethtypes.Hash, tx map[string]any) { tx["to"] = token.Hex() }), 0, "target", "Call to this contract is not allowed"},
		{"unknown selector", playTx(func(_ []ethtypes.Hash, tx map[string]any) {
			tx["data"] = calldata("mint(address,uint256)", addrWord(agwAccount), numWord(1))
		}), 0, "selector", "Call to this contract is not allowed: no call policy for selector 0x40c10f19"},
		{"value per call", playTx(func(_ []ethtypes.Hash, tx map[string]any) { tx["value"] = ether(6) }), 0, "valuePerUse", "Value exceeds limit"},
		{"EQUAL", playTx(func(a []ethtypes.Hash, _ map[string]any) { a[0] = addrWord(friend) }), 0, "constraint[0]", "EQUAL constraint not met: argument 0 is " + friend.Hex()},
		{"GREATER", playTx(func(a []ethtypes.Hash, _ map[string]any) { a[1] = numWord(10) }), 0, "constraint[1]", "GREATER constraint not met: argument 1 is 10, must be greater than 10"},
		{"LESS", playTx(func(a []ethtypes.Hash, _ map[string]any) { a[2] = numWord(100) }), 0, "constraint[2]", "LESS constraint not met"},
		{"GREATER_OR_EQUAL", playTx(func(a []ethtypes.Hash, _ map[string]any) { a[3] = numWord(4) }), 0, "constraint[3]", "GREATER_OR_EQUAL constraint not met"},
		{"LESS_OR_EQUAL", playTx(func(a []ethtypes.Hash, _ map[string]any) { a[4] = numWord(51) }), 0, "constraint[4]", "LESS_OR_EQUAL constraint not met"},
		{"NOT_EQUAL", playTx(func(a []ethtypes.Hash, _ map[string]any) { a[5] = numWord(7) }), 0, "constraint[5]", "NOT_EQUAL constraint not met"},
		{"compared unsigned", playTx(func(a []ethtypes.Hash, _ map[string]any) {
			a[2] = ethtypes.Hash(common.HexToHash("0xff" + strings.Repeat("00", 31))) // "negative" as int256, huge as bytes32
		}), 0, "constraint[2]", "LESS constraint not met"},
		{"missing argument", playTx(func(a []ethtypes.Hash, tx map[string]any) { tx["data"] = calldata(playSig, a[:6]...) }), 0, "constraint[6]", "no argument word 6"},
		{"constraint lifetime limit", playTx(func(a []ethtypes.Hash, _ map[string]any) { a[1] = numWord(1001) }), 0, "constraint[1]", "Lifetime limit exceeded"},
		{"constraint allowance limit", playTx(func(a []ethtypes.Hash, _ map[string]any) { a[6] = numWord(1001) }), 0, "constraint[6]", "Allowance limit exceeded"},
		{"fee", playTx(func(_ []ethtypes.Hash, tx map[string]any) { tx["gas"], tx["maxFeePerGas"] = "4000001", "25000000000" }), 0, "fee", "Allowance limit exceeded"},
		{"fee overflow", playTx(func(_ []ethtypes.Hash, tx map[string]any) {
			tx["gas"], tx["maxFeePerGas"] = "0x"+strings.Repeat("f", 64), "0x"+strings.Repeat("f", 64)
		}), 0, "fee", "overflows uint256"},
		{"transfer to stranger", map[string]any{"to": token.Hex(), "value": "1", "nonce": 1, "gas": "21000", "maxFeePerGas": "1"}, 0, "target", "Transfer to this address is not allowed"},
		{"short data is a transfer", map[string]any{"to": game.Hex(), "data": "0xabcdef", "nonce": 1, "gas": "21000", "maxFeePerGas": "1"}, 0, "target", "Transfer to this address is not allowed"},
		{"transfer too large", map[string]any{"to": friend.Hex(), "value": ether(101), "nonce": 1, "gas": "21000", "maxFeePerGas": "1"}, 0, "valuePerUse", "Value exceeds limit"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := mustCreate(t, ChainAbstract, signer, allowanceParams())
			if c.now != 0 {
				s.Now = created.Add(c.now)
			}
			plan, err := authorize(s, scheme.RequestTransaction, map[string]any{"transaction": c.tx})
			if plan != nil {
				t.Fatalf("signed an out-of-policy request")
			}
			policyErr(t, err, c.rule, c.want)
		})
	}
}

func TestRefusedRequestTypes(t *testing.T) {
	signer := ethtypes.Address(crypto.PubkeyToAddress(testKey(t, "session").PublicKey))
	s := mustCreate(t, ChainAbstractTestnet, signer, mintParams())
	for _, typ := range []string{scheme.RequestMessage, scheme.RequestHash, scheme.RequestUserOperation, "bogus"} {
		_, err := authorize(s, typ, map[string]any{"message": "hi", "hash": ethtypes.Hash{}.Hex()})
		var re *scheme.RequestError
		if !errors.As(err, &re) || re.Field != "type" {
			t.Fatalf("%s: want a request error on type, got %v", typ, err)
		}
	}
	_, err := authorize(s, scheme.RequestMessage, map[string]any{"message": "hi"})
	if !strings.Contains(err.Error(), "ERC-1271") {
		t.Fatalf("the refusal of messages must say why: %v", err)
	}

	td := zkTypedData(ChainAbstract, map[string]any{"to": nftTarget.Hex(), "data": calldata("mint(address,uint256)", addrWord(agwAccount), numWord(1))})
	_, err = authorize(s, scheme.RequestTypedData, map[string]any{"typedData": td})
	policyErr(t, err, "chainId", "typed data is for chain 2741")

	for name, edit := range map[string]func(td map[string]any){
		"verifyingContract": func(td map[string]any) { td["domain"].(map[string]any)["verifyingContract"] = game.Hex() },
		"other version":     func(td map[string]any) { td["domain"].(map[string]any)["version"] = "1" },
		"other primaryType": func(td map[string]any) { td["primaryType"] = "Mail" },
		"reordered type": func(td map[string]any) {
			f := td["types"].(map[string]any)["Transaction"].([]any)
			f[0], f[1] = f[1], f[0]
		},
		"extra message field": func(td map[string]any) { td["message"].(map[string]any)["memo"] = "x" },
		"missing field":       func(td map[string]any) { delete(td["message"].(map[string]any), "nonce") },
		"no typed data":       func(td map[string]any) { delete(td, "message"); delete(td, "domain") },
	} {
		t.Run(name, func(t *testing.T) {
			td := zkTypedData(ChainAbstractTestnet, map[string]any{"to": nftTarget.Hex()})
			edit(td)
			_, err := authorize(s, scheme.RequestTypedData, map[string]any{"typedData": td})
			policyErr(t, err, "typedData", errNotTransaction)
		})
	}
}

func TestBadRequests(t *testing.T) {
	signer := ethtypes.Address(crypto.PubkeyToAddress(testKey(t, "session").PublicKey))
	s := mustCreate(t, ChainAbstractTestnet, signer, mintParams())
	mint := func(edit func(tx map[string]any)) map[string]any {
		tx := map[string]any{"to": nftTarget.Hex(), "data": calldata("mint(address,uint256)", addrWord(agwAccount), numWord(1)),
			"nonce": 1, "gas": "100000", "maxFeePerGas": "25000000"}
		edit(tx)
		return map[string]any{"transaction": tx}
	}
	cases := []struct {
		name  string
		typ   string
		req   map[string]any
		field string
		want  string
	}{
		{"no to", scheme.RequestTransaction, mint(func(tx map[string]any) { delete(tx, "to") }), "transaction.to", "Transaction to field is not specified"},
		{"unknown field", scheme.RequestTransaction, mint(func(tx map[string]any) { tx["gasPrice"] = "1" }), "transaction.gasPrice", `unknown field "gasPrice"`},
		{"no gas", scheme.RequestTransaction, mint(func(tx map[string]any) { delete(tx, "gas") }), "transaction.gas", "is required"},
		{"negative value", scheme.RequestTransaction, mint(func(tx map[string]any) { tx["value"] = -1 }), "transaction.value", "non-negative"},
		{"legacy type", scheme.RequestTransaction, mint(func(tx map[string]any) { tx["type"] = "legacy" }), "transaction.type", "eip712"},
		{"bad data", scheme.RequestTransaction, mint(func(tx map[string]any) { tx["data"] = "0x123" }), "transaction.data", "odd number"},
		{"zero gasPerPubdata", scheme.RequestTransaction, mint(func(tx map[string]any) { tx["gasPerPubdata"] = 0 }), "transaction.gasPerPubdata", "greater than 0"},
		{"paymaster alone", scheme.RequestTransaction, mint(func(tx map[string]any) { tx["paymaster"] = spender.Hex() }), "transaction.paymasterInput", "must be provided"},
		{"paymasterInput alone", scheme.RequestTransaction, mint(func(tx map[string]any) { tx["paymasterInput"] = "0x8c5a3445" }), "transaction.paymaster", "must be provided"},
		{"zero paymaster", scheme.RequestTransaction, mint(func(tx map[string]any) {
			tx["paymaster"], tx["paymasterInput"] = ethtypes.Address{}.Hex(), "0x"
		}), "transaction.paymaster", "zero address"},
		{"tip above cap", scheme.RequestTransaction, mint(func(tx map[string]any) { tx["maxPriorityFeePerGas"] = "25000001" }), "maxPriorityFeePerGas", "cannot be higher"},
		{"even bytecode", scheme.RequestTransaction, mint(func(tx map[string]any) { tx["factoryDeps"] = []string{"0x" + strings.Repeat("00", 64)} }), "transaction.factoryDeps[0]", "odd number"},
		{"hooks without validator", scheme.RequestTransaction, func() map[string]any {
			r := mint(func(map[string]any) {})
			r["validationHooks"] = []string{otherHook.Hex()}
			return r
		}(), "validationHooks", "must include the session key validator"},
		{"typed data without chain", scheme.RequestTypedData, map[string]any{"typedData": func() map[string]any {
			td := zkTypedData(ChainAbstractTestnet, map[string]any{"to": nftTarget.Hex()})
			delete(td["domain"].(map[string]any), "chainId")
			return td
		}()}, "typedData.domain.chainId", "Chain ID is required"},
		{"typed data with deps", scheme.RequestTypedData, map[string]any{"typedData": zkTypedData(ChainAbstractTestnet, map[string]any{
			"to": nftTarget.Hex(), "factoryDeps": []string{ethtypes.Hash{}.Hex()},
		})}, "typedData.message.factoryDeps", "must be empty"},
		{"typed data paymaster without input", scheme.RequestTypedData, map[string]any{"typedData": zkTypedData(ChainAbstractTestnet, map[string]any{
			"to": nftTarget.Hex(), "paymaster": spender.Hex(),
		})}, "typedData.message.paymasterInput", "must be provided"},
		{"typed data other txType", scheme.RequestTypedData, map[string]any{"typedData": zkTypedData(ChainAbstractTestnet, map[string]any{
			"to": nftTarget.Hex(), "txType": 2,
		})}, "typedData.message.txType", "113"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := authorize(s, c.typ, c.req)
			var re *scheme.RequestError
			if !errors.As(err, &re) || re.Field != c.field || !strings.Contains(re.Reason, c.want) {
				t.Fatalf("want request error %s: %q, got %v", c.field, c.want, err)
			}
			if !errors.Is(err, scheme.ErrInvalidRequest) {
				t.Fatal("does not wrap ErrInvalidRequest")
			}
		})
	}
}

// TestUsageAcrossSignatures follows the local counters over several
// signatures: allowances fill up and reset in the next period, lifetime
// limits count constraint parameters, and a paymaster's fees are not counted.
func TestUsageAcrossSignatures(t *testing.T) {
	key := testKey(t, "session")
	s := mustCreate(t, ChainAbstract, ethtypes.Address(crypto.PubkeyToAddress(key.PublicKey)), allowanceParams())
	sign := func(tx map[string]any) error {
		plan, err := authorize(s, scheme.RequestTransaction, map[string]any{"transaction": tx})
		if err != nil {
			return err
		}
		signWith(t, key, plan)
		s.State = plan.State
		return nil
	}
	half := playTx(func(_ []ethtypes.Hash, tx map[string]any) { tx["value"] = ether(5) })
	for i := 0; i < 2; i++ {
		if err := sign(half); err != nil {
			t.Fatalf("signature %d: %v", i, err)
		}
	}
	policyErr(t, sign(half), "totalValue", "Allowance limit exceeded: 10000000000000000 already used")

	var u usage
	if err := json.Unmarshal(s.State, &u); err != nil {
		t.Fatal(err)
	}
	if got := u.CallParams[paramKey(game, selectorOf(playSig), 1)][lifetimeKey]; got.String() != "100" {
		t.Fatalf("argument 1 (50 twice) counted %s against its lifetime limit", got.String())
	}
	if _, counted := u.CallParams[paramKey(game, selectorOf(playSig), 0)]; counted {
		t.Fatalf("an Unlimited constraint was counted: %v", u.CallParams)
	}
	if got := u.Fee["20454"]; got.String() != "50000000000000" { // 2 × 1e6 gas × 0.025 gwei, in day 20454
		t.Fatalf("fees counted: %v", u.Fee)
	}

	// An hour later the hourly value allowance is fresh; the old period is dropped.
	s.Now = s.Now.Add(time.Hour)
	if err := sign(half); err != nil {
		t.Fatalf("next hour: %v", err)
	}
	if err := json.Unmarshal(s.State, &u); err != nil {
		t.Fatal(err)
	}
	if tl := u.CallValue[callKey(game, selectorOf(playSig))]; len(tl) != 1 {
		t.Fatalf("past periods kept: %v", tl)
	}

	// The daily fee allowance (0.1 ETH) has 0.1 ETH - 75000 gwei left: too
	// little for 2e6 gas at 50 gwei, unless a paymaster pays.
	costly := playTx(func(_ []ethtypes.Hash, tx map[string]any) {
		tx["gas"], tx["maxFeePerGas"], tx["value"] = "2000000", "50000000000", "0"
	})
	policyErr(t, sign(costly), "fee", "Allowance limit exceeded")
	costly["paymaster"], costly["paymasterInput"] = spender.Hex(), "0x8c5a3445"
	before := string(s.State)
	if err := sign(costly); err != nil {
		t.Fatalf("paymaster-paid: %v", err)
	}
	var after usage
	_ = json.Unmarshal(s.State, &after)
	var was usage
	_ = json.Unmarshal([]byte(before), &was)
	if mustString(t, after.Fee) != mustString(t, was.Fee) {
		t.Fatalf("fees paid by a paymaster were counted: %v -> %v", was.Fee, after.Fee)
	}
}

// TestSignatureRecovers checks the plan's digest is what the chain
// recovers the session's signer from, and that Finish refuses a malformed
// signature.
func TestSignatureRecovers(t *testing.T) {
	key := testKey(t, "session")
	s := mustCreate(t, ChainAbstractTestnet, ethtypes.Address(crypto.PubkeyToAddress(key.PublicKey)), mintParams())
	plan, err := authorize(s, scheme.RequestTransaction, map[string]any{"transaction": map[string]any{
		"to": nftTarget.Hex(), "data": calldata("mint(address,uint256)", addrWord(agwAccount), numWord(1)),
		"nonce": 1, "gas": "100000", "maxFeePerGas": "25000000",
	}})
	if err != nil {
		t.Fatal(err)
	}
	sig, _ := crypto.Sign(plan.Digest[:], key)
	pub, err := crypto.SigToPub(plan.Digest[:], sig)
	if err != nil || ethtypes.Address(crypto.PubkeyToAddress(*pub)) != s.Signer {
		t.Fatalf("digest does not recover the signer")
	}
	if _, err := plan.Finish(sig); err == nil {
		t.Fatal("Finish accepted v = 0/1")
	}
	if _, err := plan.Finish(sig[:64]); err == nil {
		t.Fatal("Finish accepted 64 bytes")
	}
}
