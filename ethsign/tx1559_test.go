package ethsign

import (
	"errors"
	"math/big"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/sessionsigner/sessionsigner/internal/ethcrypto"
)

func TestParseTx1559Fields(t *testing.T) {
	tx, err := ParseTx1559([]byte(`{
		"type":"eip1559","chainId":"0x2b74","nonce":7,"to":"0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed",
		"value":"1000","input":"0x40c10f19aa","gas":"21000","maxFeePerGas":"0x64","maxPriorityFeePerGas":1,
		"accessList":[{"address":"0x5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED","storageKeys":["0x` + strings.Repeat("01", 32) + `"]}],
		"from":"0x0000000000000000000000000000000000000001","account":{"address":"0x01"}}`))
	if err != nil {
		t.Fatal(err)
	}
	if tx.ChainID.Int64() != 11124 || tx.Nonce != 7 || tx.Value.Int64() != 1000 || tx.Gas != 21000 ||
		tx.MaxFeePerGas.Int64() != 100 || tx.MaxPriorityFeePerGas.Int64() != 1 {
		t.Errorf("quantities: %+v", tx)
	}
	if tx.To == nil || tx.To.Hex() != "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed" {
		t.Errorf("to = %v", tx.To)
	}
	if sel, ok := tx.Selector(); !ok || sel != [4]byte{0x40, 0xc1, 0x0f, 0x19} {
		t.Errorf("selector = %x, %v", sel, ok)
	}
	if len(tx.AccessList) != 1 || len(tx.AccessList[0].StorageKeys) != 1 {
		t.Errorf("accessList = %+v", tx.AccessList)
	}

	creation, err := ParseTx1559([]byte(`{"chainId":1,"to":null,"data":"0x6000"}`))
	if err != nil {
		t.Fatal(err)
	}
	if creation.To != nil {
		t.Error("to: null should mean contract creation")
	}
	if _, ok := creation.Selector(); ok {
		t.Error("2-byte calldata has no selector")
	}
}

// TestSerializeRecovers signs a parsed transaction and checks that the
// signature in the serialized bytes recovers the signer over SigningHash,
// and that v forms 0/1 and 27/28 serialize the same.
func TestSerializeRecovers(t *testing.T) {
	key, _ := ethcrypto.ParseKey(common.FromHex("0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"))
	tx, err := ParseTx1559([]byte(`{"chainId":1,"to":"0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed","value":"5"}`))
	if err != nil {
		t.Fatal(err)
	}
	h, err := tx.SigningHash()
	if err != nil {
		t.Fatal(err)
	}
	sig := ethcrypto.Sign(key, h)
	a, err := tx.Serialize(sig)
	if err != nil {
		t.Fatal(err)
	}
	sig01 := append([]byte(nil), sig...)
	sig01[64] -= 27
	b, err := tx.Serialize(sig01)
	if err != nil || string(a) != string(b) {
		t.Fatalf("v=0/1 serializes differently: %x vs %x (%v)", a, b, err)
	}
	if a[0] != TxTypeDynamicFee {
		t.Fatalf("type byte %x", a[0])
	}
	bad := append([]byte(nil), sig...)
	bad[64] = 5
	if _, err := tx.Serialize(bad); !errors.Is(err, ErrTransaction) {
		t.Errorf("v=5: err = %v", err)
	}
	if _, err := tx.Serialize(sig[:64]); !errors.Is(err, ErrTransaction) {
		t.Errorf("short sig: err = %v", err)
	}
	neg := &Tx1559{ChainID: big.NewInt(-1)}
	if _, err := neg.SigningHash(); !errors.Is(err, ErrTransaction) {
		t.Errorf("negative chainId: err = %v", err)
	}
}

