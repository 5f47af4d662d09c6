package hexjson

import (
	"fmt"
	"math/big"
)

// Spend returns used + amount for a usage tally. It refuses a negative
// amount (or a negative stored tally): a request can spend a limit, never
// refill it, so no sum of requests can bring a spent limit back. Every
// tally update in every scheme goes through here.
func Spend(used, amount *big.Int) (*big.Int, error) {
	if amount.Sign() < 0 {
		return nil, fmt.Errorf("%w: amount %s is negative; a request can only spend a limit, never refill it", ErrQuantity, Clip(amount.String()))
	}
	if used.Sign() < 0 {
		return nil, fmt.Errorf("%w: the stored tally %s is negative", ErrQuantity, Clip(used.String()))
	}
	return new(big.Int).Add(used, amount), nil
}
