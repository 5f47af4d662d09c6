// Package ethtypes holds the two Ethereum values every other package passes
// around: Address (20 bytes) and Hash (32 bytes), with the constructors the
// project uses and the text forms it stores and shows.
//
// The package is public because the public API carries them (session.Info,
// keystore.Record, scheme.Plan): a Go caller can name the type.
//
// They stand in for go-ethereum's common.Address and common.Hash, which the
// project used until the module's size budget asked for them to go: the
// common package compiles a regular expression when the program starts
// (bringing regexp and its tables into the WebAssembly module) and imports
// database/sql through hexutil and holiman/uint256, none of which a signer
// needs. Every text form is the one go-ethereum writes and reads, so stored
// records and public JSON are unchanged; the tests hold both types to
// go-ethereum's, byte for byte, as their oracle.
//
// The forms:
//   - Address.Hex and String: 0x and the EIP-55 mixed-case checksum.
//   - Hash.Hex and String: 0x and lowercase hex.
//   - JSON and text (MarshalText): 0x and lowercase hex, for both types.
//   - Reading JSON or text: a string of 0x (or 0X) and exactly 40 or 64 hex
//     digits in any case; no checksum check (ethsign.ParseAddress is the
//     strict reader for addresses people type).
package ethtypes
