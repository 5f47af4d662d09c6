//go:build js && wasm

package main

import (
	"context"
	"encoding/json"
	"errors"
	"syscall/js"
	"testing"

	"github.com/sessionsigner/sessionsigner/scheme"
)

func TestHostCall(t *testing.T) {
	ctx := context.Background()
	if hostCall(js.Null()) != nil {
		t.Fatal("no function means no HostCall")
	}
	echo := hostCall(jsValue(`async (method, params) => JSON.stringify({ method, params: JSON.parse(params) })`))
	got, err := echo(ctx, "abstract.registryCheck", json.RawMessage(`[1,"2"]`))
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != `{"method":"abstract.registryCheck","params":[1,"2"]}` {
		t.Fatalf("host answered %s", got)
	}
	for _, src := range []string{
		`async () => { throw new Error('rpc down') }`,
		`() => { throw new Error('sync throw') }`,
		`async () => 42`,
		`async () => '{not json'`,
	} {
		if _, err := hostCall(jsValue(src))(ctx, "m", nil); !errors.Is(err, scheme.ErrHost) {
			t.Errorf("%s: err = %v, want scheme.ErrHost", src, err)
		}
	}
}
