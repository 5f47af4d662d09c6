//go:build js && wasm

package main

import "sync"

// callsInFlight counts the vault calls queued or running in this module,
// every vault's (dispatch.go adds each call when it is queued and takes it
// away once answered). Background work waits for none to be left
// (prepare.go): a call waiting for IndexedDB looks idle to the event loop,
// and background steps run in that gap were seen to hold back its answer.
var callsInFlight inFlight

type inFlight struct {
	mu sync.Mutex
	n  int
	// none gets a signal when n drops to zero; one pending signal is enough.
	none chan struct{}
}

func (f *inFlight) add(delta int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.none == nil {
		f.none = make(chan struct{}, 1)
	}
	f.n += delta
	if f.n == 0 {
		select {
		case f.none <- struct{}{}:
		default:
		}
	}
}

// idle reports whether no call is queued or running.
func (f *inFlight) idle() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.n == 0
}

// waitIdle returns once no call is queued or running.
func (f *inFlight) waitIdle() {
	for {
		f.mu.Lock()
		if f.none == nil {
			f.none = make(chan struct{}, 1)
		}
		n, none := f.n, f.none
		f.mu.Unlock()
		if n == 0 {
			return
		}
		<-none
	}
}
