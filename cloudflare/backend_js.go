//go:build js && wasm

package main

import (
	"context"
	"encoding/hex"
	"fmt"
	"net/http"
	"syscall/js"
	"time"

	promise "github.com/nlepage/go-js-promise"
	"github.com/sessionsigner/sessionsigner/keystore"
	"github.com/syumai/workers/cloudflare"
)

// Names in wrangler.jsonc and of the Worker's secrets.
const (
	vaultsBinding    = "VAULTS"       // Durable Object namespace: one object per vault
	noncesBinding    = "NONCES"       // Durable Object namespace: one object per app
	rateLimitBinding = "RATE_LIMITER" // rate-limiting binding, keyed by app id
	masterKeyName    = "MASTER_KEY"   // hex, at least 32 bytes
	appKeyPrefix     = "APP_KEY_"     // APP_KEY_<app id>: hex, at least 32 bytes
)

// workerBackend reads the Worker's env for the request being served.
type workerBackend struct{}

// hexSecret decodes a secret set with `wrangler secret put`; ok is false if
// it is unset, not hex or shorter than 32 bytes.
func hexSecret(name string) ([]byte, bool) {
	b, err := hex.DecodeString(cloudflare.Getenv(name))
	return b, err == nil && len(b) >= minMasterKey
}

func (workerBackend) appKey(app string) ([]byte, bool) { return hexSecret(appKeyPrefix + app) }

func (workerBackend) masterKey() ([]byte, error) {
	if k, ok := hexSecret(masterKeyName); ok {
		return k, nil
	}
	return nil, newError(http.StatusInternalServerError, "INTERNAL",
		"the Worker has no usable %s: set 32 random bytes in hex with `wrangler secret put %s`", masterKeyName, masterKeyName)
}

func (workerBackend) rateLimited() bool {
	return cloudflare.GetBinding(rateLimitBinding).Type() == js.TypeObject
}

// allow asks the rate-limiting binding. Without the binding (a deployment
// that left it out) nothing is limited, and /v1/health says so.
func (b workerBackend) allow(ctx context.Context, app string) (bool, error) {
	limiter := cloudflare.GetBinding(rateLimitBinding)
	if limiter.Type() != js.TypeObject {
		return true, nil
	}
	res, err := promise.Await(limiter.Call("limit", map[string]any{"key": app}))
	if err != nil {
		return false, fmt.Errorf("%w: the rate limiter failed: %v", keystore.ErrStorageUnavailable, err)
	}
	return res.Get("success").Truthy(), nil
}

func (workerBackend) claimNonce(ctx context.Context, app, nonce string, until time.Time) (bool, error) {
	o, err := openDurableObject(noncesBinding, "nonces:"+app)
	if err != nil {
		return false, err
	}
	a, err := o.do(ctx, doRequest{Op: "claim", Key: nonce, Until: until.UnixMilli()})
	if err != nil {
		return false, err
	}
	return a.Done, nil
}

// vaultStore names the object from the authenticated app id and the vault:
// app ids hold no '/', so no two pairs share a name.
func (workerBackend) vaultStore(ctx context.Context, app, vault string) (casStore, error) {
	o, err := openDurableObject(vaultsBinding, "vault:"+app+"/"+vault)
	if err != nil {
		return nil, err
	}
	return doStore{o}, nil
}
