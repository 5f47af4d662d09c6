package session_test

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/crypto"
	"github.com/sessionsigner/sessionsigner/ethtypes"

	"github.com/sessionsigner/sessionsigner/accounts"
	"github.com/sessionsigner/sessionsigner/keystore"
	"github.com/sessionsigner/sessionsigner/session"
)

// The bad-input and bypass table (issue 9): every case goes through
// session.Vault with the three schemes registered, asserts the exact code
// (and rule, for a policy refusal), and compares every key and value of the
// store before and after. A refusal changes nothing at all.

var (
	tblNow     = time.Unix(1_800_000_000, 0)
	tblNowFunc = func() time.Time { return tblNow }
	tblSecret  = []byte("correct horse battery staple")
	tblNFT     = "0xC4822AbB9F05646A9Ce44EFa6dDcda0Bf45595AA"
	tblFriend  = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"
	tblAccount = "0x1111111111111111111111111111111111111111"
	tblToken   = "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913"
	tblShop    = "0x3333333333333333333333333333333333333333"
	tblMint    = "0x40c10f19" + strings.Repeat("0", 24) + "1111111111111111111111111111111111111111" + fmt.Sprintf("%064x", 1)
)

// tblLocal is a burner that may send at most 1 ETH in total to a friend and
// mint on the NFT contract with no value.
const tblLocal = `{"scheme":"local","chainId":"11124","maxTotalValue":"1000000000000000000",
	"allow":[{"target":"` + "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed" + `","maxValuePerUse":"1000000000000000000"},
	         {"target":"0xC4822AbB9F05646A9Ce44EFa6dDcda0Bf45595AA","function":"mint(address,uint256)","maxValuePerUse":"0"}]}`

// tblAbstract may mint with no value; fees at most 0.01 ETH in total.
func tblAbstract(extra string) string {
	return `{"scheme":"abstract","chainId":11124,"account":"` + tblAccount + `",
	"feeLimit":{"limitType":"Lifetime","limit":"10000000000000000","period":"0"},
	"callPolicies":[{"target":"` + tblNFT + `","function":"mint(address,uint256)","maxValuePerUse":"0",
		"valueLimit":{"limitType":"Unlimited","limit":"0","period":"0"},"constraints":[]` + extra + `}],
	"transferPolicies":[]}`
}

// tblSmart may transfer the token to the shop only, 1000 units in total.
func tblSmart(amount string) string {
	return `{"scheme":"smartsessions","chainId":8453,"account":"0x2222222222222222222222222222222222222222",
	"actions":[{"target":"` + tblToken + `","function":"transfer(address,uint256)","policies":[
		{"type":"universal-action","rules":[{"condition":"equal","calldataOffset":"0","referenceValue":"` + tblShop + `"}]},
		{"type":"spending-limits","limits":[{"token":"` + tblToken + `","amount":` + amount + `}]}]}]}`
}

type tblEnv struct {
	t     testing.TB
	v     *session.Vault
	store *keystore.MemoryStore
	ids   map[string]string // scheme -> base session id
}

func newTblEnv(t testing.TB) *tblEnv {
	t.Helper()
	e := &tblEnv{t: t, store: keystore.NewMemoryStore(), ids: map[string]string{}}
	var err error
	e.v, err = session.Open(context.Background(), session.Options{Store: e.store, KDF: keystore.MinKDF,
		Schemes: accounts.Schemes(), Now: tblNowFunc})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.v.Unlock(context.Background(), tblSecret); err != nil {
		t.Fatal(err)
	}
	for name, cfg := range map[string]string{"local": tblLocal, "abstract": tblAbstract(""), "smartsessions": tblSmart(`"1000"`)} {
		info, err := e.v.CreateSession(context.Background(), json.RawMessage(cfg))
		if err != nil {
			t.Fatalf("base %s session: %v", name, err)
		}
		e.ids[name] = info.ID
	}
	return e
}

func (e *tblEnv) snapshot() map[string]string {
	keys, err := e.store.List(context.Background(), "")
	if err != nil {
		e.t.Fatal(err)
	}
	out := map[string]string{}
	for _, k := range keys {
		v, err := e.store.Get(context.Background(), k)
		if err != nil {
			e.t.Fatal(err)
		}
		out[k] = string(v)
	}
	return out
}

func (e *tblEnv) create(params string) error {
	_, err := e.v.CreateSession(context.Background(), json.RawMessage(params))
	return err
}

func (e *tblEnv) sign(schemeName, req string) error {
	_, err := e.v.Sign(context.Background(), e.ids[schemeName], json.RawMessage(req))
	return err
}

