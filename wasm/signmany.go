//go:build js && wasm

package main

import (
	"encoding/hex"
	"errors"
	"strings"

	"github.com/sessionsigner/sessionsigner/session"
)

// batchStop is a signMany that stopped at a refused request: the error
// JavaScript sees carries the request's index and the signatures made
// before it (valid and counted), besides the refusal's code and rule.
type batchStop struct {
	*session.BatchStopError
	signed [][]byte
}

// stoppedBatch wraps a stop with the signatures made before it; any other
// error (nothing was signed) passes through.
func stoppedBatch(sigs [][]byte, err error) error {
	var stop *session.BatchStopError
	if errors.As(err, &stop) {
		return &batchStop{BatchStopError: stop, signed: sigs}
	}
	return err
}

// hexListJSON is sigs as a JSON array of 0x-hex strings: one string to
// cross into JavaScript instead of one value per signature.
func hexListJSON(sigs [][]byte) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, s := range sigs {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`"0x`)
		b.WriteString(hex.EncodeToString(s))
		b.WriteByte('"')
	}
	b.WriteByte(']')
	return b.String()
}
