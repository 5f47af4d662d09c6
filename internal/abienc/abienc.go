// Package abienc is a small Solidity ABI encoder (abi.encode and function
// calldata) for the fixed shapes the schemes build: static words, bytes,
// strings, dynamic arrays and tuples, nested in any way.
//
// Build the value tree with the constructors (Uint, Address, Bytes4,
// Bytes32, Bool, Bytes, String, Array, Tuple), then call Encode for
// abi.encode(v1, v2, ...) or Call for function calldata. There are no types
// to parse and no reflection: the Go code that builds a value is its ABI
// type, which keeps the encoder a page long and out of the way of the
// WebAssembly module's size budget.
//
// The rules (Solidity ABI specification, "Formal Specification of the
// Encoding"): a static value is encoded in place; a dynamic one (bytes,
// string, T[], or a tuple with a dynamic member) leaves a 32-byte offset in
// the head, counted from the start of the enclosing tuple, and its encoding
// in the tail.
package abienc

import (
	"math/big"

	"github.com/sessionsigner/sessionsigner/ethtypes"
	"github.com/sessionsigner/sessionsigner/internal/hexjson"
)

// Value is one ABI value.
type Value struct {
	enc     []byte // the value's own encoding (for a dynamic value, its tail)
	dynamic bool
}

// Uint is a uintN (any N <= 256) holding v; nil reads as 0. Every value
// reaching here has passed the quantity parser (non-negative, at most 256
// bits), so a negative or over-wide one is a programming error and panics,
// like rlpenc.Uint, rather than being reduced modulo 2^256 into a different
// amount.
func Uint(v *big.Int) Value {
	w, err := hexjson.Word(v)
	if err != nil {
		panic("abienc: " + err.Error())
	}
	return Value{enc: w[:]}
}

// Uint64 is a uintN holding v.
func Uint64(v uint64) Value { return Uint(new(big.Int).SetUint64(v)) }

// Address is an address, right-aligned in its word.
func Address(a ethtypes.Address) Value {
	var w [32]byte
	copy(w[32-len(a):], a[:])
	return Value{enc: w[:]}
}

// Bool is a bool.
func Bool(b bool) Value {
	if b {
		return Uint64(1)
	}
	return Uint64(0)
}

// Bytes32 is a bytes32.
func Bytes32(b [32]byte) Value { return Value{enc: append([]byte(nil), b[:]...)} }

// Bytes4 is a bytes4, left-aligned in its word like every bytesN.
func Bytes4(b [4]byte) Value {
	var w [32]byte
	copy(w[:], b[:])
	return Value{enc: w[:]}
}

// Bytes is a dynamic bytes.
func Bytes(b []byte) Value {
	padded := (len(b) + 31) / 32 * 32 // zeros after the bytes, to whole words
	enc := append(lengthWord(len(b)), b...)
	return Value{enc: append(enc, make([]byte, padded-len(b))...), dynamic: true}
}

// String is a dynamic string (its UTF-8 bytes).
func String(s string) Value { return Bytes([]byte(s)) }

// Array is a dynamic array T[] of elems, which must all have the same type.
func Array(elems ...Value) Value {
	return Value{enc: append(lengthWord(len(elems)), sequence(elems)...), dynamic: true}
}

// Tuple is a struct: static when every member is.
func Tuple(members ...Value) Value {
	v := Value{enc: sequence(members)}
	for _, m := range members {
		v.dynamic = v.dynamic || m.dynamic
	}
	return v
}

// Encode is abi.encode(vals...).
func Encode(vals ...Value) []byte { return sequence(vals) }

// Call is the calldata of a function call: the selector, then the encoded
// arguments.
func Call(selector [4]byte, args ...Value) []byte {
	return append(selector[:], sequence(args)...)
}

// sequence encodes values as the members of a tuple: heads (static values
// in place, offsets to dynamic ones), then the tails in order.
func sequence(vals []Value) []byte {
	headLen := 0
	for _, v := range vals {
		if v.dynamic {
			headLen += 32
		} else {
			headLen += len(v.enc)
		}
	}
	out := make([]byte, 0, headLen)
	var tail []byte
	for _, v := range vals {
		if v.dynamic {
			out = append(out, lengthWord(headLen+len(tail))...)
			tail = append(tail, v.enc...)
		} else {
			out = append(out, v.enc...)
		}
	}
	return append(out, tail...)
}

func lengthWord(n int) []byte { return Uint64(uint64(n)).enc }
