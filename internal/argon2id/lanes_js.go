package argon2id

// fillSlice fills one segment of every lane, in turn: WebAssembly runs one
// thread, and goroutines per lane measured no faster there (see lanes.go).
func (m *matrix) fillSlice(pass, slice uint32) {
	for lane := uint32(0); lane < m.lanes; lane++ {
		m.fillSegment(pass, lane, slice)
	}
}