// tamper rewrites the stored bytes of key with edit.
func (e *tblEnv) tamper(key string, edit func([]byte) []byte) {
	b, err := e.store.Get(context.Background(), key)
	if err != nil {
		e.t.Fatal(err)
	}
	if err := e.store.Put(context.Background(), key, edit(b)); err != nil {
		e.t.Fatal(err)
	}
}

func localTx(fields string) string {
	return `{"type":"transaction","transaction":{"chainId":11124,"nonce":1,"gas":"100000","maxFeePerGas":"100","maxPriorityFeePerGas":"1"` + fields + `}}`
}

func abstractTx(fields string) string {
	return `{"type":"transaction","transaction":{"to":"` + tblNFT + `","data":"` + tblMint + `","nonce":1,"gas":"100000","maxFeePerGas":"25000000"` + fields + `}}`
}

// abstractTyped is the zkSync Transaction typed data for a mint with value.
func abstractTyped(value string) string {
	return `{"type":"typedData","typedData":{"domain":{"name":"zkSync","version":"2","chainId":11124},
	"types":{"Transaction":[{"name":"txType","type":"uint256"},{"name":"from","type":"uint256"},{"name":"to","type":"uint256"},
	{"name":"gasLimit","type":"uint256"},{"name":"gasPerPubdataByteLimit","type":"uint256"},{"name":"maxFeePerGas","type":"uint256"},
	{"name":"maxPriorityFeePerGas","type":"uint256"},{"name":"paymaster","type":"uint256"},{"name":"nonce","type":"uint256"},
	{"name":"value","type":"uint256"},{"name":"data","type":"bytes"},{"name":"factoryDeps","type":"bytes32[]"},{"name":"paymasterInput","type":"bytes"}]},
	"primaryType":"Transaction","message":{"txType":"113","from":"` + tblAccount + `","to":"` + tblNFT + `","gasLimit":"100000",
	"gasPerPubdataByteLimit":"50000","maxFeePerGas":"25000000","maxPriorityFeePerGas":"0","paymaster":"0","nonce":1,"value":` + value + `,
	"data":"` + tblMint + `","factoryDeps":[],"paymasterInput":"0x"}}}`
}

func smartOp(to string, amount string) string {
	word := func(s string) string { return strings.Repeat("0", 64-len(s)) + s }
	call := "a9059cbb" + word(strings.ToLower(to[2:])) + word(amount)
	exec := strings.ToLower(tblToken[2:]) + word("0") + call
	// execute(bytes32 mode=single, bytes executionCalldata)
	data := "0xe9ae5c53" + word("0") + word("40") + word(fmt.Sprintf("%x", len(exec)/2)) + exec + strings.Repeat("0", (64-len(exec)%64)%64)
	h := ethtypes.Hash(crypto.Keccak256Hash([]byte("op/" + to + amount)))
	return `{"type":"userOperation","userOpHash":"` + h.Hex() + `","callData":"` + data + `"}`
}

type tblCase struct {
	name string
	do   func(e *tblEnv) error
	code string
	rule string
	// changed, when set, names the one stored key (by scheme of its base
	// session) allowed to differ; otherwise nothing may change.
	changed string
	tamper  func(e *tblEnv) // applied before the snapshot
}

func runTable(t *testing.T, cases []tblCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := newTblEnv(t)
			if c.tamper != nil {
				c.tamper(e)
			}
			before := e.snapshot()
			err := c.do(e)
			if got := session.Code(err); got != c.code {
				t.Fatalf("code %q (%v), want %q", got, err, c.code)
			}
			if got := session.Rule(err); c.rule != "" && got != c.rule {
				t.Fatalf("rule %q (%v), want %q", got, err, c.rule)
			}
			after := e.snapshot()
			allowed := ""
			if c.changed != "" {
				allowed = keystore.RecordPrefix + e.ids[c.changed]
			}
			diffs := storeDiff(before, after)
			for _, k := range diffs {
				if k != allowed {
					t.Errorf("stored key %q changed (only %q may)", k, allowed)
				}
			}
		})
	}
}

