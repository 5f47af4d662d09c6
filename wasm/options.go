package main

import (
	"bytes"
	"encoding/json"
	"math"
	"time"

	"github.com/sessionsigner/sessionsigner/keystore"
	"github.com/sessionsigner/sessionsigner/scheme"
	"github.com/sessionsigner/sessionsigner/session"

	"github.com/sessionsigner/sessionsigner/internal/strictjson"
)

// openOptions is the JSON the page sends to open (everything that is data;
// the storage adapter and callbacks travel as JavaScript values).
type openOptions struct {
	// KDF applies to a new vault only; an existing vault keeps the
	// parameters in its header.
	KDF *keystore.KDFParams `json:"kdf,omitempty"`
	// MaxLifetimeSeconds caps expiresAt - now at creation; 0 or absent means
	// the vault's default (30 days).
	// Raw, so an explicit null (JSON's NaN and Infinity) is told from absent.
	MaxLifetimeSeconds json.RawMessage `json:"maxLifetimeSeconds,omitempty"`
	// Cache serves repeated storage reads from memory (cache.go). The host
	// asks for it only when it can announce other tabs' writes through the
	// vault object's invalidate methods.
	Cache bool `json:"cache,omitempty"`
}

// hostOptions are the vault's options plus what the wasm host itself uses.
type hostOptions struct {
	session.Options
	Cache bool
}

// maxLifetimeCap keeps the conversion to time.Duration far from overflow.
const maxLifetimeCap = 100 * 365 * 24 * time.Hour

// parseOptions reads the options strictly: an unknown field is a typo that
// would otherwise silently leave a default in place.
func parseOptions(data string) (hostOptions, error) {
	var o openOptions
	trimmed := bytes.TrimSpace([]byte(data))
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return hostOptions{}, scheme.BadConfig("options", "must be a JSON object")
	}
	if err := strictjson.Decode(trimmed, &o); err != nil {
		return hostOptions{}, scheme.BadConfig("options", "%v", err)
	}
	out := hostOptions{Cache: o.Cache}
	if o.KDF != nil {
		// Checked here as well as by the vault, so an explicit all-zero
		// value is refused rather than read as "use the default".
		if err := o.KDF.Check(); err != nil {
			return hostOptions{}, err
		}
		out.KDF = *o.KDF
	}
	if o.MaxLifetimeSeconds != nil {
		var s int64
		if string(o.MaxLifetimeSeconds) == "null" {
			return hostOptions{}, scheme.BadConfig("maxLifetimeSeconds", "is null (what JSON makes of NaN or Infinity): give whole seconds, or leave it out for 30 days")
		}
		if err := json.Unmarshal(o.MaxLifetimeSeconds, &s); err != nil || s < 0 || s > int64(maxLifetimeCap/time.Second) || s > math.MaxInt64/int64(time.Second) {
			return hostOptions{}, scheme.BadConfig("maxLifetimeSeconds", "must be between 0 and %d", int64(maxLifetimeCap/time.Second))
		}
		out.MaxLifetime = time.Duration(s) * time.Second
	}
	return out, nil
}
