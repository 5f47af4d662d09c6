package ethcrypto

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/sessionsigner/sessionsigner/ethtypes"
)

// The tests compare with go-ethereum's crypto package, which (built with
// cgo, as tests here are) signs with libsecp256k1: a second implementation.

// seeded returns n deterministic bytes for seed i.
func seeded(label string, i, n int) []byte {
	var out []byte
	for j := 0; len(out) < n; j++ {
		var ctr [16]byte
		binary.BigEndian.PutUint64(ctr[:8], uint64(i))
		binary.BigEndian.PutUint64(ctr[8:], uint64(j))
		out = append(out, crypto.Keccak256([]byte("ethcrypto-test/"+label), ctr[:])...)
	}
	return out[:n]
}

var secpN = crypto.S256().Params().N

func TestKeccakMatchesGoEthereum(t *testing.T) {
	for _, n := range []int{0, 1, 31, 32, 135, 136, 137, 200, 1000} {
		data := seeded("keccak", n, n)
		if got, want := Keccak256(data), crypto.Keccak256(data); !bytes.Equal(got, want) {
			t.Errorf("%d bytes: %x, go-ethereum %x", n, got, want)
		}
		parts := [][]byte{data[:n/3], data[n/3 : n/2], data[n/2:]}
		if got, want := Keccak256Hash(parts...), ethtypes.Hash(crypto.Keccak256Hash(data)); got != want {
			t.Errorf("%d bytes in parts: %s, go-ethereum %s", n, got, want)
		}
	}
}

func TestSignAndRecoverMatchGoEthereum(t *testing.T) {
	keys := [][]byte{common.LeftPadBytes([]byte{1}, 32), new(big.Int).Sub(secpN, big.NewInt(1)).Bytes()}
	for i := range 40 {
		keys = append(keys, seeded("key", i, 32))
	}
	for i, raw := range keys {
		k, err := ParseKey(raw)
		if err != nil {
			t.Fatalf("key %d: %v", i, err)
		}
		ref, err := crypto.ToECDSA(raw)
		if err != nil {
			t.Fatalf("key %d: go-ethereum: %v", i, err)
		}
		addr := ethtypes.Address(crypto.PubkeyToAddress(ref.PublicKey))
		if got := KeyAddress(k); got != addr {
			t.Fatalf("key %d: address %s, go-ethereum %s", i, got.Hex(), addr.Hex())
		}
		digest := ethtypes.BytesToHash(seeded("digest", i, 32))
		sig := Sign(k, digest)
		want, err := crypto.Sign(digest[:], ref)
		if err != nil {
			t.Fatal(err)
		}
		want[64] += 27
		if !bytes.Equal(sig, want) {
			t.Fatalf("key %d: signature\n %x\n go-ethereum\n %x", i, sig, want)
		}
		if s := new(big.Int).SetBytes(sig[32:64]); s.Cmp(new(big.Int).Rsh(secpN, 1)) > 0 {
			t.Fatalf("key %d: high s", i)
		}
		rec, err := Recover(digest, sig)
		if err != nil || rec != addr {
			t.Fatalf("key %d: recovered %s (%v), want %s", i, rec.Hex(), err, addr.Hex())
		}
	}
}

// TestSignReducesLargeDigests: a digest >= n is signed as digest mod n, as
// RFC 6979's bits2octets prescribes (decred alone would feed the unreduced
// digest to the nonce generator). ethsign's viem test checks the all-ones
// digest against viem itself.
func TestSignReducesLargeDigests(t *testing.T) {
	k, _ := ParseKey(seeded("key", 7, 32))
	for _, d := range []*big.Int{secpN, new(big.Int).Add(secpN, big.NewInt(1)), new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1))} {
		reduced := new(big.Int).Mod(d, secpN)
		sig := Sign(k, ethtypes.Hash(common.BigToHash(d)))
		if want := Sign(k, ethtypes.Hash(common.BigToHash(reduced))); !bytes.Equal(sig, want) {
			t.Errorf("digest %x: signature differs from the one over digest mod n", d)
		}
		if rec, err := Recover(ethtypes.Hash(common.BigToHash(d)), sig); err != nil || rec != KeyAddress(k) {
			t.Errorf("digest %x: recovered %s (%v)", d, rec.Hex(), err)
		}
	}
}

