package abienc

import (
	"encoding/json"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/sessionsigner/sessionsigner/ethsign"
	"github.com/sessionsigner/sessionsigner/ethtypes"
)

// TestHashStructMatchesEthsign builds random structs of every member kind
// the schemes hash (atoms, bytes, string, an array and a nested struct) both
// ways: as JSON typed data through ethsign's general EIP-712 encoder, and
// through HashStruct, TypeHash, Hashed and TypedDataDigest. The digests must
// be equal.
func TestHashStructMatchesEthsign(t *testing.T) {
	const (
		domainType = "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"
		personType = "Person(address wallet,string name)"
		mailType   = "Mail(address to,uint256 amount,bool urgent,bytes32 salt,bytes4 sel,uint64 nonce,bytes data,uint256[] ids,Person from)" + personType
	)
	types := map[string]any{
		"EIP712Domain": []map[string]string{{"name": "name", "type": "string"}, {"name": "version", "type": "string"},
			{"name": "chainId", "type": "uint256"}, {"name": "verifyingContract", "type": "address"}},
		"Person": []map[string]string{{"name": "wallet", "type": "address"}, {"name": "name", "type": "string"}},
		"Mail": []map[string]string{{"name": "to", "type": "address"}, {"name": "amount", "type": "uint256"},
			{"name": "urgent", "type": "bool"}, {"name": "salt", "type": "bytes32"}, {"name": "sel", "type": "bytes4"},
			{"name": "nonce", "type": "uint64"}, {"name": "data", "type": "bytes"}, {"name": "ids", "type": "uint256[]"},
			{"name": "from", "type": "Person"}},
	}
	r := rand.New(rand.NewPCG(14, 712))
	bytesOf := func(n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(r.UintN(256))
		}
		return b
	}
	for i := 0; i < 50; i++ {
		to, wallet, contract := ethtypes.BytesToAddress(bytesOf(20)), ethtypes.BytesToAddress(bytesOf(20)), ethtypes.BytesToAddress(bytesOf(20))
		amount := new(big.Int).SetBytes(bytesOf(r.IntN(33)))
		chainID := new(big.Int).SetUint64(r.Uint64())
		nonce := r.Uint64()
		urgent := r.IntN(2) == 1
		salt := ethtypes.BytesToHash(bytesOf(32))
		var sel [4]byte
		copy(sel[:], bytesOf(4))
		data := bytesOf(r.IntN(100))
		name := string([]rune(string(bytesOf(r.IntN(40))))) // random text, valid UTF-8 as JSON carries it
		ids := make([]*big.Int, r.IntN(4))
		idStrings := make([]string, len(ids))
		var idWords []byte
		for j := range ids {
			ids[j] = new(big.Int).SetBytes(bytesOf(r.IntN(33)))
			idStrings[j] = ids[j].String()
			idWords = append(idWords, Encode(Uint(ids[j]))...)
		}

		doc, err := json.Marshal(map[string]any{
			"types": types, "primaryType": "Mail",
			"domain": map[string]any{"name": "Test", "version": "1", "chainId": chainID.String(), "verifyingContract": contract.Hex()},
			"message": map[string]any{"to": to.Hex(), "amount": amount.String(), "urgent": urgent, "salt": salt.Hex(),
				"sel": hexutil.Encode(sel[:]), "nonce": new(big.Int).SetUint64(nonce).String(), "data": hexutil.Encode(data),
				"ids": idStrings, "from": map[string]any{"wallet": wallet.Hex(), "name": name}},
		})
		if err != nil {
			t.Fatal(err)
		}
		td, err := ethsign.ParseTypedData(doc)
		if err != nil {
			t.Fatalf("case %d: ethsign: %v", i, err)
		}

		domain := HashStruct(TypeHash(domainType), Hashed([]byte("Test")), Hashed([]byte("1")), Uint(chainID), Address(contract))
		person := HashStruct(TypeHash(personType), Address(wallet), Hashed([]byte(name)))
		mail := HashStruct(TypeHash(mailType), Address(to), Uint(amount), Bool(urgent), Bytes32(salt), Bytes4(sel),
			Uint64(nonce), Hashed(data), Hashed(idWords), Bytes32(person))
		if got := TypedDataDigest(domain, mail); got != td.Hash() {
			t.Fatalf("case %d: HashStruct digest %s, ethsign %s", i, got, td.Hash())
		}
	}
}

func TestHashStructRefusesWideMembers(t *testing.T) {
	for name, v := range map[string]Value{
		"bytes":        Bytes([]byte{1}),
		"string":       String("x"),
		"array":        Array(Uint64(1)),
		"static tuple": Tuple(Uint64(1), Uint64(2)),
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("HashStruct took a %s member without panicking", name)
				}
			}()
			HashStruct(ethtypes.Hash{}, v)
		}()
	}
}
