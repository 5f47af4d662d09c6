//go:build js && wasm

package main

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/sessionsigner/sessionsigner/keystore"
)

func TestJSStoreRoundTrip(t *testing.T) {
	ctx := context.Background()
	s, err := newJSStore(jsValue(mapAdapter))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := s.(keystore.Adder); ok {
		t.Fatal("an adapter without add must not be a keystore.Adder")
	}
	if _, err := s.Get(ctx, "session/a"); !errors.Is(err, keystore.ErrNotFound) {
		t.Fatalf("Get of a missing key = %v, want ErrNotFound", err)
	}
	for _, k := range []string{"session/b", "vault", "session/a"} {
		if err := s.Put(ctx, k, []byte("value of "+k)); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.Get(ctx, "session/a")
	if err != nil || string(got) != "value of session/a" {
		t.Fatalf("Get = %q, %v", got, err)
	}
	keys, err := s.List(ctx, "session/")
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"session/a", "session/b"}; !reflect.DeepEqual(keys, want) {
		t.Fatalf("List = %q, want %q (filtered and sorted whatever the adapter returns)", keys, want)
	}
	if err := s.Delete(ctx, "session/a"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get(ctx, "session/a"); !errors.Is(err, keystore.ErrNotFound) {
		t.Fatalf("Get after Delete = %v, want ErrNotFound", err)
	}
}

func TestJSStoreAdd(t *testing.T) {
	ctx := context.Background()
	s, err := newJSStore(jsValue(`(() => {
		const m = new Map()
		return {
			get: async (k) => m.get(k) ?? null, put: async (k, v) => { m.set(k, v) },
			delete: async (k) => { m.delete(k) }, list: async () => [...m.keys()],
			add: async (k, v) => { if (m.has(k)) return false; m.set(k, v); return true },
		}
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	adder, ok := s.(keystore.Adder)
	if !ok {
		t.Fatal("an adapter with add must be a keystore.Adder")
	}
	if err := adder.Add(ctx, "vault", []byte("first")); err != nil {
		t.Fatal(err)
	}
	if err := adder.Add(ctx, "vault", []byte("second")); !errors.Is(err, keystore.ErrExists) {
		t.Fatalf("second Add = %v, want ErrExists", err)
	}
	if got, _ := s.Get(ctx, "vault"); string(got) != "first" {
		t.Fatalf("the first Add must win, got %q", got)
	}
}

func TestJSStoreFailures(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct{ name, adapter string }{
		{"rejects", `{ get: async () => { throw new Error('quota') }, put: async () => { throw new Error('quota') }, delete: async () => {}, list: async () => 'nope' }`},
		{"throws before returning a promise", `{ get() { throw new TypeError('boom') }, put() { throw new TypeError('boom') }, delete() {}, list() { throw new TypeError('boom') } }`},
		{"wrong types", `{ get: async () => 'text', put: async () => {}, delete: async () => {}, list: async () => [1, 2] }`},
		{"keys JSON cannot write", `{ get: async () => 'text', put: async () => {}, delete: async () => {}, list: async () => ['a', 1n] }`},
		{"a null key", `{ get: async () => 'text', put: async () => {}, delete: async () => {}, list: async () => ['a', null] }`},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, err := newJSStore(jsValue(c.adapter))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.Get(ctx, "k"); !errors.Is(err, keystore.ErrStorageUnavailable) {
				t.Errorf("Get = %v, want ErrStorageUnavailable", err)
			}
			if _, err := s.List(ctx, ""); !errors.Is(err, keystore.ErrStorageUnavailable) {
				t.Errorf("List = %v, want ErrStorageUnavailable", err)
			}
		})
	}
	if _, err := newJSStore(jsValue(`{ get: async () => null }`)); !errors.Is(err, keystore.ErrStorageUnavailable) {
		t.Errorf("an adapter without put/delete/list = %v, want ErrStorageUnavailable", err)
	}
	canceled, cancel := context.WithCancel(ctx)
	cancel()
	s, _ := newJSStore(jsValue(mapAdapter))
	if _, err := s.Get(canceled, "k"); !errors.Is(err, context.Canceled) {
		t.Errorf("Get with a canceled context = %v", err)
	}
}
