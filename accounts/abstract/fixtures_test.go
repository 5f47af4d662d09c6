package abstract

import (
	"math/big"
	"strings"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/math"
	"github.com/sessionsigner/sessionsigner/ethtypes"
)

// Session configs as an app would send them. They mix the accepted input
// forms on purpose (names and numbers for enums, decimal and hex strings
// and JSON integers for quantities, selectors and function signatures).

var (
	game     = ethtypes.HexToAddress("0x9Cf1D9c3D8e5F9a3bA4E5A2d1B6C7e8F9A0b1C2d")
	treasury = ethtypes.HexToAddress("0x00000000000000000000000000000000DeaDBeef")
)

const playSig = "play(address,uint256,uint256,uint256,uint256,uint256,uint256)"

// mintParams is the examples repository's default session: one mint
// policy, a lifetime fee limit.
func mintParams() map[string]any {
	return map[string]any{
		"account":  agwAccount.Hex(),
		"feeLimit": limit("Lifetime", ether(1000), 0),
		"callPolicies": []any{map[string]any{
			"target": nftTarget.Hex(), "function": "mint(address,uint256)",
			"valueLimit": unlimited, "maxValuePerUse": 0, "constraints": []any{},
		}},
		"transferPolicies": []any{},
	}
}

// allowanceParams has allowance limits with periods and a constraint of
// every condition, each with a different kind of limit.
func allowanceParams() map[string]any {
	return map[string]any{
		"account":  agwAccount.Hex(),
		"feeLimit": limit("Allowance", ether(100), 86400),
		"callPolicies": []any{map[string]any{
			"target": game.Hex(), "function": playSig,
			"valueLimit": limit("Allowance", ether(10), "3600"), "maxValuePerUse": ether(5),
			"constraints": []any{
				constraint(0, "Equal", addrWord(agwAccount), unlimited),
				constraint("1", 2, numWord(10), limit("Lifetime", 1000, 0)),
				constraint("0x2", "Less", numWord(100), limit(2, 500, 86400)),
				constraint(3, "GreaterEqual", numWord(5), unlimited),
				constraint(4, "LessEqual", numWord(50), limit("Allowance", 200, 3600)),
				constraint(5, "NotEqual", numWord(7), limit("Lifetime", 1000000, 0)),
				constraint(6, "Unconstrained", ethtypes.Hash{}, limit("Allowance", 1000, 600)),
			},
		}},
		"transferPolicies": []any{
			map[string]any{"target": friend.Hex(), "maxValuePerUse": ether(100), "valueLimit": limit("Allowance", ether(500), 604800)},
			map[string]any{"target": treasury.Hex(), "maxValuePerUse": ether(1000), "valueLimit": limit("Lifetime", ether(1000), 0)},
		},
	}
}

// tokenParams pins the destination of approve, transfer and
// setApprovalForAll, as mainnet requires.
func tokenParams() map[string]any {
	return map[string]any{
		"account":  agwAccount.Hex(),
		"feeLimit": limit("Lifetime", ether(50), 0),
		"callPolicies": []any{
			map[string]any{
				"target": token.Hex(), "function": "approve(address,uint256)", "valueLimit": unlimited, "maxValuePerUse": 0,
				"constraints": []any{
					constraint(0, "Equal", addrWord(spender), unlimited),
					constraint(1, "LessEqual", numWord(1000), limit("Lifetime", 5000, 0)),
				},
			},
			map[string]any{
				"target": token.Hex(), "selector": "0xa9059cbb", "valueLimit": unlimited, "maxValuePerUse": "0",
				"constraints": []any{
					constraint("0", 1, addrWord(friend), unlimited),
					constraint(1, "Unconstrained", ethtypes.Hash{}, limit("Lifetime", "1000000000000000000000", 0)),
				},
			},
			map[string]any{
				"target": nftTarget.Hex(), "function": "setApprovalForAll(address,bool)", "valueLimit": unlimited, "maxValuePerUse": 0,
				"constraints": []any{
					constraint(0, "Equal", addrWord(spender), unlimited),
					constraint(0, "Equal", addrWord(friend), unlimited),
				},
			},
			map[string]any{
				"target": nftTarget.Hex(), "function": "mint(address,uint256)", "valueLimit": limit("Lifetime", ether(20), 0), "maxValuePerUse": ether(10),
				"constraints": []any{},
			},
		},
		"transferPolicies": []any{
			map[string]any{"target": friend.Hex(), "maxValuePerUse": ether(1), "valueLimit": limit("Lifetime", ether(3), 0)},
		},
	}
}

// manyParams has several policies of each kind, selectors in upper case
// (normalized), and an account without the module yet.
func manyParams() map[string]any {
	var calls []any
	for i, sig := range []string{"mint(address,uint256)", "burn(uint256)", "claim()", "vote(uint256,bool)", "stake(uint256)"} {
		p := map[string]any{
			"target":     []ethtypes.Address{nftTarget, nftTarget, game, game, token}[i].Hex(),
			"valueLimit": limit("Allowance", ether(int64(i+1)), 3600*(i+1)), "maxValuePerUse": ether(int64(i)),
			"constraints": []any{constraint(0, i%7, numWord(int64(i)), limit("Lifetime", i*100, 0))},
		}
		if i%2 == 0 {
			p["function"] = sig
		} else {
			sel := selectorOf(sig)
			p["selector"] = "0x" + strings.ToUpper(common.Bytes2Hex(sel[:]))
		}
		calls = append(calls, p)
	}
	return map[string]any{
		"account":         agwAccount.Hex(),
		"moduleInstalled": false,
		"feeLimit":        limit("Allowance", ether(30), 7200),
		"callPolicies":    calls,
		"transferPolicies": []any{
			map[string]any{"target": friend.Hex(), "maxValuePerUse": ether(1), "valueLimit": unlimited},
			map[string]any{"target": treasury.Hex(), "maxValuePerUse": ether(2), "valueLimit": limit("Lifetime", ether(4), 0)},
			map[string]any{"target": spender.Hex(), "maxValuePerUse": 0, "valueLimit": limit("Lifetime", 0, 0)},
		},
	}
}

// edgeParams uses the extremes: 2^256-1 limits, a far constraint index, a
// refValue with high bits, a one-second allowance, and lowercase addresses.
func edgeParams() map[string]any {
	max := math.MaxBig256.String()
	high := ethtypes.Hash(common.HexToHash("0xff00000000000000000000000000000000000000000000000000000000000001"))
	return map[string]any{
		"account":  strings.ToLower(agwAccount.Hex()),
		"feeLimit": limit("Allowance", max, 1),
		"callPolicies": []any{map[string]any{
			"target": strings.ToLower(game.Hex()), "selector": "0xdeadbeef", "valueLimit": limit("Lifetime", max, 0),
			"maxValuePerUse": "0x" + new(big.Int).Sub(math.MaxBig256, big.NewInt(1)).Text(16),
			"constraints": []any{
				constraint("18446744073709551615", "GreaterOrEqual", high, limit("Allowance", max, "0xffffffffffffffff")),
				constraint(1000, "LessOrEqual", high, limit("Lifetime", 0, 0)),
			},
		}},
		"transferPolicies": []any{
			map[string]any{"target": strings.ToLower(friend.Hex()), "maxValuePerUse": max, "valueLimit": limit("Unlimited", 5, 9)},
		},
	}
}
