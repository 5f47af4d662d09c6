//go:build js && wasm

package main

import (
	"errors"
	"testing"

	"github.com/sessionsigner/sessionsigner/scheme"
)

// TestParseSlotParamsStrict: the page's slot parameters say each member once
// and in its own case; what the JS layer sends still reads.
func TestParseSlotParamsStrict(t *testing.T) {
	p, err := parseSlotParams(`{"name":"this device","expiresAt":1800000000}`)
	if err != nil || p.Name != "this device" || p.ExpiresAt != 1800000000 {
		t.Fatalf("got %+v, %v", p, err)
	}
	for _, bad := range []string{
		`{"expiresAt":1800000000,"expiresAt":1900000000}`,
		`{"ExpiresAt":1900000000}`,
		`{"name":"a","NAME":"b"}`,
		`{"expiresAt":1.8e9}`,
		`{"expiresAt":"1800000000"}`,
		`{"kind":"passkey"}`,
		`{} {}`,
	} {
		if _, err := parseSlotParams(bad); !errors.Is(err, scheme.ErrInvalidRequest) {
			t.Errorf("%s: got %v, want INVALID_REQUEST", bad, err)
		}
	}
}
