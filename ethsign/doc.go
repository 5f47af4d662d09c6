// Package ethsign computes, byte for byte as viem does, what an Ethereum
// key signs: the digests of EIP-191 messages, EIP-712 typed data and
// EIP-1559 transactions, and the signed transaction's bytes. It does so
// without pulling the large parts of go-ethereum (core/types,
// signer/core/apitypes) into the WebAssembly module.
//
// It holds no keys and makes no signatures: the session's key lives in the
// vault and signs through internal/ethcrypto (r||s||v, v = 27/28, as viem's
// account.sign({hash})), so a scheme hands the vault a digest from here and
// never sees the key.
//
// Which function to use:
//
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
