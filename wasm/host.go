//go:build js && wasm

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"syscall/js"

	promise "github.com/nlepage/go-js-promise"
	"github.com/sessionsigner/sessionsigner/scheme"
)

// hostCall adapts a JavaScript function (method, paramsJSON) ->
// Promise<resultJSON> to scheme.HostCall. In the npm package that function
// forwards to the page, where the app's `host` functions run. A null or
// undefined fn means the app offers nothing: the vault then gets no HostCall
// at all, as package scheme expects.
func hostCall(fn js.Value) scheme.HostCall {
	if fn.Type() != js.TypeFunction {
		return nil
	}
	return func(ctx context.Context, method string, params json.RawMessage) (res json.RawMessage, err error) {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if len(params) == 0 {
			params = json.RawMessage("null")
		}
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("%w: %s threw: %v", scheme.ErrHost, method, r)
			}
		}()
		v, err := promise.Await(fn.Invoke(method, string(params)))
		if err != nil {
			return nil, fmt.Errorf("%w: %s: %v", scheme.ErrHost, method, err)
		}
		if v.Type() != js.TypeString || !json.Valid([]byte(v.String())) {
			return nil, fmt.Errorf("%w: %s did not answer with JSON", scheme.ErrHost, method)
		}
		return json.RawMessage(v.String()), nil
	}
}
