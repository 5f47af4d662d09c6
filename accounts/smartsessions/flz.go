package smartsessions

// FastLZ (level 1) compression as solady's JavaScript LibZip.flzCompress
// does it, byte for byte. module-sdk compresses ENABLE-mode signatures with
// that function; the chain accepts any valid FastLZ stream, but matching the
// SDK's bytes exactly lets the differential tests compare whole signatures.
//
// The stream is a sequence of
//   - literal runs: a byte 0..31 (run length - 1) and that many bytes;
//   - short matches: (len-2)<<5 | dist>>8, dist&255, for len 3..8;
//   - long matches: 0xe0 | dist>>8, len-9, dist&255, for len 9..264;
// where dist is the distance back minus one (< 8192).

const (
	flzHashBits = 13
	flzMaxDist  = 8192
)

// flzHash is the JavaScript expression ((2654435769 * x) >> 19) & 8191.
// The product is computed in a double, so for some 24-bit x it is rounded
// (exact integer arithmetic gives a different bucket); converting the
// integral double to uint64 and truncating to 32 bits is JavaScript's
// ToInt32, and bits 19..31 are the same for the arithmetic shift.
func flzHash(x uint32) uint32 {
	p := float64(2654435769) * float64(x)
	return (uint32(uint64(p)) >> 19) & (1<<flzHashBits - 1)
}

// flzCompress compresses in. Reads past the end count as zero bytes, as
// `undefined` does in the JavaScript bit operations.
func flzCompress(in []byte) []byte { return flzCompressWith(in, flzHash) }

// flzCompressWith is flzCompress with the hash as a parameter, so a test
// can show that the double-rounded hash matters.
func flzCompressWith(in []byte, hash func(uint32) uint32) []byte {
	n := len(in)
	u24 := func(p int) uint32 {
		var x uint32
		for k := 2; k >= 0; k-- {
			x <<= 8
			if p+k >= 0 && p+k < n {
				x |= uint32(in[p+k])
			}
		}
		return x
	}
	out := make([]byte, 0, n+n/32+4)
	literals := func(r, s int) {
		for ; r >= 32; r, s = r-32, s+32 {
			out = append(out, 31)
			out = append(out, in[s:s+32]...)
		}
		if r > 0 {
			out = append(out, byte(r-1))
			out = append(out, in[s:s+r]...)
		}
	}

	var table [1 << flzHashBits]int // 0 = empty; positions stored are >= 2
	end := n - 4                    // the JavaScript b
	anchor, i := 0, 2
	for i < end-9 {
		// Find a 3-byte match within range of a previous position.
		var ref, dist int
		var seq, cand uint32
		for {
			seq = u24(i)
			h := hash(seq)
			ref = table[h]
			table[h] = i
			dist = i - ref
			cand = 1 << 24 // matches nothing
			if dist < flzMaxDist {
				cand = u24(ref)
			}
			if i >= end-9 {
				break
			}
			i++
			if seq == cand {
				break
			}
		}
		if i >= end-9 {
			break
		}
		i--
		if i > anchor {
			literals(i-anchor, anchor)
		}
		// Extend the match; l ends one past the first mismatch (or at the
		// limit), which is what the encoded length (l+2) expects.
		l, p, q := 0, ref+3, i+3
		for limit := end - q; l < limit; l++ {
			if in[p+l] != in[q+l] {
				limit = 0
			}
		}
		i += l
		dist--
		for ; l > 262; l -= 262 {
			out = append(out, byte(224+dist>>8), 253, byte(dist&255))
		}
		if l < 7 {
			out = append(out, byte(l<<5+dist>>8), byte(dist&255))
		} else {
			out = append(out, byte(224+dist>>8), byte(l-7), byte(dist&255))
		}
		table[hash(u24(i))] = i
		i++
		table[hash(u24(i))] = i
		i++
		anchor = i
	}
	literals(n-anchor, anchor)
	return out
}
