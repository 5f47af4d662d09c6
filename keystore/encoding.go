package keystore

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/sessionsigner/sessionsigner/internal/strictjson"
)

// maxStoredSize bounds what a parser will read from storage.
const maxStoredSize = 1 << 20

// adBuilder writes associated data as a label followed by fixed-size or
// length-prefixed fields, so no two different field lists can produce the
// same bytes.
type adBuilder struct{ b []byte }

func newAD(label string) *adBuilder {
	a := &adBuilder{}
	return a.str(label)
}

func (a *adBuilder) str(s string) *adBuilder { return a.bytes([]byte(s)) }

func (a *adBuilder) bytes(v []byte) *adBuilder {
	a.b = binary.BigEndian.AppendUint32(a.b, uint32(len(v)))
	a.b = append(a.b, v...)
	return a
}

func (a *adBuilder) u64(v uint64) *adBuilder {
	a.b = binary.BigEndian.AppendUint64(a.b, v)
	return a
}

// decodeStrict unmarshals one JSON object with strictjson (no unknown,
// repeated or case-mismatched members, no trailing data): stored formats
// are ours, so anything unexpected is damage.
func decodeStrict(data []byte, v any) error {
	if len(data) > maxStoredSize {
		return fmt.Errorf("%d bytes is larger than the %d-byte limit", len(data), maxStoredSize)
	}
	return strictjson.Decode(data, v)
}

// peekVersion reads the "v" field alone, so an unknown version is reported
// as such rather than as a parse failure of fields it may have renamed.
func peekVersion(data []byte) (int, error) {
	var probe struct {
		V *int `json:"v"`
	}
	if len(data) > maxStoredSize {
		return 0, fmt.Errorf("%d bytes is larger than the %d-byte limit", len(data), maxStoredSize)
	}
	if err := strictjson.Members(data, &probe); err != nil {
		return 0, err
	}
	if probe.V == nil {
		return 0, errors.New(`missing format version "v"`)
	}
	return *probe.V, nil
}

func isLowerHex(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}
