package ethsign

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/big"
	"math/rand/v2"
	"strings"

	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/sessionsigner/sessionsigner/ethtypes"
	"github.com/sessionsigner/sessionsigner/internal/ethcrypto"
)

// viemCase is one input for testdata/viem.mjs.
type viemCase struct {
	Kind        string          `json:"kind"`
	PrivateKey  string          `json:"privateKey"`
	Hash        string          `json:"hash,omitempty"`
	Message     json.RawMessage `json:"message,omitempty"`
	TypedData   json.RawMessage `json:"typedData,omitempty"`
	Transaction json.RawMessage `json:"transaction,omitempty"`
}

// gen draws the differential cases from a fixed seed, so a failure is
// reproducible and the cases change only when this file does.
type gen struct{ r *rand.Rand }

func newGen(seed uint64) *gen { return &gen{rand.New(rand.NewPCG(seed, seed^0x5e55))} }

func (g *gen) bytes(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(g.r.UintN(256))
	}
	return b
}

func (g *gen) hex(n int) string { return "0x" + hex.EncodeToString(g.bytes(n)) }

func (g *gen) key() string {
	for {
		b := g.bytes(32)
		if _, err := crypto.ToECDSA(b); err == nil {
			return "0x" + hex.EncodeToString(b)
		}
	}
}

// address returns a random address, checksummed or all-lowercase.
func (g *gen) address() string {
	a := ethtypes.BytesToAddress(g.bytes(20))
	if g.r.IntN(2) == 0 {
		return strings.ToLower(a.Hex())
	}
	return a.Hex()
}

// integer returns v in one of the JSON forms the parsers accept: a JSON
// number (only when JavaScript holds it exactly), a decimal string, or a hex
// string (only for non-negative values).
func (g *gen) integer(v *big.Int) any {
	switch g.r.IntN(3) {
	case 0:
		if v.IsInt64() && v.Int64() <= 1<<53 && v.Int64() >= -(1<<53) {
			return json.Number(v.String())
		}
	case 1:
		if v.Sign() >= 0 {
			return "0x" + v.Text(16)
		}
	}
	return v.String()
}

// intIn returns a random value of an intN/uintN type, often at its edges.
func (g *gen) intIn(signed bool, bits int) *big.Int {
	max := new(big.Int).Lsh(big.NewInt(1), uint(bits))
	min := new(big.Int)
	if signed {
		max.Rsh(max, 1)
		min.Neg(max)
	}
	max.Sub(max, big.NewInt(1))
	switch g.r.IntN(5) {
	case 0:
		return max
	case 1:
		return min
	case 2:
		return big.NewInt(0)
	}
	v := new(big.Int).SetBytes(g.bytes(bits / 8))
	span := new(big.Int).Sub(max, min)
	v.Mod(v, span.Add(span, big.NewInt(1)))
	return v.Add(v, min)
}

var sampleTexts = []string{
	"",
	"hello world",
	"héllo wörld 🎉 日本語 — ☃",
	"line one\nline two\r\n\ttabbed",
	"example.com wants you to sign in with your Ethereum account:\n0x0000000000000000000000000000000000000001\n\nURI: https://example.com\nVersion: 1\nChain ID: 1\nNonce: 32891756",
	strings.Repeat("long message ", 200),
	"\x00\x01 control \u2028 separators",
}

func (g *gen) messageCases() []viemCase {
	var out []viemCase
	for _, text := range sampleTexts {
		m, _ := json.Marshal(text)
		out = append(out, viemCase{Kind: "message", PrivateKey: g.key(), Message: m})
	}
	for _, n := range []int{0, 1, 32, 77} {
		m, _ := json.Marshal(map[string]string{"raw": g.hex(n)})
		out = append(out, viemCase{Kind: "message", PrivateKey: g.key(), Message: m})
	}
	return out
}

