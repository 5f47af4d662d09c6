package smartsessions

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/sessionsigner/sessionsigner/ethtypes"
	"github.com/sessionsigner/sessionsigner/internal/nodetest"
	"github.com/sessionsigner/sessionsigner/internal/sigtest"
)

// diffCase is one session compared against module-sdk: its create params,
// a user operation its policies allow, and the enable chain to use.
type diffCase struct {
	name        string
	chainID     int64
	params      map[string]any
	callData    []byte
	enableChain int64 // chain of the ENABLE user operation; 0 = the session's
}

func diffCases() []diffCase {
	token, other, dex, game := testAddr("token"), testAddr("other-token"), testAddr("dex"), testAddr("game")
	recipient, account := testAddr("recipient"), testAddr("account")
	tokenIn := testAddr("token-in")
	now := testNow.Unix()
	inRange := append(common.LeftPadBytes(u256(10), 16), common.LeftPadBytes(u256(5000), 16)...)
	return []diffCase{
		{
			name: "single action with sudo", chainID: 8453,
			params: map[string]any{
				"scheme": "smartsessions", "chainId": "8453", "account": account.Hex(), "allowSudo": true,
				"actions": []any{map[string]any{"target": token.Hex(), "function": "transfer(address,uint256)"}},
			},
			callData: single(token, 0, calldata("transfer(address,uint256)", recipient[:], u256(100))),
		},
		{
			name: "universal-action rules", chainID: 1,
			params: map[string]any{
				"account": strings.ToLower(account.Hex()), "accountType": "nexus",
				"salt": hexOf(testBytes("salt", 32)),
				"actions": []any{map[string]any{
					"target": dex.Hex(), "function": "swap(address,uint256,uint256,address)",
					"policies": []any{
						map[string]any{"type": "universal-action", "valueLimitPerUse": "1000", "rules": []any{
							map[string]any{"condition": "equal", "calldataOffset": "0", "referenceValue": strings.ToLower(tokenIn.Hex())},
							map[string]any{"condition": "inRange", "calldataOffset": "32", "referenceValue": hexOf(inRange)},
							map[string]any{"condition": "lessThanOrEqual", "calldataOffset": "64", "referenceValue": "2000", "usageLimit": "3000"},
							map[string]any{"condition": "notEqual", "calldataOffset": 96, "referenceValue": 0},
							map[string]any{"condition": 1, "calldataOffset": "32", "referenceValue": "0x9"},
						}},
						map[string]any{"type": "usage-limit", "limit": "5"},
					},
				}},
			},
			callData: single(dex, 500, calldata("swap(address,uint256,uint256,address)", tokenIn[:], u256(100), u256(1000), recipient[:])),
		},
		{
			name: "time-frame, usage and value limits with spending limits", chainID: 137,
			params: map[string]any{
				"account": account.Hex(), "accountType": "kernel", "permitERC4337Paymaster": false,
				"policies": []any{
					map[string]any{"type": "time-frame", "validUntil": fmt.Sprint(now + 30*86400), "validAfter": fmt.Sprint(now - 86400)},
					map[string]any{"type": "usage-limit", "limit": "10"},
					map[string]any{"type": "value-limit", "limit": "1000000000000000000"},
				},
				"actions": []any{map[string]any{
					"target": token.Hex(), "function": "transfer(address,uint256)",
					"policies": []any{
						map[string]any{"type": "spending-limits", "limits": []any{
							map[string]any{"token": token.Hex(), "amount": "1000000000"},
							map[string]any{"token": other.Hex(), "amount": "5"},
						}},
						map[string]any{"type": "time-frame", "validUntil": now + 86400, "validAfter": 0},
					},
				}},
			},
			callData: single(token, 0, calldata("transfer(address,uint256)", recipient[:], u256(1000))),
		},
		{
			name: "several actions", chainID: 10,
			params: map[string]any{
				"account": account.Hex(), "accountType": "erc7579", "nonce": "3",
				"actions": []any{
					map[string]any{"target": token.Hex(), "selector": "0xa9059cbb", "policies": []any{
						map[string]any{"type": "universal-action", "rules": []any{
							map[string]any{"condition": "equal", "calldataOffset": "0", "referenceValue": recipient.Hex()},
						}},
						map[string]any{"type": "value-limit", "limit": "1"},
					}},
					map[string]any{"target": recipient.Hex(), "selector": "0xffffffff", "policies": []any{
						map[string]any{"type": "value-limit", "limit": "1000"},
					}},
					map[string]any{"target": game.Hex(), "function": "play(uint256)", "policies": []any{
						map[string]any{"type": "usage-limit", "limit": "100"},
						map[string]any{"type": "time-frame", "validUntil": "0", "validAfter": fmt.Sprint(now - 10)},
					}},
				},
			},
			callData: batch(
				Call{Target: token, Value: new(big.Int), Data: calldata("transfer(address,uint256)", recipient[:], u256(1))},
				Call{Target: recipient, Value: big.NewInt(300), Data: nil},
				Call{Target: game, Value: new(big.Int), Data: calldata("play(uint256)", u256(7))},
			),
		},
		{
			name: "multichain enable of a sudo session", chainID: 8453, enableChain: 10,
			params: map[string]any{
				"account": account.Hex(), "allowSudo": true, "nonce": "2",
				"ownerValidator":         testAddr("owner-validator").Hex(),
				"policies":               []any{map[string]any{"type": "usage-limit", "limit": "3"}},
				"chains":                 []any{map[string]any{"chainId": "10", "nonce": "1"}, map[string]any{"chainId": 42161}},
				"permitERC4337Paymaster": true,
			},
			callData: single(testAddr("anything"), 1, []byte{0xde, 0xad, 0xbe, 0xef, 1}),
		},
	}
}

