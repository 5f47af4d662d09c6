//go:build js && wasm

package main

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"syscall/js"

	"github.com/sessionsigner/sessionsigner/scheme"
	"github.com/sessionsigner/sessionsigner/session"
)

// errBadCall: JavaScript called a method with the wrong argument types. The
// npm package never does; a hand-written caller learns what is expected.
var errBadCall = fmt.Errorf("%w: wrong arguments for the sessionsigner module (use the npm package's openVault)", scheme.ErrInvalidRequest)

// vaultObject is one open vault as JavaScript sees it:
//
//	{ call(seq, method, ...args), close(), invalidate?(key), invalidateAll?() }
//
// call queues a request for the vault's one serving goroutine (dispatch.go);
// the answer comes through the answer function given to open. Values are
// JSON strings for infos (quantities as decimal strings, exact), 0x-hex
// strings for signatures; secrets arrive as Uint8Arrays that are copied into
// Go and zeroed there after use.
type vaultObject struct {
	v      *session.Vault
	obj    js.Value
	ctx    context.Context
	cancel context.CancelFunc
	calls  *dispatcher
	funcs  []js.Func
	// syncNames are the methods that return nothing (no answer); a closed
	// vault makes them do nothing.
	syncNames []string
}

// unlocked is the value of a method that has just unlocked the vault: its
// reply says "unlocked" without asking State. State would wait for the
// vault's lock, which Unlock hands to the sweep that wipes expired keys;
// that sweep reads every record (over IndexedDB, milliseconds even for an
// empty vault), and the unlock is done before it. The next call waits for
// the sweep, as before, and so sees its result.
type unlocked struct{ value any }

// errClosed answers every call on a closed vault object.
var errClosed = fmt.Errorf("%w: the vault was closed", context.Canceled)

// closedCall is call on a closed vault object: one shared function, so
// closing many vaults does not leak callbacks. It refuses at once.
var closedCall = js.FuncOf(func(js.Value, []js.Value) any { return jsError(errClosed) })

// closedClose is close (and invalidate) on a closed vault object: nothing
// left to do.
var closedClose = js.FuncOf(func(js.Value, []js.Value) any { return nil })

// newVaultObject builds the object; cache is the vault's read cache, or nil;
// answer is JavaScript's answer(seq, error, value, state).
func newVaultObject(v *session.Vault, cache *cachedStore, answer js.Value) js.Value {
	ctx, cancel := context.WithCancel(context.Background())
	obj := js.Global().Get("Object").New()
	o := &vaultObject{v: v, obj: obj, ctx: ctx, cancel: cancel}
	// Every answer carries the vault's state after the call, so the worker
	// needs no second call (which would wait for the vault's lock again) to
	// keep the page's copy current.
	o.calls = newDispatcher(answer, func(fn vaultMethod, args []js.Value) (any, string, error) {
		if err := o.ctx.Err(); err != nil {
			return nil, "", err
		}
		value, err := fn(args)
		if err != nil {
			return nil, "", err
		}
		if u, ok := value.(unlocked); ok {
			return u.value, string(session.StateUnlocked), nil
		}
		state, err := o.v.State(o.ctx)
		return value, string(state), err
	})
	method := func(name string, fn vaultMethod) { o.calls.methods[name] = fn }

	method("state", func([]js.Value) (any, error) {
		s, err := o.v.State(o.ctx)
		return string(s), err
	})
	method("unlock", func(args []js.Value) (any, error) {
		secret, err := bytesArg(args, 0)
		if err != nil {
			return nil, err
		}
		defer clear(secret)
		return unlocked{}, o.v.Unlock(o.ctx, secret)
	})
	method("lock", func([]js.Value) (any, error) {
		o.v.Lock()
		return nil, nil
	})
	method("createSession", func(args []js.Value) (any, error) {
		params, err := stringArg(args, 0)
		if err != nil {
			return nil, err
		}
		return infoJSON(o.v.CreateSession(o.ctx, json.RawMessage(params)))
	})
	method("getSession", func(args []js.Value) (any, error) {
		id, err := stringArg(args, 0)
		if err != nil {
			return nil, err
		}
		return infoJSON(o.v.GetSession(o.ctx, id))
	})
	method("listSessions", func([]js.Value) (any, error) {
		b, err := o.v.ListSessionsJSON(o.ctx)
		return string(b), err
	})
	method("sign", func(args []js.Value) (any, error) {
		id, err := stringArg(args, 0)
		if err != nil {
			return nil, err
		}
		req, err := stringArg(args, 1)
		if err != nil {
			return nil, err
		}
		out, err := o.v.Sign(o.ctx, id, json.RawMessage(req))
		if err != nil {
			return nil, err
		}
		return "0x" + hex.EncodeToString(out), nil
	})
	method("signMany", func(args []js.Value) (any, error) {
		id, err := stringArg(args, 0)
		if err != nil {
			return nil, err
		}
		reqsJSON, err := stringArg(args, 1)
		if err != nil {
			return nil, err
		}
		var reqs []json.RawMessage
		if err := json.Unmarshal([]byte(reqsJSON), &reqs); err != nil {
			return nil, fmt.Errorf("%w: signMany takes an array of requests: %v", scheme.ErrInvalidRequest, err)
		}
		sigs, err := o.v.SignMany(o.ctx, id, reqs)
		if err != nil {
			return nil, stoppedBatch(sigs, err)
		}
		return hexListJSON(sigs), nil
	})
	method("revoke", func(args []js.Value) (any, error) {
		id, err := stringArg(args, 0)
		if err != nil {
			return nil, err
		}
		return infoJSON(o.v.Revoke(o.ctx, id))
	})
	method("changeSecret", func(args []js.Value) (any, error) {
		oldSecret, err := bytesArg(args, 0)
		if err != nil {
			return nil, err
		}
		defer clear(oldSecret)
		newSecret, err := bytesArg(args, 1)
		if err != nil {
			return nil, err
		}
		defer clear(newSecret)
		return nil, o.v.ChangeSecret(o.ctx, oldSecret, newSecret)
	})

	o.slotMethods(method)
	if cache != nil {
		o.invalidation(cache)
	}

	call := js.FuncOf(o.calls.call)
	o.funcs = append(o.funcs, call)
	obj.Set("call", call)
	closeFn := js.FuncOf(func(js.Value, []js.Value) any {
		o.close()
		return nil
	})
	o.funcs = append(o.funcs, closeFn)
	obj.Set("close", closeFn)
	return obj
}

