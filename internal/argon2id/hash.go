package argon2id

import (
	"encoding/binary"
	"hash"

	"golang.org/x/crypto/blake2b"
)

// variableHash is RFC 9106's H' (§3.3): BLAKE2b stretched to any output
// length. Up to 64 bytes it is one BLAKE2b of that size over LE32(len) ||
// in; beyond, a chain of BLAKE2b-512 hashes contributes 32 bytes each and a
// last, shorter hash fills the rest.
func variableHash(out []byte, in ...[]byte) {
	var prefix [4]byte
	binary.LittleEndian.PutUint32(prefix[:], uint32(len(out)))
	if len(out) <= blake2b.Size {
		h := newBlake2b(len(out))
		h.Write(prefix[:])
		for _, b := range in {
			h.Write(b)
		}
		h.Sum(out[:0])
		return
	}
	h := newBlake2b(blake2b.Size)
	h.Write(prefix[:])
	for _, b := range in {
		h.Write(b)
	}
	var v [blake2b.Size]byte
	h.Sum(v[:0])
	n := copy(out, v[:32])
	// r = ceil(len/32) - 2 full hashes in all; the one above was the first.
	for ; len(out)-n > blake2b.Size; n += 32 {
		h.Reset()
		h.Write(v[:])
		h.Sum(v[:0])
		copy(out[n:], v[:32])
	}
	last := newBlake2b(len(out) - n)
	last.Write(v[:])
	last.Sum(out[n:n])
}

// newBlake2b returns unkeyed BLAKE2b with a digest of size bytes (1..64),
// which never fails.
func newBlake2b(size int) hash.Hash {
	h, err := blake2b.New(size, nil)
	if err != nil {
		panic("argon2id: blake2b size " + err.Error())
	}
	return h
}
