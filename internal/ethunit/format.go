// Package ethunit writes amounts of wei for people. Both schemes that describe
// ETH limits (local and abstract) use it, so a session's permissions and its
// refusals spell the same amount the same way, and the way viem does.
package ethunit

import (
	"math/big"
	"strings"
)

// decimals is the number of wei digits after the point: 1 ETH = 10^18 wei.
const decimals = 18

// FormatEther writes wei as an exact decimal number of ETH, without trailing
// zeros, followed by " ETH": 10000000000000000 is "0.01 ETH", 1 is
// "0.000000000000000001 ETH". The number is what viem's formatEther gives
// (a negative amount keeps its sign, though no limit is ever negative).
func FormatEther(wei *big.Int) string {
	digits := new(big.Int).Abs(wei).String()
	if len(digits) <= decimals {
		digits = strings.Repeat("0", decimals+1-len(digits)) + digits
	}
	whole, frac := digits[:len(digits)-decimals], strings.TrimRight(digits[len(digits)-decimals:], "0")
	sign := ""
	if wei.Sign() < 0 {
		sign = "-"
	}
	if frac == "" {
		return sign + whole + " ETH"
	}
	return sign + whole + "." + frac + " ETH"
}
