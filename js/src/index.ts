/**
 * sessionsigner: per-session signer keys, sealed at rest, policy-checked
 * before every signature. Start with openVault; hand a session to viem with
 * toViemAccount; branch on SessionSignerError.code.
 */
export { openVault } from './openVault.js'
export { Vault } from './vault.js'
export { toViemAccount } from './viemAccount.js'
export { SessionSignerError, type ErrorCode } from './errors.js'
export { memoryStorage } from './storage/memory.js'
export type * from './types.js'
