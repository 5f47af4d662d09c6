package smartsessions

import (
	"bytes"
	"errors"
	"fmt"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/sessionsigner/sessionsigner/ethtypes"
	"github.com/sessionsigner/sessionsigner/internal/nodetest"
	"github.com/sessionsigner/sessionsigner/scheme"
)

type executeCase struct {
	Mode  string     `json:"mode"`
	Batch bool       `json:"batch"`
	Calls []jsonCall `json:"calls"`
}

type jsonCall struct {
	To    string `json:"to"`
	Value string `json:"value"`
	Data  string `json:"data"`
}

// TestExecuteMatchesViem decodes execute() calldata that viem encoded (single
// and batch, as account SDKs build it) and checks the calls and the
// re-encoding.
func TestExecuteMatchesViem(t *testing.T) {
	var cases []executeCase
	var want [][]Call
	for i, n := range []int{1, 1, 2, 5} {
		var calls []Call
		for j := 0; j < n; j++ {
			calls = append(calls, Call{
				Target: testAddr(fmt.Sprint("exec", i, j)),
				Value:  big.NewInt(int64(i * j * 1000)),
				Data:   testBytes(fmt.Sprint("data", i, j), (i*37+j*11)%90),
			})
		}
		batched := i > 0
		mode := "0x" + fmt.Sprintf("%064x", 0)
		if batched {
			mode = "0x01" + fmt.Sprintf("%062x", 0)
		}
		ec := executeCase{Mode: mode, Batch: batched}
		for _, c := range calls {
			ec.Calls = append(ec.Calls, jsonCall{To: c.Target.Hex(), Value: c.Value.String(), Data: hexOf(c.Data)})
		}
		cases = append(cases, ec)
		want = append(want, calls)
	}
	var out struct {
		Executes []hexutil.Bytes `json:"executes"`
	}
	nodetest.Run(t, "accounts/smartsessions/testdata/modulesdk.mjs", map[string]any{"executes": cases}, &out)
	if len(out.Executes) != len(cases) {
		t.Fatalf("node returned %d encodings", len(out.Executes))
	}
	account := testAddr("account")
	for i, enc := range out.Executes {
		got, err := decodeUserOpCalls(account, enc)
		if err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		if len(got) != len(want[i]) {
			t.Fatalf("case %d: %d calls, want %d", i, len(got), len(want[i]))
		}
		for j := range got {
			if got[j].Target != want[i][j].Target || got[j].Value.Cmp(want[i][j].Value) != 0 || !bytes.Equal(got[j].Data, want[i][j].Data) {
				t.Errorf("case %d call %d: got %+v, want %+v", i, j, got[j], want[i][j])
			}
		}
		var mine []byte
		if cases[i].Batch {
			mine = batch(want[i]...)
		} else {
			mine = single(want[i][0].Target, want[i][0].Value.Int64(), want[i][0].Data)
		}
		if !bytes.Equal(mine, enc) {
			t.Errorf("case %d: Go encoding differs from viem\n got  %x\n want %x", i, mine, []byte(enc))
		}
	}
}

func TestDecodeUserOpCallsOtherSelector(t *testing.T) {
	account := testAddr("account")
	cd := calldata("setOwner(address)", account[:])
	calls, err := decodeUserOpCalls(account, cd)
	if err != nil {
		t.Fatal(err)
	}
	if len(calls) != 1 || calls[0].Target != account || calls[0].Value.Sign() != 0 || !bytes.Equal(calls[0].Data, cd) {
		t.Fatalf("a non-execute call is a call on the account itself, got %+v", calls)
	}
}