func (g *gen) hashCases() []viemCase {
	out := []viemCase{
		{Kind: "hash", PrivateKey: g.key(), Hash: "0x" + strings.Repeat("00", 32)},
		{Kind: "hash", PrivateKey: g.key(), Hash: "0x" + strings.Repeat("ff", 32)},
		// n-1, n, n+1: around the group order, where the digest is reduced.
		{Kind: "hash", PrivateKey: g.key(), Hash: "0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140"},
		{Kind: "hash", PrivateKey: g.key(), Hash: "0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141"},
		{Kind: "hash", PrivateKey: g.key(), Hash: "0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364142"},
	}
	// Many random keys and digests: the signer (own base-point table,
	// RFC 6979, low s, recovery id) byte for byte against viem's.
	for range 400 {
		out = append(out, viemCase{Kind: "hash", PrivateKey: g.key(), Hash: g.hex(32)})
	}
	return out
}

func mustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

type obj = map[string]any

func fields(pairs ...string) []Field {
	out := make([]Field, 0, len(pairs)/2)
	for i := 0; i < len(pairs); i += 2 {
		out = append(out, Field{Name: pairs[i], Type: pairs[i+1]})
	}
	return out
}

// typedDataCases are the shapes apps really send, with random values.
func (g *gen) typedDataCases() []viemCase {
	var docs []obj
	maxU256 := new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1))

	// ERC-2612 Permit.
	docs = append(docs, obj{
		"types":       obj{"Permit": fields("owner", "address", "spender", "address", "value", "uint256", "nonce", "uint256", "deadline", "uint256")},
		"primaryType": "Permit",
		"domain":      obj{"name": "USD Coin", "version": "2", "chainId": g.integer(big.NewInt(1)), "verifyingContract": g.address()},
		"message": obj{"owner": g.address(), "spender": g.address(), "value": g.integer(maxU256),
			"nonce": g.integer(big.NewInt(int64(g.r.IntN(1000)))), "deadline": g.integer(big.NewInt(1893456000))},
	})
	// EIP-712's Mail, with arrays of nested structs.
	person := func() obj {
		return obj{"name": sampleTexts[g.r.IntN(4)], "wallets": []any{g.address(), g.address()}}
	}
	docs = append(docs, obj{
		"types": obj{
			"Mail":   fields("from", "Person", "to", "Person[]", "contents", "string"),
			"Person": fields("name", "string", "wallets", "address[]"),
		},
		"primaryType": "Mail",
		"domain":      obj{"name": "Ether Mail", "version": "1", "chainId": g.integer(big.NewInt(11124)), "verifyingContract": g.address()},
		"message":     obj{"from": person(), "to": []any{person(), person(), person()}, "contents": "Hello, Bob! 👋"},
	})
	// Everything else at once, with a salted domain: bytes, bytesN, negative
	// and edge integers, bools, fixed and nested arrays, arrays of structs.
	docs = append(docs, obj{
		"types": obj{
			"Order": fields("maker", "address", "items", "Item[]", "pair", "Item[2]", "flags", "bool[3]",
				"memo", "bytes", "tag", "bytes4", "small", "uint8", "delta", "int256", "tiny", "int8",
				"grid", "uint256[2][]", "notes", "string[]", "blobs", "bytes[]", "ok", "bool"),
			"Item": fields("token", "address", "amount", "uint128", "id", "bytes32"),
		},
		"primaryType": "Order",
		"domain":      obj{"name": "Exchange", "version": "3", "chainId": g.integer(big.NewInt(2741)), "verifyingContract": g.address(), "salt": g.hex(32)},
		"message": obj{
			"maker": g.address(),
			"items": []any{g.item(), g.item(), g.item()},
			"pair":  []any{g.item(), g.item()},
			"flags": []any{true, false, true},
			"memo":  g.hex(45), "tag": g.hex(4),
			"small": g.integer(big.NewInt(255)), "delta": g.integer(big.NewInt(-123456789)),
			"tiny":  g.integer(big.NewInt(-128)),
			"grid":  []any{[]any{g.integer(big.NewInt(1)), g.integer(maxU256)}, []any{g.integer(big.NewInt(0)), g.integer(big.NewInt(7))}},
			"notes": []any{"", "ünïcødé", "x"}, "blobs": []any{"0x", g.hex(3)}, "ok": false,
		},
	})
	// An explicit EIP712Domain that leaves out version and the contract.
	docs = append(docs, obj{
		"types": obj{
			"EIP712Domain": fields("name", "string", "chainId", "uint256"),
			"Login":        fields("user", "address", "nonce", "uint64", "at", "string"),
		},
		"primaryType": "Login",
		"domain":      obj{"name": "Game", "chainId": g.integer(big.NewInt(1))},
		"message":     obj{"user": g.address(), "nonce": g.integer(big.NewInt(42)), "at": "2025-01-01T00:00:00Z"},
	})
	// No domain at all, and a domain with only the salt.
	docs = append(docs, obj{
		"types":       obj{"Ping": fields("n", "int16")},
		"primaryType": "Ping",
		"message":     obj{"n": g.integer(big.NewInt(-32768))},
	})
	docs = append(docs, obj{
		"types":       obj{"Ping": fields("n", "uint16")},
		"primaryType": "Ping",
		"domain":      obj{"salt": g.hex(32)},
		"message":     obj{"n": g.integer(big.NewInt(65535))},
	})
	// primaryType EIP712Domain signs the domain separator alone.
	docs = append(docs, obj{
		"types":       obj{"Unused": fields("x", "bool")},
		"primaryType": "EIP712Domain",
		"domain":      obj{"name": "Only Domain", "version": "1", "chainId": g.integer(big.NewInt(10)), "verifyingContract": g.address()},
	})
	// A domain declared out of the usual order, and a recursive type.
	docs = append(docs, obj{
		"types": obj{
			"EIP712Domain": fields("verifyingContract", "address", "chainId", "uint256", "extra", "bytes32"),
			"Node":         fields("v", "uint8", "kids", "Node[]", "leaf", "Leaf"),
			"Leaf":         fields("s", "string"),
		},
		"primaryType": "Node",
		"domain":      obj{"verifyingContract": g.address(), "chainId": g.integer(big.NewInt(8453)), "extra": g.hex(32)},
		"message": obj{"v": 1, "leaf": obj{"s": "root"}, "kids": []any{
			obj{"v": 2, "leaf": obj{"s": "a"}, "kids": []any{}},
			obj{"v": 3, "leaf": obj{"s": "b"}, "kids": []any{obj{"v": 4, "leaf": obj{"s": "c"}, "kids": []any{}}}},
		}},
	})
	for range 10 {
		docs = append(docs, g.randomTypedData())
	}

	out := make([]viemCase, len(docs))
	for i, d := range docs {
		out[i] = viemCase{Kind: "typedData", PrivateKey: g.key(), TypedData: mustJSON(d)}
	}
	return out
}

