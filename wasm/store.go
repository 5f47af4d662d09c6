//go:build js && wasm

package main

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"syscall/js"

	promise "github.com/nlepage/go-js-promise"
	"github.com/sessionsigner/sessionsigner/keystore"
)

// jsStore is a keystore.Store over a JavaScript storage adapter:
//
//	{ get(key) -> Promise<Uint8Array|null>, put(key, bytes) -> Promise,
//	  delete(key) -> Promise, list(prefix) -> Promise<string[]>,
//	  add?(key, bytes) -> Promise<boolean>,
//	  replace?(key, expected, bytes) -> Promise<boolean>,
//	  getMany?(keys) -> Promise<(Uint8Array|null)[]> }
//
// Any failure of the adapter (a rejection, a throw, a wrong type) is an
// error wrapping keystore.ErrStorageUnavailable; null from get is
// keystore.ErrNotFound. Methods must run on a goroutine, never inside a
// js.FuncOf callback: they wait for JavaScript promises.
type jsStore struct {
	adapter js.Value
	getMany bool // the adapter has getMany
}

// newJSStore wraps adapter, as a keystore.Adder when it has add and a
// keystore.Replacer when it has replace (see capable).
func newJSStore(adapter js.Value) (keystore.Store, error) {
	for _, m := range []string{"get", "put", "delete", "list"} {
		if adapter.Type() != js.TypeObject || adapter.Get(m).Type() != js.TypeFunction {
			return nil, fmt.Errorf("%w: the storage adapter has no %s method", keystore.ErrStorageUnavailable, m)
		}
	}
	has := func(m string) bool { return adapter.Get(m).Type() == js.TypeFunction }
	return capable(jsStore{adapter: adapter, getMany: has("getMany")}, has("add"), has("replace")), nil
}

func (s jsStore) Get(ctx context.Context, key string) ([]byte, error) {
	v, err := s.call(ctx, "get", key)
	if err != nil {
		return nil, err
	}
	if v.IsNull() || v.IsUndefined() {
		return nil, keystore.ErrNotFound
	}
	b, err := bytesOrNull(v)
	if err != nil {
		return nil, fmt.Errorf("%w: get(%q) returned %v", keystore.ErrStorageUnavailable, key, err)
	}
	return b, nil
}

// GetMany reads keys with one call to the adapter's getMany, or with a get
// each when it has none.
func (s jsStore) GetMany(ctx context.Context, keys []string) ([][]byte, error) {
	if !s.getMany {
		return keystore.GetMany(ctx, struct{ keystore.Store }{s}, keys)
	}
	list := js.Global().Get("Array").New(len(keys))
	for i, k := range keys {
		list.SetIndex(i, k)
	}
	v, err := s.call(ctx, "getMany", list)
	if err != nil {
		return nil, err
	}
	if !js.Global().Get("Array").Call("isArray", v).Bool() || v.Length() != len(keys) {
		return nil, fmt.Errorf("%w: getMany of %d keys returned %s, not an array of as many values", keystore.ErrStorageUnavailable, len(keys), v.Type())
	}
	values := make([][]byte, len(keys))
	for i := range keys {
		if values[i], err = bytesOrNull(v.Index(i)); err != nil {
			return nil, fmt.Errorf("%w: getMany: %q: %v", keystore.ErrStorageUnavailable, keys[i], err)
		}
	}
	return values, nil
}

// bytesOrNull copies a stored value into Go: nil for null or undefined.
func bytesOrNull(v js.Value) ([]byte, error) {
	if v.IsNull() || v.IsUndefined() {
		return nil, nil
	}
	if !v.InstanceOf(uint8Array) {
		return nil, fmt.Errorf("a %s, not a Uint8Array", v.Type())
	}
	b := make([]byte, v.Length())
	js.CopyBytesToGo(b, v)
	return b, nil
}

var uint8Array = js.Global().Get("Uint8Array")

