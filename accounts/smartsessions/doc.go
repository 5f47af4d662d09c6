// Package smartsessions is the Rhinestone Smart Sessions scheme (the
// ERC-7579 SmartSession validator module, erc7579/smartsessions, at its
// current deployment 0x00000000008bDABA73cD9815d79069c247Eb4bDA).
//
// Use New() as one of the vault's schemes. A session is created from the
// Rhinestone SDK's session shape:
//
//	{"scheme":"smartsessions", "chainId":"8453", "expiresAt":1767225600,
//	 "account":"0x…",                       // the ERC-7579 smart account
//	 "accountType":"safe",                  // safe | nexus | kernel | erc7579
//	 "actions":[{"target":"0x…", "function":"transfer(address,uint256)",
//	   "policies":[{"type":"universal-action","rules":[
//	     {"condition":"equal","calldataOffset":"0","referenceValue":"0x…"}]},
//	     {"type":"usage-limit","limit":"5"}]}],
//	 "policies":[{"type":"time-frame","validUntil":"1767225600","validAfter":"0"}]}
//
// The session key becomes the single owner (threshold 1) of the current
// OwnableValidator 0x000000000013fdB5234E4E3162a810F54d9f7E98, which is the
// session's sessionValidator. Describe returns the on-chain artifacts
// (Session struct, permissionId, enableSessions call, install data, the
// ENABLE digests, removeSession call); Authorize checks a user operation's
// calls against the policies and has the key sign the userOpHash; the result
// is the USE-mode signature, or with "enable" the ENABLE-mode one.
//
// Choices that differ from the SDK, on purpose:
//
//   - No silent sudo. The SDK turns a session without actions into "call
//     anything" (the fallback action with SudoPolicy) and an action without
//     policies into "any arguments". Both are refused unless the request says
//     allowSudo: true, and then the session's permissions say so plainly.
//     Session-wide policies may be omitted: like the SDK they default to
//     [sudo], which grants nothing (every call still needs an action policy);
//     it only means there is no per-user-operation limit.
//   - time-frame bounds are unix SECONDS, as module-sdk's getTimeFramePolicy
//     and the contract take them (the high-level SDK takes milliseconds and
//     divides by 1000); values that look like milliseconds are refused.
//   - No ERC-1271 signing through the session (empty erc7739Policies), and
//     none of the SDK's orchestrator actions (spoke pool, hook, WETH).
//   - permitERC4337Paymaster defaults to true, as in the SDK.
//   - The SignedPermissions flags of the enable digest are derived from the
//     session and the mode, as HashLib does (module-sdk #144).
//
// Local counters (usage, value, rule usage, token spending) mirror the
// policy contracts' and are advisory: the chain is the truth.
//
// Signing requests come in two forms. Prefer the full one:
//
//	{"type":"userOperation", "userOperation":{"sender":"0x…", "nonce":"…",
//	  "callData":"0x…", "callGasLimit":"…", "verificationGasLimit":"…",
//	  "preVerificationGas":"…", "maxFeePerGas":"…", "maxPriorityFeePerGas":"…",
//	  "factory"?, "factoryData"?, "paymaster"?, "paymasterVerificationGasLimit"?,
//	  "paymasterPostOpGasLimit"?, "paymasterData"?, "signature"?},
//	 "entryPointVersion"?: "0.7" | "0.8", "entryPointAddress"?, "chainId"?, "userOpHash"?}
//
// Here the package computes the ERC-4337 userOpHash itself (EntryPoint v0.7
// getUserOpHash by default, at 0x0000000071727De22E5E9d8BAf0edAc6f37da032;
// v0.8's EIP-712 hash on request), checks that the sender is the session's
// account and that a paymaster is permitted, checks the operation's own
// callData against the policies, and signs that hash: the signature covers
// exactly the calls that were checked. A userOpHash sent alongside must
// equal the computed one.
//
// The hash-only form {"type":"userOperation","userOpHash":"0x…","callData":"0x…"}
// is kept for callers that hold only the hash. Its callData is checked, but
// NOTHING ties it to the hash: script that lies about callData gets any user
// operation of the account signed, bound only by the policies enforced
// on-chain. The session's permissions say so too.
package smartsessions