// sdkSession is what modulesdk.mjs computes for one session.
type sdkSession struct {
	OwnableInitData hexutil.Bytes   `json:"ownableInitData"`
	UserOpPolicies  []sdkPolicyData `json:"userOpPolicies"`
	Actions         []struct {
		ActionTargetSelector hexutil.Bytes    `json:"actionTargetSelector"`
		ActionTarget         ethtypes.Address `json:"actionTarget"`
		ActionPolicies       []sdkPolicyData  `json:"actionPolicies"`
	} `json:"actions"`
	SessionEncoding    hexutil.Bytes    `json:"sessionEncoding"`
	ConfigHash         ethtypes.Hash    `json:"configHash"`
	PermissionID       ethtypes.Hash    `json:"permissionId"`
	EnableSessionsCall sdkCall          `json:"enableSessionsCall"`
	RemoveSessionCall  sdkCall          `json:"removeSessionCall"`
	InstallData        hexutil.Bytes    `json:"installData"`
	InstallDataUnsafe  hexutil.Bytes    `json:"installDataUnsafe"`
	NonceKey           string           `json:"nonceKey"`
	UseSignature       hexutil.Bytes    `json:"useSignature"`
	Recovered          ethtypes.Address `json:"recovered"`
	Enable             sdkEnable        `json:"enable"`
	UnsafeEnable       sdkEnable        `json:"unsafeEnable"`
}

type sdkPolicyData struct {
	Policy   ethtypes.Address `json:"policy"`
	InitData hexutil.Bytes    `json:"initData"`
}

type sdkCall struct {
	To   ethtypes.Address `json:"to"`
	Data hexutil.Bytes    `json:"data"`
}

type sdkEnable struct {
	DigestViem    ethtypes.Hash `json:"digestViem"`
	DigestSdk     ethtypes.Hash `json:"digestSdk"`
	DigestDetails ethtypes.Hash `json:"digestDetails"`
	Signature     hexutil.Bytes `json:"signature"`
	Payload       hexutil.Bytes `json:"payload"`
}

// goDetails is the Describe output the test reads back.
type goDetails struct {
	PermissionID       ethtypes.Hash `json:"permissionId"`
	EnableSessionsCall sdkCall       `json:"enableSessionsCall"`
	RemoveSessionCall  sdkCall       `json:"removeSessionCall"`
	InstallData        hexutil.Bytes `json:"installData"`
	EnableDigest       ethtypes.Hash `json:"enableDigest"`
	UnsafeEnableDigest ethtypes.Hash `json:"unsafeEnableDigest"`
	NonceKey           string        `json:"nonceKey"`
}

