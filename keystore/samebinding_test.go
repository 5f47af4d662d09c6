package keystore

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
)

// TestSameBindingCoversBinding: changing any one field of a record, each
// in turn (found by reflection, so a field added to the associated data
// later is covered too), either leaves Binding as it was or makes
// SameBinding false. So SameBinding never vouches for a record whose
// Binding differs.
func TestSameBindingCoversBinding(t *testing.T) {
	_, _, keys := testVault(t)
	r, _ := testRecord(t, 46, keys)
	r.State = json.RawMessage(`{"uses":1}`)
	if !r.SameBinding(cloneRecord(r)) {
		t.Fatal("a record and its copy do not have the same binding")
	}
	typ := reflect.TypeOf(*r)
	for i := range typ.NumField() {
		c := cloneRecord(r)
		f := reflect.ValueOf(c).Elem().Field(i)
		if !changeField(f) {
			t.Fatalf("field %s: no way to change a %s (teach changeField)", typ.Field(i).Name, f.Type())
		}
		bindingMoved := c.Binding() != r.Binding()
		if bindingMoved && (r.SameBinding(c) || c.SameBinding(r)) {
			t.Errorf("field %s changes the Binding, but SameBinding still says the records match", typ.Field(i).Name)
		}
		if !bindingMoved && !r.SameBinding(c) {
			t.Logf("field %s is not bound (SameBinding is stricter there, which only costs a reopen)", typ.Field(i).Name)
		}
	}
}

// TestSameBindingBytes: configs and sealed keys are compared byte for
// byte, a difference in one byte anywhere included.
func TestSameBindingBytes(t *testing.T) {
	_, _, keys := testVault(t)
	r, _ := testRecord(t, 47, keys)
	for i := range r.SealedKey {
		c := cloneRecord(r)
		c.SealedKey[i] ^= 1
		if r.SameBinding(c) {
			t.Fatalf("sealed key byte %d flipped: SameBinding still true", i)
		}
	}
	for i := range r.Config {
		c := cloneRecord(r)
		c.Config[i] ^= 0x20
		if r.SameBinding(c) {
			t.Fatalf("config byte %d flipped: SameBinding still true", i)
		}
	}
	c := cloneRecord(r)
	c.SealedKey = c.SealedKey[:len(c.SealedKey)-1]
	if r.SameBinding(c) {
		t.Fatal("a shorter sealed key: SameBinding still true")
	}
}

func cloneRecord(r *Record) *Record {
	c := *r
	c.Config = bytes.Clone(r.Config)
	c.State = bytes.Clone(r.State)
	c.SealedKey = bytes.Clone(r.SealedKey)
	return &c
}

// changeField sets f to a value different from the one it holds.
func changeField(f reflect.Value) bool {
	switch f.Kind() {
	case reflect.Int, reflect.Int64:
		f.SetInt(f.Int() + 1)
	case reflect.String:
		f.SetString(f.String() + "x")
	case reflect.Slice: // json.RawMessage, []byte
		b := bytes.Clone(f.Bytes())
		if len(b) == 0 {
			b = []byte{'1'}
		} else {
			b[len(b)-1] ^= 1
		}
		f.SetBytes(b)
	case reflect.Array: // common.Address, common.Hash
		f.Index(f.Len() - 1).SetUint(f.Index(f.Len()-1).Uint() ^ 1)
	default:
		return false
	}
	return true
}
