package session_test

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"math/big"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/rlp"
	"github.com/sessionsigner/sessionsigner/ethtypes"
)

// Property fuzz targets, one per scheme's request path through the vault:
// for a fixed config, every request that yields a signature is re-checked
// by an oracle written here, independently of the schemes (it reads the
// signed bytes or the request with plain decoders and lenient number
// parsing, so a value the vault read differently shows up), and every
// refusal leaves the store byte for byte unchanged.

var (
	oneEther = big.NewInt(1_000_000_000_000_000_000)
	mintSel  = "40c10f19"
)

// lenientInt reads a JSON quantity the widest way (sign, 0x, 0X, spaces):
// the oracle's view of what an app may have meant.
func lenientInt(raw json.RawMessage) (*big.Int, bool) {
	s := strings.TrimSpace(string(raw))
	if u, err := unquote(s); err == nil {
		s = strings.TrimSpace(u)
	}
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(strings.TrimPrefix(s, "-"), "+")
	v, ok := new(big.Int).SetString(strings.ReplaceAll(s, " ", ""), 0)
	if ok && neg {
		v.Neg(v)
	}
	return v, ok
}

func unquote(s string) (string, error) {
	var out string
	err := json.Unmarshal([]byte(s), &out)
	return out, err
}

// checkRefusalUnchanged fails when a refusal changed the store.
func checkRefusalUnchanged(t *testing.T, e *tblEnv, before map[string]string, err error, req string) {
	if err == nil {
		return
	}
	if d := storeDiff(before, e.snapshot()); len(d) > 0 {
		t.Fatalf("refusal (%v) changed %v for %s", err, d, req)
	}
}

// FuzzLocalPolicy: a signed transaction goes to the friend with no calldata
// and at most 1 ETH, or mints on the NFT contract with no value, on chain
// 11124; all signed values add up to at most 1 ETH; signed typed data is the
// listed Order with amount 16.
func FuzzLocalPolicy(f *testing.F) {
	f.Add(uint8(0), tblFriend, `"1000"`, "0x", `11124`)
	f.Add(uint8(0), tblFriend, `"0x-de0b6b3a7640000"`, "0x", `11124`)
	f.Add(uint8(0), tblNFT, `"0"`, tblMint, `"0x2b74"`)
	f.Add(uint8(1), tblNFT, `16`, "Order", `11124`)
	f.Add(uint8(1), tblNFT, `"0x10"`, "Permit", `11124`)
	e := newTblEnv(f)
	td, err := e.v.CreateSession(context.Background(), json.RawMessage(tdLocalConfig))
	if err != nil {
		f.Fatal(err)
	}
	spent := new(big.Int)
	f.Fuzz(func(t *testing.T, mode uint8, to, value, data, chain string) {
		var req, id string
		if mode%2 == 0 {
			req = `{"type":"transaction","transaction":{"chainId":` + chain + `,"nonce":1,"gas":"100000","maxFeePerGas":"100","maxPriorityFeePerGas":"1","to":` + quote(to) + `,"value":` + value + `,"data":` + quote(data) + `}}`
			id = e.ids["local"]
		} else {
			req = tdDoc(`{"chainId":`+chain+`,"verifyingContract":`+quote(to)+`}`, `"`+jsonEsc(data)+`":[{"name":"maker","type":"address"},{"name":"amount","type":"uint256"}]`, jsonEsc(data), `{"maker":"`+tblAccount+`","amount":`+value+`}`)
			id = td.ID
		}
		before := e.snapshot()
		out, err := e.v.Sign(context.Background(), id, json.RawMessage(req))
		checkRefusalUnchanged(t, e, before, err, req)
		if err != nil {
			return
		}
		if mode%2 == 1 {
			var doc struct {
				TypedData struct {
					Domain      map[string]json.RawMessage `json:"domain"`
					PrimaryType string                     `json:"primaryType"`
					Message     map[string]json.RawMessage `json:"message"`
				} `json:"typedData"`
			}
			if json.Unmarshal([]byte(req), &doc) != nil {
				t.Fatalf("signed typed data the oracle cannot read: %s", req)
			}
			c, _ := lenientInt(doc.TypedData.Domain["chainId"])
			amt, _ := lenientInt(doc.TypedData.Message["amount"])
			vc, _ := unquote(string(doc.TypedData.Domain["verifyingContract"]))
			if doc.TypedData.PrimaryType != "Order" || !strings.EqualFold(vc, tblNFT) || c == nil || c.Int64() != 11124 || amt == nil || amt.Int64() != 16 || !amt.IsInt64() {
				t.Fatalf("signed typed data outside the allow-list: %s", req)
			}
			return
		}
		tx, err := decode1559(out)
		if err != nil {
			t.Fatalf("signed output is not a transaction: %v", err)
		}
		if tx.ChainID.Int64() != 11124 || tx.To() == nil || tx.Value().Sign() < 0 {
			t.Fatalf("signed tx chain %v to %v", tx.ChainID, tx.To())
		}
		switch *tx.To() {
		case ethtypes.HexToAddress(tblFriend):
			if len(tx.Data()) != 0 || tx.Value().Cmp(oneEther) > 0 {
				t.Fatalf("signed transfer outside the policy: value %v data %x", tx.Value(), tx.Data())
			}
		case ethtypes.HexToAddress(tblNFT):
			if len(tx.Data()) < 4 || hex.EncodeToString(tx.Data()[:4]) != mintSel || tx.Value().Sign() != 0 {
				t.Fatalf("signed call outside the policy: value %v data %x", tx.Value(), tx.Data())
			}
		default:
			t.Fatalf("signed a transaction to %v", tx.To())
		}
		if v, ok := lenientInt(json.RawMessage(value)); ok && v.Cmp(tx.Value()) != 0 {
			t.Fatalf("request value %s was signed as %v", value, tx.Value())
		}
		spent.Add(spent, tx.Value())
		if spent.Cmp(oneEther) > 0 {
			t.Fatalf("signed %v wei in total, more than the session's 1 ETH", spent)
		}
	})
}

