package smartsessions

import (
	"bytes"
	"fmt"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/sessionsigner/sessionsigner/ethtypes"
)

// policyFixture is a session with one of each policy, for the refusal table.
type policyFixture struct {
	account, token, dex, game, recipient ethtypes.Address
	params                               map[string]any
}

func newPolicyFixture() policyFixture {
	f := policyFixture{
		account: testAddr("account"), token: testAddr("token"), dex: testAddr("dex"),
		game: testAddr("game"), recipient: testAddr("recipient"),
	}
	now := testNow.Unix()
	f.params = map[string]any{
		"account": f.account.Hex(),
		"policies": []any{
			map[string]any{"type": "time-frame", "validAfter": now - 100, "validUntil": now + 1000},
			map[string]any{"type": "usage-limit", "limit": "5"},
			map[string]any{"type": "value-limit", "limit": "1050"},
		},
		"actions": []any{
			map[string]any{"target": f.token.Hex(), "function": "transfer(address,uint256)", "policies": []any{
				map[string]any{"type": "universal-action", "rules": []any{
					map[string]any{"condition": "equal", "calldataOffset": "0", "referenceValue": f.recipient.Hex()},
					map[string]any{"condition": "lessThanOrEqual", "calldataOffset": "32", "referenceValue": "1000", "usageLimit": "1500"},
				}},
			}},
			map[string]any{"target": f.token.Hex(), "function": "approve(address,uint256)", "policies": []any{
				map[string]any{"type": "spending-limits", "limits": []any{map[string]any{"token": f.token.Hex(), "amount": "500"}}},
			}},
			map[string]any{"target": f.dex.Hex(), "function": "swap(uint256,uint256)", "policies": []any{
				map[string]any{"type": "universal-action", "valueLimitPerUse": "100", "rules": []any{
					map[string]any{"condition": "inRange", "calldataOffset": "0", "referenceValue": hexOf(append(common.LeftPadBytes(u256(10), 16), common.LeftPadBytes(u256(20), 16)...))},
					map[string]any{"condition": "greaterThan", "calldataOffset": "32", "referenceValue": "5"},
				}},
				map[string]any{"type": "value-limit", "limit": "150"},
				map[string]any{"type": "usage-limit", "limit": "2"},
			}},
			map[string]any{"target": f.game.Hex(), "function": "play()", "policies": []any{
				map[string]any{"type": "time-frame", "validAfter": now + 500, "validUntil": 0},
			}},
			map[string]any{"target": f.recipient.Hex(), "selector": "0xffffffff", "policies": []any{
				map[string]any{"type": "value-limit", "limit": "1000"},
			}},
		},
	}
	return f
}

func (f policyFixture) transfer(to ethtypes.Address, amount int64) []byte {
	return calldata("transfer(address,uint256)", to[:], u256(amount))
}

func (f policyFixture) approve(amount int64) []byte {
	return calldata("approve(address,uint256)", f.dex[:], u256(amount))
}

func (f policyFixture) swap(a, b int64) []byte {
	return calldata("swap(uint256,uint256)", u256(a), u256(b))
}

