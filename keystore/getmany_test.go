package keystore

import (
	"context"
	"errors"
	"testing"
)

// oneCall is a store whose GetMany answers whatever it is told to.
type oneCall struct {
	*MemoryStore
	values [][]byte
}

func (s oneCall) GetMany(context.Context, []string) ([][]byte, error) { return s.values, nil }

// TestGetMany: without GetMany, a Get per key, missing keys nil and a stored
// empty value not nil; with it, one call, whose answer must have a value
// per key.
func TestGetMany(t *testing.T) {
	ctx := context.Background()
	s := NewMemoryStore()
	_ = s.Put(ctx, "a", []byte("A"))
	_ = s.Put(ctx, "empty", nil)
	got, err := GetMany(ctx, s, []string{"a", "missing", "empty"})
	if err != nil || len(got) != 3 || string(got[0]) != "A" || got[1] != nil || got[2] == nil || len(got[2]) != 0 {
		t.Fatalf("GetMany = %q, %v; want [A, nil, empty]", got, err)
	}
	if got, err := GetMany(ctx, oneCall{s, [][]byte{[]byte("x"), nil}}, []string{"a", "b"}); err != nil || string(got[0]) != "x" || got[1] != nil {
		t.Fatalf("GetMany of a ManyGetter = %q, %v", got, err)
	}
	if _, err := GetMany(ctx, oneCall{s, [][]byte{[]byte("x")}}, []string{"a", "b"}); !errors.Is(err, ErrStorageUnavailable) {
		t.Fatalf("one value for two keys: %v, want ErrStorageUnavailable", err)
	}
	canceled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := GetMany(canceled, s, []string{"a"}); !errors.Is(err, context.Canceled) {
		t.Fatalf("canceled: %v", err)
	}
}
