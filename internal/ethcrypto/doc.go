// Package ethcrypto is the little of Ethereum's cryptography the module
// needs: Keccak-256, secp256k1 private keys, their addresses, and 65-byte
// recoverable signatures. It stands in for go-ethereum's crypto package,
// which links the standard library's crypto/ecdsa, NIST curves and ASN.1
// into the WebAssembly module for nothing; this one sits directly on decred's
// secp256k1 (the same code go-ethereum's pure-Go build signs with, so the
// signatures are byte-identical) and go-ethereum's keccak.
//
// Which function to use:
//
//   - Keccak256 / Keccak256Hash: Ethereum's Keccak-256 (not SHA3-256).
//   - ParseKey: a 32-byte private key, refused unless in [1, n-1].
//   - KeyAddress: the address of a key.
//   - Sign: r||s||v with v = 27/28, RFC 6979 nonce, low s (what viem returns).
//
// This package is the one place that holds keys and makes signatures;
// ethsign computes what is signed. The module never recovers a signer, so
// recovery lives in test files (recover_test.go here, internal/sigtest for
// other packages' tests).
//
// Keys are decred's *secp256k1.PrivateKey (aliased as PrivateKey); call its
// Zero method when done with one.
package ethcrypto