// TestRefusals: each out-of-policy user operation is refused with the rule
// that failed named, after any in-policy operations it needs first, and a
// refusal changes no counter.
func TestRefusals(t *testing.T) {
	f := newPolicyFixture()
	single0 := func(to ethtypes.Address, data []byte) []byte { return single(to, 0, data) }
	mode := func(b ...byte) [32]byte {
		var m [32]byte
		copy(m[:], b)
		return m
	}
	execOf := func(to ethtypes.Address, data []byte) []byte {
		return append(append(to.Bytes(), make([]byte, 32)...), data...)
	}
	for _, c := range []struct {
		name   string
		before [][]byte
		op     []byte
		rule   string
		reason string // a phrase the refusal must contain
		later  time.Duration
	}{
		{name: "unknown target", op: single0(testAddr("stranger"), f.transfer(f.recipient, 1)), rule: "action"},
		{name: "unknown selector", op: single0(f.token, calldata("balanceOf(address)", f.account[:])), rule: "action"},
		{name: "a function on the account itself", op: calldata("addOwner(address)", f.recipient[:]), rule: "action"},
		{name: "wrong recipient", op: single0(f.token, f.transfer(testAddr("thief"), 1)), rule: "uni-action.rule[0]"},
		{name: "amount above the per-call cap", op: single0(f.token, f.transfer(f.recipient, 1001)), rule: "uni-action.rule[1]"},
		{name: "native value on a rule-only action", op: single(f.token, 1, f.transfer(f.recipient, 1)), rule: "uni-action.valueLimitPerUse"},
		{name: "calldata too short for a rule", op: single0(f.token, f.transfer(f.recipient, 1)[:36]), rule: "uni-action.rule[1]"},
		{name: "cumulative rule limit", before: [][]byte{single0(f.token, f.transfer(f.recipient, 1000))},
			op: single0(f.token, f.transfer(f.recipient, 600)), rule: "uni-action.rule[1]", reason: "at most 1500"},
		{name: "argument above the range", op: single0(f.dex, f.swap(21, 6)), rule: "uni-action.rule[0]", reason: "between 10 and 20"},
		{name: "argument below the range", op: single0(f.dex, f.swap(9, 6)), rule: "uni-action.rule[0]"},
		{name: "argument not greater", op: single0(f.dex, f.swap(15, 5)), rule: "uni-action.rule[1]"},
		{name: "value above the per-call cap", op: single(f.dex, 101, f.swap(15, 6)), rule: "uni-action.valueLimitPerUse"},
		{name: "cumulative action value", before: [][]byte{single(f.dex, 100, f.swap(15, 6))},
			op: single(f.dex, 60, f.swap(15, 6)), rule: "value-limit", reason: "call 0"},
		{name: "action usage limit", before: [][]byte{single0(f.dex, f.swap(15, 6)), single0(f.dex, f.swap(15, 6))},
			op: single0(f.dex, f.swap(15, 6)), rule: "usage-limit", reason: "call 0"},
		{name: "token spending above the limit", op: single0(f.token, f.approve(501)), rule: "spending-limit"},
		{name: "cumulative token spending", before: [][]byte{single0(f.token, f.approve(400))},
			op: single0(f.token, f.approve(101)), rule: "spending-limit", reason: "400 already"},
		{name: "native value with a token call", op: single(f.token, 1, f.approve(1)), rule: "spending-limit"},
		{name: "action time frame not started", op: single0(f.game, calldata("play()")), rule: "time-frame"},
		{name: "session time frame over", op: single0(f.game, calldata("play()")), rule: "time-frame", reason: "the session", later: 2000 * time.Second},
		{name: "value-only call over its limit", op: single(f.recipient, 1001, nil), rule: "value-limit"},
		{name: "session value limit", before: [][]byte{single(f.recipient, 1000, nil)},
			op: single(f.dex, 60, f.swap(15, 6)), rule: "value-limit", reason: "the session"},
		{name: "session usage limit", before: [][]byte{
			single0(f.token, f.approve(1)), single0(f.token, f.approve(1)), single0(f.token, f.approve(1)),
			single0(f.token, f.approve(1)), single0(f.token, f.approve(1))},
			op: single0(f.token, f.approve(1)), rule: "usage-limit", reason: "the session"},
		{name: "one bad call in a batch", op: batch(
			Call{Target: f.token, Value: new(big.Int), Data: f.approve(10)},
			Call{Target: f.token, Value: new(big.Int), Data: f.transfer(testAddr("thief"), 1)},
		), rule: "uni-action.rule[0]", reason: "call 1"},
		{name: "delegatecall", op: encodeExecute(mode(callTypeDelegatecall), execOf(f.token, f.approve(1))), rule: "delegatecall"},
		{name: "try mode", op: encodeExecute(mode(0, execTypeTry), execOf(f.token, f.approve(1))), rule: "exectype"},
		{name: "nested execute on the account", op: single0(f.account, single0(f.token, f.approve(1))), rule: "self-call"},
		{name: "call to SmartSession", op: single0(SmartSessionAddress, RemoveSessionCalldata(ethtypes.Hash{})), rule: "smartsession-call"},
		{name: "call to the fallback flag", op: single0(FallbackTarget, f.approve(1)), rule: "fallback-target"},
		{name: "executeUserOp", op: append(selExecuteUserOp[:], make([]byte, 64)...), rule: "executeUserOp"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := mustCreate(t, "refusals", 8453, f.params)
			for i, op := range c.before {
				if _, err := s.sign(t, userOp(fmt.Sprint(c.name, i), op)); err != nil {
					t.Fatalf("in-policy operation %d refused: %v", i, err)
				}
			}
			s.session.Now = testNow.Add(c.later)
			state := append([]byte{}, s.session.State...)
			_, err := s.sign(t, userOp(c.name, c.op))
			if ruleOf(err) != c.rule {
				t.Fatalf("got %v, want a refusal by %s", err, c.rule)
			}
			if c.reason != "" && !strings.Contains(err.Error(), c.reason) {
				t.Errorf("refusal %q does not mention %q", err, c.reason)
			}
			if !bytes.Equal(state, s.session.State) {
				t.Errorf("a refused request changed the counters:\n%s\n%s", state, s.session.State)
			}
		})
	}
}

