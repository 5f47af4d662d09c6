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
	"sync"
	"unicode/utf8"
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

// walk checks data, which must be one JSON value, against t (see value).
// encoding/json validates the syntax first (json.Valid, which allocates
// nothing), so the walker below reads a document it knows is well formed:
// it only finds member names and value boundaries, byte by byte. (It used
// json.Decoder.Token, which builds an error message for every scalar it
// reads: a third of a warm signature's Go time went there.)
func walk(data []byte, t reflect.Type, allowUnknown bool) error {
	if !json.Valid(data) {
		return syntaxError(data)
	}
	w := walker{data: data, allowUnknown: allowUnknown}
	return w.value(t, nil, 0)
}

// syntaxError says what is wrong with data, which json.Valid refused.
func syntaxError(data []byte) error {
	var raw json.RawMessage
	if err := json.NewDecoder(bytes.NewReader(data)).Decode(&raw); err != nil {
		return fmt.Errorf("%w: %v", ErrStrict, err)
	}
	return fmt.Errorf("%w: unexpected data after the JSON value", ErrStrict)
}

// walker reads one well-formed JSON document from data[pos:].
type walker struct {
	data         []byte
	pos          int
	allowUnknown bool
}

// step is where a value sits in the document ("limits[1].amount"), built
// into a string only for an error message.
type step struct {
	parent *step
	name   string
	index  int // for an array element (name == "")
}

func (s *step) String() string {
	if s == nil {
		return ""
	}
	parent := s.parent.String()
	if s.name == "" {
		return fmt.Sprintf("%s[%d]", parent, s.index)
	}
	return join(parent, s.name)
}

var unmarshalerType = reflect.TypeFor[json.Unmarshaler]()

// typeInfo is what the walker needs of a Go type, worked out once per type.
type typeInfo struct {
	custom bool                    // *T decodes itself (json.Unmarshaler)
	fields map[string]reflect.Type // a struct's members, as collectFields names them
}

var typeInfos sync.Map // reflect.Type -> *typeInfo

func infoOf(t reflect.Type) *typeInfo {
	if i, ok := typeInfos.Load(t); ok {
		return i.(*typeInfo)
	}
	info := &typeInfo{custom: reflect.PointerTo(t).Implements(unmarshalerType)}
	if t.Kind() == reflect.Struct {
		info.fields = map[string]reflect.Type{}
		collectFields(t, info.fields)
	}
	i, _ := typeInfos.LoadOrStore(t, info)
	return i.(*typeInfo)
}

// value reads one value; t is the Go type it will fill (nil: free-form,
// checked for duplicates only).
func (w *walker) value(t reflect.Type, at *step, depth int) error {
	if depth > maxDepth {
		return fmt.Errorf("%w: nested deeper than %d levels", ErrStrict, maxDepth)
	}
	pointer := false
	for t != nil && t.Kind() == reflect.Pointer {
		pointer = true
		t = t.Elem()
	}
	var info *typeInfo
	if t != nil {
		info = infoOf(t)
	}
	w.skipSpace()
	if info != nil && info.custom {
		return w.custom(t, pointer, at)
	}
	switch w.data[w.pos] {
	case '{':
		var fields map[string]reflect.Type
		if info != nil {
			fields = info.fields
		}
		var elem reflect.Type
		if t != nil && t.Kind() == reflect.Map {
			elem = t.Elem()
		}
		return w.object(fields, elem, at, depth)
	case '[':
		var elem reflect.Type
		if t != nil && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array) {
			elem = t.Elem()
		}
		return w.array(elem, at, depth)
	case '"':
		w.skipString()
	default:
		w.skipLiteral()
	}
	return nil
}

// custom reads a value that decodes itself (a quantity, an address): it
// runs the type's own UnmarshalJSON on a scratch value, so a refusal names
// the member's whole path ("limits[0].amount"), which encoding/json's
// errors would not; then it checks the value for repeated members.
func (w *walker) custom(t reflect.Type, pointer bool, at *step) error {
	start := w.pos
	w.skipValue()
	raw := w.data[start:w.pos]
	if pointer && string(raw) == "null" {
		return nil // encoding/json leaves the pointer nil without asking
	}
	if err := reflect.New(t).Interface().(json.Unmarshaler).UnmarshalJSON(raw); err != nil {
		if at == nil {
			return fmt.Errorf("%w: %v", ErrStrict, err)
		}
		return fmt.Errorf("%w: %s: %v", ErrStrict, at, err)
	}
	inner := walker{data: raw, allowUnknown: true}
	return inner.value(nil, nil, 0)
}

