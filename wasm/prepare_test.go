//go:build js && wasm

package main

import (
	"testing"
	"time"
)

// TestTurnWaitsForCallsInFlight: a background step's turn does not come
// while a vault call is queued or running, however many event-loop turns
// pass, and comes once the last one is answered.
func TestTurnWaitsForCallsInFlight(t *testing.T) {
	turn, done := eventLoopTurns()
	defer done()
	turn() // nothing in flight: a turn comes

	callsInFlight.add(1)
	callsInFlight.add(1)
	returned := make(chan struct{})
	go func() {
		turn()
		close(returned)
	}()
	time.Sleep(20 * time.Millisecond) // many event-loop turns
	callsInFlight.add(-1)
	time.Sleep(20 * time.Millisecond)
	select {
	case <-returned:
		t.Fatal("the turn came while a call was in flight")
	default:
	}
	callsInFlight.add(-1)
	<-returned
}
