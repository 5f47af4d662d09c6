package scheme

import (
	"errors"
	"math/big"
	"testing"

	"github.com/sessionsigner/sessionsigner/ethtypes"
)

func TestConfigCacheIsKeyedByEveryInput(t *testing.T) {
	var c ConfigCache[string]
	calls := 0
	load := func(s *Session) (string, error) {
		calls++
		if string(s.Config) == "bad" {
			return "", errors.New("refused")
		}
		return s.ChainID.String() + "/" + s.Signer.Hex()[:4] + "/" + s.ConfigHash.Hex()[:4] + "/" + string(s.Config), nil
	}
	base := Session{ChainID: big.NewInt(1), Signer: ethtypes.Address{1}, ConfigHash: ethtypes.Hash{2}, Config: []byte("a")}
	other := func(edit func(*Session)) Session { s := base; edit(&s); return s }
	sessions := []Session{
		base, base,
		other(func(s *Session) { s.Config = []byte("a ") }),
		other(func(s *Session) { s.ChainID = big.NewInt(10) }),
		other(func(s *Session) { s.Signer = ethtypes.Address{3} }),
		other(func(s *Session) { s.ConfigHash = ethtypes.Hash{4} }),
		// The same concatenation split differently: chain "1" + config "1a"
		// against chain "11" + config "a".
		other(func(s *Session) { s.Config = []byte("1a") }),
		other(func(s *Session) { s.ChainID = big.NewInt(11) }),
		other(func(s *Session) { s.ID, s.State = "elsewhere", []byte("{}") }), // not an input: a hit
		base,
		other(func(s *Session) { s.Config = []byte("bad") }),
		other(func(s *Session) { s.Config = []byte("bad") }),
	}
	for i, s := range sessions {
		fresh, ferr := load(&s)
		calls--
		got, err := c.Load(&s, load)
		if (err == nil) != (ferr == nil) || got != fresh {
			t.Fatalf("session %d: cached %q, %v; loading afresh %q, %v", i, got, err, fresh, ferr)
		}
	}
	// Each of the 7 distinct keys once, "bad" every time.
	if calls != 7+2 {
		t.Fatalf("%d loads, want 9", calls)
	}
}
