package argon2id

import (
	"math/bits"
	"math/rand/v2"
	"testing"
)

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

// permuteReference is P over the block written the plain way, with a call
// per GB: the unrolled permuteBlock must agree with it.
func permuteReference(b *block) {
	p := func(w [16]*uint64) {
		v := [16]uint64{}
		for i, x := range w {
			v[i] = *x
		}
		for _, q := range [8][4]int{{0, 4, 8, 12}, {1, 5, 9, 13}, {2, 6, 10, 14}, {3, 7, 11, 15},
			{0, 5, 10, 15}, {1, 6, 11, 12}, {2, 7, 8, 13}, {3, 4, 9, 14}} {
			v[q[0]], v[q[1]], v[q[2]], v[q[3]] = mix(v[q[0]], v[q[1]], v[q[2]], v[q[3]])
		}
		for i, x := range w {
			*x = v[i]
		}
	}
	for i := 0; i < 8; i++ {
		var row [16]*uint64
		for j := 0; j < 16; j++ {
			row[j] = &b[16*i+j]
		}
		p(row)
	}
	for i := 0; i < 8; i++ {
		var col [16]*uint64
		for k := 0; k < 8; k++ {
			col[2*k], col[2*k+1] = &b[2*i+16*k], &b[2*i+16*k+1]
		}
		p(col)
	}
}

func TestPermuteBlockUnrolled(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for n := 0; n < 100; n++ {
		var a block
		for i := range a {
			a[i] = r.Uint64()
		}
		b := a
		permuteBlock(&a)
		permuteReference(&b)
		if a != b {
			t.Fatalf("unrolled P differs from the reference on input %d", n)
		}
	}
}
