// Command cloudflare is the server host: the same vault (package session)
// the browser runs, served as an HTTP JSON API from a Cloudflare Worker built
// with github.com/syumai/workers (GOOS=js GOARCH=wasm).
//
// Every request is checked in this order, and nothing touches a vault before
// the checks pass: the route and method, the body size, the app's HMAC
// signature and timestamp (auth.go), the per-app rate limit, then the nonce,
// claimed once in a Durable Object (durable.mjs, deployed as the storage
// Worker in storage/). The app id comes from the
// verified signature only, so an app reaches nothing but its own vaults.
//
// Each vault is one SQLite-backed Durable Object, named from the app id and
// the vault name, reached through the stub's fetch (dostore.go). A fresh Go
// instance serves every request, so nothing stays unlocked between requests:
// the vault key is derived per request from the master secret (vaultkey.go).
//
// Files without a build tag (routing, auth, errors) test natively with `go test`; the JavaScript bindings
// are behind js && wasm. `make worker` builds it, `make worker-dev` serves it
// on 127.0.0.1, and js/test/worker/ exercises it through wrangler.
package main
