package ethsign

import (
	"bytes"
	"strconv"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/sessionsigner/sessionsigner/ethtypes"
	"github.com/sessionsigner/sessionsigner/internal/ethcrypto"
	"github.com/sessionsigner/sessionsigner/internal/nodetest"
	"github.com/sessionsigner/sessionsigner/internal/sigtest"
)

type viemResult struct {
	Address    string `json:"address"`
	Hash       string `json:"hash"`
	Signature  string `json:"signature"`
	Serialized string `json:"serialized"`
}

// TestViemDifferential runs every generated case through viem (the real npm
// package, at test time) and through this package, and compares addresses,
// digests, signatures and serialized transactions byte for byte.
func TestViemDifferential(t *testing.T) {
	g := newGen(20250601)
	var cases []viemCase
	cases = append(cases, g.hashCases()...)
	cases = append(cases, g.messageCases()...)
	cases = append(cases, g.typedDataCases()...)
	cases = append(cases, g.transactionCases()...)

	var out struct {
		Results []viemResult `json:"results"`
	}
	nodetest.Run(t, "ethsign/testdata/viem.mjs", map[string]any{"cases": cases}, &out)
	if len(out.Results) != len(cases) {
		t.Fatalf("viem returned %d results for %d cases", len(out.Results), len(cases))
	}
	counts := map[string]int{}
	for i, c := range cases {
		counts[c.Kind]++
		name := c.Kind + "#" + strconv.Itoa(counts[c.Kind])
		t.Run(name, func(t *testing.T) { compareCase(t, c, out.Results[i]) })
	}
	t.Logf("compared %d cases with viem: %v", len(cases), counts)
}

func compareCase(t *testing.T, c viemCase, want viemResult) {
	key, err := ethcrypto.ParseKey(hexutil.MustDecode(c.PrivateKey))
	if err != nil {
		t.Fatal(err)
	}
	addr := ethcrypto.KeyAddress(key)
	if addr.Hex() != want.Address {
		t.Fatalf("address: go %s, viem %s", addr.Hex(), want.Address)
	}

	var digest ethtypes.Hash
	var tx *Tx1559
	switch c.Kind {
	case "hash":
		digest = ethtypes.Hash(common.HexToHash(c.Hash))
	case "message":
		msg, err := ParseMessage(c.Message)
		if err != nil {
			t.Fatalf("ParseMessage(%s): %v", c.Message, err)
		}
		digest = MessageHash(msg)
	case "typedData":
		td, err := ParseTypedData(c.TypedData)
		if err != nil {
			t.Fatalf("ParseTypedData: %v\n%s", err, c.TypedData)
		}
		digest = td.Hash()
	case "transaction":
		tx, err = ParseTx1559(c.Transaction)
		if err != nil {
			t.Fatalf("ParseTx1559: %v\n%s", err, c.Transaction)
		}
		if digest, err = tx.SigningHash(); err != nil {
			t.Fatal(err)
		}
	}
	if digest.Hex() != want.Hash {
		t.Fatalf("digest: go %s, viem %s\ninput: %s%s", digest.Hex(), want.Hash, c.TypedData, c.Transaction)
	}

	sig := ethcrypto.Sign(key, digest)
	if tx != nil {
		raw, err := tx.Serialize(sig)
		if err != nil {
			t.Fatal(err)
		}
		if got := hexutil.Encode(raw); got != want.Serialized {
			t.Fatalf("signed transaction:\n go   %s\n viem %s", got, want.Serialized)
		}
		return
	}
	if got := hexutil.Encode(sig); got != want.Signature {
		t.Fatalf("signature:\n go   %s\n viem %s", got, want.Signature)
	}
	viemSig := hexutil.MustDecode(want.Signature)
	from, err := sigtest.Recover(digest, viemSig)
	if err != nil || from != addr {
		t.Fatalf("Recover(viem signature) = %s, %v; want %s", from.Hex(), err, addr.Hex())
	}
	if !bytes.Equal(sig, viemSig) {
		t.Fatal("unreachable: hex equal but bytes differ")
	}
}
