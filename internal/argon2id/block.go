package argon2id

import "math/bits"

// blockWords is a 1 KiB memory block in 64-bit little-endian words.
const blockWords = 128

type block [blockWords]uint64

// compress is RFC 9106's compression function G (§3.5) written into out:
// R = x XOR y, Z = P applied to R's eight rows and then its eight columns,
// out = Z XOR R. With xor set (passes after the first, version 0x13) the
// result is XORed into out's old contents instead. out may be neither x nor
// y; the memory layout never asks for that.
func compress(out, x, y *block, xor bool) {
	var r block
	if xor {
		for i := range r {
			t := x[i] ^ y[i]
			r[i] = t
			out[i] ^= t
		}
	} else {
		for i := range r {
			t := x[i] ^ y[i]
			r[i] = t
			out[i] = t
		}
	}
	permuteBlock(&r)
	for i := range r {
		out[i] ^= r[i]
	}
}

// permuteBlock applies P to the block seen as an 8x8 matrix of 16-byte
// registers: first to each row (words 16i..16i+15), then to each column
// (the word pairs 2i+16k, 2i+16k+1 for k = 0..7). Each set of sixteen words
// is held in locals while P runs, so the mixing never touches memory.
func permuteBlock(b *block) {
	for i := 0; i < 8; i++ {
		w := (*[16]uint64)(b[16*i : 16*i+16])
		w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7],
			w[8], w[9], w[10], w[11], w[12], w[13], w[14], w[15] = permute(
			w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7],
			w[8], w[9], w[10], w[11], w[12], w[13], w[14], w[15])
	}
	for i := 0; i < 8; i++ {
		w := (*[114]uint64)(b[2*i : 2*i+114])
		w[0], w[1], w[16], w[17], w[32], w[33], w[48], w[49],
			w[64], w[65], w[80], w[81], w[96], w[97], w[112], w[113] = permute(
			w[0], w[1], w[16], w[17], w[32], w[33], w[48], w[49],
			w[64], w[65], w[80], w[81], w[96], w[97], w[112], w[113])
	}
}

// permute is the round function P over sixteen words (§3.6): BLAKE2b's
// round with the multiplication-hardened mix, first down the columns of the
// 4x4 word matrix, then along its diagonals.
func permute(v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12, v13, v14, v15 uint64) (
	uint64, uint64, uint64, uint64, uint64, uint64, uint64, uint64,
	uint64, uint64, uint64, uint64, uint64, uint64, uint64, uint64) {
	v0, v4, v8, v12 = mix(v0, v4, v8, v12)
	v1, v5, v9, v13 = mix(v1, v5, v9, v13)
	v2, v6, v10, v14 = mix(v2, v6, v10, v14)
	v3, v7, v11, v15 = mix(v3, v7, v11, v15)

	v0, v5, v10, v15 = mix(v0, v5, v10, v15)
	v1, v6, v11, v12 = mix(v1, v6, v11, v12)
	v2, v7, v8, v13 = mix(v2, v7, v8, v13)
	v3, v4, v9, v14 = mix(v3, v4, v9, v14)
	return v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12, v13, v14, v15
}

// mix is GB (§3.6): BLAKE2b's G with each addition a + b replaced by
// a + b + 2 * lo32(a) * lo32(b).
func mix(a, b, c, d uint64) (uint64, uint64, uint64, uint64) {
	a += b + 2*uint64(uint32(a))*uint64(uint32(b))
	d = bits.RotateLeft64(d^a, -32)
	c += d + 2*uint64(uint32(c))*uint64(uint32(d))
	b = bits.RotateLeft64(b^c, -24)
	a += b + 2*uint64(uint32(a))*uint64(uint32(b))
	d = bits.RotateLeft64(d^a, -16)
	c += d + 2*uint64(uint32(c))*uint64(uint32(d))
	b = bits.RotateLeft64(b^c, -63)
	return a, b, c, d
}