// FuzzAbstractPolicy: a signed zkSync transaction (as typed data or as a
// transaction) mints on the NFT contract, with zero value as the oracle
// reads the request, and its fees add up to at most 0.01 ETH.
func FuzzAbstractPolicy(f *testing.F) {
	f.Add(uint8(0), `"0"`, `"100000"`, `"25000000"`, tblNFT)
	f.Add(uint8(0), `"0x-ffffffffffffffffffffffffffffffffffffffffffffffff21f494c589c0000"`, `"100000"`, `"25000000"`, tblNFT)
	f.Add(uint8(1), `"0x-1"`, `"100000"`, `"25000000"`, tblNFT)
	f.Add(uint8(1), `0`, `"-100000"`, `"25000000"`, tblNFT)
	e := newTblEnv(f)
	fees := new(big.Int)
	feeCap := big.NewInt(10_000_000_000_000_000)
	f.Fuzz(func(t *testing.T, mode uint8, value, gas, maxFee, to string) {
		var req string
		if mode%2 == 0 {
			req = strings.NewReplacer(`"value":"0"`, `"value":`+value, `"gasLimit":"100000"`, `"gasLimit":`+gas,
				`"maxFeePerGas":"25000000"`, `"maxFeePerGas":`+maxFee, `"to":"`+tblNFT+`"`, `"to":`+quote(to)).Replace(abstractTyped(`"0"`))
		} else {
			req = `{"type":"transaction","transaction":{"to":` + quote(to) + `,"data":"` + tblMint + `","nonce":1,"gas":` + gas + `,"maxFeePerGas":` + maxFee + `,"value":` + value + `}}`
		}
		before := e.snapshot()
		_, err := e.v.Sign(context.Background(), e.ids["abstract"], json.RawMessage(req))
		checkRefusalUnchanged(t, e, before, err, req)
		if err != nil {
			return
		}
		v, ok1 := lenientInt(json.RawMessage(value))
		g, ok2 := lenientInt(json.RawMessage(gas))
		m, ok3 := lenientInt(json.RawMessage(maxFee))
		target, _ := unquote(quote(to))
		if !ok1 || !ok2 || !ok3 || v.Sign() != 0 || !strings.EqualFold(strings.TrimSpace(target), tblNFT) {
			t.Fatalf("signed outside the policy (value must be 0, target the NFT): %s", req)
		}
		if g.Sign() < 0 || m.Sign() < 0 {
			t.Fatalf("signed negative fees: %s", req)
		}
		fees.Add(fees, new(big.Int).Mul(g, m))
		if fees.Cmp(feeCap) > 0 {
			t.Fatalf("fees signed add up to %v, over the 0.01 ETH lifetime limit", fees)
		}
	})
}

