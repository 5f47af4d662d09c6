package strictjson

import (
	"fmt"
	"reflect"
	"strings"
)

// UnknownFieldError is a member the target does not declare, or declares
// in another case. Callers that report errors against a document's fields
// (the schemes' configs and requests) read it with errors.As to name the
// member and list the ones that would have been read.
type UnknownFieldError struct {
	Name    string   // the member as written
	At      string   // its path from the decoded value ("allow[0].value")
	Spelled string   // the declared name in another case, or ""
	Known   []string // the members the object declares, in declaration order
}

func (e *UnknownFieldError) Error() string {
	if e.Spelled != "" {
		return fmt.Sprintf("%v: field %q is spelled %q (at %s): member names are case-sensitive", ErrStrict, e.Name, e.Spelled, e.At)
	}
	return fmt.Sprintf("%v: unknown field %q (at %s)", ErrStrict, e.Name, e.At)
}

func (e *UnknownFieldError) Unwrap() error { return ErrStrict }

// Hint says it in words for someone fixing the document: what the member
// should be called, or which members the object has.
func (e *UnknownFieldError) Hint() string {
	if e.Spelled != "" {
		return fmt.Sprintf("unknown field %q: did you mean %q? member names are case-sensitive", e.Name, e.Spelled)
	}
	return fmt.Sprintf("unknown field %q: this object has %s", e.Name, strings.Join(e.Known, ", "))
}

// fieldNames lists the JSON member names of struct t in declaration order.
func fieldNames(t reflect.Type) []string {
	var out []string
	for _, f := range declaredFields(t) {
		out = append(out, f.name)
	}
	return out
}

type declaredField struct {
	name string
	typ  reflect.Type
}

// declaredFields lists the JSON members of struct t, in declaration order,
// as encoding/json names them (tag name, else the Go name; embedded structs
// flattened).
func declaredFields(t reflect.Type) []declaredField {
	var out []declaredField
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
				out = append(out, declaredFields(ft)...)
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out = append(out, declaredField{name, f.Type})
	}
	return out
}