func (s jsStore) Put(ctx context.Context, key string, value []byte) error {
	_, err := s.call(ctx, "put", key, bytesToJS(value))
	return err
}

func (s jsStore) Delete(ctx context.Context, key string) error {
	_, err := s.call(ctx, "delete", key)
	return err
}

// List enforces the Store contract (only keys with the prefix, ascending in
// byte order) whatever the adapter returned. The keys cross into Go as one
// JSON string (stringList).
func (s jsStore) List(ctx context.Context, prefix string) ([]string, error) {
	v, err := s.call(ctx, "list", prefix)
	if err != nil {
		return nil, err
	}
	if !js.Global().Get("Array").Call("isArray", v).Bool() {
		return nil, fmt.Errorf("%w: list(%q) returned %s, not an array", keystore.ErrStorageUnavailable, prefix, v.Type())
	}
	all, err := stringList(jsonText(v))
	if err != nil {
		return nil, fmt.Errorf("%w: list(%q) returned a key that is not a string", keystore.ErrStorageUnavailable, prefix)
	}
	keys := all[:0]
	for _, key := range all {
		if strings.HasPrefix(key, prefix) {
			keys = append(keys, key)
		}
	}
	sort.Strings(keys)
	return keys, nil
}

// jsonText is JSON.stringify(v), or "" when it throws (a BigInt, a getter
// that throws), which no reader of JSON accepts.
func jsonText(v js.Value) (text string) {
	defer func() {
		if recover() != nil {
			text = ""
		}
	}()
	return js.Global().Get("JSON").Call("stringify", v).String()
}

// Add stores value under key only if key holds nothing; the adapter answers
// true if it stored, false if the key existed.
func (s jsStore) Add(ctx context.Context, key string, value []byte) error {
	stored, err := s.callBool(ctx, "add", key, bytesToJS(value))
	if err == nil && !stored {
		err = keystore.ErrExists
	}
	return err
}

// errChangedElsewhere: the adapter's replace found other bytes than the
// vault read: another tab wrote the record meanwhile.
var errChangedElsewhere = fmt.Errorf("%w: the record was changed in another tab; nothing was written", keystore.ErrConflict)

// Replace stores value only if key still holds old; the adapter answers
// true if it stored, false if key held anything else.
func (s jsStore) Replace(ctx context.Context, key string, old, value []byte) error {
	stored, err := s.callBool(ctx, "replace", key, bytesToJS(old), bytesToJS(value))
	if err == nil && !stored {
		err = errChangedElsewhere
	}
	return err
}

// callBool calls a method that answers a boolean.
func (s jsStore) callBool(ctx context.Context, method, key string, args ...any) (bool, error) {
	v, err := s.call(ctx, method, append([]any{key}, args...)...)
	if err != nil {
		return false, err
	}
	if v.Type() != js.TypeBoolean {
		return false, fmt.Errorf("%w: %s(%q) returned %s, not a boolean", keystore.ErrStorageUnavailable, method, key, v.Type())
	}
	return v.Bool(), nil
}

// call invokes an adapter method and waits for its promise. A synchronous
// throw surfaces in Go as a panic carrying a js.Error; it is turned into an
// error like a rejection.
func (s jsStore) call(ctx context.Context, method string, args ...any) (v js.Value, err error) {
	if err := ctx.Err(); err != nil {
		return js.Undefined(), err
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: %s threw: %v", keystore.ErrStorageUnavailable, method, r)
		}
	}()
	v, err = promise.Await(s.adapter.Call(method, args...))
	if err != nil {
		return js.Undefined(), fmt.Errorf("%w: %s: %v", keystore.ErrStorageUnavailable, method, err)
	}
	return v, nil
}

func bytesToJS(b []byte) js.Value {
	a := js.Global().Get("Uint8Array").New(len(b))
	js.CopyBytesToJS(a, b)
	return a
}