// TestModuleSDK compares every encoding of five sessions, byte for byte,
// with @rhinestone/module-sdk 0.4.0, viem and solady run at test time.
func TestModuleSDK(t *testing.T) {
	cases := diffCases()
	type jsCase struct {
		Params           map[string]any `json:"params"`
		ChainID          string         `json:"chainId"`
		Signer           string         `json:"signer"`
		UserOpHash       string         `json:"userOpHash"`
		UseSig           string         `json:"useSig"`
		OwnerSignature   string         `json:"ownerSignature"`
		EnableChainIndex int            `json:"enableChainIndex"`
	}
	type goCase struct {
		ts                   *testSession
		use, enable, unsafeE []byte
		details              goDetails
	}
	var in struct {
		Sessions []jsCase `json:"sessions"`
	}
	var got []goCase
	for i, c := range cases {
		ts := mustCreate(t, fmt.Sprintf("diff-%d", i), c.chainID, c.params)
		op := userOp(c.name, c.callData)
		use, err := ts.sign(t, op)
		if err != nil {
			t.Fatalf("%s: USE: %v", c.name, err)
		}
		ownerSig := testBytes("owner-sig/"+c.name, 65)
		enable := map[string]any{"ownerSignature": hexOf(ownerSig)}
		index := 0
		if c.enableChain != 0 {
			enable["chainId"] = fmt.Sprint(c.enableChain)
			index = 1
		}
		op["enable"] = enable
		en, err := ts.sign(t, op)
		if err != nil {
			t.Fatalf("%s: ENABLE: %v", c.name, err)
		}
		enable["mode"] = "unsafe-enable"
		unsafeE, err := ts.sign(t, op)
		if err != nil {
			t.Fatalf("%s: UNSAFE_ENABLE: %v", c.name, err)
		}
		desc, err := New().Describe(ts.session)
		if err != nil {
			t.Fatalf("%s: describe: %v", c.name, err)
		}
		var d goDetails
		if err := json.Unmarshal(desc.Details, &d); err != nil {
			t.Fatal(err)
		}
		got = append(got, goCase{ts, use, en, unsafeE, d})
		in.Sessions = append(in.Sessions, jsCase{
			Params: c.params, ChainID: fmt.Sprint(c.chainID), Signer: ts.session.Signer.Hex(),
			UserOpHash: op["userOpHash"].(string), UseSig: hexOf(use[33:]), OwnerSignature: hexOf(ownerSig),
			EnableChainIndex: index,
		})
	}

	var out struct {
		Sessions []sdkSession `json:"sessions"`
	}
	nodetest.Run(t, "accounts/smartsessions/testdata/modulesdk.mjs", in, &out)
	if len(out.Sessions) != len(cases) {
		t.Fatalf("node returned %d sessions, want %d", len(out.Sessions), len(cases))
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			want, g := out.Sessions[i], got[i]
			l, err := load(g.ts.session)
			if err != nil {
				t.Fatal(err)
			}
			eq := func(what string, got, want []byte) {
				t.Helper()
				if !bytes.Equal(got, want) {
					t.Errorf("%s differs from module-sdk\n got  0x%x\n want 0x%x", what, got, want)
				}
			}
			eq("OwnableValidator init data", l.session.SessionValidatorInitData, want.OwnableInitData)
			if l.session.SessionValidator != OwnableValidatorAddress {
				t.Errorf("session validator %s", l.session.SessionValidator.Hex())
			}
			comparePolicies(t, "userOpPolicies", l.session.UserOpPolicies, want.UserOpPolicies)
			if len(l.session.Actions) != len(want.Actions) {
				t.Fatalf("%d actions, module-sdk %d", len(l.session.Actions), len(want.Actions))
			}
			for j, a := range l.session.Actions {
				eq(fmt.Sprintf("actions[%d].selector", j), a.ActionTargetSelector[:], want.Actions[j].ActionTargetSelector)
				if a.ActionTarget != want.Actions[j].ActionTarget {
					t.Errorf("actions[%d].target %s, module-sdk %s", j, a.ActionTarget.Hex(), want.Actions[j].ActionTarget.Hex())
				}
				comparePolicies(t, fmt.Sprintf("actions[%d].policies", j), a.ActionPolicies, want.Actions[j].ActionPolicies)
			}
			enc := EncodeSession(l.session)
			eq("abi.encode(Session)", enc, want.SessionEncoding)
			eq("ConfigHash", g.ts.session.ConfigHash[:], want.ConfigHash[:])
			eq("permissionId", g.details.PermissionID[:], want.PermissionID[:])
			eq("enableSessions calldata", g.details.EnableSessionsCall.Data, want.EnableSessionsCall.Data)
			eq("enableSessions target", g.details.EnableSessionsCall.To[:], want.EnableSessionsCall.To[:])
			eq("removeSession calldata", g.details.RemoveSessionCall.Data, want.RemoveSessionCall.Data)
			eq("removeSession target", g.details.RemoveSessionCall.To[:], want.RemoveSessionCall.To[:])
			eq("install data", g.details.InstallData, want.InstallData)
			unsafeInstall := InstallData(true, l.session)
			eq("install data (unsafe)", unsafeInstall, want.InstallDataUnsafe)
			if g.details.NonceKey != want.NonceKey {
				t.Errorf("nonce key %s, module-sdk %s", g.details.NonceKey, want.NonceKey)
			}
			revoke, err := New().Revoke(g.ts.session)
			if err != nil {
				t.Fatal(err)
			}
			var r struct{ RemoveSessionCall sdkCall }
			if err := json.Unmarshal(revoke, &r); err != nil {
				t.Fatal(err)
			}
			eq("revoke removeSession calldata", r.RemoveSessionCall.Data, want.RemoveSessionCall.Data)

			eq("USE signature", g.use, want.UseSignature)
			if want.Recovered != g.ts.session.Signer {
				t.Errorf("viem recovers %s from the USE signature, want the session key %s", want.Recovered.Hex(), g.ts.session.Signer.Hex())
			}
			hash := ethtypes.BytesToHash(crypto.Keccak256([]byte("userOpHash/" + c.name)))
			if rec, err := sigtest.Recover(hash, g.use[33:]); err != nil || rec != g.ts.session.Signer {
				t.Errorf("Go recovers %s (%v) from the USE signature, want %s", rec.Hex(), err, g.ts.session.Signer.Hex())
			}

			for _, m := range []struct {
				name   string
				digest ethtypes.Hash
				sig    []byte
				want   sdkEnable
			}{
				{"ENABLE", g.details.EnableDigest, g.enable, want.Enable},
				{"UNSAFE_ENABLE", g.details.UnsafeEnableDigest, g.unsafeE, want.UnsafeEnable},
			} {
				eq(m.name+" digest vs viem hashTypedData", m.digest[:], m.want.DigestViem[:])
				eq(m.name+" digest vs module-sdk hashChainSessions", m.digest[:], m.want.DigestSdk[:])
				eq(m.name+" digest vs module-sdk getEnableSessionDetails", m.digest[:], m.want.DigestDetails[:])
				eq(m.name+" signature", m.sig, m.want.Signature)
				payload, err := flzDecompress(m.sig[1:], 1<<20)
				if err != nil {
					t.Fatalf("%s: decompress: %v", m.name, err)
				}
				eq(m.name+" uncompressed payload", payload, m.want.Payload)
			}
		})
	}
}

func comparePolicies(t *testing.T, what string, got []PolicyData, want []sdkPolicyData) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d policies, module-sdk %d", what, len(got), len(want))
		return
	}
	for i := range got {
		if got[i].Policy != want[i].Policy {
			t.Errorf("%s[%d]: policy %s, module-sdk %s", what, i, got[i].Policy.Hex(), want[i].Policy.Hex())
		}
		if !bytes.Equal(nonNil(got[i].InitData), want[i].InitData) {
			t.Errorf("%s[%d] (%s): init data differs\n got  0x%x\n want 0x%x", what, i, got[i].Policy.Hex(), got[i].InitData, want[i].InitData)
		}
	}
}
