// Package strictjson is the one strict JSON decoder for everything the
// vault reads: stored headers and records, session configs, signing
// requests and the worker's options.
//
// encoding/json is lenient in two ways that let one document mean two
// things: a repeated member is taken from its last copy (a checker that
// reads the first and a signer that reads the last disagree), and a member
// name matches a struct field in any case ("SLOT" fills "slot"). Decode
// refuses both, in every object at any depth, together with unknown
// members and trailing data; Members does the same checks but lets members
// the target does not declare pass, for documents read in parts (a create
// request whose scheme reads the rest).
package strictjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
)

// ErrStrict marks every refusal of this package.
var ErrStrict = errors.New("malformed JSON")

// Decode decodes data, one JSON value, into v, refusing duplicate members,
// members spelled in another case than the field they would fill, members v
// does not declare, and anything after the value.
func Decode(data []byte, v any) error {
	if err := walk(data, reflect.TypeOf(v), false); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("%w: %s", ErrStrict, strings.TrimPrefix(err.Error(), "json: "))
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return fmt.Errorf("%w: unexpected data after the JSON value", ErrStrict)
	}
	return nil
}

// Members checks data as Decode does but lets undeclared members pass, and
// then decodes it into v (nil: check only).
func Members(data []byte, v any) error {
	if err := walk(data, reflect.TypeOf(v), true); err != nil {
		return err
	}
	if v == nil {
		return nil
	}
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("%w: %s", ErrStrict, strings.TrimPrefix(err.Error(), "json: "))
	}
	return nil
}

// maxDepth bounds nesting; encoding/json's own limit is 10000.
const maxDepth = 256

// walk checks data against t: on valid JSON with the byte scanner
// (scan.go), otherwise with a json.Decoder's tokens, whose errors say where
// the document stops being JSON.
func walk(data []byte, t reflect.Type, allowUnknown bool) error {
	if json.Valid(data) {
		s := scanner{data: data, allowUnknown: allowUnknown}
		return s.value(t, "", 0)
	}
	return walkTokens(data, t, allowUnknown)
}

func walkTokens(data []byte, t reflect.Type, allowUnknown bool) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	w := walker{dec: dec, allowUnknown: allowUnknown}
	if err := w.value(t, "", 0); err != nil {
		return err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return fmt.Errorf("%w: unexpected data after the JSON value", ErrStrict)
	}
	return nil
}

type walker struct {
	dec          *json.Decoder
	allowUnknown bool
}

var unmarshalerType = reflect.TypeFor[json.Unmarshaler]()

// value reads one value; t is the Go type it will fill (nil: free-form,
// checked for duplicates only).
func (w *walker) value(t reflect.Type, path string, depth int) error {
	if depth > maxDepth {
		return fmt.Errorf("%w: nested deeper than %d levels", ErrStrict, maxDepth)
	}
	pointer := false
	for t != nil && t.Kind() == reflect.Pointer {
		pointer = true
		t = t.Elem()
	}
	if t != nil && reflect.PointerTo(t).Implements(unmarshalerType) {
		return w.custom(t, pointer, path)
	}
	tok, err := w.dec.Token()
	if err != nil {
		return fmt.Errorf("%w: %v", ErrStrict, err)
	}
	switch tok {
	case json.Delim('{'):
		return w.object(t, path, depth)
	case json.Delim('['):
		var elem reflect.Type
		if t != nil && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array) {
			elem = t.Elem()
		}
		for i := 0; w.dec.More(); i++ {
			if err := w.value(elem, fmt.Sprintf("%s[%d]", path, i), depth+1); err != nil {
				return err
			}
		}
		_, err := w.dec.Token()
		return err
	}
	return nil
}

// custom reads a value that decodes itself (a quantity, an address): it
// runs the type's own UnmarshalJSON on a scratch value, so a refusal names
// the member's whole path ("limits[0].amount"), which encoding/json's
// errors would not; then it checks the value for repeated members.
func (w *walker) custom(t reflect.Type, pointer bool, path string) error {
	var raw json.RawMessage
	if err := w.dec.Decode(&raw); err != nil {
		return fmt.Errorf("%w: %v", ErrStrict, err)
	}
	if pointer && string(raw) == "null" {
		return nil // encoding/json leaves the pointer nil without asking
	}
	if err := reflect.New(t).Interface().(json.Unmarshaler).UnmarshalJSON(raw); err != nil {
		if path == "" {
			return fmt.Errorf("%w: %v", ErrStrict, err)
		}
		return fmt.Errorf("%w: %s: %v", ErrStrict, path, err)
	}
	return walkTokens(raw, nil, true)
}

func (w *walker) object(t reflect.Type, path string, depth int) error {
	var fields map[string]reflect.Type
	if t != nil && t.Kind() == reflect.Struct {
		fields = fieldsOf(t)
	}
	seen := map[string]bool{}
	for w.dec.More() {
		tok, err := w.dec.Token()
		if err != nil {
			return fmt.Errorf("%w: %v", ErrStrict, err)
		}
		name := tok.(string)
		at := join(path, name)
		next, err := member(t, fields, seen, name, at, w.allowUnknown)
		if err != nil {
			return err
		}
		if err := w.value(next, at, depth+1); err != nil {
			return err
		}
	}
	_, err := w.dec.Token()
	return err
}

// member checks one member name of an object of type t (fields: its
// declared members, nil if t is not a struct; seen: the names before it)
// and returns the type its value fills (nil: free-form). Both walks call it,
// so they refuse alike.
func member(t reflect.Type, fields map[string]reflect.Type, seen map[string]bool, name, at string, allowUnknown bool) (reflect.Type, error) {
	if seen[name] {
		return nil, fmt.Errorf("%w: field %q appears twice (at %s): a document must say each thing once", ErrStrict, name, at)
	}
	seen[name] = true
	switch {
	case fields != nil:
		ft, ok := fields[name]
		if !ok {
			for f := range fields {
				if strings.EqualFold(f, name) {
					return nil, &UnknownFieldError{Name: name, At: at, Spelled: f, Known: fieldNames(t)}
				}
			}
			if !allowUnknown {
				return nil, &UnknownFieldError{Name: name, At: at, Known: fieldNames(t)}
			}
		}
		return ft, nil
	case t != nil && t.Kind() == reflect.Map:
		return t.Elem(), nil
	}
	return nil, nil
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}
