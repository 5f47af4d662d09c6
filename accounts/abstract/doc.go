// Package abstract is the "abstract" session scheme: Abstract Global Wallet
// (AGW) session keys, enforced on-chain by the SessionKeyValidator module.
//
// Use New and register the result with the vault (session.Options.Schemes).
// The vault then drives it: Create validates the app's config and returns the
// on-chain session hash, Describe gives the permissions in words plus the
// calls the app must send (enableCall, statusCall) and the policy-registry
// checks it should make (registryChecks), Authorize checks a transaction
// against the session before the session key signs it, and Revoke returns
// the revokeKeys call.
//
// The create request is agw-client's SessionConfig without the signer (the
// vault generates it) plus the account:
//
//	{"scheme":"abstract", "chainId":2741, "expiresAt":1767225600,
//	 "account":"0xAGW…",
//	 "feeLimit":{"limitType":"Lifetime","limit":"1000000000000000000","period":"0"},
//	 "callPolicies":[{"target":"0x…", "function":"mint(address,uint256)",
//	   "valueLimit":{"limitType":"Unlimited"}, "maxValuePerUse":"0",
//	   "constraints":[{"index":"0","condition":"Equal","refValue":"0x…32 bytes",
//	     "limit":{"limitType":"Unlimited"}}]}],
//	 "transferPolicies":[{"target":"0x…","maxValuePerUse":"…","valueLimit":{…}}],
//	 "moduleInstalled":true, "registryCheck":true}
//
// Signing requests are "transaction" (the result is the signed 0x71
// transaction) and "typedData" holding a zkSync transaction (the result is
// the customSignature); see Scheme.Authorize. On Abstract mainnet, if the
// vault has a host callback, Create asks it to run the registry checks
// (RegistryMethod) and refuses a session the registry does not allow.
//
// ParseConfig reads a stored config; SessionConfig.Encode and Hash are
// agw-client's encodeSession and getSessionHash.
//
// Everything byte-level follows @abstract-foundation/agw-client 1.12.3 and
// viem's zkSync serializer exactly (the package's tests compare against
// both, run at test time): encodeSession and getSessionHash, the
// createSession/addModule enabling call, the period ids, the validator's
// hook data and the wrapped signature abi.encode(bytes, address, bytes[]),
// and the 0x71 transaction. The pre-sign check mirrors the contract's
// SessionLib.validate, including its revert strings, so a request the chain
// would reject is refused before it costs gas. The counters it keeps are
// advisory: the chain is the truth, and a signed transaction that is never
// sent still counts locally.
//
// Deliberate differences from agw-client, all in the safe direction:
//
//   - Configs are normalized before anything is checked: selectors and
//     refValues are lowercase hex, addresses are checksummed, constraint
//     indexes are numbers. agw-client compares raw strings and a strict
//     bigint, so an uppercase selector or an index written as 0 instead of
//     0n slips past its "restricted selector" check; here it cannot.
//   - The contract's own creation rules (zero signer, unlimited fee limit)
//     and rules agw-client leaves to a later revert or a RangeError (an
//     Allowance limit with period 0, a condition out of range, a policy
//     that targets the account or the validator, a duplicate policy that
//     could never match) are refused at creation.
//   - Sessions cannot sign messages or arbitrary typed data: the validator
//     rejects every ERC-1271 check, so such a signature could never verify.
//     Typed data is accepted only when it is a zkSync transaction, and then
//     only if its types and domain are exactly the canonical ones.
package abstract
