// The bench's bare worker: answers every message with itself. Its round trip
// (postMessage there and back, no sessionsigner code) is the floor under any
// call the page awaits from a worker.
onmessage = (event) => postMessage(event.data)
