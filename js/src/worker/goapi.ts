import type { Reply } from '../shared/protocol.js'
import type { StorageAdapter, VaultState } from '../shared/types/vault.js'

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

/** What every vault method resolves to: the Reply the page gets (one Go call, no second state()). */
export type GoReply<T> = Reply<T>

/**
 * One open vault inside the Go module. Errors reject with {code, rule,
 * message}; a signMany that stopped adds {index, signatures} (a JSON array).
 */
export interface GoVault {
  state(): Promise<GoReply<VaultState>>
  unlock(secret: Uint8Array): Promise<GoReply<null>>
  lock(): Promise<GoReply<null>>
  createSession(paramsJSON: string): Promise<GoReply<string>>
  getSession(id: string): Promise<GoReply<string>>
  listSessions(): Promise<GoReply<string>>
  sign(id: string, requestJSON: string): Promise<GoReply<string>>
  /** requestsJSON: a JSON array of requests; resolves to a JSON array of 0x-hex strings. */
  signMany(id: string, requestsJSON: string): Promise<GoReply<string>>
  revoke(id: string): Promise<GoReply<string>>
  changeSecret(oldSecret: Uint8Array, newSecret: Uint8Array): Promise<GoReply<null>>
  /** Key slots (wasm/slots.go): secrets are copied into Go and zeroed there. */
  unlockWith(kind: string, slotId: string, secret: Uint8Array): Promise<GoReply<null>>
  /** With readingOnly (session.Vault.UnlockReading): true once unlocked; false where it must write (call it again without). */
  unlockWith(kind: string, slotId: string, secret: Uint8Array, readingOnly: true): Promise<GoReply<boolean>>
  addSlot(kind: string, secret: Uint8Array, paramsJSON: string): Promise<GoReply<string>>
  /** Go's ReplaceSlot: the old method's secret proves it, the next one's makes the new slot. */
  replaceSlot(oldKind: string, oldSlotId: string, oldSecret: Uint8Array, nextKind: string, nextSecret: Uint8Array, paramsJSON: string): Promise<GoReply<string>>
  removeSlot(id: string): Promise<GoReply<null>>
  slots(): Promise<GoReply<string>>
  destroy(forgotSecret: boolean): Promise<GoReply<null>>
  prune(beforeUnixSeconds: number): Promise<GoReply<number>>
  /** Another tab changed the header: locks this vault if the vault was destroyed or its key changed. */
  recheck(): Promise<GoReply<null>>
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
