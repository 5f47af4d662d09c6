package ethsign

import (
	"errors"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/sessionsigner/sessionsigner/internal/ethcrypto"
)

func TestSignRecoverRoundTrip(t *testing.T) {
	g := newGen(1)
	for range 8 {
		raw := g.bytes(32)
		key, err := ethcrypto.ParseKey(raw)
		if err != nil {
			continue
		}
		ref, err := crypto.ToECDSA(raw)
		if err != nil {
			t.Fatal(err)
		}
		digest := common.BytesToHash(g.bytes(32))
		sig, err := Sign(key, digest)
		if err != nil {
			t.Fatal(err)
		}
		if len(sig) != 65 || (sig[64] != 27 && sig[64] != 28) {
			t.Fatalf("signature %x: want 65 bytes with v 27/28", sig)
		}
		want := crypto.PubkeyToAddress(ref.PublicKey) // go-ethereum's, not ours
		for _, v := range []byte{sig[64], sig[64] - 27} {
			s := append([]byte(nil), sig...)
			s[64] = v
			got, err := Recover(digest, s)
			if err != nil || got != want {
				t.Fatalf("Recover with v=%d: %s, %v; want %s", v, got, err, want)
			}
		}
		other := digest
		other[0] ^= 1
		if got, err := Recover(other, sig); err == nil && got == want {
			t.Fatal("Recover over a different digest returned the signer")
		}
	}
}

func TestRecoverRejects(t *testing.T) {
	key, _ := ethcrypto.ParseKey(common.FromHex("0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"))
	digest := common.HexToHash("0x01")
	sig, _ := Sign(key, digest)
	withV := func(v byte) []byte { s := append([]byte(nil), sig...); s[64] = v; return s }
	zeroR := append(make([]byte, 32), sig[32:]...)
	for name, s := range map[string][]byte{
		"empty":    nil,
		"short":    sig[:64],
		"long":     append(append([]byte(nil), sig...), 0),
		"v=2":      withV(2),
		"v=29":     withV(29),
		"v=255":    withV(255),
		"r=0":      zeroR,
		"all zero": make([]byte, 65),
	} {
		if _, err := Recover(digest, s); !errors.Is(err, ErrSignature) {
			t.Errorf("%s: err = %v, want ErrSignature", name, err)
		}
	}
}

func TestSignNilKey(t *testing.T) {
	if _, err := Sign(nil, common.Hash{}); !errors.Is(err, ErrSignature) {
		t.Fatalf("err = %v", err)
	}
}

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
