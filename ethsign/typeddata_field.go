package ethsign

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/sessionsigner/sessionsigner/internal/hexjson"
)

// FieldMatches reports whether the message field at path holds want, where
// both are compared as the field's declared EIP-712 type encodes them (so
// "0x0A" and 10 are equal for a uint, and an address matches in any valid
// spelling). path names members from the primary type down, separated by
// dots, with array elements by index: "to", "order.maker", "items.0.token".
// The field must be atomic (not a struct or an array): a rule pins a value,
// not a shape. An error says why the path or want cannot be read; a path
// the message does not have is an error, never a match.
func (td *TypedData) FieldMatches(path string, want json.RawMessage) (bool, error) {
	if td.PrimaryType == domainTypeName || hexjson.IsNull(td.message) {
		return false, fmt.Errorf("%w: the document has no message", ErrTypedData)
	}
	t := fieldType{text: td.PrimaryType, base: td.PrimaryType, kind: kindStruct}
	raw := td.message
	for _, seg := range strings.Split(path, ".") {
		switch {
		case len(t.dims) > 0:
			i, err := strconv.Atoi(seg)
			if err != nil || i < 0 || seg != strconv.Itoa(i) {
				return false, fmt.Errorf("%w: %s: %q is not an index into %s", ErrTypedData, path, hexjson.Clip(seg), t.text)
			}
			var items []json.RawMessage
			if json.Unmarshal(raw, &items) != nil || i >= len(items) {
				return false, fmt.Errorf("%w: %s: the message has no element %d", ErrTypedData, path, i)
			}
			raw, t = items[i], t.elem()
		case t.kind == kindStruct:
			st := td.structs[t.base]
			var obj map[string]json.RawMessage
			if json.Unmarshal(raw, &obj) != nil {
				return false, fmt.Errorf("%w: %s: not an object", ErrTypedData, path)
			}
			found := false
			for i, f := range st.fields {
				if f.Name == seg {
					raw, t, found = obj[seg], st.types[i], true
					break
				}
			}
			if !found {
				return false, fmt.Errorf("%w: %s: %s declares no member %q", ErrTypedData, path, t.base, hexjson.Clip(seg))
			}
		default:
			return false, fmt.Errorf("%w: %s: %s has no members", ErrTypedData, path, t.text)
		}
	}
	if len(t.dims) > 0 || t.kind == kindStruct {
		return false, fmt.Errorf("%w: %s is a %s; a rule can only pin an atomic value", ErrTypedData, path, t.text)
	}
	got, err := encodeAtom(t, raw, "message."+path)
	if err != nil {
		return false, err
	}
	exp, err := encodeAtom(t, want, "rule "+path)
	if err != nil {
		return false, err
	}
	return got == exp, nil
}
