package hexjson

import (
	"bytes"
	"encoding/json"
	"unicode/utf8"
)

// clipLen bounds a quoted value: long enough for a whole 32-byte word in
// 0x-hex (66 characters), so a hash or a bytes32 in an error stays readable.
const clipLen = 66

// Clip shortens app-supplied text quoted in an error message, so hostile
// input cannot make errors (and the logs and screens that show them) huge.
// A clipped value ends in "..." and is cut at a character boundary.
//
// It runs only on the way to an error, from some seventy places: kept out
// of line it costs the module one copy instead of about 24 KB of inlined
// ones (measured on the wasm build).
//
//go:noinline
func Clip(s string) string {
	if len(s) <= clipLen {
		return s
	}
	cut := clipLen - 3
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "..."
}

// IsNull reports a missing JSON value: null, or nothing at all (the empty
// RawMessage a member that is not there leaves behind). Requests treat both
// as "not given".
//
// Out of line for the same reason as Clip: inlined at its 27 call sites it
// cost 4.9 KB of raw module and 4.5 KB brotli (measured on the wasm build).
//
//go:noinline
func IsNull(raw json.RawMessage) bool {
	raw = bytes.TrimSpace(raw)
	return len(raw) == 0 || string(raw) == "null"
}
