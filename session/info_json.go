package session

import (
	"encoding/json"
	"strconv"
	"unicode/utf8"
)

// appendJSON appends the Info object without Details, byte for byte what
// marshalFields writes (same keys, order and escaping), without encoding/json's
// reflection over an anonymous struct per session: that reflection was the
// largest Go cost of listing 1,000 sessions in wasm. Config and usage still go
// through json.Marshal, which compacts and HTML-escapes them exactly as before.
func (i Info) appendJSON(b []byte) ([]byte, error) {
	b = append(b, `{"id":`...)
	b = appendJSONString(b, i.ID)
	b = append(b, `,"scheme":`...)
	b = appendJSONString(b, i.Scheme)
	b = append(b, `,"status":`...)
	b = appendJSONString(b, string(i.Status))
	b = append(b, `,"permissions":`...)
	if i.Permissions == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for k, p := range i.Permissions {
			if k > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, p)
		}
		b = append(b, ']')
	}
	b = append(b, `,"config":`...)
	raw, err := json.Marshal(i.Config)
	if err != nil {
		return nil, err
	}
	b = append(b, raw...)
	b = append(b, `,"configHash":"`...)
	b = append(b, i.ConfigHash.Hex()...)
	b = append(b, '"')
	if len(i.State) > 0 {
		b = append(b, `,"usage":`...)
		raw, err := json.Marshal(i.State)
		if err != nil {
			return nil, err
		}
		b = append(b, raw...)
	}
	b = append(b, `,"signer":"`...)
	b = append(b, i.Signer.Hex()...)
	b = append(b, `","chainId":`...)
	b = appendJSONString(b, decimal(i.ChainID))
	b = append(b, `,"createdAt":`...)
	b = strconv.AppendInt(b, unixOrZero(i.CreatedAt), 10)
	b = append(b, `,"expiresAt":`...)
	b = strconv.AppendInt(b, unixOrZero(i.ExpiresAt), 10)
	return append(b, '}'), nil
}

// appendJSONString appends s as encoding/json writes it (HTML-safe): plain
// ASCII and valid UTF-8 are copied, quotes, backslashes, <, > and & are
// escaped here; the rare rest (control bytes, invalid UTF-8, U+2028, U+2029)
// goes through json.Marshal itself.
func appendJSONString(b []byte, s string) []byte {
	start := len(b)
	b = append(b, '"')
	for k := 0; k < len(s); {
		c := s[k]
		if c < utf8.RuneSelf {
			switch {
			case c < 0x20:
				return appendMarshaled(b[:start], s)
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c == '<' || c == '>' || c == '&':
				b = append(b, `\u00`...)
				b = append(b, hexDigits[c>>4], hexDigits[c&0xf])
			default:
				b = append(b, c)
			}
			k++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[k:])
		if r == utf8.RuneError || r == '\u2028' || r == '\u2029' {
			return appendMarshaled(b[:start], s)
		}
		b = append(b, s[k:k+size]...)
		k += size
	}
	return append(b, '"')
}

const hexDigits = "0123456789abcdef"

func appendMarshaled(b []byte, s string) []byte {
	q, _ := json.Marshal(s) // a string always marshals
	return append(b, q...)
}
