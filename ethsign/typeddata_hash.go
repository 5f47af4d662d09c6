package ethsign

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/sessionsigner/sessionsigner/ethtypes"
	"github.com/sessionsigner/sessionsigner/internal/ethcrypto"
	"github.com/sessionsigner/sessionsigner/internal/hexjson"
)

// Bounds on the message walk. Depth counts struct and array nesting; values
// counts every encoded field and array element. Both are far beyond real
// documents and keep a hostile one from costing more than a few milliseconds
// per kilobyte.
const (
	maxDepth  = 16
	maxValues = 1 << 16
)

// encoder computes EIP-712 hashStruct over parsed types, caching each
// struct's type hash (its encodeType string can be long and is the same for
// every element of an array of structs).
type encoder struct {
	structs    map[string]parsedStruct
	typeHashes map[string]ethtypes.Hash
	values     int
}

func newEncoder(structs map[string]parsedStruct) *encoder {
	return &encoder{structs: structs, typeHashes: make(map[string]ethtypes.Hash)}
}

// hashStruct is keccak256(typeHash || encodeData(value)).
func (e *encoder) hashStruct(name string, raw json.RawMessage, path string, depth int) (ethtypes.Hash, error) {
	if depth > maxDepth {
		return ethtypes.Hash{}, fmt.Errorf("%w: %s: nested deeper than %d levels", ErrTypedData, path, maxDepth)
	}
	if hexjson.IsNull(raw) {
		return ethtypes.Hash{}, fmt.Errorf("%w: %s: missing value for %s", ErrTypedData, path, name)
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil || obj == nil {
		return ethtypes.Hash{}, fmt.Errorf("%w: %s: %s must be a JSON object", ErrTypedData, path, name)
	}
	st := e.structs[name]
	buf := make([]byte, 0, 32*(1+len(st.fields)))
	th := e.typeHash(name)
	buf = append(buf, th[:]...)
	for i, f := range st.fields {
		v, ok := obj[f.Name]
		if !ok || hexjson.IsNull(v) {
			return ethtypes.Hash{}, fmt.Errorf("%w: %s.%s: missing field (%s)", ErrTypedData, path, f.Name, f.Type)
		}
		w, err := e.encodeField(st.types[i], v, path+"."+f.Name, depth+1)
		if err != nil {
			return ethtypes.Hash{}, err
		}
		buf = append(buf, w[:]...)
	}
	return ethcrypto.Keccak256Hash(buf), nil
}

// encodeField is one 32-byte slot of encodeData: a struct is replaced by its
// hashStruct and an array by keccak256 of its elements' slots.
func (e *encoder) encodeField(t fieldType, raw json.RawMessage, path string, depth int) (word, error) {
	e.values++
	if e.values > maxValues {
		return word{}, fmt.Errorf("%w: more than %d values", ErrTypedData, maxValues)
	}
	if len(t.dims) > 0 {
		return e.encodeArray(t, raw, path, depth)
	}
	if t.kind == kindStruct {
		return e.hashStruct(t.base, raw, path, depth)
	}
	return encodeAtom(t, raw, path)
}

func (e *encoder) encodeArray(t fieldType, raw json.RawMessage, path string, depth int) (word, error) {
	if depth > maxDepth {
		return word{}, fmt.Errorf("%w: %s: nested deeper than %d levels", ErrTypedData, path, maxDepth)
	}
	if hexjson.IsNull(raw) {
		return word{}, fmt.Errorf("%w: %s: missing value for %s", ErrTypedData, path, t.text)
	}
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil || items == nil {
		return word{}, fmt.Errorf("%w: %s: %s must be a JSON array", ErrTypedData, path, t.text)
	}
	if n := t.dims[len(t.dims)-1]; n >= 0 && len(items) != n {
		return word{}, fmt.Errorf("%w: %s: %s needs exactly %d elements, got %d", ErrTypedData, path, t.text, n, len(items))
	}
	elem := t.elem()
	buf := make([]byte, 0, 32*len(items))
	for i, item := range items {
		w, err := e.encodeField(elem, item, fmt.Sprintf("%s[%d]", path, i), depth+1)
		if err != nil {
			return word{}, err
		}
		buf = append(buf, w[:]...)
	}
	return ethcrypto.Keccak256Hash(buf), nil
}

func (e *encoder) typeHash(name string) ethtypes.Hash {
	if h, ok := e.typeHashes[name]; ok {
		return h
	}
	h := ethcrypto.Keccak256Hash([]byte(e.encodeType(name)))
	e.typeHashes[name] = h
	return h
}

// encodeType is "Primary(type name,...)" followed by every struct it
// references, directly or through arrays, sorted by name (EIP-712's rule).
func (e *encoder) encodeType(primary string) string {
	deps := map[string]bool{}
	e.collectDeps(primary, deps)
	delete(deps, primary)
	names := make([]string, 0, len(deps))
	for n := range deps {
		names = append(names, n)
	}
	sort.Strings(names)
	var sb strings.Builder
	for _, n := range append([]string{primary}, names...) {
		sb.WriteString(n)
		sb.WriteByte('(')
		for i, f := range e.structs[n].fields {
			if i > 0 {
				sb.WriteByte(',')
			}
			sb.WriteString(f.Type)
			sb.WriteByte(' ')
			sb.WriteString(f.Name)
		}
		sb.WriteByte(')')
	}
	return sb.String()
}

func (e *encoder) collectDeps(name string, seen map[string]bool) {
	if seen[name] {
		return
	}
	seen[name] = true
	for _, t := range e.structs[name].types {
		if t.kind == kindStruct {
			e.collectDeps(t.base, seen)
		}
	}
}
