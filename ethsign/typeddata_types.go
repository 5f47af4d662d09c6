package ethsign

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/sessionsigner/sessionsigner/internal/hexjson"
)

// Field is one member of an EIP-712 struct type, as in the "types" object.
type Field struct {
	Name string `json:"name"`
	Type string `json:"type"`
}

// atomKind is what an EIP-712 type is at the bottom of its array dimensions.
type atomKind int

const (
	kindStruct atomKind = iota
	kindAddress
	kindBool
	kindString
	kindBytes // dynamic bytes
	kindFixed // bytes1..bytes32
	kindInt   // int8..int256
	kindUint  // uint8..uint256
)

// fieldType is a parsed type string such as "Person[2][]": the base name, what
// kind of thing the base is, and the array dimensions from innermost to
// outermost (-1 for a dynamic dimension). "Person[2][]" is a dynamic array of
// two-element arrays, so dims is [2, -1].
type fieldType struct {
	text string // as written; it goes verbatim into encodeType
	base string
	kind atomKind
	size int // bytes for kindFixed, bits for kindInt/kindUint
	dims []int
}

// elem returns the type of this array type's elements.
func (t fieldType) elem() fieldType {
	e := t
	e.dims = t.dims[:len(t.dims)-1]
	e.text = t.text[:strings.LastIndexByte(t.text, '[')]
	return e
}

// Limits on the "types" object. They are far above anything a protocol uses
// (Seaport, Permit2 and ERC-7739 need fewer than ten types and a few dozen
// fields) and keep encodeType strings and type hashing cheap.
const (
	maxTypes         = 64
	maxFieldsPerType = 128
	maxNameLen       = 128
	maxArrayDims     = 8
	maxFixedArrayLen = 1 << 16
)

// isStructName is viem's rule for a struct name (letters, digits, _, $ and
// :); it keeps names from colliding with array syntax. Names that read as
// atomic types are refused apart, in checkStructName.
func isStructName(s string) bool {
	for _, c := range s {
		if !(c == '_' || c == '$' || c == ':' || isAlnum(c)) {
			return false
		}
	}
	return s != ""
}

// looksAtomic matches names other implementations would read as a Solidity
// type ("uint7", "bytes33", "int"), which must not name a struct.
func looksAtomic(s string) bool {
	for _, p := range []string{"uint", "int", "bytes"} {
		if rest, ok := strings.CutPrefix(s, p); ok && (rest == "" || allDigits(rest)) {
			return true
		}
	}
	return s == "address" || s == "bool" || s == "string"
}

// isFieldName keeps field names to identifiers, so the encodeType string
// "Mail(Person from,Person to,string contents)" cannot be made ambiguous.
func isFieldName(s string) bool {
	for i, c := range s {
		if !(c == '_' || c == '$' || isAlnum(c)) || (i == 0 && c >= '0' && c <= '9') {
			return false
		}
	}
	return s != ""
}

func isAlnum(c rune) bool {
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
}

func checkStructName(name string) error {
	if len(name) > maxNameLen {
		return fmt.Errorf("%w: type name %q is longer than %d characters", ErrTypedData, hexjson.Clip(name), maxNameLen)
	}
	if !isStructName(name) || looksAtomic(name) {
		return fmt.Errorf("%w: %q cannot name a struct type", ErrTypedData, hexjson.Clip(name))
	}
	return nil
}

// parseFieldType reads a type string against the declared struct names.
func parseFieldType(text string, structs map[string][]Field) (fieldType, error) {
	t := fieldType{text: text}
	if len(text) > 2*maxNameLen {
		return t, fmt.Errorf("%w: type %q is too long", ErrTypedData, hexjson.Clip(text))
	}
	rest := text
	for strings.HasSuffix(rest, "]") {
		open := strings.LastIndexByte(rest, '[')
		if open < 0 {
			return t, fmt.Errorf("%w: type %q has an unmatched ]", ErrTypedData, hexjson.Clip(text))
		}
		n, err := parseDim(rest[open+1 : len(rest)-1])
		if err != nil {
			return t, fmt.Errorf("%w: type %q: %v", ErrTypedData, hexjson.Clip(text), err)
		}
		t.dims = append([]int{n}, t.dims...)
		rest = rest[:open]
		if len(t.dims) > maxArrayDims {
			return t, fmt.Errorf("%w: type %q has more than %d array dimensions", ErrTypedData, hexjson.Clip(text), maxArrayDims)
		}
	}
	t.base = rest
	if _, ok := structs[rest]; ok {
		t.kind = kindStruct
		return t, nil
	}
	if err := t.setAtom(rest); err != nil {
		return t, err
	}
	return t, nil
}

