// Package rlpenc is a small RLP encoder (Ethereum Yellow Paper, appendix B)
// for the transaction shapes the module serializes: byte strings, unsigned
// integers and lists.
//
// Build items with String, Uint, Uint64 and List, and take the bytes of the
// outermost one with Bytes. It stands in for go-ethereum's reflection-based
// rlp package, which weighs far more in the WebAssembly module than these
// few rules.
package rlpenc

import "math/big"

// Item is one encoded RLP item.
type Item struct{ enc []byte }

// Bytes returns the item's encoding.
func (i Item) Bytes() []byte { return i.enc }

// String is a byte string: a single byte below 0x80 stands for itself,
// anything else gets a length prefix from 0x80.
func String(b []byte) Item {
	if len(b) == 1 && b[0] < 0x80 {
		return Item{[]byte{b[0]}}
	}
	return Item{append(header(0x80, len(b)), b...)}
}

// Uint is an unsigned integer: its big-endian bytes without leading zeros
// (zero is the empty string). v must not be negative; nil reads as 0.
func Uint(v *big.Int) Item {
	if v == nil {
		return String(nil)
	}
	if v.Sign() < 0 {
		panic("rlpenc: negative integer")
	}
	return String(v.Bytes())
}

// Uint64 is Uint for a uint64.
func Uint64(v uint64) Item { return Uint(new(big.Int).SetUint64(v)) }

// List is a list of items, prefixed from 0xc0.
func List(items ...Item) Item {
	n := 0
	for _, it := range items {
		n += len(it.enc)
	}
	out := header(0xc0, n)
	for _, it := range items {
		out = append(out, it.enc...)
	}
	return Item{out}
}

// header is the prefix of a payload of n bytes: base+n up to 55 bytes,
// else base+55+len(n's bytes) followed by n big-endian.
func header(base byte, n int) []byte {
	if n <= 55 {
		return []byte{base + byte(n)}
	}
	size := new(big.Int).SetUint64(uint64(n)).Bytes()
	return append([]byte{base + 55 + byte(len(size))}, size...)
}
