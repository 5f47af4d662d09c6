package ethcrypto

import (
	"github.com/ethereum/go-ethereum/crypto/keccak"
	"github.com/sessionsigner/sessionsigner/ethtypes"
)

// Keccak256 returns the Keccak-256 hash of the concatenation of data.
func Keccak256(data ...[]byte) []byte {
	h := keccak.NewLegacyKeccak256()
	for _, b := range data {
		h.Write(b)
	}
	return h.Sum(nil)
}

// Keccak256Hash is Keccak256 as a ethtypes.Hash.
func Keccak256Hash(data ...[]byte) ethtypes.Hash {
	return ethtypes.Hash(Keccak256(data...))
}
