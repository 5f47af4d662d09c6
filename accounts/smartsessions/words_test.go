package smartsessions

import (
	"math/big"
	"testing"

	"github.com/sessionsigner/sessionsigner/ethtypes"
)

// A refusal shows a calldata word the way its rule's reference value is
// shown: compared with an address, a small value is an address (the demo
// printed "argument 0 is 57005" for 0x…dEaD).
func TestWordShownLikeItsReference(t *testing.T) {
	var addrRef, numRef Word
	shop := ethtypes.HexToAddress("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")
	copy(addrRef[12:], shop[:])
	numRef[31] = 100
	dead := big.NewInt(0xdead)
	if got, want := wordWordsLike(dead, Rule{ReferenceValue: addrRef}), ethtypes.BigToAddress(dead).Hex(); got != want {
		t.Errorf("against an address: %s, want %s", got, want)
	}
	if got := wordWordsLike(dead, Rule{ReferenceValue: numRef}); got != "57005" {
		t.Errorf("against a number: %s, want 57005", got)
	}
	wide := new(big.Int).Lsh(big.NewInt(1), 200)
	if got := wordWordsLike(wide, Rule{ReferenceValue: addrRef}); got != wordWords(wide) {
		t.Errorf("a word too wide for an address: %s", got)
	}
}