func TestDecodeUserOpCallsRefuses(t *testing.T) {
	account := testAddr("account")
	to := testAddr("to")
	good := batch(Call{Target: to, Value: big.NewInt(1), Data: []byte{1, 2, 3, 4, 5}})
	mode := func(b ...byte) [32]byte {
		var m [32]byte
		copy(m[:], b)
		return m
	}
	exec := append(append(to.Bytes(), make([]byte, 32)...), 1, 2, 3, 4)
	tamper := func(b []byte, at int, v byte) []byte {
		c := append([]byte{}, b...)
		c[at] = v
		return c
	}
	for _, c := range []struct {
		name string
		cd   []byte
		rule string // "" = malformed request
	}{
		{"empty", nil, ""},
		{"3 bytes", []byte{0xe9, 0xae, 0x5c}, ""},
		{"execute without arguments", selExecute[:], ""},
		{"delegatecall", encodeExecute(mode(0xff), exec), "delegatecall"},
		{"static call", encodeExecute(mode(0xfe), exec), "calltype"},
		{"unknown call type", encodeExecute(mode(0x02), exec), "calltype"},
		{"try mode", encodeExecute(mode(0x00, 0x01), exec), "exectype"},
		{"mode selector set", encodeExecute(mode(0, 0, 0, 0, 0, 0, 1), exec), "execute-mode"},
		{"executeUserOp", append(selExecuteUserOp[:], make([]byte, 64)...), "executeUserOp"},
		{"single shorter than target and value", encodeExecute(mode(), exec[:40]), ""},
		{"empty batch", encodeExecute(mode(callTypeBatch), encodeBatch(nil)), "empty-batch"},
		{"bytes offset not 0x40", tamper(good, 4+63, 0x60), ""},
		{"bytes length past the end", tamper(good, 4+95, 0xff), ""},
		{"trailing byte", append(append([]byte{}, good...), 0), ""},
		{"dirty padding", tamper(good, len(good)-1, 1), ""},
		{"batch array offset", tamper(good, 4+96+31, 0x40), ""},
		{"batch count too large", tamper(good, 4+96+32+28, 1), ""},
		{"batch element offset past the end", tamper(good, 4+96+64+30, 0x10), ""},
		{"dirty target", tamper(good, 4+96+96, 1), ""},
		{"data offset not canonical", tamper(good, 4+96+96+95, 0x80), ""},
		{"too long", make([]byte, maxCallDataLen+1), ""},
	} {
		_, err := decodeUserOpCalls(account, c.cd)
		switch {
		case err == nil:
			t.Errorf("%s: accepted", c.name)
		case c.rule == "" && !errors.Is(err, scheme.ErrInvalidRequest):
			t.Errorf("%s: got %v, want an invalid-request error", c.name, err)
		case c.rule != "" && ruleOf(err) != c.rule:
			t.Errorf("%s: got %v, want rule %s", c.name, err, c.rule)
		}
	}
	if _, err := decodeUserOpCalls(account, good); err != nil {
		t.Fatalf("the untampered batch is refused: %v", err)
	}
}

// FuzzDecodeUserOpCalls: arbitrary callData never panics, and whatever is
// accepted as a batch re-encodes to exactly the input.
func FuzzDecodeUserOpCalls(f *testing.F) {
	to := testAddr("to")
	f.Add(batch(Call{Target: to, Value: big.NewInt(5), Data: []byte{9, 9, 9, 9}}, Call{Target: to, Value: new(big.Int)}))
	f.Add(single(to, 7, []byte{1, 2, 3, 4, 5}))
	f.Add(calldata("transfer(address,uint256)", to[:], u256(1)))
	f.Add([]byte{0xe9, 0xae, 0x5c, 0x53})
	account := ethtypes.Address{1}
	f.Fuzz(func(t *testing.T, cd []byte) {
		calls, err := decodeUserOpCalls(account, cd)
		if err != nil {
			var pe *scheme.PolicyError
			if !errors.Is(err, scheme.ErrInvalidRequest) && !errors.As(err, &pe) {
				t.Fatalf("unexpected error kind: %v", err)
			}
			return
		}
		if len(calls) == 0 {
			t.Fatal("accepted with no calls")
		}
		if len(cd) >= 4+32 && bytes.Equal(cd[:4], selExecute[:]) && cd[4] == callTypeBatch {
			if !bytes.Equal(batch(calls...), cd) {
				t.Fatalf("accepted a non-canonical batch %x", cd)
			}
		}
	})
}
