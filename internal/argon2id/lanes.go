//go:build !js

package argon2id

import (
	"runtime"
	"sync"
)

// fillSlice fills one segment of every lane. The lanes of a slice only read
// blocks that no other lane writes in that slice, so they run in parallel
// where there is more than one processor to run them on. (WebAssembly has
// one thread: lanes_js.go runs them in turn, and leaves this code out of the
// module.)
func (m *matrix) fillSlice(pass, slice uint32) {
	if m.lanes == 1 || runtime.GOMAXPROCS(0) == 1 {
		for lane := uint32(0); lane < m.lanes; lane++ {
			m.fillSegment(pass, lane, slice)
		}
		return
	}
	var wg sync.WaitGroup
	for lane := uint32(0); lane < m.lanes; lane++ {
		wg.Add(1)
		go func() {
			m.fillSegment(pass, lane, slice)
			wg.Done()
		}()
	}
	wg.Wait()
}
