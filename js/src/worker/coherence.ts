import type { StorageAdapter } from '../shared/storage/adapter.js'
import type { GoVault } from './goapi.js'
import type { SelectedStorage } from './storage/select.js'

/**
 * Keeps the Go module's storage cache (wasm/cache.go) true to storage that
 * other tabs share. Every signature reads its session record; served from
 * memory, a warm signature on IndexedDB costs what one on memory storage
 * does. The price is that another tab's write must be announced:
 *
 * - every worker announces each write it makes (put, add, delete) once the
 *   write is done, on a BroadcastChannel per storage and namespace, and
 *   every other worker on that channel tells its Go cache to forget the key.
 *   A change is missed for at most one message delivery. A worker announces
 *   even when its own cache is off, since other tabs may cache.
 * - localStorage also tells the page, in `storage` events, about writes by
 *   other tabs (including code that is not this package); the page forwards
 *   them here (see watchLocalStorage) and they arrive through `changed`.
 * - the vault writes back every record it read with the adapter's
 *   replace (session/write.go), which storage decides, not the cache: a
 *   stale copy can never be written over another tab's change; the vault
 *   reads again and decides again.
 * - what cannot say which key changed (an unreadable message, an IndexedDB
 *   connection the browser closed because site data was cleared, a page
 *   restored from the back/forward cache) forgets everything.
 *
 * Memory storage lives in this worker alone, so it is cached with no
 * announcements. An app's own adapter is never cached: the vault cannot know
 * when something else writes to it. Without BroadcastChannel, shared storage
 * is not cached either.
 */
export interface Coherence {
  /** Whether the Go module should cache reads (GoOptions.cache). */
  readonly cache: boolean
  /** The adapter to give the Go module: the selected one, announcing its writes. */
  readonly adapter: StorageAdapter
  /** Connects announcements to the opened vault; before that nothing is cached. */
  attach(vault: GoVault): void
  /** Storage changed elsewhere: the vault key, or anything else for "unknown, forget everything". */
  changed(key: unknown): void
  /** Stops listening (the vault is closing). */
  close(): void
}

/** A worker's announcement of a key it wrote. */
interface Notice {
  key: string
}

/** The channel every worker on this storage and namespace shares. */
function channelName(kind: string, namespace: string): string {
  return `sessionsigner:${kind}:${encodeURIComponent(namespace)}`
}

/** The storage key of the vault header (keystore.HeaderKey). */
export const headerKey = 'vault'

/**
 * onHeaderChanged runs after the cache forgot the vault header (or
 * everything) because another tab wrote it: the worker then asks the vault
 * to recheck it (a vault destroyed or re-keyed there locks here).
 */
export function keepCoherent(storage: SelectedStorage, namespace: string, wanted: boolean, onHeaderChanged: () => void = () => {}): Coherence {
  let vault: GoVault | null = null
  const changed = (key: unknown): void => {
    // Nothing is cached before the vault exists: Go's open reads nothing.
    if (!vault) return
    if (typeof key === 'string') vault.invalidate?.(key)
    else vault.invalidateAll?.()
    if (key === headerKey || typeof key !== 'string') onHeaderChanged()
  }
  const local = (cache: boolean): Coherence => ({
    cache,
    adapter: storage.adapter,
    attach: (v) => void (vault = v),
    changed,
    close: () => void (vault = null),
  })

  if (storage.kind === 'memory') return local(wanted)
  if (storage.kind === 'custom' || typeof BroadcastChannel === 'undefined') return local(false)

  const channel = new BroadcastChannel(channelName(storage.kind, namespace))
  channel.onmessage = (event: MessageEvent) => changed(noticeKey(event.data))
  channel.onmessageerror = () => changed(null)
  let open = true
  const announce = (key: string): void => {
    if (!open) return
    try {
      channel.postMessage({ key } satisfies Notice)
    } catch {
      // Only a closed channel throws, and close() stops announcing first.
    }
  }
  return {
    ...local(wanted),
    adapter: announcing(storage.adapter, announce),
    close() {
      open = false
      vault = null
      channel.close()
    },
  }
}

function noticeKey(data: unknown): string | null {
  if (data && typeof data === 'object' && typeof (data as Notice).key === 'string') return (data as Notice).key
  return null
}

/**
 * The adapter with every write announced after it settles. A failed write is
 * announced too: it may have happened in part (a custom or remote adapter),
 * and a needless announcement costs one read.
 */
function announcing(adapter: StorageAdapter, announce: (key: string) => void): StorageAdapter {
  const out: StorageAdapter = {
    get: (key) => adapter.get(key),
    list: (prefix) => adapter.list(prefix),
    async put(key, value) {
      try {
        await adapter.put(key, value)
      } finally {
        announce(key)
      }
    },
    async delete(key) {
      try {
        await adapter.delete(key)
      } finally {
        announce(key)
      }
    },
  }
  const getMany = adapter.getMany?.bind(adapter)
  if (getMany) out.getMany = (keys) => getMany(keys)
  // add and replace answer false when they wrote nothing.
  const add = adapter.add?.bind(adapter)
  if (add) out.add = (key, value) => announceIfWritten(key, announce, () => add(key, value))
  const replace = adapter.replace?.bind(adapter)
  if (replace) out.replace = (key, expected, value) => announceIfWritten(key, announce, () => replace(key, expected, value))
  return out
}

async function announceIfWritten(key: string, announce: (key: string) => void, write: () => Promise<boolean>): Promise<boolean> {
  let written: boolean
  try {
    written = await write()
  } catch (err) {
    announce(key)
    throw err
  }
  if (written) announce(key)
  return written
}