// invalidation adds invalidate(key) and invalidateAll(). Unlike the other
// methods they are synchronous: the cache must forget a key before the
// worker handles its next message, not when a goroutine gets to run. They
// only take the cache's lock, which no goroutine holds while it waits for
// JavaScript, so they never block the event loop. A key that is not a
// string (a malformed announcement) forgets everything.
func (o *vaultObject) invalidation(cache *cachedStore) {
	invalidate := js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) > 0 && args[0].Type() == js.TypeString {
			cache.invalidate(args[0].String())
		} else {
			cache.invalidateAll()
		}
		return nil
	})
	invalidateAll := js.FuncOf(func(js.Value, []js.Value) any {
		cache.invalidateAll()
		return nil
	})
	o.funcs = append(o.funcs, invalidate, invalidateAll)
	o.syncNames = []string{"invalidate", "invalidateAll"}
	o.obj.Set("invalidate", invalidate)
	o.obj.Set("invalidateAll", invalidateAll)
}

// close cancels calls in flight, locks the vault (zeroing its keys) and
// releases the callbacks; queued calls are answered CANCELED, later calls
// refused with it.
func (o *vaultObject) close() {
	if o.funcs == nil {
		return
	}
	o.cancel()
	o.calls.close()
	go o.v.Lock() // Lock waits for a call in flight; never block the event loop on it
	o.obj.Set("call", closedCall)
	o.obj.Set("close", closedClose)
	for _, name := range o.syncNames {
		o.obj.Set(name, closedClose)
	}
	for _, f := range o.funcs {
		f.Release()
	}
	o.funcs, o.syncNames = nil, nil
}

func infoJSON(info *session.Info, err error) (any, error) {
	if err != nil {
		return nil, err
	}
	b, err := json.Marshal(info)
	return string(b), err
}

func stringArg(args []js.Value, i int) (string, error) {
	if i >= len(args) || args[i].Type() != js.TypeString {
		return "", errBadCall
	}
	return args[i].String(), nil
}

// bytesArg copies a Uint8Array argument into Go memory.
func bytesArg(args []js.Value, i int) ([]byte, error) {
	if i >= len(args) || !args[i].InstanceOf(js.Global().Get("Uint8Array")) {
		return nil, errBadCall
	}
	b := make([]byte, args[i].Length())
	js.CopyBytesToGo(b, args[i])
	return b, nil
}