// TestCountersPersist: allowed operations are counted in the state the
// vault persists, and counting continues from it.
func TestCountersPersist(t *testing.T) {
	f := newPolicyFixture()
	s := mustCreate(t, "counters", 8453, f.params)
	ops := [][]byte{
		single(f.token, 0, f.transfer(f.recipient, 700)),
		batch(
			Call{Target: f.token, Value: new(big.Int), Data: f.approve(300)},
			Call{Target: f.dex, Value: big.NewInt(40), Data: f.swap(12, 9)},
		),
		single(f.recipient, 500, nil),
	}
	for i, op := range ops {
		if _, err := s.sign(t, userOp(fmt.Sprint("persist", i), op)); err != nil {
			t.Fatalf("operation %d: %v", i, err)
		}
	}
	st, err := loadState(s.session.State, mustLoad(t, s).cfg)
	if err != nil {
		t.Fatal(err)
	}
	check := func(what string, got *big.Int, want int64) {
		t.Helper()
		if got.Cmp(big.NewInt(want)) != 0 {
			t.Errorf("%s = %s, want %d", what, got, want)
		}
	}
	check("session uses", get(st.UserOp.Uses), 3)
	check("session value", get(st.UserOp.Value), 540)
	check("transfer rule[1] used", st.Actions[0].Rules[1].ToInt(), 700)
	check("approve spent", st.Actions[1].Spent[f.token.Hex()].ToInt(), 300)
	check("swap value", get(st.Actions[2].Value), 40)
	check("swap uses", get(st.Actions[2].Uses), 1)
	check("value-only sent", get(st.Actions[4].Value), 500)

	// 700 + 800 > 1500: the persisted rule usage is what refuses this one.
	if _, err := s.sign(t, userOp("persist-over", single(f.token, 0, f.transfer(f.recipient, 801)))); ruleOf(err) != "uni-action.rule[1]" {
		t.Fatalf("got %v, want uni-action.rule[1]", err)
	}
	if _, err := s.sign(t, userOp("persist-fits", single(f.token, 0, f.transfer(f.recipient, 800)))); err != nil {
		t.Fatalf("700 + 800 <= 1500 refused: %v", err)
	}
}

func mustLoad(t testing.TB, s *testSession) *loaded {
	t.Helper()
	l, err := load(s.session)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func TestPermissionsInWords(t *testing.T) {
	f := newPolicyFixture()
	s := mustCreate(t, "words", 8453, f.params)
	d, err := New().Describe(s.session)
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Join(d.Permissions, "\n")
	for _, want := range []string{
		"smart account " + f.account.Hex() + " on chain 8453",
		"may call transfer(address,uint256) on " + f.token.Hex() + ", where argument 0 must equal " + f.recipient.Hex(),
		"and argument 1 must be at most 1000 (adding up to at most 1500 over all calls)",
		"spending at most 500 (raw units) of token " + f.token.Hex(),
		"may call swap(uint256,uint256) on " + f.dex.Hex() + ", where argument 0 must be between 10 and 20",
		"sending at most 100 wei per call",
		"at most 2 times",
		"may call play() on " + f.game.Hex() + " with any arguments, only from 2026-01-01T00:08:20Z on",
		"may send native value with no calldata to " + f.recipient.Hex(),
		"across the whole session: only from 2025-12-31T23:58:20Z until 2026-01-01T00:16:40Z, at most 5 user operations, sending at most 1050 wei",
		"cannot sign messages (ERC-1271)",
		"only a request that sends the whole user operation binds the signature to the calls checked",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("permissions do not say %q:\n%s", want, all)
		}
	}
	sudo := mustCreate(t, "words-sudo", 1, map[string]any{"account": f.account.Hex(), "allowSudo": true})
	d, err = New().Describe(sudo.session)
	if err != nil {
		t.Fatal(err)
	}
	if all := strings.Join(d.Permissions, "\n"); !strings.Contains(all, "may do anything") {
		t.Errorf("a sudo session does not say it may do anything:\n%s", all)
	}
}
