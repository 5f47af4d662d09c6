//go:build js && wasm

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"syscall/js"

	promise "github.com/nlepage/go-js-promise"
	"github.com/sessionsigner/sessionsigner/keystore"
	"github.com/syumai/workers/cloudflare"
)

// doRequest is one operation on a Durable Object of durable.mjs. Values
// travel base64-encoded (encoding/json's form for []byte) and are stored so.
type doRequest struct {
	Op     string `json:"op"`
	Key    string `json:"key,omitempty"`
	Value  []byte `json:"value,omitempty"`
	Old    []byte `json:"old,omitempty"`
	Prefix string `json:"prefix,omitempty"`
	Until  int64  `json:"until,omitempty"` // claim: Unix milliseconds
}

// doAnswer is the object's answer. Every answer has a JSON body.
type doAnswer struct {
	Found bool     `json:"found"`
	Value []byte   `json:"value"`
	Keys  []string `json:"keys"`
	Done  bool     `json:"done"`
	Error string   `json:"error"`
}

// durableObject is a stub of one object of a namespace.
type durableObject struct {
	stub js.Value
}

// openDurableObject returns the object named name in the namespace bound as
// binding (wrangler.jsonc).
func openDurableObject(binding, name string) (*durableObject, error) {
	ns := cloudflare.GetBinding(binding)
	if ns.Type() != js.TypeObject {
		return nil, fmt.Errorf("%w: the %s Durable Object binding is missing from wrangler.jsonc", keystore.ErrStorageUnavailable, binding)
	}
	return &durableObject{stub: ns.Call("get", ns.Call("idFromName", name))}, nil
}

// do sends one operation through the stub's fetch and reads the answer.
//
// The request body is a string, handed over whole. syumai/workers'
// DurableObjectStub.Fetch turns a Go body into a ReadableStream that this
// instance's goroutines must keep feeding; an instance that ends (its
// isolate reset under load, say) leaves the object waiting on a body that
// never finishes. Its answer side, cloudflare.DurableObjectStub, also panics
// on a body-less response (the quirk probes.go shows), which a string body
// and a text() read avoid as well.
func (o *durableObject) do(ctx context.Context, req doRequest) (*doAnswer, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	body, err := json.Marshal(req)
	if err != nil {
		return nil, err
	}
	init := map[string]any{"method": "POST", "body": string(body), "headers": map[string]any{"content-type": "application/json"}}
	res, err := promise.Await(o.stub.Call("fetch", "https://durable-object/", init))
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", keystore.ErrStorageUnavailable, req.Op, err)
	}
	text, err := promise.Await(res.Call("text"))
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", keystore.ErrStorageUnavailable, req.Op, err)
	}
	status := res.Get("status").Int()
	var a doAnswer
	if err := json.Unmarshal([]byte(text.String()), &a); err != nil || status != http.StatusOK {
		return nil, fmt.Errorf("%w: %s answered %d %s", keystore.ErrStorageUnavailable, req.Op, status, a.Error)
	}
	return &a, nil
}

// doStore is a vault's keystore.Store in its own Durable Object. Each
// operation is one synchronous step of the object's SQLite storage, so add
// and replace are atomic across every Worker instance.
type doStore struct{ o *durableObject }

func (s doStore) Get(ctx context.Context, key string) ([]byte, error) {
	a, err := s.o.do(ctx, doRequest{Op: "get", Key: key})
	if err != nil {
		return nil, err
	}
	if !a.Found {
		return nil, keystore.ErrNotFound
	}
	return a.Value, nil
}

func (s doStore) Put(ctx context.Context, key string, value []byte) error {
	_, err := s.o.do(ctx, doRequest{Op: "put", Key: key, Value: nonNil(value)})
	return err
}

func (s doStore) Delete(ctx context.Context, key string) error {
	_, err := s.o.do(ctx, doRequest{Op: "delete", Key: key})
	return err
}

func (s doStore) List(ctx context.Context, prefix string) ([]string, error) {
	a, err := s.o.do(ctx, doRequest{Op: "list", Prefix: prefix})
	if err != nil {
		return nil, err
	}
	return a.Keys, nil
}

func (s doStore) Add(ctx context.Context, key string, value []byte) error {
	a, err := s.o.do(ctx, doRequest{Op: "add", Key: key, Value: nonNil(value)})
	if err != nil {
		return err
	}
	if !a.Done {
		return keystore.ErrExists
	}
	return nil
}

func (s doStore) Replace(ctx context.Context, key string, old, value []byte) error {
	a, err := s.o.do(ctx, doRequest{Op: "replace", Key: key, Old: nonNil(old), Value: nonNil(value)})
	if err != nil {
		return err
	}
	if !a.Done {
		return fmt.Errorf("%w: a concurrent request changed %s first; nothing was written", keystore.ErrConflict, key)
	}
	return nil
}

// nonNil keeps an empty value distinct from an absent one on the wire.
func nonNil(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return b
}