func (g *gen) item() obj {
	return obj{"token": g.address(), "amount": g.integer(g.intIn(false, 128)), "id": g.hex(32)}
}

// genType is a generated EIP-712 type: an atom or a struct index, with
// array dimensions (innermost first, -1 dynamic).
type genType struct {
	atom   string
	strukt int
	dims   []int
}

var atomPool = []string{"address", "bool", "string", "bytes", "bytes1", "bytes7", "bytes20", "bytes32",
	"uint8", "uint16", "uint32", "uint64", "uint96", "uint160", "uint256", "int8", "int24", "int64", "int128", "int256"}

// structNames mixes cases and the odd characters viem allows, so the sorted
// dependency order in encodeType is exercised.
var structNames = []string{"Zeta", "alpha", "Beta", "_under", "a$b", "Q:1", "beta2", "Alpha"}

// randomTypedData builds a random acyclic schema (struct i only references
// structs j > i) and a random message for it.
func (g *gen) randomTypedData() obj {
	n := 1 + g.r.IntN(4)
	perm := g.r.Perm(len(structNames))[:n]
	schema := make([][]genType, n)
	names := make([][]string, n)
	for i := n - 1; i >= 0; i-- {
		for f := range 1 + g.r.IntN(5) {
			t := genType{atom: atomPool[g.r.IntN(len(atomPool))], strukt: -1}
			if i+1 < n && g.r.IntN(3) == 0 {
				t = genType{strukt: i + 1 + g.r.IntN(n-i-1)}
			}
			for range g.r.IntN(3) {
				if g.r.IntN(2) == 0 {
					t.dims = append(t.dims, -1)
				} else {
					t.dims = append(t.dims, 1+g.r.IntN(3))
				}
			}
			schema[i] = append(schema[i], t)
			names[i] = append(names[i], fmt.Sprintf("f%d_%c", f, 'a'+rune(g.r.IntN(26))))
		}
	}
	typeText := func(t genType) string {
		s := t.atom
		if t.strukt >= 0 {
			s = structNames[perm[t.strukt]]
		}
		for _, d := range t.dims {
			if d < 0 {
				s += "[]"
			} else {
				s += fmt.Sprintf("[%d]", d)
			}
		}
		return s
	}
	types := obj{}
	for i := range n {
		var fs []Field
		for f, t := range schema[i] {
			fs = append(fs, Field{Name: names[i][f], Type: typeText(t)})
		}
		types[structNames[perm[i]]] = fs
	}
	var value func(t genType) any
	var structValue func(i int) obj
	value = func(t genType) any {
		if len(t.dims) > 0 {
			d := t.dims[len(t.dims)-1]
			inner := genType{atom: t.atom, strukt: t.strukt, dims: t.dims[:len(t.dims)-1]}
			if d < 0 {
				d = g.r.IntN(3)
			}
			items := make([]any, d)
			for k := range items {
				items[k] = value(inner)
			}
			return items
		}
		if t.strukt >= 0 {
			return structValue(t.strukt)
		}
		return g.atomValue(t.atom)
	}
	structValue = func(i int) obj {
		o := obj{}
		for f, t := range schema[i] {
			o[names[i][f]] = value(t)
		}
		return o
	}
	domain := obj{}
	if g.r.IntN(2) == 0 {
		domain["name"] = "Random"
	}
	if g.r.IntN(2) == 0 {
		domain["chainId"] = g.integer(big.NewInt(int64(1 + g.r.IntN(100000))))
	}
	if g.r.IntN(2) == 0 {
		domain["verifyingContract"] = g.address()
	}
	return obj{"types": types, "primaryType": structNames[perm[0]], "domain": domain, "message": structValue(0)}
}

