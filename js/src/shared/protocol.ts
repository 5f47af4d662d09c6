/**
 * The messages between the page and the worker, beyond the RPC framing in
 * rpc.ts: what the page sends with 'open' and what every vault call answers.
 * Both sides import these types from here, so neither imports the other.
 */
import type { VaultState } from './types/vault.js'

/** What the page asked for; 'custom' means an adapter object that stays on the page. */
export type RequestedStorage = 'indexeddb' | 'localstorage' | 'memory' | 'custom'

/** What OpenVault sends the Go side (wasm/options.go); the worker passes it on as JSON. */
export interface GoOptions {
  kdf?: { memoryKiB: number; time: number; threads: number }
  maxLifetimeSeconds?: number
  /** Cache storage reads in Go; only when the worker hears of other tabs' writes (worker/coherence.ts). */
  cache?: boolean
}

/** What the page sends with 'open'. */
export interface OpenMessage {
  namespace: string
  storage: RequestedStorage
  /** For 'custom': whether the app's adapter has an atomic add. */
  customCanAdd: boolean
  /** For 'custom': whether the app's adapter has replace (counted limits need it). */
  customCanReplace?: boolean
  wasmUrl: string
  /** The module compiled by the page from wasmUrl, or undefined: the worker fetches it. */
  module?: WebAssembly.Module
  /**
   * The page was still compiling the module when it sent 'open': the module
   * follows in a 'module' event (undefined if the page's compile failed).
   * The worker opens storage meanwhile.
   */
  moduleFollows?: boolean
  options: GoOptions
  /** Names of the app's host functions; none means the vault gets no host callback. */
  hostMethods: string[]
  progress: boolean
  /** false turns the storage read cache off (worker/coherence.ts); absent means on. */
  cache?: boolean
}

/** Every vault call answers with its value and the vault's state after it. */
export interface Reply<T = unknown> {
  value: T
  state: VaultState
}