func (w *walker) array(elem reflect.Type, at *step, depth int) error {
	w.pos++ // [
	for i := 0; ; i++ {
		w.skipSpace()
		switch w.data[w.pos] {
		case ']':
			w.pos++
			return nil
		case ',':
			w.pos++
		}
		if err := w.value(elem, &step{parent: at, index: i}, depth+1); err != nil {
			return err
		}
	}
}

// object reads an object whose members fill fields (a struct's), or elem
// (a map's values), or neither (free-form).
func (w *walker) object(fields map[string]reflect.Type, elem reflect.Type, at *step, depth int) error {
	w.pos++ // {
	var seen members
	for {
		w.skipSpace()
		switch w.data[w.pos] {
		case '}':
			w.pos++
			return nil
		case ',':
			w.pos++
			w.skipSpace()
		}
		name, err := w.name()
		if err != nil {
			return err
		}
		here := &step{parent: at, name: name}
		if !seen.add(name) {
			return fmt.Errorf("%w: field %q appears twice (at %s): a document must say each thing once", ErrStrict, name, here)
		}
		next := elem
		if fields != nil {
			ft, ok := fields[name]
			if !ok {
				for f := range fields {
					if strings.EqualFold(f, name) {
						return fmt.Errorf("%w: field %q is spelled %q (at %s): member names are case-sensitive", ErrStrict, name, f, here)
					}
				}
				if !w.allowUnknown {
					return fmt.Errorf("%w: unknown field %q (at %s)", ErrStrict, name, here)
				}
			}
			next = ft
		}
		w.skipSpace()
		w.pos++ // :
		if err := w.value(next, here, depth+1); err != nil {
			return err
		}
	}
}

// name reads a member name as encoding/json reads it: escapes
// ("\u0074ype" is "type") and invalid UTF-8 go through encoding/json
// itself, so two spellings of one name are one name here as well.
func (w *walker) name() (string, error) {
	start := w.pos
	w.skipString()
	quoted := w.data[start:w.pos]
	inner := quoted[1 : len(quoted)-1]
	if bytes.IndexByte(inner, '\\') < 0 && utf8.Valid(inner) {
		return string(inner), nil
	}
	var name string
	if err := json.Unmarshal(quoted, &name); err != nil {
		return "", fmt.Errorf("%w: %v", ErrStrict, err)
	}
	return name, nil
}

func (w *walker) skipSpace() {
	for w.pos < len(w.data) {
		switch w.data[w.pos] {
		case ' ', '\t', '\n', '\r':
			w.pos++
		default:
			return
		}
	}
}

// skipString moves past the string at pos (its opening quote).
func (w *walker) skipString() {
	w.pos++
	for {
		switch w.data[w.pos] {
		case '\\':
			w.pos += 2
		case '"':
			w.pos++
			return
		default:
			w.pos++
		}
	}
}

// skipLiteral moves past a number, true, false or null.
func (w *walker) skipLiteral() {
	for w.pos < len(w.data) {
		switch w.data[w.pos] {
		case ',', ']', '}', ' ', '\t', '\n', '\r':
			return
		}
		w.pos++
	}
}

// skipValue moves past the value at pos, whatever it holds.
func (w *walker) skipValue() {
	switch w.data[w.pos] {
	case '"':
		w.skipString()
		return
	case '{', '[':
	default:
		w.skipLiteral()
		return
	}
	level := 0
	for {
		switch w.data[w.pos] {
		case '"':
			w.skipString()
			continue
		case '{', '[':
			level++
		case '}', ']':
			level--
			if level == 0 {
				w.pos++
				return
			}
		}
		w.pos++
	}
}

// members is the set of names an object has had so far: a short list
// (most objects have a few members), a map past that.
type members struct {
	list []string
	set  map[string]struct{}
}

// add reports whether name is new, and records it.
func (m *members) add(name string) bool {
	if m.set != nil {
		if _, ok := m.set[name]; ok {
			return false
		}
		m.set[name] = struct{}{}
		return true
	}
	for _, n := range m.list {
		if n == name {
			return false
		}
	}
	m.list = append(m.list, name)
	if len(m.list) > 16 {
		m.set = make(map[string]struct{}, 2*len(m.list))
		for _, n := range m.list {
			m.set[n] = struct{}{}
		}
	}
	return true
}

// collectFields lists the JSON member names of struct t, as encoding/json
// names them (tag name, else the Go name; embedded structs flattened).
func collectFields(t reflect.Type, out map[string]reflect.Type) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			ft := f.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				collectFields(ft, out)
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out[name] = f.Type
	}
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}
