package smartsessions

import "errors"

// ErrFLZ reports a malformed FastLZ stream.
var ErrFLZ = errors.New("invalid FastLZ stream")

// flzDecompress reverses flzCompress and decodes any FastLZ level-1 stream
// the chain's LibZip.flzDecompress would. Only tests need it (the module
// compresses, the chain decompresses), so it lives in a test file. It
// refuses truncated tokens, back-references before the start and output
// longer than max, so a hostile stream costs at most max bytes.
func flzDecompress(in []byte, max int) ([]byte, error) {
	var out []byte
	for i := 0; i < len(in); {
		t := in[i] >> 5
		if t == 0 {
			l := int(in[i]) + 1
			i++
			if i+l > len(in) {
				return nil, errors.Join(ErrFLZ, errors.New("literal run past the end"))
			}
			if len(out)+l > max {
				return nil, errors.Join(ErrFLZ, errors.New("output too long"))
			}
			out = append(out, in[i:i+l]...)
			i += l
			continue
		}
		var l, dist int
		if t < 7 {
			if i+2 > len(in) {
				return nil, errors.Join(ErrFLZ, errors.New("match token past the end"))
			}
			l, dist = 2+int(t), int(in[i]&31)<<8|int(in[i+1])
			i += 2
		} else {
			if i+3 > len(in) {
				return nil, errors.Join(ErrFLZ, errors.New("match token past the end"))
			}
			l, dist = 9+int(in[i+1]), int(in[i]&31)<<8|int(in[i+2])
			i += 3
		}
		ref := len(out) - dist - 1
		if ref < 0 {
			return nil, errors.Join(ErrFLZ, errors.New("match before the start"))
		}
		if len(out)+l > max {
			return nil, errors.Join(ErrFLZ, errors.New("output too long"))
		}
		for k := 0; k < l; k++ { // byte by byte: a match may overlap its own output
			out = append(out, out[ref+k])
		}
	}
	return out, nil
}
