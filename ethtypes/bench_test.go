package ethtypes

import (
	"testing"

	"github.com/ethereum/go-ethereum/common"
)

// The forms the vault writes on every listing and reads on every record,
// next to go-ethereum's for the same values (b.Run names: ours, go-ethereum).

var benchAddress = HexToAddress("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")

func BenchmarkAddressHex(b *testing.B) {
	b.Run("ours", func(b *testing.B) {
		for b.Loop() {
			_ = benchAddress.Hex()
		}
	})
	theirs := common.Address(benchAddress)
	b.Run("go-ethereum", func(b *testing.B) {
		for b.Loop() {
			_ = theirs.Hex()
		}
	})
}

func BenchmarkRecordFieldsJSON(b *testing.B) {
	addr := []byte(`"0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"`)
	hash := []byte(`"0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"`)
	b.Run("ours", func(b *testing.B) {
		var a Address
		var h Hash
		for b.Loop() {
			_ = a.UnmarshalJSON(addr)
			_ = h.UnmarshalJSON(hash)
			_, _ = a.MarshalText()
			_, _ = h.MarshalText()
		}
	})
	b.Run("go-ethereum", func(b *testing.B) {
		var a common.Address
		var h common.Hash
		for b.Loop() {
			_ = a.UnmarshalJSON(addr)
			_ = h.UnmarshalJSON(hash)
			_, _ = a.MarshalText()
			_, _ = h.MarshalText()
		}
	})
}
