package ethcrypto

import (
	"bytes"
	"math/big"
	"sync"
	"testing"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
	"github.com/decred/dcrd/dcrec/secp256k1/v4/ecdsa"
	"github.com/ethereum/go-ethereum/common"
	"github.com/sessionsigner/sessionsigner/ethtypes"
)

// The tests below hold the own base-point table, multiply, signer and
// recovery to decred's: in a test build (no `tinygo` tag) decred multiplies
// by G with the table it ships, an independent computation of the same
// points; under the tag, with its generic multiply.

func scalarOf(b []byte) *secp256k1.ModNScalar {
	var s secp256k1.ModNScalar
	s.SetByteSlice(b)
	return &s
}

func samePoint(t *testing.T, what string, got, want *secp256k1.JacobianPoint) {
	t.Helper()
	g, w := *got, *want
	gInf := (g.X.IsZero() && g.Y.IsZero()) || g.Z.IsZero()
	wInf := (w.X.IsZero() && w.Y.IsZero()) || w.Z.IsZero()
	if gInf || wInf {
		if gInf != wInf {
			t.Fatalf("%s: infinity %v, decred %v", what, gInf, wInf)
		}
		return
	}
	g.ToAffine()
	w.ToAffine()
	if !g.X.Equals(&w.X) || !g.Y.Equals(&w.Y) {
		t.Fatalf("%s: (%v, %v), decred (%v, %v)", what, g.X, g.Y, w.X, w.Y)
	}
}

// TestBaseTableMatchesDecred: every one of the 8,160 entries is b*256^w*G,
// affine.
func TestBaseTableMatchesDecred(t *testing.T) {
	table := baseTableGet()
	for w := range baseWindows {
		for b := 1; b <= 255; b++ {
			var k [32]byte
			k[31-w] = byte(b)
			var want secp256k1.JacobianPoint
			secp256k1.ScalarBaseMultNonConst(scalarOf(k[:]), &want)
			got := &table[w][b-1]
			if !got.Z.IsOne() {
				t.Fatalf("entry %d,%d: not affine", w, b)
			}
			samePoint(t, "table entry", got, &want)
		}
	}
}

// TestBaseMultMatchesDecred: k*G for edge scalars and many seeded ones,
// including ones with zero bytes (skipped windows).
func TestBaseMultMatchesDecred(t *testing.T) {
	nMinus1 := new(big.Int).Sub(secpN, big.NewInt(1))
	ks := [][]byte{
		make([]byte, 32),
		common.LeftPadBytes([]byte{1}, 32),
		common.LeftPadBytes(nMinus1.Bytes(), 32),
		common.LeftPadBytes(new(big.Int).Rsh(secpN, 1).Bytes(), 32),
		bytes.Repeat([]byte{0xff}, 16),
	}
	for i := range 2000 {
		k := seeded("basemult", i, 32)
		if i%3 == 0 { // sparse scalars: many zero bytes
			for j := range k {
				if k[j]%4 != 0 {
					k[j] = 0
				}
			}
		}
		ks = append(ks, k)
	}
	for i, k := range ks {
		var got, want secp256k1.JacobianPoint
		s := scalarOf(k)
		baseMult(s, &got)
		secp256k1.ScalarBaseMultNonConst(s, &want)
		samePoint(t, "scalar "+big.NewInt(int64(i)).String(), &got, &want)
	}
}

// TestSignMatchesDecredSigner: byte-identical with decred's RFC 6979
// signer (its compact form v||r||s, v = 27 + recovery id) over many keys
// and digests, with low s, and each recovers to its key's address.
func TestSignMatchesDecredSigner(t *testing.T) {
	for i := range 3000 {
		k, err := ParseKey(seeded("sign-key", i, 32))
		if err != nil {
			continue // (never happens for these seeds; n is close to 2^256)
		}
		digest := ethtypes.BytesToHash(seeded("sign-digest", i, 32))
		if i%500 == 0 { // digests at and above n
			digest = ethtypes.Hash(common.BigToHash(new(big.Int).Add(secpN, big.NewInt(int64(i)))))
		}
		got := Sign(k, digest)
		reduced := scalarOf(digest[:]).Bytes()
		compact := ecdsa.SignCompact(k, reduced[:], false)
		want := append(compact[1:], compact[0])
		if !bytes.Equal(got, want) {
			t.Fatalf("%d: signature\n %x\n decred\n %x", i, got, want)
		}
		if s := new(big.Int).SetBytes(got[32:64]); s.Cmp(new(big.Int).Rsh(secpN, 1)) > 0 {
			t.Fatalf("%d: high s", i)
		}
		addr := KeyAddress(k)
		if want := ethtypes.BytesToAddress(Keccak256(k.PubKey().SerializeUncompressed()[1:])[12:]); addr != want {
			t.Fatalf("%d: address %s, decred's key %s", i, addr.Hex(), want.Hex())
		}
		if rec, err := Recover(digest, got); err != nil || rec != addr {
			t.Fatalf("%d: recovered %s (%v), want %s", i, rec.Hex(), err, addr.Hex())
		}
		// decred's recovery agrees on the signer too.
		pub, _, err := ecdsa.RecoverCompact(compact, reduced[:])
		if err != nil || ethtypes.BytesToAddress(Keccak256(pub.SerializeUncompressed()[1:])[12:]) != addr {
			t.Fatalf("%d: decred recovers another key (%v)", i, err)
		}
	}
}