func TestParseTx1559Rejects(t *testing.T) {
	to := `"to":"0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"`
	rows := []struct{ name, tx, want string }{
		{"not object", `[]`, "JSON object"},
		{"null", `null`, "JSON object"},
		{"no chainId", `{` + to + `}`, "chainId is required"},
		{"zero chainId", `{"chainId":0,` + to + `}`, "greater than 0"},
		{"negative chainId", `{"chainId":-1,` + to + `}`, "non-negative"},
		{"fraction", `{"chainId":1.5,` + to + `}`, "non-negative integer"},
		{"chainId too big", `{"chainId":"0x1` + strings.Repeat("0", 64) + `",` + to + `}`, "256 bits"},
		{"nonce too big", `{"chainId":1,"nonce":"0x10000000000000000",` + to + `}`, "64 bits"},
		{"gas too big", `{"chainId":1,"gas":"18446744073709551616",` + to + `}`, "64 bits"},
		{"bad value", `{"chainId":1,"value":"1e18",` + to + `}`, "decimal or 0x-hex"},
		{"tip above cap", `{"chainId":1,"maxFeePerGas":1,"maxPriorityFeePerGas":2,` + to + `}`, "above maxFeePerGas"},
		{"legacy type", `{"chainId":1,"type":"legacy",` + to + `}`, "only EIP-1559"},
		{"type 0x1", `{"chainId":1,"type":"0x1",` + to + `}`, "only EIP-1559"},
		{"type 3", `{"chainId":1,"type":3,` + to + `}`, "only EIP-1559"},
		{"gasPrice", `{"chainId":1,"gasPrice":"1",` + to + `}`, "gasPrice"},
		{"authorizationList", `{"chainId":1,"authorizationList":[],` + to + `}`, "authorizationList"},
		{"blobs", `{"chainId":1,"blobVersionedHashes":[],` + to + `}`, "blobVersionedHashes"},
		{"signed", `{"chainId":1,"r":"0x01",` + to + `}`, "r is not"},
		{"to bad checksum", `{"chainId":1,"to":"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD"}`, "checksum"},
		{"to empty", `{"chainId":1,"to":""}`, "40 hex digits"},
		{"to number", `{"chainId":1,"to":5}`, "address string"},
		{"data odd", `{"chainId":1,"data":"0x123",` + to + `}`, "odd"},
		{"data no prefix", `{"chainId":1,"data":"1234",` + to + `}`, "0x"},
		{"data and input differ", `{"chainId":1,"data":"0x12","input":"0x13",` + to + `}`, "differ"},
		{"data too big", `{"chainId":1,"data":"0x` + strings.Repeat("00", MaxTxDataBytes+1) + `",` + to + `}`, "larger than"},
		{"accessList not list", `{"chainId":1,"accessList":{},` + to + `}`, "list of"},
		{"accessList bad address", `{"chainId":1,"accessList":[{"address":"0x12","storageKeys":[]}],` + to + `}`, "accessList[0].address"},
		{"accessList no keys", `{"chainId":1,"accessList":[{"address":"0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"}],` + to + `}`, "storageKeys"},
		{"accessList short key", `{"chainId":1,"accessList":[{"address":"0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed","storageKeys":["0x01"]}],` + to + `}`, "32 bytes"},
		{"accessList null entry", `{"chainId":1,"accessList":[null],` + to + `}`, "accessList[0]"},
		{"Value in another case", `{"chainId":1,"Value":"1000",` + to + `}`, `"Value" is "value" spelled in another case`},
		{"TO in another case", `{"chainId":1,"TO":"0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"}`, "spelled in another case"},
		{"GasPrice in another case", `{"chainId":1,"GasPrice":"1",` + to + `}`, "spelled in another case"},
		{"too large", `{"chainId":1,"from":"` + strings.Repeat("x", MaxTxBytes) + `"}`, "larger than"},
	}
	for _, r := range rows {
		_, err := ParseTx1559([]byte(r.tx))
		if !errors.Is(err, ErrTransaction) || !strings.Contains(err.Error(), r.want) {
			t.Errorf("%s: err = %v, want ErrTransaction mentioning %q", r.name, err, r.want)
		}
	}
}
