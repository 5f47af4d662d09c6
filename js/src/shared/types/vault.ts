/**
 * The types of the Vault API: storage, openVault's options, and the requests
 * of every scheme together (each scheme's own shapes are in local.ts,
 * abstract.ts and smartsessions.ts, which import only base.ts).
 */
import type { AbstractSessionParams, AbstractTransactionRequest } from './abstract.js'
import type { ContractCall, Hex, SessionInfo } from './base.js'
import type { LocalSessionParams } from './local.js'
import type { SmartSessionParams, UserOperationRequest } from './smartsessions.js'

/** Where sealed records live; Go owns the format, an adapter stores opaque bytes. */
export interface StorageAdapter {
  /** The value under key, or null when nothing is stored there. */
  get(key: string): Promise<Uint8Array | null>
  /** Stores value under key, replacing what was there. */
  put(key: string, value: Uint8Array): Promise<void>
  /** Removes key; removing a missing key is not an error. */
  delete(key: string): Promise<void>
  /** Every key that starts with prefix, in ascending order. */
  list(prefix: string): Promise<string[]>
  /**
   * Optional: the values under keys, in their order, null where nothing is
   * stored, in one call. Listing sessions reads every record; with getMany
   * it asks for a few hundred at once instead of one get each.
   */
  getMany?(keys: string[]): Promise<(Uint8Array | null)[]>
  /**
   * Optional: stores value only if key holds nothing, atomically, and says
   * whether it did. Offer it only if it is truly atomic across tabs (as
   * IndexedDB's add is): the vault uses it so that two tabs creating the
   * same new vault agree on one vault key.
   */
  add?(key: string, value: Uint8Array): Promise<boolean>
  /**
   * Optional, but required for sessions with counted limits (maxUses, a
   * cumulative value or fee limit, a usage-limit policy): stores value only
   * if key still holds exactly expected (byte for byte), atomically across
   * tabs, and says whether it did. The vault writes back every record it has
   * read this way, so a write based on a copy another tab has changed
   * meanwhile (a revocation, a counted use) is refused and decided again.
   * Without it, createSession refuses counted limits with INVALID_CONFIG.
   */
  replace?(key: string, expected: Uint8Array, value: Uint8Array): Promise<boolean>
}

/** Storage by name, or an adapter of the app's own. */
export type StorageOption = 'indexeddb' | 'localstorage' | 'memory' | StorageAdapter

/** Which storage a vault actually uses (IndexedDB may fall back to localStorage). */
export type StorageKind = 'indexeddb' | 'localstorage' | 'memory' | 'custom'

export type VaultState = 'new' | 'locked' | 'unlocked'

/** Argon2id cost for a new vault (RFC 9106); an existing vault keeps its own. */
export interface KdfParams {
  memoryKiB: number
  time: number
  threads: number
}

/** Reported during unlock and changeSecret (Argon2id can take a second or more). */
/**
 * Slow work in the worker. `'derive-key'` is Argon2id: `done` counts its
 * slices (4 per pass) from 0 up to `total`, one message each; `'reseal'`
 * counts the sessions re-sealed by a change of secret.
 */
export interface Progress {
  stage: string
  done: number
  total: number
}

/**
 * Functions the vault may call back into the app with, by method name (for
 * example 'abstract.registryCheck'). Arguments and results are JSON values;
 * bigints in results are sent as decimal strings.
 */
export type HostFunctions = Record<string, (params: any) => unknown | Promise<unknown>>

export interface OpenVaultOptions {
  /** Separates this app's vault from others on the same origin. */
  namespace: string
  /** Default 'indexeddb' (falls back to 'localstorage' when IndexedDB is unavailable). */
  storage?: StorageOption
  /** Where sessionsigner.wasm is served; default next to this module. */
  wasmUrl?: string | URL
  /** Where worker.js is served; default next to this module. */
  workerUrl?: string | URL
  /**
   * Run the module in a dedicated Web Worker (default, where Worker exists) or
   * in this thread (default under Node, which has no Web Worker). In this
   * thread, Argon2 blocks the thread while it runs.
   */
  worker?: boolean
  /** Argon2id parameters for a NEW vault; default 64 MiB, t=3, p=4. */
  kdf?: KdfParams
  /** Cap on how far in the future a session may expire; default 30 days. */
  maxLifetimeSeconds?: number
  /** Called during unlock, addSlot and changeSecret: draw `done` of `total` as a bar. */
  onProgress?: (progress: Progress) => void
  /** Non-fatal notices (e.g. the fallback to localStorage); default console.warn. */
  onWarning?: (message: string) => void
  /**
   * Serve repeated reads from a cache in the worker, dropped as soon as another
   * tab announces a write (default true). Turn it off if other code of yours
   * writes the vault's storage. Your own adapter objects are never cached.
   */
  cache?: boolean
  host?: HostFunctions
  /** Lead time of the vault's 'expiring' event, in seconds (default 300). */
  expiringLeadSeconds?: number
}

/** What createSession takes; `scheme` picks the session system and its fields. */
export type CreateSessionParams = LocalSessionParams | AbstractSessionParams | SmartSessionParams

/**
 * Which form of result a sign request wants. 'scheme' (the default): what the
 * session's scheme returns: a serialized signed transaction, Abstract's
 * validator-wrapped customSignature, a Smart Sessions user-operation
 * signature, or for a message or hash the signature itself. 'ecdsa': the
 * session key's bare 65-byte signature (r‖s‖v, v 27/28) over the same digest,
 * after the same policy check, counted the same.
 */
export type SignatureForm = 'scheme' | 'ecdsa'

/**
 * What sign() takes. Which requests a session may use is its scheme's
 * policy: 'local' signs all but userOperation; 'abstract' signs transactions
 * (and zkSync transaction typed data); 'smartsessions' signs user operations.
 * Every request may carry `signatureForm` (see SignatureForm).
 */
export type SignRequest = (
  | { type: 'hash'; hash: Hex }
  | { type: 'message'; message: string | { raw: Hex | Uint8Array } }
  | { type: 'typedData'; typedData: TypedDataRequest; validationHooks?: readonly Hex[] }
  | { type: 'transaction'; transaction: Record<string, unknown>; validationHooks?: readonly Hex[] }
  | AbstractTransactionRequest
  | UserOperationRequest
) & { signatureForm?: SignatureForm }

/** What revoke() returns: the info, with the call that closes the session on-chain where the scheme has one. */
export type RevokedSessionInfo = SessionInfo & {
  /** 'abstract': the owner sends revokeKeys([sessionHash]) to the validator. */
  revokeCall?: ContractCall
  /** 'smartsessions': the account calls removeSession(permissionId). */
  removeSessionCall?: ContractCall
}

/** EIP-712 typed data as viem's signTypedData takes it (EIP712Domain optional). */
export interface TypedDataRequest {
  domain?: Record<string, unknown>
  types: Record<string, readonly { name: string; type: string }[]>
  primaryType: string
  message: Record<string, unknown>
}
