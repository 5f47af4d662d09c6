package main

import (
	"errors"
	"testing"
	"time"

	"github.com/sessionsigner/sessionsigner/keystore"
	"github.com/sessionsigner/sessionsigner/scheme"
)

func TestParseOptions(t *testing.T) {
	o, err := parseOptions(`{"kdf":{"memoryKiB":19456,"time":2,"threads":1},"maxLifetimeSeconds":3600}`)
	if err != nil {
		t.Fatal(err)
	}
	if o.KDF != keystore.MinKDF {
		t.Errorf("KDF = %+v, want %+v", o.KDF, keystore.MinKDF)
	}
	if o.MaxLifetime != time.Hour {
		t.Errorf("MaxLifetime = %v, want 1h", o.MaxLifetime)
	}

	if o.Cache {
		t.Error("the cache must be off unless asked for")
	}

	o, err = parseOptions(`{}`)
	if err != nil {
		t.Fatal(err)
	}
	if o.KDF != (keystore.KDFParams{}) || o.MaxLifetime != 0 {
		t.Errorf("empty options must leave the vault's defaults: %+v", o)
	}

	if o, err = parseOptions(`{"cache":true}`); err != nil || !o.Cache {
		t.Errorf(`{"cache":true} = %+v, %v`, o, err)
	}
}

func TestParseOptionsRefuses(t *testing.T) {
	for _, c := range []struct {
		name, json string
		want       error
	}{
		{"not JSON", `{`, scheme.ErrInvalidConfig},
		{"not an object", `[]`, scheme.ErrInvalidConfig},
		{"unknown field", `{"kdf":{"memoryKiB":19456,"time":2,"threads":1},"maxLifetime":5}`, scheme.ErrInvalidConfig},
		{"unknown kdf field", `{"kdf":{"memoryKiB":19456,"time":2,"threads":1,"salt":"x"}}`, scheme.ErrInvalidConfig},
		{"fractional memory", `{"kdf":{"memoryKiB":19456.5,"time":2,"threads":1}}`, scheme.ErrInvalidConfig},
		{"negative time", `{"kdf":{"memoryKiB":19456,"time":-2,"threads":1}}`, scheme.ErrInvalidConfig},
		{"threads over uint8", `{"kdf":{"memoryKiB":19456,"time":2,"threads":300}}`, scheme.ErrInvalidConfig},
		{"explicit zero kdf", `{"kdf":{"memoryKiB":0,"time":0,"threads":0}}`, keystore.ErrUnsafeKDF},
		{"kdf below the floor", `{"kdf":{"memoryKiB":1024,"time":1,"threads":1}}`, keystore.ErrUnsafeKDF},
		{"kdf above the ceiling", `{"kdf":{"memoryKiB":4194304,"time":2,"threads":1}}`, keystore.ErrUnsafeKDF},
		{"negative lifetime", `{"maxLifetimeSeconds":-1}`, scheme.ErrInvalidConfig},
		{"lifetime beyond the cap", `{"maxLifetimeSeconds":9223372036}`, scheme.ErrInvalidConfig},
		{"lifetime as a string", `{"maxLifetimeSeconds":"60"}`, scheme.ErrInvalidConfig},
		{"lifetime null (NaN or Infinity in JavaScript)", `{"maxLifetimeSeconds":null}`, scheme.ErrInvalidConfig},
		{"lifetime 3600.5", `{"maxLifetimeSeconds":3600.5}`, scheme.ErrInvalidConfig},
		{"lifetime twice (an hour, then the cap)", `{"maxLifetimeSeconds":3600,"maxLifetimeSeconds":3153600000}`, scheme.ErrInvalidConfig},
		{"trailing data", `{} {}`, scheme.ErrInvalidConfig},
		{"cache as a string", `{"cache":"yes"}`, scheme.ErrInvalidConfig},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := parseOptions(c.json)
			if !errors.Is(err, c.want) {
				t.Fatalf("parseOptions(%s) = %v, want %v", c.json, err, c.want)
			}
		})
	}
}

// FuzzParseOptions: whatever JavaScript sends, parseOptions either refuses
// it with an error that has an identity, or returns options the vault can
// use: KDF zero (default) or within bounds, lifetime within the cap.
func FuzzParseOptions(f *testing.F) {
	for _, s := range []string{
		`{}`, `{"kdf":{"memoryKiB":19456,"time":2,"threads":1}}`, `{"maxLifetimeSeconds":3600}`,
		`{"kdf":{"memoryKiB":0,"time":0,"threads":0}}`, `{"maxLifetimeSeconds":-1}`, `{`, `null`, `{} {}`, `{"kdf":null}`,
		`{"cache":true}`, `{"cache":1}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		o, err := parseOptions(s)
		if err != nil {
			if !errors.Is(err, scheme.ErrInvalidConfig) && !errors.Is(err, keystore.ErrUnsafeKDF) {
				t.Fatalf("error without identity: %v", err)
			}
			return
		}
		if o.KDF != (keystore.KDFParams{}) {
			if err := o.KDF.Check(); err != nil {
				t.Fatalf("accepted unsafe KDF %+v", o.KDF)
			}
		}
		if o.MaxLifetime < 0 || o.MaxLifetime > maxLifetimeCap {
			t.Fatalf("accepted lifetime %v", o.MaxLifetime)
		}
	})
}
