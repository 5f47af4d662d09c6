package sigtest

import (
	"encoding/binary"
	"errors"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/sessionsigner/sessionsigner/ethtypes"
	"github.com/sessionsigner/sessionsigner/internal/ethcrypto"
)

// seeded returns 32 deterministic bytes for seed i.
func seeded(label string, i int) []byte {
	var ctr [8]byte
	binary.BigEndian.PutUint64(ctr[:], uint64(i))
	return crypto.Keccak256([]byte("sigtest/"+label), ctr[:])
}

func TestSignRecoverRoundTrip(t *testing.T) {
	for i := range 8 {
		raw := seeded("key", i)
		key, err := ethcrypto.ParseKey(raw)
		if err != nil {
			continue
		}
		ref, err := crypto.ToECDSA(raw)
		if err != nil {
			t.Fatal(err)
		}
		digest := ethtypes.BytesToHash(seeded("digest", i))
		sig := ethcrypto.Sign(key, digest)
		if len(sig) != 65 || (sig[64] != 27 && sig[64] != 28) {
			t.Fatalf("signature %x: want 65 bytes with v 27/28", sig)
		}
		want := ethtypes.Address(crypto.PubkeyToAddress(ref.PublicKey))
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
	digest := ethtypes.Hash(common.HexToHash("0x01"))
	sig := ethcrypto.Sign(key, digest)
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

// FuzzRecover: never panics; errors carry ErrSignature.
func FuzzRecover(f *testing.F) {
	f.Add(make([]byte, 32), make([]byte, 65))
	f.Fuzz(func(t *testing.T, digest, sig []byte) {
		if _, err := Recover(ethtypes.BytesToHash(digest), sig); err != nil && !errors.Is(err, ErrSignature) {
			t.Fatalf("error without identity: %v", err)
		}
	})
}
