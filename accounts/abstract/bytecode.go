package abstract

import (
	"crypto/sha256"
	"errors"
)

// zkSync limits a bytecode to 2^16-1 words of 32 bytes.
const maxBytecodeWords = 1<<16 - 1

var errBytecodeShape = errors.New("bytecode must be an odd number of 32-byte words, at most 65535")

// hashBytecode is zkSync's versioned bytecode hash (viem's hashBytecode):
// sha256 of the code with its first two bytes replaced by the version
// (1, 0) and the next two by the length in words. The EIP-712 digest
// commits to factory dependencies by these hashes.
func hashBytecode(code []byte) ([32]byte, error) {
	words := len(code) / 32
	if len(code)%32 != 0 || words%2 == 0 || words > maxBytecodeWords {
		return [32]byte{}, errBytecodeShape
	}
	h := sha256.Sum256(code)
	h[0], h[1] = 1, 0
	h[2], h[3] = byte(words>>8), byte(words)
	return h, nil
}
