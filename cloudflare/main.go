//go:build js && wasm

package main

import (
	"net/http"
	"time"

	"github.com/syumai/workers"
	"github.com/syumai/workers/cloudflare"
)

func main() {
	var h http.Handler = &server{b: workerBackend{}, now: time.Now}
	h = withProbes(h, func() bool { return cloudflare.Getenv("SESSIONSIGNER_PROBES") == "1" })
	workers.Serve(h)
}
