package smartsessions

import (
	"bytes"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/sessionsigner/sessionsigner/internal/nodetest"
)

// exactFLZHash is the same hash in exact integer arithmetic (what Solidity's
// LibZip computes). It differs from the JavaScript double for a few inputs.
func exactFLZHash(x uint32) uint32 {
	return (uint32(uint64(2654435769)*uint64(x)) >> 19) & 8191
}

// roundedHashInputs lists the 24-bit values whose JavaScript-double hash
// differs from the exact one, found by trying all 2^24 (once per run).
var roundedHashInputs = sync.OnceValue(func() []uint32 {
	var out []uint32
	for x := uint32(0); x < 1<<24; x++ {
		if flzHash(x) != exactFLZHash(x) {
			out = append(out, x)
		}
	}
	return out
})

// collidingInputs builds inputs where a value x whose rounded hash differs
// appears twice with a value y in between that shares x's rounded bucket:
// the JavaScript compressor loses the first x (y overwrote its bucket), an
// exact-hash compressor finds it. Only a port of the rounding matches.
func collidingInputs(t *testing.T) [][]byte {
	t.Helper()
	xs := roundedHashInputs()
	if len(xs) == 0 {
		t.Fatal("no 24-bit input rounds differently; the hash port is not the JavaScript one")
	}
	var out [][]byte
	for _, x := range xs[:min(8, len(xs))] {
		var y uint32
		for y = 1; y < 1<<24; y++ {
			if y != x && flzHash(y) == flzHash(x) && exactFLZHash(y) != exactFLZHash(x) {
				break
			}
		}
		le := func(v uint32) []byte { return []byte{byte(v), byte(v >> 8), byte(v >> 16)} }
		filler := testBytes(fmt.Sprint("filler", x), 40)
		var in []byte
		in = append(in, filler[:10]...)
		in = append(in, le(x)...)
		in = append(in, 0xaa, 0xbb, 0xcc, 0xdd)
		in = append(in, filler[10:20]...)
		in = append(in, le(y)...)
		in = append(in, filler[20:30]...)
		in = append(in, le(x)...)
		in = append(in, 0xaa, 0xbb, 0xcc, 0xdd)
		in = append(in, filler[30:]...)
		out = append(out, in)
	}
	return out
}

func flzInputs(t *testing.T) [][]byte {
	inputs := [][]byte{{}, {1}, {1, 2, 3}, bytes.Repeat([]byte{0}, 15), bytes.Repeat([]byte{0}, 16), bytes.Repeat([]byte{0}, 17)}
	for _, n := range []int{20, 33, 64, 100, 262, 300, 1000, 9000} {
		inputs = append(inputs, testBytes(fmt.Sprint("random", n), n))
		inputs = append(inputs, bytes.Repeat([]byte{7}, n))
		pattern := testBytes(fmt.Sprint("pattern", n), 5+n%17)
		inputs = append(inputs, bytes.Repeat(pattern, n/len(pattern)+1)[:n])
	}
	// ABI-shaped data: long zero runs between words, as in an enable payload.
	var abiLike []byte
	for i := 0; i < 200; i++ {
		abiLike = append(abiLike, make([]byte, 31)...)
		abiLike = append(abiLike, byte(i%5))
		if i%7 == 0 {
			abiLike = append(abiLike, testBytes(fmt.Sprint("w", i), 20)...)
		}
	}
	inputs = append(inputs, abiLike)
	// Matches farther back than the 8191-byte window.
	far := testBytes("far", 200)
	inputs = append(inputs, append(append(append([]byte{}, far...), testBytes("gap", 9000)...), far...))
	return append(inputs, collidingInputs(t)...)
}

// TestFLZMatchesSolady compares the compressor with solady's JavaScript
// LibZip.flzCompress byte for byte, including inputs where the JavaScript
// double rounding of the hash changes the output.
func TestFLZMatchesSolady(t *testing.T) {
	inputs := flzInputs(t)
	var in struct {
		Flz []string `json:"flz"`
	}
	for _, b := range inputs {
		in.Flz = append(in.Flz, hexOf(b))
	}
	var out struct {
		Flz []hexutil.Bytes `json:"flz"`
	}
	nodetest.Run(t, "accounts/smartsessions/testdata/modulesdk.mjs", in, &out)
	if len(out.Flz) != len(inputs) {
		t.Fatalf("node returned %d outputs for %d inputs", len(out.Flz), len(inputs))
	}
	for i, b := range inputs {
		if got := flzCompress(b); !bytes.Equal(got, out.Flz[i]) {
			t.Errorf("input %d (%d bytes): compressed differs from solady\n got  %x\n want %x", i, len(b), got, []byte(out.Flz[i]))
		}
	}
	// The colliding inputs are only a test of the rounding if the exact
	// hash would have compressed them differently.
	differs := 0
	for _, b := range collidingInputs(t) {
		if !bytes.Equal(flzCompressWith(b, exactFLZHash), flzCompress(b)) {
			differs++
		}
	}
	if differs == 0 {
		t.Error("no colliding input tells the rounded hash from the exact one")
	}
}

func TestFLZRoundTrip(t *testing.T) {
	for i, b := range flzInputs(t) {
		c := flzCompress(b)
		d, err := flzDecompress(c, len(b))
		if err != nil {
			t.Fatalf("input %d: %v", i, err)
		}
		if !bytes.Equal(d, b) {
			t.Fatalf("input %d: round trip differs", i)
		}
	}
}

func TestFLZDecompressRefusesBadStreams(t *testing.T) {
	for _, c := range []struct {
		name string
		in   []byte
		max  int
	}{
		{"literal run past the end", []byte{3, 1, 2}, 100},
		{"short match token cut", []byte{0, 1, 0x20}, 100},
		{"long match token cut", []byte{0, 1, 0xe0, 5}, 100},
		{"match before the start", []byte{0x20, 0}, 100},
		{"match reaching before the start", []byte{0, 9, 0x20, 1}, 100},
		{"output over the cap", []byte{0, 9, 0xe0, 0xff, 0}, 100},
		{"literal over the cap", append([]byte{31}, make([]byte, 32)...), 16},
	} {
		if _, err := flzDecompress(c.in, c.max); !errors.Is(err, ErrFLZ) {
			t.Errorf("%s: got %v, want ErrFLZ", c.name, err)
		}
	}
}

// FuzzFLZ: any input round-trips through the compressor and decompressor,
// and the decompressor never panics or exceeds its cap on arbitrary bytes.
func FuzzFLZ(f *testing.F) {
	f.Add([]byte{})
	f.Add(bytes.Repeat([]byte{0}, 64))
	f.Add(testBytes("seed", 300))
	f.Add([]byte{0x20, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := flzDecompress(flzCompress(b), len(b))
		if err != nil || !bytes.Equal(d, b) {
			t.Fatalf("round trip of %x failed: %v", b, err)
		}
		if out, err := flzDecompress(b, 4096); err == nil && len(out) > 4096 {
			t.Fatalf("decompressed %d bytes past the cap", len(out))
		}
	})
}
