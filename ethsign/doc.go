// Package ethsign holds the Ethereum signing primitives every scheme shares,
// written to produce exactly the bytes viem produces, without pulling the
// large parts of go-ethereum (core/types, signer/core/apitypes) into the
// WebAssembly module.
//
// Which function to use:
//
//   - Sign and Recover: a 65-byte r||s||v signature (v = 27/28) over a 32-byte
//     digest, as viem's account.sign({hash}).
//   - MessageHash (and ParseMessage for the request shape): EIP-191
//     personal_sign, as viem's hashMessage / signMessage.
//   - ParseTypedData, then TypedData.Hash: EIP-712 eth_signTypedData_v4, as
//     viem's hashTypedData / signTypedData. The parsed Domain lets a scheme
//     check the chain and the verifying contract.
//   - ParseTx1559, then Tx1559.SigningHash and Tx1559.Serialize: an EIP-1559
//     transaction, as viem's serializeTransaction / signTransaction.
//
// Every parser here reads bytes that came from an application, so each one
// bounds its input size and nesting before doing any work, and refuses
// anything it does not fully understand with an error that wraps one of the
// sentinels in errors.go.
package ethsign
