package keystore

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"
)

var (
	_ Store    = (*MemoryStore)(nil)
	_ Replacer = (*MemoryStore)(nil)
)

// TestMemoryStoreReplace: a replace writes only over exactly the bytes it
// names; anything else (another writer's bytes, nothing) is ErrConflict and
// leaves storage as it was.
func TestMemoryStoreReplace(t *testing.T) {
	ctx := context.Background()
	s := NewMemoryStore()
	if err := s.Replace(ctx, "k", nil, []byte("v")); !errors.Is(err, ErrConflict) {
		t.Fatalf("Replace of a missing key = %v, want ErrConflict", err)
	}
	if _, err := s.Get(ctx, "k"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("a refused Replace created the key: %v", err)
	}
	if err := s.Put(ctx, "k", []byte("one")); err != nil {
		t.Fatal(err)
	}
	if err := s.Replace(ctx, "k", []byte("one"), []byte("two")); err != nil {
		t.Fatalf("Replace from what is stored: %v", err)
	}
	if err := s.Replace(ctx, "k", []byte("one"), []byte("three")); !errors.Is(err, ErrConflict) {
		t.Fatalf("Replace from stale bytes = %v, want ErrConflict", err)
	}
	if got, _ := s.Get(ctx, "k"); string(got) != "two" {
		t.Fatalf("after a refused Replace storage holds %q, want two", got)
	}
	if err := s.Replace(ctx, "k", []byte("tw"), []byte("x")); !errors.Is(err, ErrConflict) {
		t.Fatalf("Replace from a prefix of what is stored = %v, want ErrConflict", err)
	}
}

func TestMemoryStoreGetPutDelete(t *testing.T) {
	ctx := context.Background()
	s := NewMemoryStore()
	if _, err := s.Get(ctx, "k"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get of a missing key: err = %v, want ErrNotFound", err)
	}
	in := []byte("value")
	if err := s.Put(ctx, "k", in); err != nil {
		t.Fatal(err)
	}
	in[0] = 'X' // the store copied on the way in
	out, err := s.Get(ctx, "k")
	if err != nil || string(out) != "value" {
		t.Fatalf("Get = %q, %v; want \"value\"", out, err)
	}
	out[0] = 'Y' // and copies on the way out
	if again, _ := s.Get(ctx, "k"); string(again) != "value" {
		t.Fatalf("a caller's edit reached the store: %q", again)
	}
	if err := s.Put(ctx, "k", []byte("second")); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Get(ctx, "k"); string(got) != "second" {
		t.Fatalf("Put did not replace: %q", got)
	}
	if err := s.Put(ctx, "empty", nil); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Get(ctx, "empty"); err != nil || len(got) != 0 {
		t.Fatalf("an empty value: Get = %q, %v", got, err)
	}
	if err := s.Delete(ctx, "k"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get(ctx, "k"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get after Delete: err = %v, want ErrNotFound", err)
	}
	if err := s.Delete(ctx, "never-there"); err != nil {
		t.Fatalf("deleting a missing key: %v", err)
	}
}

func TestMemoryStoreList(t *testing.T) {
	ctx := context.Background()
	s := NewMemoryStore()
	for _, k := range []string{"session/b", HeaderKey, "session/a", "sessions", "session/", "session/a/b", "Session/c"} {
		if err := s.Put(ctx, k, []byte(k)); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		prefix string
		want   []string
	}{
		{RecordPrefix, []string{"session/", "session/a", "session/a/b", "session/b"}},
		{"session", []string{"session/", "session/a", "session/a/b", "session/b", "sessions"}},
		{"", []string{"Session/c", "session/", "session/a", "session/a/b", "session/b", "sessions", HeaderKey}},
		{"nothing/", nil},
	}
	for _, tt := range tests {
		got, err := s.List(ctx, tt.prefix)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(tt.want) || (len(got) > 0 && !reflect.DeepEqual(got, tt.want)) {
			t.Errorf("List(%q) = %q, want %q", tt.prefix, got, tt.want)
		}
	}
}

func TestMemoryStoreCanceled(t *testing.T) {
	s := NewMemoryStore()
	if err := s.Put(context.Background(), "k", []byte("v")); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.Get(ctx, "k"); !errors.Is(err, context.Canceled) {
		t.Errorf("Get: err = %v, want context.Canceled", err)
	}
	if err := s.Put(ctx, "k", []byte("changed")); !errors.Is(err, context.Canceled) {
		t.Errorf("Put: err = %v, want context.Canceled", err)
	}
	if err := s.Delete(ctx, "k"); !errors.Is(err, context.Canceled) {
		t.Errorf("Delete: err = %v, want context.Canceled", err)
	}
	if _, err := s.List(ctx, ""); !errors.Is(err, context.Canceled) {
		t.Errorf("List: err = %v, want context.Canceled", err)
	}
	if got, err := s.Get(context.Background(), "k"); err != nil || string(got) != "v" {
		t.Errorf("a canceled Put or Delete changed the store: %q, %v", got, err)
	}
}

// TestMemoryStoreConcurrent is for the race detector: the vault's callers
// (two tabs, a sweep and a signature) may use one store at once.
func TestMemoryStoreConcurrent(t *testing.T) {
	ctx := context.Background()
	s := NewMemoryStore()
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 100; i++ {
				k := fmt.Sprintf("session/%d-%d", g, i)
				if err := s.Put(ctx, k, []byte(k)); err != nil {
					t.Error(err)
					return
				}
				if v, err := s.Get(ctx, k); err != nil || string(v) != k {
					t.Errorf("Get(%s) = %q, %v", k, v, err)
					return
				}
				if _, err := s.List(ctx, RecordPrefix); err != nil {
					t.Error(err)
					return
				}
				if i%2 == 0 {
					if err := s.Delete(ctx, k); err != nil {
						t.Error(err)
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	if keys, _ := s.List(ctx, RecordPrefix); len(keys) != 4*50 {
		t.Errorf("after the concurrent writers %d keys remain, want %d", len(keys), 4*50)
	}
}
