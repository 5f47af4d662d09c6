package argon2id

import (
	"encoding/binary"

	"golang.org/x/crypto/blake2b"
)

// variableHash is RFC 9106's H' (§3.3): BLAKE2b stretched to any output
// length. Up to 64 bytes it is one BLAKE2b of that size over LE32(len) ||
// in; beyond, a chain of BLAKE2b-512 hashes contributes 32 bytes each and a
// last, shorter hash fills the rest.
func variableHash(out, in []byte) {
	var v [blake2b.Size]byte
	binary.LittleEndian.PutUint32(v[:4], uint32(len(out)))
	h, _ := blake2b.New(min(len(out), blake2b.Size), nil) // sizes 1..64 never fail
	h.Write(v[:4])
	h.Write(in)
	if len(out) <= blake2b.Size {
		h.Sum(out[:0])
		return
	}
	h.Sum(v[:0])
	n := copy(out, v[:32])
	// r = ceil(len/32) - 2 full hashes in all; the one above was the first.
	for ; len(out)-n > blake2b.Size; n += 32 {
		h.Reset()
		h.Write(v[:])
		h.Sum(v[:0])
		copy(out[n:], v[:32])
	}
	h, _ = blake2b.New(len(out)-n, nil)
	h.Write(v[:])
	h.Sum(out[n:n])
}
