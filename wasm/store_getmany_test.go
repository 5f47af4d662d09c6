//go:build js && wasm

package main

import (
	"context"
	"errors"
	"testing"

	"github.com/sessionsigner/sessionsigner/keystore"
)

// TestJSStoreGetMany: with the adapter's getMany, one call per batch; without
// it, a get per key; either way null is nil and a value its bytes. An answer
// that is not one value or null per key is the storage failing.
func TestJSStoreGetMany(t *testing.T) {
	ctx := context.Background()
	keys := []string{"b", "missing", "a"}
	for _, c := range []struct{ name, adapter string }{
		{"without getMany", mapAdapter},
		{"with getMany", `(() => {
			const a = eval(` + "`" + mapAdapter + "`" + `)
			a.batches = 0
			a.get = async () => { throw new Error('get must not be called') }
			a.getMany = async (keys) => { a.batches++; return keys.map((k) => (a.m.has(k) ? a.m.get(k).slice() : null)) }
			return a
		})()`},
	} {
		t.Run(c.name, func(t *testing.T) {
			adapter := jsValue(c.adapter)
			s, err := newJSStore(adapter)
			if err != nil {
				t.Fatal(err)
			}
			adapter.Get("m").Call("set", "a", bytesToJS([]byte("A")))
			adapter.Get("m").Call("set", "b", bytesToJS([]byte("B")))
			values, err := keystore.GetMany(ctx, s, keys)
			if err != nil || len(values) != 3 || string(values[0]) != "B" || values[1] != nil || string(values[2]) != "A" {
				t.Fatalf("GetMany = %q, %v", values, err)
			}
			if b := adapter.Get("batches"); !b.IsUndefined() && b.Int() != 1 {
				t.Fatalf("getMany called %d times for one batch", b.Int())
			}
		})
	}
	for _, c := range []struct{ name, getMany string }{
		{"rejects", `async () => { throw new Error('quota') }`},
		{"throws", `() => { throw new TypeError('boom') }`},
		{"too few values", `async () => [null]`},
		{"not an array", `async () => 'nope'`},
		{"a value that is not bytes", `async (keys) => keys.map(() => 'text')`},
	} {
		t.Run(c.name, func(t *testing.T) {
			adapter := jsValue(mapAdapter)
			adapter.Set("getMany", jsValue(c.getMany))
			s, _ := newJSStore(adapter)
			if _, err := keystore.GetMany(ctx, s, keys); !errors.Is(err, keystore.ErrStorageUnavailable) {
				t.Fatalf("GetMany = %v, want ErrStorageUnavailable", err)
			}
		})
	}
}

// TestJSStoreListKeysCrossWhole: keys that need escapes or are not ASCII
// come through the one JSON string as they are.
func TestJSStoreListKeysCrossWhole(t *testing.T) {
	ctx := context.Background()
	s, _ := newJSStore(jsValue(mapAdapter))
	want := []string{"session/\"q\"", "session/a\\b", "session/é", "session/😀"}
	for _, k := range want {
		if err := s.Put(ctx, k, []byte("v")); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.List(ctx, "session/")
	if err != nil || len(got) != len(want) {
		t.Fatalf("List = %q, %v", got, err)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("List = %q, want %q", got, want)
		}
	}
}