// FuzzSmartSessionsPolicy: a signed user operation's callData is one call
// of transfer(shop, amount) on the token with no value, and all amounts add
// up to at most 1000.
func FuzzSmartSessionsPolicy(f *testing.F) {
	tok, shop := ethtypes.HexToAddress(tblToken), ethtypes.HexToAddress(tblShop)
	f.Add(tok[:], []byte{}, []byte{0xa9, 0x05, 0x9c, 0xbb}, common.LeftPadBytes(shop[:], 32), []byte{1}, []byte{})
	f.Add(tok[:], []byte{1}, []byte{0xa9, 0x05, 0x9c, 0xbb}, common.LeftPadBytes(shop[:], 32), []byte{3, 0xe8}, []byte{})
	e := newTblEnv(f)
	spent := new(big.Int)
	f.Fuzz(func(t *testing.T, target, value, selector, recipient, amount, tail []byte) {
		if len(target) != 20 || len(value) > 32 || len(selector) != 4 || len(recipient) > 32 || len(amount) > 32 {
			return
		}
		call := append(append(append([]byte{}, selector...), common.LeftPadBytes(recipient, 32)...), common.LeftPadBytes(amount, 32)...)
		call = append(call, tail...)
		exec := append(append(append([]byte{}, target...), common.LeftPadBytes(value, 32)...), call...)
		data := "0xe9ae5c53" + strings.Repeat("0", 64) + word64(64) + word64(len(exec)) + hex.EncodeToString(common.RightPadBytes(exec, (len(exec)+31)/32*32))
		req := `{"type":"userOperation","userOpHash":"0x` + strings.Repeat("cd", 32) + `","callData":"` + data + `"}`
		before := e.snapshot()
		_, err := e.v.Sign(context.Background(), e.ids["smartsessions"], json.RawMessage(req))
		checkRefusalUnchanged(t, e, before, err, req)
		if err != nil {
			return
		}
		if ethtypes.BytesToAddress(target) != tok || new(big.Int).SetBytes(value).Sign() != 0 ||
			hex.EncodeToString(selector) != "a9059cbb" || ethtypes.BytesToAddress(recipient) != shop || new(big.Int).SetBytes(recipient).BitLen() > 160 {
			t.Fatalf("signed a call outside the policy: %s", req)
		}
		spent.Add(spent, new(big.Int).SetBytes(amount))
		if spent.Cmp(big.NewInt(1000)) > 0 {
			t.Fatalf("transfers signed add up to %v, over the 1000 limit", spent)
		}
	})
}

// tx1559 is a signed EIP-1559 transaction read with go-ethereum's RLP
// decoder (not the code that wrote it).
type tx1559 struct {
	ChainID    *big.Int
	Nonce      uint64
	Tip, Fee   *big.Int
	Gas        uint64
	ToBytes    []byte
	ValueInt   *big.Int
	DataBytes  []byte
	AccessList rlp.RawValue
	V, R, S    *big.Int
}

func (t *tx1559) To() *ethtypes.Address {
	if len(t.ToBytes) != 20 {
		return nil
	}
	a := ethtypes.BytesToAddress(t.ToBytes)
	return &a
}
func (t *tx1559) Value() *big.Int { return t.ValueInt }
func (t *tx1559) Data() []byte    { return t.DataBytes }

func decode1559(b []byte) (*tx1559, error) {
	if len(b) == 0 || b[0] != 2 {
		return nil, rlp.ErrExpectedList
	}
	var tx tx1559
	return &tx, rlp.DecodeBytes(b[1:], &tx)
}

func word64(n int) string {
	return strings.Repeat("0", 48) + hex.EncodeToString(big.NewInt(int64(n)).FillBytes(make([]byte, 8)))
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func jsonEsc(s string) string {
	q := quote(s)
	return q[1 : len(q)-1]
}
