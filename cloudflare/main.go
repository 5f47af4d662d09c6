//go:build js && wasm

package main

import (
	"net/http"
	"runtime/debug"
	"time"

	"github.com/syumai/workers"
	"github.com/syumai/workers/cloudflare"
)

// memoryLimit keeps each request's Go heap small. syumai/workers starts a
// whole Go instance per request and one isolate serves many requests at
// once; with the default GC pacing, twenty concurrent requests grew past the
// local isolate's memory, which reset it (answering 503).
const memoryLimit = 12 << 20

func main() {
	debug.SetMemoryLimit(memoryLimit)
	var h http.Handler = &server{b: workerBackend{}, now: time.Now}
	h = withProbes(h, func() bool { return cloudflare.Getenv("SESSIONSIGNER_PROBES") == "1" })
	workers.Serve(h)
}