func (g *gen) atomValue(atom string) any {
	switch {
	case atom == "address":
		return g.address()
	case atom == "bool":
		return g.r.IntN(2) == 0
	case atom == "string":
		return sampleTexts[g.r.IntN(len(sampleTexts))]
	case atom == "bytes":
		return g.hex(g.r.IntN(70))
	case strings.HasPrefix(atom, "bytes"):
		var n int
		fmt.Sscanf(atom, "bytes%d", &n)
		return g.hex(n)
	case strings.HasPrefix(atom, "uint"):
		var n int
		fmt.Sscanf(atom, "uint%d", &n)
		return g.integer(g.intIn(false, n))
	default:
		var n int
		fmt.Sscanf(atom, "int%d", &n)
		return g.integer(g.intIn(true, n))
	}
}

// transactionCases cover transfers, calls, contract creation, access lists,
// quantities in every JSON form, and values at the top of their ranges.
func (g *gen) transactionCases() []viemCase {
	maxU256 := new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1))
	maxU64 := new(big.Int).SetUint64(^uint64(0))
	var txs []obj
	txs = append(txs,
		obj{"chainId": g.integer(big.NewInt(1)), "to": g.address(), "value": g.integer(big.NewInt(1e18)),
			"nonce": 0, "gas": g.integer(big.NewInt(21000)), "maxFeePerGas": g.integer(big.NewInt(30e9)), "maxPriorityFeePerGas": g.integer(big.NewInt(1e9))},
		obj{"chainId": g.integer(big.NewInt(11124)), "to": g.address(), "data": "0x40c10f19" + hex.EncodeToString(g.bytes(64)),
			"nonce": g.integer(big.NewInt(7)), "gas": g.integer(big.NewInt(90000)), "maxFeePerGas": "0x3b9aca00", "maxPriorityFeePerGas": "0", "type": "eip1559"},
		obj{"chainId": "2741", "data": g.hex(200), "nonce": 3, "gas": "1000000", "maxFeePerGas": "100"},
		obj{"chainId": g.integer(big.NewInt(10)), "to": g.address(), "input": g.hex(4), "nonce": g.integer(maxU64.Sub(maxU64, big.NewInt(1))),
			"accessList": []any{
				obj{"address": g.address(), "storageKeys": []any{g.hex(32), g.hex(32)}},
				obj{"address": g.address(), "storageKeys": []any{}},
			}, "maxFeePerGas": "1", "maxPriorityFeePerGas": "1"},
		obj{"chainId": g.integer(big.NewInt(1)), "to": g.address(), "value": g.integer(maxU256), "maxFeePerGas": g.integer(maxU256),
			"maxPriorityFeePerGas": g.integer(maxU256), "gas": g.integer(new(big.Int).SetUint64(^uint64(0)))},
		obj{"chainId": "0x" + new(big.Int).Lsh(big.NewInt(1), 60).Text(16), "to": g.address()},
		obj{"chainId": 1, "to": g.address(), "data": "0x", "value": "0", "accessList": []any{}},
	)
	for range 5 {
		tx := obj{"chainId": g.integer(big.NewInt(int64(1 + g.r.IntN(1<<20)))), "to": g.address(),
			"nonce": g.integer(big.NewInt(int64(g.r.IntN(1 << 20)))), "gas": g.integer(big.NewInt(int64(21000 + g.r.IntN(1<<24)))),
			"maxFeePerGas": g.integer(big.NewInt(int64(1e9 + g.r.IntN(1e12)))), "maxPriorityFeePerGas": g.integer(big.NewInt(int64(g.r.IntN(1e9)))),
			"value": g.integer(new(big.Int).SetBytes(g.bytes(g.r.IntN(20)))), "data": g.hex(g.r.IntN(300))}
		txs = append(txs, tx)
	}
	out := make([]viemCase, len(txs))
	for i, tx := range txs {
		out[i] = viemCase{Kind: "transaction", PrivateKey: g.key(), Transaction: mustJSON(tx)}
	}
	// r and s are integers in RLP: one with a leading zero byte must shed it.
	// Search nonces until the signature has one (about 256 tries each).
	key := g.key()
	for _, zeroAt := range []int{0, 32} {
		for nonce := 0; ; nonce++ {
			tx := mustJSON(obj{"chainId": 1, "to": g.address(), "nonce": nonce, "gas": "21000", "maxFeePerGas": "1"})
			parsed, err := ParseTx1559(tx)
			if err != nil {
				panic(err)
			}
			digest, err := parsed.SigningHash()
			if err != nil {
				panic(err)
			}
			k, _ := ethcrypto.ParseKey(hexutil.MustDecode(key))
			if ethcrypto.Sign(k, digest)[zeroAt] == 0 {
				out = append(out, viemCase{Kind: "transaction", PrivateKey: key, Transaction: tx})
				break
			}
		}
	}
	return out
}
