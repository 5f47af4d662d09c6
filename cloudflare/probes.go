//go:build js && wasm

package main

import (
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/syumai/workers/cloudflare"
)

// withProbes adds /v1/_probe/*, endpoints that show the syumai/workers
// quirks this host works around, for js/test/worker/server.test.mjs. They
// answer only where the var SESSIONSIGNER_PROBES is "1" (the tests'
// configuration), never in a deployment.
func withProbes(next http.Handler, enabled func() bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, "/v1/_probe/") || !enabled() {
			next.ServeHTTP(w, r)
			return
		}
		switch r.URL.Path {
		case "/v1/_probe/header":
			// What Header.Get sees of a header value with commas, and the
			// reassembly auth.go uses.
			writeJSON(w, http.StatusOK, map[string]any{
				"get":    r.Header.Get("X-Probe"),
				"values": r.Header.Values("X-Probe"),
				"joined": strings.Join(r.Header.Values("X-Probe"), ","),
			})
		case "/v1/_probe/empty-response":
			// A Durable Object answering 204 without a body, read through
			// syumai/workers' DurableObjectStub.Fetch.
			writeJSON(w, http.StatusOK, emptyResponseProbe(r))
		default:
			writeError(w, newError(http.StatusNotFound, "NOT_FOUND", "no such probe"))
		}
	})
}

func emptyResponseProbe(r *http.Request) (out map[string]any) {
	out = map[string]any{"panicked": false}
	defer func() {
		if p := recover(); p != nil {
			out["panicked"] = true
			out["panic"] = fmt.Sprint(p)
		}
	}()
	ns, err := cloudflare.NewDurableObjectNamespace(noncesBinding)
	if err != nil {
		out["error"] = err.Error()
		return out
	}
	stub, err := ns.Get(ns.IdFromName("probe"))
	if err != nil {
		out["error"] = err.Error()
		return out
	}
	req, _ := http.NewRequestWithContext(r.Context(), http.MethodPost, "https://durable-object/", strings.NewReader(`{"op":"empty"}`))
	res, err := stub.Fetch(req)
	if err != nil {
		out["error"] = err.Error()
		return out
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	out["status"], out["bytes"] = res.StatusCode, len(b)
	if err != nil {
		out["error"] = err.Error()
	}
	return out
}
