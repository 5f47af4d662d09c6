package abienc

import (
	"github.com/sessionsigner/sessionsigner/ethtypes"
	"github.com/sessionsigner/sessionsigner/internal/ethcrypto"
)

// The schemes hash a few fixed EIP-712 structs (Smart Sessions' enable
// digest, ERC-4337's PackedUserOperation, zkSync's Transaction) whose
// members they know at compile time. EIP-712's encodeData puts an atomic
// member (uintN, address, bool, bytesN) in the same 32-byte word as the ABI
// does and replaces a dynamic one (bytes, string, an array, a nested
// struct) by its keccak256, so those structs are built here from the same
// Values as abi.encode, instead of each scheme padding its own words.
// ethsign parses and hashes arbitrary typed data from JSON on its own.

// TypeHash is keccak256(encodeType), e.g. of "Mail(address from,string
// contents)".
func TypeHash(encodeType string) ethtypes.Hash {
	return ethcrypto.Keccak256Hash([]byte(encodeType))
}

// Hashed is keccak256(b) as a bytes32: how EIP-712 encodes a bytes or string
// member, and (given the concatenated member words) an array.
func Hashed(b []byte) Value { return Bytes32(ethcrypto.Keccak256Hash(b)) }

// HashStruct is EIP-712's hashStruct: keccak256(typeHash ‖ encodeData), the
// members' words in their declared order. Every member must be one word:
// a dynamic Value or a tuple (which EIP-712 hashes first, see Hashed and
// HashStruct) is a programming error and panics.
func HashStruct(typeHash ethtypes.Hash, members ...Value) ethtypes.Hash {
	buf := make([]byte, 0, 32*(1+len(members)))
	buf = append(buf, typeHash[:]...)
	for _, m := range members {
		if m.dynamic || len(m.enc) != 32 {
			panic("abienc: an EIP-712 member must be one word; hash a dynamic value or a struct first")
		}
		buf = append(buf, m.enc...)
	}
	return ethcrypto.Keccak256Hash(buf)
}

// TypedDataDigest is keccak256(0x19 ‖ 0x01 ‖ domainSeparator ‖ structHash),
// the EIP-712 digest a key signs.
func TypedDataDigest(domainSeparator, structHash ethtypes.Hash) ethtypes.Hash {
	return ethcrypto.Keccak256Hash([]byte{0x19, 0x01}, domainSeparator[:], structHash[:])
}
