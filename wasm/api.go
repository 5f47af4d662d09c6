//go:build js && wasm

package main

import (
	"context"
	"syscall/js"

	"github.com/sessionsigner/sessionsigner/session"
)

// version identifies the JavaScript API shape; bump it when a method changes.
const version = "1"

// newAPI builds the object handed to JavaScript:
//
//	{ version, open(optionsJSON, storageAdapter, host|null, progress|null, answer) -> Promise<vault> }
//
// answer(seq, error|null, value, state) receives every answer of the
// vault's calls (see dispatch.go and vault.go).
//
// With {"cache":true} in optionsJSON, storage reads are cached (cache.go)
// and the vault object also has invalidate(key) and invalidateAll(), plain
// synchronous functions the host calls when another tab changed storage.
//
// host is (method, paramsJSON) -> Promise<resultJSON>; progress is
// (stage, done, total) -> void, called synchronously from Go during Argon2id
// and re-sealing. Its js.Func lives as long as the module.
func newAPI() js.Value {
	open := js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) < 5 || args[0].Type() != js.TypeString || args[4].Type() != js.TypeFunction {
			return async(func() (any, error) { return nil, errBadCall })
		}
		optionsJSON, adapter := args[0].String(), args[1]
		host, progress, answer := argOr(args, 2), argOr(args, 3), args[4]
		return async(func() (any, error) {
			o, err := parseOptions(optionsJSON)
			if err != nil {
				return nil, err
			}
			if o.Store, err = newJSStore(adapter); err != nil {
				return nil, err
			}
			var cache *cachedStore
			if o.Cache {
				cache = newCachedStore(o.Store)
				o.Store = cache.store()
			}
			o.Host = hostCall(host)
			o.Progress = progressFunc(progress)
			o.Schemes = schemes()
			v, err := session.Open(context.Background(), o.Options)
			if err != nil {
				return nil, err
			}
			prepareWhenIdle()
			return newVaultObject(v, cache, answer), nil
		})
	})
	return js.ValueOf(map[string]any{"version": version, "open": open})
}

// progressFunc forwards session.Progress to a JavaScript function.
func progressFunc(fn js.Value) func(session.Progress) {
	if fn.Type() != js.TypeFunction {
		return nil
	}
	return func(p session.Progress) {
		// A throwing listener must not unwind the vault mid-unlock.
		defer func() { _ = recover() }()
		fn.Invoke(p.Stage, p.Done, p.Total)
	}
}

func argOr(args []js.Value, i int) js.Value {
	if i < len(args) {
		return args[i]
	}
	return js.Null()
}
