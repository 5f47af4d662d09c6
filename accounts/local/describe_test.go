package local

import (
	"reflect"
	"testing"
)

func TestDescribe(t *testing.T) {
	rows := []struct {
		config string
		want   []string
	}{
		{gameConfig, []string{
			"may call mint(address,uint256) (0x40c10f19) on " + nftAddr + ", up to 0.01 ETH per call",
			"may send ETH to " + friend + ", up to 1 ETH per transfer",
			"at most 1 ETH in total",
			"may sign personal messages (EIP-191)",
			"may not sign typed data (EIP-712)",
		}},
		{`{"allow":[{"target":"` + nftAddr + `","selector":"0xDEADBEEF"}],"maxUses":1,"messages":false,"rawHash":true,
			"typedData":[{"verifyingContract":"` + nftAddr + `","primaryType":"Move"},
			{"verifyingContract":"` + friend + `","primaryType":"Order","match":{"maker":"` + friend + `","amount":"0x10"}}]}`, []string{
			"may call function 0xdeadbeef on " + nftAddr + ", without sending ETH",
			"at most 1 signature in total",
			"may sign EIP-712 typed data of type Move for contract " + nftAddr + " on chain 11124, with any message",
			"may sign EIP-712 typed data of type Order for contract " + friend + " on chain 11124, only where message.amount = \"0x10\" and message.maker = \"" + friend + "\"",
			"never signs token permits (Permit, Permit2, or EIP-3009 transfers without a pinned payee and amount)",
			"may sign ANY 32-byte hash — this can authorize anything",
		}},
		{`{"maxUses":10}`, []string{"at most 10 signatures in total", "may sign personal messages (EIP-191)", "may not sign typed data (EIP-712)"}},
	}
	for _, r := range rows {
		d, err := New().Describe(create(t, r.config))
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(d.Permissions, r.want) {
			t.Errorf("config %s:\n got  %q\n want %q", r.config, d.Permissions, r.want)
		}
		if d.Details != nil {
			t.Errorf("details %s, want nil", d.Details)
		}
	}
}

func TestNameAndRevoke(t *testing.T) {
	if New().Name() != "local" {
		t.Fatal("name")
	}
	if r, err := New().Revoke(create(t, gameConfig)); r != nil || err != nil {
		t.Fatalf("Revoke = %s, %v", r, err)
	}
}
