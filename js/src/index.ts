/**
 * sessionsigner: per-session signer keys, sealed at rest, policy-checked
 * before every signature. Start with openVault; hand a session to viem with
 * toViemAccount; branch on SessionSignerError.code. For Abstract sessions,
 * abstractRegistryCheck and readAbstractAccount read the chain for the
 * vault; for Smart Sessions, signUserOperationWithSession signs a user
 * operation.
 */
export { openVault } from './page/openVault.js'
export { Vault } from './page/vault.js'
export { toViemAccount, type ViemAccountOptions } from './page/viemAccount.js'
export { SessionSignerError, errorCodes, jsOnlyErrorCodes, type ErrorCode } from './shared/errors.js'
export { memoryStorage } from './shared/storage/memory.js'
export { abstractRegistryCheck, type AbstractRegistryStatus } from './page/abstract/registry.js'
export { readAbstractAccount, type AbstractAccountState } from './page/abstract/account.js'
export { toAgwSessionConfig, type AgwLimit, type AgwSessionConfig } from './page/abstract/agwSession.js'
export { ABSTRACT_SESSION_VALIDATOR, type AbstractReadClient } from './page/abstract/chain.js'
export { signUserOperationWithSession, type SessionUserOperationOptions } from './page/smartsessions/userOperation.js'
export { getStubSignature } from './page/smartsessions/stubSignature.js'
export { getAbstractStubSignature, type AbstractStubOptions, type AbstractStubTransaction } from './page/abstract/stubSignature.js'
export { assertSessionLive, readSessionLiveStatus, type LiveStatus, type LiveStatusClient } from './page/liveStatus.js'
export { walletUnlockTypedData, walletMessageVersion } from './page/slots/wallet.js'
export type * from './shared/types/base.js'
export type * from './shared/types/local.js'
export type * from './shared/types/vault.js'
export type * from './shared/types/slots.js'
export type { VaultEventMap, VaultEventType, VaultListener } from './page/events.js'
export type * from './shared/types/abstract.js'
export type * from './shared/types/smartsessions.js'
