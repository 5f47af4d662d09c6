package strictjson

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
)

// Without returns the JSON object data with the named top-level members
// taken out, the others kept in their order and with their bytes as
// written. The vault uses it to hand a scheme only its part of a create
// request. data must be one JSON object (check it first with Members).
func Without(data []byte, names ...string) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, fmt.Errorf("%w: not a JSON object", ErrStrict)
	}
	out := []byte{'{'}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrStrict, err)
		}
		var value json.RawMessage
		if err := dec.Decode(&value); err != nil {
			return nil, fmt.Errorf("%w: %v", ErrStrict, err)
		}
		name := tok.(string)
		if slices.Contains(names, name) {
			continue
		}
		if len(out) > 1 {
			out = append(out, ',')
		}
		key, _ := json.Marshal(name) // a string: cannot fail
		out = append(append(append(out, key...), ':'), value...)
	}
	return append(out, '}'), nil
}