// BenchmarkBuildBaseTable is the one-time cost of the table (also run it
// in WebAssembly: GOOS=js GOARCH=wasm go test -tags tinygo -bench
// BuildBaseTable -exec=…). It prints a figure and asserts nothing.
func BenchmarkBuildBaseTable(b *testing.B) {
	for b.Loop() {
		buildBaseTable(nil)
	}
}

// BenchmarkSign is one signature with the table built.
func BenchmarkSign(b *testing.B) {
	k, _ := ParseKey(seeded("bench-key", 0, 32))
	d := ethtypes.BytesToHash(seeded("bench-digest", 0, 32))
	PrepareBaseTable()
	for b.Loop() {
		Sign(k, d)
	}
}

// withoutBaseTable runs fn with the table's state as at process start (no
// table, no build begun), and puts the state back after.
func withoutBaseTable(t *testing.T, fn func()) {
	t.Helper()
	saved, inSteps := baseTableReady.Load(), baseTableInSteps.Load()
	reset := func(table *baseTable, steps bool) {
		baseTableReady.Store(table)
		baseTableInSteps.Store(steps)
		baseTableOnce = sync.Once{}
	}
	reset(nil, false)
	t.Cleanup(func() { reset(saved, inSteps) })
	fn()
}

// TestSignWhileBaseTableBuildsInSteps: between the steps of
// BuildBaseTableInSteps (where the module's worker serves requests), keys
// and signatures are decred's, byte for byte, and none of them builds a
// table of its own (each step would otherwise wait for a whole build); the
// table is ready, and complete, once the last step is done.
func TestSignWhileBaseTableBuildsInSteps(t *testing.T) {
	withoutBaseTable(t, func() {
		steps := 0
		BuildBaseTableInSteps(func() {
			if baseTableReady.Load() != nil {
				t.Fatalf("step %d: a table exists before the build is done", steps)
			}
			k, err := ParseKey(seeded("steps-key", steps, 32))
			if err != nil {
				t.Fatal(err)
			}
			digest := ethtypes.BytesToHash(seeded("steps-digest", steps, 32))
			got := Sign(k, digest)
			reduced := scalarOf(digest[:]).Bytes()
			compact := ecdsa.SignCompact(k, reduced[:], false)
			if want := append(compact[1:], compact[0]); !bytes.Equal(got, want) {
				t.Fatalf("step %d: signature\n %x\n decred\n %x", steps, got, want)
			}
			if want := ethtypes.BytesToAddress(Keccak256(k.PubKey().SerializeUncompressed()[1:])[12:]); KeyAddress(k) != want {
				t.Fatalf("step %d: address %s, decred's key %s", steps, KeyAddress(k).Hex(), want.Hex())
			}
			if baseTableReady.Load() != nil {
				t.Fatalf("step %d: signing built a table instead of waiting for none", steps)
			}
			steps++
		})
		if steps != baseWindows {
			t.Fatalf("%d steps, want one per window (%d)", steps, baseWindows)
		}
		built := baseTableReady.Load()
		if built == nil {
			t.Fatal("no table after the last step")
		}
		// A second build does nothing: the table stays the same one.
		BuildBaseTableInSteps(func() { t.Fatal("a second build ran") })
		PrepareBaseTable()
		if baseTableReady.Load() != built {
			t.Fatal("the table was replaced")
		}
		var want baseTable
		for w := range baseWindows {
			for b := 1; b <= 255; b++ {
				var k [32]byte
				k[31-w] = byte(b)
				secp256k1.ScalarBaseMultNonConst(scalarOf(k[:]), &want[w][b-1])
				samePoint(t, "table entry", &built[w][b-1], &want[w][b-1])
			}
		}
	})
}

// BenchmarkBaseMultWithoutTable is k*G while the table is not ready yet
// (decred's own multiply: table-free under the module's `tinygo` tag, so
// run it in WebAssembly as BenchmarkBuildBaseTable says, with -tags tinygo).
func BenchmarkBaseMultWithoutTable(b *testing.B) {
	k := scalarOf(seeded("bench-key", 0, 32))
	var p secp256k1.JacobianPoint
	for b.Loop() {
		secp256k1.ScalarBaseMultNonConst(k, &p)
	}
}

// BenchmarkBaseMult is k*G with the table.
func BenchmarkBaseMult(b *testing.B) {
	k := scalarOf(seeded("bench-key", 0, 32))
	var p secp256k1.JacobianPoint
	PrepareBaseTable()
	for b.Loop() {
		baseMult(k, &p)
	}
}
