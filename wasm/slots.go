//go:build js && wasm

package main

import (
	"encoding/json"
	"fmt"
	"syscall/js"
	"time"

	"github.com/sessionsigner/sessionsigner/internal/strictjson"
	"github.com/sessionsigner/sessionsigner/keystore"
	"github.com/sessionsigner/sessionsigner/scheme"
	"github.com/sessionsigner/sessionsigner/session"
)

// slotMethods adds the key-slot and life-cycle methods:
//
//	unlockWith(kind, slotId, secret: Uint8Array, readingOnly?: boolean)
//	    readingOnly: true once unlocked, false where it would have to write
//	    (session.Vault.UnlockReading): call it again without
//	addSlot(kind, secret: Uint8Array, paramsJSON) -> slotJSON
//	removeSlot(id)
//	replaceSlot(oldKind, oldSlotId, oldSecret, nextKind, nextSecret, paramsJSON) -> slotJSON
//	slots() -> slotsJSON
//	destroy(forgotSecret: boolean)
//	prune(beforeUnixSeconds: number) -> count
//	recheck()   another tab changed the header: lock if it was destroyed or rekeyed
//
// paramsJSON is keystore.SlotParams ({name, expiresAt, credentialId,
// prfSalt, address}; byte fields as standard base64). Secrets are copied
// into Go and zeroed after use, like unlock's.
func (o *vaultObject) slotMethods(method func(string, vaultMethod)) {
	method("unlockWith", func(args []js.Value) (any, error) {
		s, err := secretArgs(args, 0, 1, 2)
		if err != nil {
			return nil, err
		}
		defer clear(s.Bytes)
		if len(args) > 3 && args[3].Truthy() { // reading only: false where it would write
			done, err := o.v.UnlockReading(o.ctx, s)
			if !done {
				return false, err
			}
			return unlocked{value: true}, err
		}
		return unlocked{}, o.v.UnlockWith(o.ctx, s)
	})
	method("addSlot", func(args []js.Value) (any, error) {
		s, err := secretArgs(args, 0, -1, 1)
		if err != nil {
			return nil, err
		}
		defer clear(s.Bytes)
		if s.Params, err = slotParamsArg(args, 2); err != nil {
			return nil, err
		}
		// On a new vault, the first slot creates it.
		if st, err := o.v.State(o.ctx); err != nil {
			return nil, err
		} else if st == session.StateNew {
			if err := o.v.UnlockWith(o.ctx, s); err != nil {
				return nil, err
			}
			slots, err := o.v.Slots(o.ctx)
			if err != nil || len(slots) == 0 {
				return nil, err
			}
			return jsonString(slots[len(slots)-1])
		}
		info, err := o.v.AddSlot(o.ctx, s)
		if err != nil {
			return nil, err
		}
		return jsonString(info)
	})
	method("replaceSlot", func(args []js.Value) (any, error) {
		old, err := secretArgs(args, 0, 1, 2)
		if err != nil {
			return nil, err
		}
		defer clear(old.Bytes)
		next, err := secretArgs(args, 3, -1, 4)
		if err != nil {
			return nil, err
		}
		defer clear(next.Bytes)
		if next.Params, err = slotParamsArg(args, 5); err != nil {
			return nil, err
		}
		info, err := o.v.ReplaceSlot(o.ctx, old, next)
		if err != nil {
			return nil, err
		}
		return jsonString(info)
	})
	method("removeSlot", func(args []js.Value) (any, error) {
		id, err := stringArg(args, 0)
		if err != nil {
			return nil, err
		}
		return nil, o.v.RemoveSlot(o.ctx, id)
	})
	method("slots", func([]js.Value) (any, error) {
		slots, err := o.v.Slots(o.ctx)
		if err != nil {
			return nil, err
		}
		return jsonString(slots)
	})
	method("destroy", func(args []js.Value) (any, error) {
		forgot := len(args) > 0 && args[0].Type() == js.TypeBoolean && args[0].Bool()
		return nil, o.v.Destroy(o.ctx, forgot)
	})
	method("recheck", func([]js.Value) (any, error) {
		return nil, o.v.Recheck(o.ctx)
	})
	method("prune", func(args []js.Value) (any, error) {
		if len(args) < 1 || args[0].Type() != js.TypeNumber {
			return nil, errBadCall
		}
		return o.v.Prune(o.ctx, time.Unix(int64(args[0].Float()), 0))
	})
}

// secretArgs reads (kind, slotId, secret) at the given positions; slot < 0
// means no slot id argument.
func secretArgs(args []js.Value, kind, slot, secret int) (session.Secret, error) {
	var s session.Secret
	var err error
	if s.Kind, err = stringArg(args, kind); err != nil {
		return s, err
	}
	if slot >= 0 {
		if slot < len(args) && args[slot].Type() == js.TypeString {
			s.SlotID = args[slot].String()
		}
	}
	s.Bytes, err = bytesArg(args, secret)
	return s, err
}

func slotParamsArg(args []js.Value, i int) (keystore.SlotParams, error) {
	var p keystore.SlotParams
	if i >= len(args) || args[i].Type() != js.TypeString {
		return p, nil
	}
	return parseSlotParams(args[i].String())
}

// parseSlotParams reads a slot's parameters strictly: a second "expiresAt"
// or an "ExpiresAt" would otherwise set a remembered device's lifetime from
// a member the page did not mean.
func parseSlotParams(s string) (keystore.SlotParams, error) {
	var p keystore.SlotParams
	if err := strictjson.Decode([]byte(s), &p); err != nil {
		return p, fmt.Errorf("%w: slot parameters: %v", scheme.ErrInvalidRequest, err)
	}
	return p, nil
}

func jsonString(v any) (any, error) {
	b, err := json.Marshal(v)
	return string(b), err
}