func storeDiff(a, b map[string]string) []string {
	var out []string
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			out = append(out, k)
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

const (
	cBadConfig  = session.CodeInvalidConfig
	cBadRequest = session.CodeInvalidRequest
	cPolicy     = session.CodePolicyViolation
	cCorrupt    = session.CodeCorruptRecord
)

func createCase(name, params, code string) tblCase {
	return tblCase{name: name, do: func(e *tblEnv) error { return e.create(params) }, code: code}
}

func signCase(name, schemeName, req, code, rule string) tblCase {
	return tblCase{name: name, do: func(e *tblEnv) error { return e.sign(schemeName, req) }, code: code, rule: rule}
}

// TestBadInputQuantities: signed, spaced, overflowing and non-canonical
// quantities in every scheme and field kind.
func TestBadInputQuantities(t *testing.T) {
	max256 := "115792089237316195423570985008687907853269984665640564039457584007913129639935"
	over256 := "115792089237316195423570985008687907853269984665640564039457584007913129639936"
	// 2^256 - 1e18: as "0x-" it used to wrap to +1 ETH in Abstract's digest.
	wrapped := `"0x-ffffffffffffffffffffffffffffffffffffffffffffffff21f494c589c0000"`
	cases := []tblCase{
		// local config: values, limits
		createCase("local maxTotalValue 0x-1", strings.Replace(tblLocal, `"maxTotalValue":"1000000000000000000"`, `"maxTotalValue":"0x-1"`, 1), cBadConfig),
		createCase("local maxTotalValue -1", strings.Replace(tblLocal, `"maxTotalValue":"1000000000000000000"`, `"maxTotalValue":"-1"`, 1), cBadConfig),
		createCase("local maxValuePerUse with space", strings.Replace(tblLocal, `"maxValuePerUse":"0"`, `"maxValuePerUse":" 0"`, 1), cBadConfig),
		createCase("local maxValuePerUse +1", strings.Replace(tblLocal, `"maxValuePerUse":"0"`, `"maxValuePerUse":"+1"`, 1), cBadConfig),
		createCase("local maxValuePerUse 2^256", strings.Replace(tblLocal, `"maxValuePerUse":"0"`, `"maxValuePerUse":"`+over256+`"`, 1), cBadConfig),
		createCase("local maxValuePerUse 007", strings.Replace(tblLocal, `"maxValuePerUse":"0"`, `"maxValuePerUse":"007"`, 1), cBadConfig),
		createCase("local maxValuePerUse 0X10", strings.Replace(tblLocal, `"maxValuePerUse":"0"`, `"maxValuePerUse":"0X10"`, 1), cBadConfig),
		createCase("local maxValuePerUse null", strings.Replace(tblLocal, `"maxValuePerUse":"0"`, `"maxValuePerUse":null`, 1), cBadConfig),
		createCase("local maxUses 1e3", strings.Replace(tblLocal, `"maxTotalValue"`, `"maxUses":1e3,"maxTotalValue"`, 1), cBadConfig),
		createCase("local maxUses empty hex", strings.Replace(tblLocal, `"maxTotalValue"`, `"maxUses":"0x","maxTotalValue"`, 1), cBadConfig),
		createCase("chainId -1", strings.Replace(tblLocal, `"chainId":"11124"`, `"chainId":"-1"`, 1), cBadConfig),
		createCase("chainId 2^64", strings.Replace(tblLocal, `"chainId":"11124"`, `"chainId":"18446744073709551616"`, 1), cBadConfig),
		createCase("chainId JSON number past 2^53", strings.Replace(tblLocal, `"chainId":"11124"`, `"chainId":9007199254740993`, 1), cBadConfig),
		createCase("chainId fraction", strings.Replace(tblLocal, `"chainId":"11124"`, `"chainId":11124.0`, 1), cBadConfig),
		createCase("expiresAt in milliseconds", strings.Replace(tblLocal, `"chainId":"11124"`, `"chainId":"11124","expiresAt":1800000100000`, 1), cBadConfig),
		createCase("expiresAt negative", strings.Replace(tblLocal, `"chainId":"11124"`, `"chainId":"11124","expiresAt":-1`, 1), cBadConfig),
		createCase("expiresAt fraction", strings.Replace(tblLocal, `"chainId":"11124"`, `"chainId":"11124","expiresAt":1800000100.5`, 1), cBadConfig),
		createCase("expiresAt NaN string", strings.Replace(tblLocal, `"chainId":"11124"`, `"chainId":"11124","expiresAt":"NaN"`, 1), cBadConfig),
		// local requests: value, fees, nonce, chain id
		signCase("local value 0x-1 (refill the tally)", "local", localTx(`,"to":"`+tblFriend+`","value":"0x-de0b6b3a7640000"`), cBadRequest, ""),
		signCase("local value -1", "local", localTx(`,"to":"`+tblFriend+`","value":"-1"`), cBadRequest, ""),
		signCase("local value spaced", "local", localTx(`,"to":"`+tblFriend+`","value":"1 "`), cBadRequest, ""),
		signCase("local value 2^256", "local", localTx(`,"to":"`+tblFriend+`","value":"`+over256+`"`), cBadRequest, ""),
		signCase("local value max256 over the total", "local", localTx(`,"to":"`+tblFriend+`","value":"`+max256+`"`), cPolicy, "valuePerUse"),
		signCase("local maxFeePerGas 0x-1", "local", strings.Replace(localTx(`,"to":"`+tblFriend+`"`), `"maxFeePerGas":"100"`, `"maxFeePerGas":"0x-1"`, 1), cBadRequest, ""),
		signCase("local nonce 2^64", "local", strings.Replace(localTx(`,"to":"`+tblFriend+`"`), `"nonce":1`, `"nonce":"18446744073709551616"`, 1), cBadRequest, ""),
		signCase("local gas leading zero", "local", strings.Replace(localTx(`,"to":"`+tblFriend+`"`), `"gas":"100000"`, `"gas":"0100000"`, 1), cBadRequest, ""),
		// abstract config and requests
		createCase("abstract maxValuePerUse 0x-1", strings.Replace(tblAbstract(""), `"maxValuePerUse":"0"`, `"maxValuePerUse":"0x-1"`, 1), cBadConfig),
		createCase("abstract negative fee limit", strings.Replace(tblAbstract(""), `"limit":"10000000000000000"`, `"limit":"-10000000000000000"`, 1), cBadConfig),
		createCase("abstract period +3600", strings.Replace(tblAbstract(""), `"limitType":"Lifetime","limit":"10000000000000000","period":"0"`, `"limitType":"Allowance","limit":"1","period":"+3600"`, 1), cBadConfig),
		createCase("abstract limit 0x", strings.Replace(tblAbstract(""), `"limit":"10000000000000000"`, `"limit":"0x"`, 1), cBadConfig),
		signCase("abstract typed data value 0x-(2^256-1e18)", "abstract", abstractTyped(wrapped), cBadRequest, ""),
		signCase("abstract typed data value -1", "abstract", abstractTyped(`"-1"`), cBadRequest, ""),
		signCase("abstract typed data value 1 ETH over maxValuePerUse", "abstract", abstractTyped(`"1000000000000000000"`), cPolicy, ""),
		signCase("abstract tx value 0x-1", "abstract", abstractTx(`,"value":"0x-1"`), cBadRequest, ""),
		signCase("abstract tx negative fee to refill", "abstract", abstractTx(`,"maxPriorityFeePerGas":"-1"`), cBadRequest, ""),
		signCase("abstract tx gas 2^256", "abstract", strings.Replace(abstractTx(""), `"gas":"100000"`, `"gas":"`+over256+`"`, 1), cBadRequest, ""),
		signCase("abstract tx nonce 1.0", "abstract", strings.Replace(abstractTx(""), `"nonce":1`, `"nonce":1.0`, 1), cBadRequest, ""),
		// smartsessions config and requests
		createCase("smartsessions spending limit -1", tblSmart(`"-1"`), cBadConfig),
		createCase("smartsessions spending limit 0x-1", tblSmart(`"0x-1"`), cBadConfig),
		createCase("smartsessions spending limit 2^256", tblSmart(`"`+over256+`"`), cBadConfig),
		createCase("smartsessions spending limit 1e3", tblSmart(`1e3`), cBadConfig),
		createCase("smartsessions calldataOffset -32", strings.Replace(tblSmart(`"1000"`), `"calldataOffset":"0"`, `"calldataOffset":"-32"`, 1), cBadConfig),
		signCase("smartsessions userOp chainId 0x-1", "smartsessions", strings.Replace(smartOp(tblShop, "1"), `"type":"userOperation",`, `"type":"userOperation","chainId":"0x-2105",`, 1), cBadRequest, ""),
		signCase("smartsessions amount over the limit", "smartsessions", smartOp(tblShop, "3e9"), cPolicy, "spending-limit"),
	}
	runTable(t, cases)
}

// TestBadInputPasses: the same table's passing requests change exactly the
// session's own record (its tally) and nothing else.
func TestBadInputPasses(t *testing.T) {
	runTable(t, []tblCase{
		{name: "local transfer counted", do: func(e *tblEnv) error {
			return e.sign("local", localTx(`,"to":"`+tblFriend+`","value":"0x0de0b6b3a7640000"`))
		}, changed: "local"},
		{name: "abstract typed data value 0", do: func(e *tblEnv) error { return e.sign("abstract", abstractTyped(`"0"`)) }, changed: "abstract"},
		{name: "smartsessions transfer counted", do: func(e *tblEnv) error { return e.sign("smartsessions", smartOp(tblShop, "3e8")) }, changed: "smartsessions"},
	})
}

// TestExpiryHintNamesTheJSOptions: a millisecond expiry says what to send.
func TestExpiryHintNamesTheJSOptions(t *testing.T) {
	e := newTblEnv(t)
	err := e.create(strings.Replace(tblLocal, `"chainId":"11124"`, `"chainId":"11124","expiresAt":1800000100000`, 1))
	if session.Code(err) != cBadConfig || !strings.Contains(err.Error(), "expiresAt") ||
		!strings.Contains(err.Error(), "Unix seconds") || !strings.Contains(err.Error(), "maxLifetimeSeconds") {
		t.Fatalf("got %v", err)
	}
}

// TestChangeSecretKeepsStoredKDFCost: a vault opened with weaker Argon2id
// options than its header's keeps the stored cost on a change of secret
// (no silent downgrade), and takes a stronger one when asked.
func TestChangeSecretKeepsStoredKDFCost(t *testing.T) {
	store := keystore.NewMemoryStore()
	strong := keystore.KDFParams{MemoryKiB: keystore.MinKDF.MemoryKiB, Time: keystore.MinKDF.Time + 1, Threads: 2}
	open := func(kdf keystore.KDFParams) *session.Vault {
		v, err := session.Open(context.Background(), session.Options{Store: store, KDF: kdf, Schemes: accounts.Schemes(), Now: tblNowFunc})
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if err := open(strong).Unlock(context.Background(), tblSecret); err != nil {
		t.Fatal(err)
	}
	stored := func() keystore.KDFParams {
		raw, err := store.Get(context.Background(), keystore.HeaderKey)
		if err != nil {
			t.Fatal(err)
		}
		h, err := keystore.ParseHeader(raw)
		if err != nil || len(h.Slots) != 1 || h.Slots[0].KDF == nil {
			t.Fatalf("header: %v", err)
		}
		return *h.Slots[0].KDF
	}
	weak := open(keystore.MinKDF)
	if err := weak.ChangeSecret(context.Background(), tblSecret, []byte("a new secret, long enough")); err != nil {
		t.Fatal(err)
	}
	if got := stored(); got != strong {
		t.Fatalf("after a change of secret with weaker options the header has %+v, want the stored %+v", got, strong)
	}
	stronger := keystore.KDFParams{MemoryKiB: strong.MemoryKiB, Time: strong.Time + 1, Threads: 1}
	if err := open(stronger).ChangeSecret(context.Background(), []byte("a new secret, long enough"), tblSecret); err != nil {
		t.Fatal(err)
	}
	if got, want := stored(), (keystore.KDFParams{MemoryKiB: strong.MemoryKiB, Time: stronger.Time, Threads: strong.Threads}); got != want {
		t.Fatalf("stronger time asked: header has %+v, want %+v (each cost the larger of stored and asked)", got, want)
	}
}

// TestBadInputAbstractMainnetRegistry: a mainnet session needs a registry
// checker, or registryCheck: false, which the permissions then show.
func TestBadInputAbstractMainnetRegistry(t *testing.T) {
	mainnet := strings.Replace(tblAbstract(""), `"chainId":11124`, `"chainId":2741`, 1)
	runTable(t, []tblCase{
		createCase("abstract mainnet without a registry checker", mainnet, cBadConfig),
		createCase("abstract mainnet registryCheck: \"false\" (a string)", strings.Replace(mainnet, `"transferPolicies"`, `"registryCheck":"false","transferPolicies"`, 1), cBadConfig),
	})
	e := newTblEnv(t)
	info, err := e.v.CreateSession(context.Background(), json.RawMessage(strings.Replace(mainnet, `"transferPolicies"`, `"registryCheck":false,"transferPolicies"`, 1)))
	if err != nil {
		t.Fatal(err)
	}
	if last := info.Permissions[len(info.Permissions)-1]; !strings.Contains(last, "registryCheck: false") {
		t.Fatalf("permissions do not say the registry was skipped: %q", info.Permissions)
	}
	again, err := e.v.GetSession(context.Background(), info.ID)
	if err != nil || !strings.Contains(strings.Join(again.Permissions, "\n"), "NOT checked") {
		t.Fatalf("stored session: %v %q", err, again.Permissions)
	}
}
