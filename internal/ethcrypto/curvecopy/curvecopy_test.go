// Package curvecopy holds the module's build of decred secp256k1 to the
// published one. The wasm build (scripts/wasmbuild/prepare.sh) swaps three
// of decred's files for sessionsigner_curve.go.in; the Makefile runs these
// tests with that build's flags, natively, besides the usual run. They
// import nothing that needs the files left out (decred's ecdsa package,
// go-ethereum's crypto), which is why they sit apart from ethcrypto's own
// tests, where go-ethereum and decred's signer are the oracles.
package curvecopy

import (
	"encoding/hex"
	"testing"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
	"github.com/sessionsigner/sessionsigner/internal/ethcrypto"
)

// G from its SEC 2 compressed encoding, parsed by decred's point decoder,
// which reads no curve constant from the swapped files.
const generator = "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"

func scalar(t *testing.T, seed string) *secp256k1.ModNScalar {
	t.Helper()
	var s secp256k1.ModNScalar
	s.SetByteSlice(ethcrypto.Keccak256([]byte("sessionsigner/curvecopy/" + seed)))
	if s.IsZero() {
		t.Fatalf("zero scalar from %q", seed)
	}
	return &s
}

// TestBaseMultMatchesParsedG: decred's own k*G (the `tinygo` build's path,
// through the base point the swapped file declares) equals k times G
// decoded from its encoding, for scalars across the range.
func TestBaseMultMatchesParsedG(t *testing.T) {
	raw, _ := hex.DecodeString(generator)
	g, err := secp256k1.ParsePubKey(raw)
	if err != nil {
		t.Fatal(err)
	}
	var gJ secp256k1.JacobianPoint
	g.AsJacobian(&gJ)
	for i := range 64 {
		k := scalar(t, "mult/"+string(rune('A'+i)))
		var got, want secp256k1.JacobianPoint
		secp256k1.ScalarBaseMultNonConst(k, &got)
		secp256k1.ScalarMultNonConst(k, &gJ, &want)
		got.ToAffine()
		want.ToAffine()
		if !got.X.Equals(&want.X) || !got.Y.Equals(&want.Y) {
			t.Fatalf("k*G differs for scalar %d", i)
		}
	}
}

// TestInverseUsesTheGroupOrder: InverseValNonConst (math/big mod N, N from
// the swapped file) gives k * k^-1 = 1.
func TestInverseUsesTheGroupOrder(t *testing.T) {
	for i := range 64 {
		k := scalar(t, "inverse/"+string(rune('A'+i)))
		var inv, one secp256k1.ModNScalar
		inv.InverseValNonConst(k)
		one.Mul2(k, &inv)
		if b := one.Bytes(); b != [32]byte{31: 1} {
			t.Fatalf("k * k^-1 != 1 for scalar %d", i)
		}
	}
}

// TestSignaturesUnchanged: ethcrypto.Sign gives, in this build, the
// signatures it gives over published decred (which ethcrypto's tests hold
// to go-ethereum, decred's signer and viem).
func TestSignaturesUnchanged(t *testing.T) {
	for _, c := range []struct{ seed, sig string }{
		{"a", "b2b65d3aa45fa031d7c53dd47c89cf84279e896ba24987a08e590c424f70776b1624d53df1339184bc4b72c41c7bb319367543abcb78539a2bed1f5959eba5c01c"},
		{"b", "d9572f2bc4246aaf0a4a82df21ee39f867d49ad4312476ef22da5b1c8764fddb68b9a52dfffcc61a2777f836eed966b5918bcbd8d2fb9d3a8d8b29dc91ea637a1b"},
		{"c", "9091c300dd8b1573b53073710acc26a380d2d9869f2c4af84baaf7de3c4c0eea226e26d87e05d9d495b3218811b35eb6b1179b7813b3ef6c6204a2432207a3d11b"},
	} {
		k, err := ethcrypto.ParseKey(ethcrypto.Keccak256([]byte("sessionsigner/curvecopy/key/" + c.seed)))
		if err != nil {
			t.Fatal(err)
		}
		got := ethcrypto.Sign(k, ethcrypto.Keccak256Hash([]byte("sessionsigner/curvecopy/digest/"+c.seed)))
		if hex.EncodeToString(got) != c.sig {
			t.Fatalf("seed %s: signature %x, want %s", c.seed, got, c.sig)
		}
	}
}

// TestKeyAddress: the key 1 is G, whose address is well known.
func TestKeyAddress(t *testing.T) {
	one := make([]byte, 32)
	one[31] = 1
	k, err := ethcrypto.ParseKey(one)
	if err != nil {
		t.Fatal(err)
	}
	if got := ethcrypto.KeyAddress(k).Hex(); got != "0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf" {
		t.Fatalf("address of key 1: %s", got)
	}
}
