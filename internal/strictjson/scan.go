package strictjson

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sync"
)

// scanner is the walk over a document json.Valid has accepted: it steps
// through the bytes directly instead of asking a json.Decoder for tokens.
// The decoder builds a scanner error for the byte after every scalar it
// returns (it reads each one as a whole value), which made the token walk
// about two thirds of the time to open a vault header. On valid JSON the
// scanner makes the same checks in the same order and returns the same
// errors as the token walk (tokens.go); FuzzScanAgrees holds it to that.
// Invalid JSON still goes to the token walk, whose errors say what is wrong.
type scanner struct {
	data         []byte
	i            int
	allowUnknown bool
}

func (s *scanner) value(t reflect.Type, path string, depth int) error {
	if depth > maxDepth {
		return fmt.Errorf("%w: nested deeper than %d levels", ErrStrict, maxDepth)
	}
	pointer := false
	for t != nil && t.Kind() == reflect.Pointer {
		pointer = true
		t = t.Elem()
	}
	s.space()
	if t != nil && reflect.PointerTo(t).Implements(unmarshalerType) {
		return s.custom(t, pointer, path)
	}
	switch s.data[s.i] {
	case '{':
		s.i++
		return s.object(t, path, depth)
	case '[':
		s.i++
		var elem reflect.Type
		if t != nil && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array) {
			elem = t.Elem()
		}
		for i := 0; s.more(); i++ {
			if err := s.value(elem, fmt.Sprintf("%s[%d]", path, i), depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	s.skipScalar()
	return nil
}

// custom is the token walk's custom, on the value's own bytes.
func (s *scanner) custom(t reflect.Type, pointer bool, path string) error {
	start := s.i
	s.skipValue()
	raw := s.data[start:s.i]
	if pointer && string(raw) == "null" {
		return nil
	}
	if err := reflect.New(t).Interface().(json.Unmarshaler).UnmarshalJSON(raw); err != nil {
		if path == "" {
			return fmt.Errorf("%w: %v", ErrStrict, err)
		}
		return fmt.Errorf("%w: %s: %v", ErrStrict, path, err)
	}
	inner := scanner{data: raw, allowUnknown: true}
	return inner.value(nil, "", 0)
}

func (s *scanner) object(t reflect.Type, path string, depth int) error {
	var fields map[string]reflect.Type
	if t != nil && t.Kind() == reflect.Struct {
		fields = fieldsOf(t)
	}
	seen := map[string]bool{}
	for s.more() {
		name := s.name()
		at := join(path, name)
		next, err := member(t, fields, seen, name, at, s.allowUnknown)
		if err != nil {
			return err
		}
		s.space()
		s.i++ // ':'
		if err := s.value(next, at, depth+1); err != nil {
			return err
		}
	}
	return nil
}

// more steps over a separating comma and says whether another element or
// member follows; at the closing bracket it steps over it and says no.
func (s *scanner) more() bool {
	s.space()
	switch s.data[s.i] {
	case ',':
		s.i++
		s.space()
		return true
	case '}', ']':
		s.i++
		return false
	}
	return true
}

// name reads a member name as encoding/json decodes it: plain ASCII names
// as they are, anything with escapes or other bytes through json itself.
func (s *scanner) name() string {
	start := s.i
	s.skipString()
	raw := s.data[start:s.i]
	plain := true
	for _, c := range raw[1 : len(raw)-1] {
		if c == '\\' || c >= 0x80 {
			plain = false
			break
		}
	}
	if plain {
		return string(raw[1 : len(raw)-1])
	}
	var out string
	_ = json.Unmarshal(raw, &out) // valid JSON: a string always decodes
	return out
}

// skipValue steps over one value of any kind.
func (s *scanner) skipValue() {
	switch s.data[s.i] {
	case '{':
		s.i++
		for s.more() {
			s.skipString()
			s.space()
			s.i++ // ':'
			s.space()
			s.skipValue()
		}
	case '[':
		s.i++
		for s.more() {
			s.skipValue()
		}
	default:
		s.skipScalar()
	}
}

func (s *scanner) skipScalar() {
	if s.data[s.i] == '"' {
		s.skipString()
		return
	}
	for s.i < len(s.data) {
		switch s.data[s.i] {
		case ',', ']', '}', ' ', '\t', '\r', '\n':
			return
		}
		s.i++
	}
}

func (s *scanner) skipString() {
	s.i++ // opening quote
	for s.data[s.i] != '"' {
		if s.data[s.i] == '\\' {
			s.i++
		}
		s.i++
	}
	s.i++
}

func (s *scanner) space() {
	for s.i < len(s.data) {
		switch s.data[s.i] {
		case ' ', '\t', '\r', '\n':
			s.i++
		default:
			return
		}
	}
}

// fields caches declaredFields by name per struct type: the walk asks for every
// object it reads, and a type's members never change.
var fields sync.Map // reflect.Type -> map[string]reflect.Type

func fieldsOf(t reflect.Type) map[string]reflect.Type {
	if f, ok := fields.Load(t); ok {
		return f.(map[string]reflect.Type)
	}
	f := map[string]reflect.Type{}
	for _, d := range declaredFields(t) {
		f[d.name] = d.typ
	}
	fields.Store(t, f)
	return f
}
