import type { StorageAdapter, VaultState } from '../types.js'

/**
 * The object the Go module hands to JavaScript once it is ready (see
 * wasm/api.go). Every method returns a Promise; JSON travels as strings so
 * that Go's decimal-string quantities reach the page exactly.
 */
export interface GoApi {
  /** The module's build version. */
  version: string
  open(
    optionsJSON: string,
    store: StorageAdapter,
    host: ((method: string, paramsJSON: string) => Promise<string>) | null,
    progress: ((stage: string, done: number, total: number) => void) | null,
  ): Promise<GoVault>
}

/** One open vault inside the Go module. Errors reject with {code, rule, message}. */
export interface GoVault {
  state(): Promise<VaultState>
  unlock(secret: Uint8Array): Promise<void>
  lock(): Promise<void>
  createSession(paramsJSON: string): Promise<string>
  getSession(id: string): Promise<string>
  listSessions(): Promise<string>
  sign(id: string, requestJSON: string): Promise<string>
  revoke(id: string): Promise<string>
  changeSecret(oldSecret: Uint8Array, newSecret: Uint8Array): Promise<void>
  /** Key slots (wasm/slots.go): secrets are copied into Go and zeroed there. */
  unlockWith(kind: string, slotId: string, secret: Uint8Array): Promise<void>
  addSlot(kind: string, secret: Uint8Array, paramsJSON: string): Promise<string>
  removeSlot(id: string): Promise<void>
  slots(): Promise<string>
  destroy(forgotSecret: boolean): Promise<void>
  prune(beforeUnixSeconds: number): Promise<number>
  /** Locks the vault and releases the Go callbacks; later calls reject. */
  close(): void
  /**
   * Present when opened with `cache: true` (wasm/cache.go): forget a storage
   * key another tab changed, or everything. Synchronous, so the next message
   * the worker handles already reads storage again.
   */
  invalidate?(key: string): void
  invalidateAll?(): void
}

/** What OpenVault sends the Go side (wasm/options.go). */
export interface GoOptions {
  kdf?: { memoryKiB: number; time: number; threads: number }
  maxLifetimeSeconds?: number
  /** Cache storage reads in Go; only when the worker hears of other tabs' writes (coherence.ts). */
  cache?: boolean
}