// parseDim reads what is between the brackets of one dimension: empty for a
// dynamic array, else a positive decimal length without leading zeros.
func parseDim(s string) (int, error) {
	if s == "" {
		return -1, nil
	}
	if len(s) > 6 || s[0] == '0' || !allDigits(s) {
		return 0, fmt.Errorf("array length %q is not a positive integer up to %d", s, maxFixedArrayLen)
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > maxFixedArrayLen {
		return 0, fmt.Errorf("array length %q is not a positive integer up to %d", s, maxFixedArrayLen)
	}
	return n, nil
}

// setAtom recognises the EIP-712 atomic and dynamic types. Like viem, it
// refuses the aliases "int"/"uint" and sizes the ABI does not define.
func (t *fieldType) setAtom(name string) error {
	switch name {
	case "address":
		t.kind = kindAddress
		return nil
	case "bool":
		t.kind = kindBool
		return nil
	case "string":
		t.kind = kindString
		return nil
	case "bytes":
		t.kind = kindBytes
		return nil
	}
	var digits string
	switch {
	case strings.HasPrefix(name, "bytes"):
		t.kind, digits = kindFixed, name[len("bytes"):]
	case strings.HasPrefix(name, "uint"):
		t.kind, digits = kindUint, name[len("uint"):]
	case strings.HasPrefix(name, "int"):
		t.kind, digits = kindInt, name[len("int"):]
	default:
		return fmt.Errorf("%w: unknown type %q (not a declared struct nor an EIP-712 atomic type)", ErrTypedData, hexjson.Clip(name))
	}
	n, err := strconv.Atoi(digits)
	if err != nil || !allDigits(digits) || digits[0] == '0' {
		return fmt.Errorf("%w: unknown type %q (write sized types such as uint256)", ErrTypedData, hexjson.Clip(name))
	}
	if t.kind == kindFixed {
		if n < 1 || n > 32 {
			return fmt.Errorf("%w: unknown type %q (bytesN needs 1 <= N <= 32)", ErrTypedData, hexjson.Clip(name))
		}
	} else if n < 8 || n > 256 || n%8 != 0 {
		return fmt.Errorf("%w: unknown type %q (intN/uintN needs N a multiple of 8 up to 256)", ErrTypedData, hexjson.Clip(name))
	}
	t.size = n
	return nil
}

// parsedStruct is a struct type with its fields' types already parsed.
type parsedStruct struct {
	fields []Field
	types  []fieldType
}

// checkTypes validates every declared struct, including ones the message
// never reaches (viem does the same), and parses each field's type once.
func checkTypes(structs map[string][]Field) (map[string]parsedStruct, error) {
	if len(structs) > maxTypes {
		return nil, fmt.Errorf("%w: more than %d types", ErrTypedData, maxTypes)
	}
	// Sorted, and names before fields, so the error for a given document is
	// always the same one.
	names := make([]string, 0, len(structs))
	for name := range structs {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if err := checkStructName(name); err != nil {
			return nil, err
		}
	}
	out := make(map[string]parsedStruct, len(structs))
	for _, name := range names {
		fields := structs[name]
		if len(fields) > maxFieldsPerType {
			return nil, fmt.Errorf("%w: type %s has more than %d fields", ErrTypedData, name, maxFieldsPerType)
		}
		ps := parsedStruct{fields: fields, types: make([]fieldType, len(fields))}
		seen := make(map[string]bool, len(fields))
		for i, f := range fields {
			if len(f.Name) > maxNameLen || !isFieldName(f.Name) {
				return nil, fmt.Errorf("%w: type %s: field name %q is not an identifier", ErrTypedData, name, hexjson.Clip(f.Name))
			}
			if seen[f.Name] {
				return nil, fmt.Errorf("%w: type %s declares field %q twice", ErrTypedData, name, f.Name)
			}
			seen[f.Name] = true
			ft, err := parseFieldType(f.Type, structs)
			if err != nil {
				return nil, fmt.Errorf("type %s field %s: %w", name, f.Name, err)
			}
			ps.types[i] = ft
		}
		out[name] = ps
	}
	return out, nil
}

// allDigits reports a non-empty run of ASCII digits (strconv.Atoi alone
// would also take "+8").
func allDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}
