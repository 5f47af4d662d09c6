package rlpenc

import (
	"bytes"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/ethereum/go-ethereum/rlp"
)

// The reference is go-ethereum's rlp package, which this one replaces in
// the module; test code may still use it.

// randomItem builds an item and the value go-ethereum encodes the same way.
func randomItem(r *rand.Rand, depth int) (Item, any) {
	kinds := 3
	if depth < 4 {
		kinds = 4
	}
	switch r.IntN(kinds) {
	case 0:
		n := []int{0, 1, 1, 2, 55, 56, 57, 255, 256, 1024, 70000}[r.IntN(11)]
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(r.Uint32() % []uint32{0x7f, 0x80, 0x81, 256}[r.IntN(4)])
		}
		return String(b), b
	case 1:
		v := new(big.Int).SetBytes(randomBytes(r, r.IntN(33)))
		return Uint(v), v
	case 2:
		v := []uint64{0, 1, 0x7f, 0x80, 0xff, 0x100, r.Uint64()}[r.IntN(7)]
		return Uint64(v), v
	}
	n := []int{0, 1, 3, 20}[r.IntN(4)]
	items := make([]Item, n)
	vals := make([]any, n)
	for i := range items {
		items[i], vals[i] = randomItem(r, depth+1)
	}
	return List(items...), vals
}

func randomBytes(r *rand.Rand, n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

func TestEncodeMatchesGoEthereum(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for i := range 2000 {
		item, val := randomItem(r, 0)
		want, err := rlp.EncodeToBytes(val)
		if err != nil {
			t.Fatalf("case %d: go-ethereum: %v", i, err)
		}
		if got := item.Bytes(); !bytes.Equal(got, want) {
			t.Fatalf("case %d: encoding differs\n got  %x\n want %x", i, got, want)
		}
	}
}

func TestUintRefusesNegative(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("Uint(-1) did not panic")
		}
	}()
	Uint(big.NewInt(-1))
}