func TestParseKeyRefusals(t *testing.T) {
	n := secpN.Bytes()
	nPlus1 := new(big.Int).Add(secpN, big.NewInt(1)).Bytes()
	for _, c := range []struct {
		name string
		b    []byte
	}{
		{"nil", nil},
		{"31 bytes", seeded("short", 0, 31)},
		{"33 bytes", seeded("long", 0, 33)},
		{"zero", make([]byte, 32)},
		{"n", n},
		{"n+1", nPlus1},
		{"2^256-1", bytes.Repeat([]byte{0xff}, 32)},
	} {
		if _, err := ParseKey(c.b); !errors.Is(err, ErrInvalidKey) {
			t.Errorf("%s: got %v, want ErrInvalidKey", c.name, err)
		}
	}
}

func TestRecoverRefusals(t *testing.T) {
	k, _ := ParseKey(seeded("key", 0, 32))
	digest := ethtypes.BytesToHash(seeded("digest", 0, 32))
	good := Sign(k, digest)
	edit := func(f func(s []byte)) []byte {
		s := bytes.Clone(good)
		f(s)
		return s
	}
	n := common.LeftPadBytes(secpN.Bytes(), 32)
	for _, c := range []struct {
		name string
		sig  []byte
	}{
		{"empty", nil},
		{"64 bytes", good[:64]},
		{"66 bytes", append(bytes.Clone(good), 0)},
		{"v 0", edit(func(s []byte) { s[64] = 0 })},
		{"v 1", edit(func(s []byte) { s[64] = 1 })},
		{"v 29", edit(func(s []byte) { s[64] = 29 })},
		{"r zero", edit(func(s []byte) { clear(s[:32]) })},
		{"s zero", edit(func(s []byte) { clear(s[32:64]) })},
		{"r = n", edit(func(s []byte) { copy(s[:32], n) })},
		{"s = n", edit(func(s []byte) { copy(s[32:64], n) })},
	} {
		if _, err := Recover(digest, c.sig); !errors.Is(err, ErrSignature) {
			t.Errorf("%s: got %v, want ErrSignature", c.name, err)
		}
	}
}

// FuzzRecover: any 65 bytes recover to the same address as go-ethereum
// does, or both refuse.
func FuzzRecover(f *testing.F) {
	for i := range 4 {
		k, _ := ParseKey(seeded("key", i, 32))
		d := ethtypes.BytesToHash(seeded("digest", i, 32))
		f.Add(d[:], Sign(k, d))
	}
	f.Fuzz(func(t *testing.T, digest, sig []byte) {
		if len(digest) != 32 || len(sig) != 65 {
			return
		}
		got, err := Recover(ethtypes.Hash(digest), sig)
		norm := bytes.Clone(sig)
		norm[64] -= 27
		pub, refErr := crypto.SigToPub(digest, norm)
		if sig[64] != 27 && sig[64] != 28 {
			if err == nil {
				t.Fatalf("accepted v = %d", sig[64])
			}
			return
		}
		if (err == nil) != (refErr == nil) {
			t.Fatalf("error %v, go-ethereum %v", err, refErr)
		}
		if err == nil && got != ethtypes.Address(crypto.PubkeyToAddress(*pub)) {
			t.Fatalf("recovered %s, go-ethereum %s", got.Hex(), ethtypes.Address(crypto.PubkeyToAddress(*pub)).Hex())
		}
	})
}

// FuzzParseKey: a key is accepted exactly when go-ethereum accepts it, and
// then has the same address.
func FuzzParseKey(f *testing.F) {
	f.Add(seeded("key", 0, 32))
	f.Add(secpN.Bytes())
	f.Add(make([]byte, 32))
	f.Fuzz(func(t *testing.T, b []byte) {
		k, err := ParseKey(b)
		ref, refErr := crypto.ToECDSA(b)
		if (err == nil) != (refErr == nil) {
			t.Fatalf("error %v, go-ethereum %v", err, refErr)
		}
		if err == nil && KeyAddress(k) != ethtypes.Address(crypto.PubkeyToAddress(ref.PublicKey)) {
			t.Fatal("address differs from go-ethereum's")
		}
	})
}
