package ethsign

import (
	"errors"
	"testing"
)

func TestParseAddress(t *testing.T) {
	good := "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"
	for _, s := range []string{good, "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"} {
		a, err := ParseAddress(s)
		if err != nil || a.Hex() != good {
			t.Errorf("ParseAddress(%s) = %s, %v", s, a.Hex(), err)
		}
	}
	for _, s := range []string{
		"", "0x", "5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD",
		"0X5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED", "0x5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED",
		"0x5aaeb6053f3e94c9b9a09f33669435e7ef1beae", "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaedd", "0xzaaeb6053f3e94c9b9a09f33669435e7ef1beaed",
	} {
		if _, err := ParseAddress(s); !errors.Is(err, ErrAddress) {
			t.Errorf("ParseAddress(%q) err = %v, want ErrAddress", s, err)
		}
	}
}
