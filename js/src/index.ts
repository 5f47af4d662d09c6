/**
 * sessionsigner: per-session signer keys, sealed at rest, policy-checked
 * before every signature. Start with openVault; hand a session to viem with
 * toViemAccount; branch on SessionSignerError.code. For Abstract sessions,
 * abstractRegistryCheck and readAbstractAccount read the chain for the
 * vault; for Smart Sessions, signUserOperationWithSession signs a user
 * operation.
 */
export { openVault } from './openVault.js'
export { Vault } from './vault.js'
export { toViemAccount, type ViemAccountOptions } from './viemAccount.js'
export { SessionSignerError, errorCodes, jsOnlyErrorCodes, type ErrorCode } from './errors.js'
export { memoryStorage } from './storage/memory.js'
export { abstractRegistryCheck, type AbstractRegistryStatus } from './abstract/registry.js'
export { readAbstractAccount, type AbstractAccountState } from './abstract/account.js'
export { toAgwSessionConfig, type AgwLimit, type AgwSessionConfig } from './abstract/agwSession.js'
export { ABSTRACT_SESSION_VALIDATOR, type AbstractReadClient } from './abstract/chain.js'
export { signUserOperationWithSession, type SessionUserOperationOptions } from './smartsessions/userOperation.js'
export { getStubSignature } from './smartsessions/stubSignature.js'
export { getAbstractStubSignature, type AbstractStubOptions, type AbstractStubTransaction } from './abstract/stubSignature.js'
export { assertSessionLive, readSessionLiveStatus, type LiveStatus, type LiveStatusClient } from './liveStatus.js'
export { walletUnlockTypedData, walletMessageVersion } from './slots/wallet.js'
export type * from './types.js'
export type * from './slots/types.js'
export type { VaultEventMap, VaultEventType, VaultListener } from './events.js'
export type * from './abstract/types.js'
export type * from './smartsessions/types.js'
