package ethunit

import (
	"math/big"
	"math/rand"
	"testing"

	"github.com/sessionsigner/sessionsigner/internal/nodetest"
)

func TestFormatEther(t *testing.T) {
	for wei, want := range map[string]string{
		"0":                     "0 ETH",
		"1":                     "0.000000000000000001 ETH",
		"10000000000000000":     "0.01 ETH",
		"1000000000000000000":   "1 ETH",
		"1500000000000000000":   "1.5 ETH",
		"123456789012345678901": "123.456789012345678901 ETH",
		"100000000000000000000": "100 ETH",
		"999999999999999999":    "0.999999999999999999 ETH",
		"-5":                    "-0.000000000000000005 ETH",
		"-1000000000000000000":  "-1 ETH",
	} {
		v, _ := new(big.Int).SetString(wei, 10)
		if got := FormatEther(v); got != want {
			t.Errorf("FormatEther(%s) = %q, want %q", wei, got, want)
		}
	}
}

// TestFormatEtherMatchesViem compares FormatEther with viem's formatEther (the npm
// package, at test time) on amounts of every length from 0 to 78 digits,
// round ones and ragged ones, positive and negative.
func TestFormatEtherMatchesViem(t *testing.T) {
	r := rand.New(rand.NewSource(14))
	var amounts []*big.Int
	for bits := 0; bits <= 256; bits += 3 {
		v := new(big.Int).Rand(r, new(big.Int).Lsh(big.NewInt(1), uint(bits)))
		round := new(big.Int).Mul(big.NewInt(int64(r.Intn(1000))), new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(r.Intn(30))), nil))
		amounts = append(amounts, v, round, new(big.Int).Neg(v))
	}
	wei := make([]string, len(amounts))
	for i, a := range amounts {
		wei[i] = a.String()
	}
	var out struct {
		Ether []string `json:"ether"`
	}
	nodetest.Run(t, "internal/ethunit/testdata/viem.mjs", map[string]any{"wei": wei}, &out)
	if len(out.Ether) != len(amounts) {
		t.Fatalf("viem returned %d results for %d amounts", len(out.Ether), len(amounts))
	}
	for i, a := range amounts {
		if got, want := FormatEther(a), out.Ether[i]+" ETH"; got != want {
			t.Errorf("FormatEther(%s) = %q, viem's formatEther %q", a, got, want)
		}
	}
	t.Logf("compared %d amounts with viem's formatEther", len(amounts))
}
