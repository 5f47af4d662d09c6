import type { Reply } from '../shared/protocol.js'
import type { StorageAdapter, VaultState } from '../shared/types/vault.js'

/**
 * The object the Go module hands to JavaScript once it is ready (see
 * wasm/api.go). JSON travels as strings so that Go's decimal-string
 * quantities reach the page exactly.
 */
export interface GoApi {
  /** The module's build version. */
  version: string
  open(
    optionsJSON: string,
    store: StorageAdapter,
    host: ((method: string, paramsJSON: string) => Promise<string>) | null,
    progress: ((stage: string, done: number, total: number) => void) | null,
    answer: GoAnswer,
  ): Promise<GoVault>
}

/**
 * Receives the answer of every call made with GoVault.call: error is null
 * on success, else an Error with {code, rule, message} (a signMany that
 * stopped adds {index, signatures}, a JSON array); state is the vault's
 * state after the call.
 */
export type GoAnswer = (seq: number, error: Error | null, value: unknown, state: VaultState) => void

/** What every vault call resolves to: the Reply the page gets (one Go call, no second state()). */
export type GoReply<T> = Reply<T>

/**
 * The vault's methods and their arguments, as GoVault.call takes them, and
 * the value each answers with.
 */
export interface GoMethods {
  state: { args: []; value: VaultState }
  unlock: { args: [secret: Uint8Array]; value: null }
  lock: { args: []; value: null }
  createSession: { args: [paramsJSON: string]; value: string }
  getSession: { args: [id: string]; value: string }
  listSessions: { args: []; value: string }
  sign: { args: [id: string, requestJSON: string]; value: string }
  /** requestsJSON: a JSON array of requests; answers a JSON array of 0x-hex strings. */
  signMany: { args: [id: string, requestsJSON: string]; value: string }
  revoke: { args: [id: string]; value: string }
  changeSecret: { args: [oldSecret: Uint8Array, newSecret: Uint8Array]; value: null }
  /** Key slots (wasm/slots.go): secrets are copied into Go and zeroed there. */
  /**
   * With readingOnly (session.Vault.UnlockReading) the value is true once
   * unlocked, false where it must write (call it again without); without, null.
   */
  unlockWith: { args: [kind: string, slotId: string, secret: Uint8Array, readingOnly?: boolean]; value: boolean | null }
  addSlot: { args: [kind: string, secret: Uint8Array, paramsJSON: string]; value: string }
  /** Go's ReplaceSlot: the old method's secret proves it, the next one's makes the new slot. */
  replaceSlot: {
    args: [oldKind: string, oldSlotId: string, oldSecret: Uint8Array, nextKind: string, nextSecret: Uint8Array, paramsJSON: string]
    value: string
  }
  removeSlot: { args: [id: string]; value: null }
  slots: { args: []; value: string }
  destroy: { args: [forgotSecret: boolean]; value: null }
  prune: { args: [beforeUnixSeconds: number]; value: number }
  /** Another tab changed the header: locks this vault if the vault was destroyed or its key changed. */
  recheck: { args: []; value: null }
}

/**
 * One open vault inside the Go module (wasm/dispatch.go). call queues a
 * request for the vault's one Go goroutine and returns at once; the answer
 * comes through the GoAnswer given to open, under the same seq. A call Go
 * cannot take (the vault is closed) returns its Error instead and is never
 * answered.
 */
export interface GoVault {
  call<M extends keyof GoMethods>(seq: number, method: M, ...args: GoMethods[M]['args']): Error | undefined
  /** Locks the vault and releases the Go callbacks; queued calls are answered CANCELED, later calls refused. */
  close(): void
  /**
   * Present when opened with `cache: true` (wasm/cache.go): forget a storage
   * key another tab changed, or everything. Synchronous, so the next message
   * the worker handles already reads storage again.
   */
  invalidate?(key: string): void
  invalidateAll?(): void
}
