import type { StorageAdapter } from '../../shared/storage/adapter.js'
import { fromBase64, sameBytes, toBase64 } from '../../shared/bytes.js'
import { compareCodeUnits, namespacedKey, namespacePrefix } from '../../shared/storage/adapter.js'

/**
 * A storage adapter over window.localStorage. localStorage holds strings
 * only, so values are base64; keys are `sessionsigner:<namespace>:<key>`.
 * It exists only on the page, never in a worker, so the vault's worker
 * reaches it through messages to the page.
 *
 * Throws when localStorage is missing or refuses a write (a privacy mode,
 * storage disabled, an opaque origin), so the caller can say so up front.
 */
export function localStorageStorage(namespace: string, storage: Storage = globalThis.localStorage): StorageAdapter {
  if (!storage) throw new Error('localStorage does not exist here')
  const probe = namespacedKey(namespace, '.probe')
  storage.setItem(probe, '1')
  storage.removeItem(probe)

  const prefix = namespacePrefix(namespace)
  return {
    async get(key) {
      const v = storage.getItem(prefix + key)
      return v === null ? null : decodeStored(v)
    },
    async put(key, value) {
      storage.setItem(prefix + key, toBase64(value))
    },
    // The compare and the write run under a Web Lock per namespace, so two
    // tabs of this package cannot interleave their read-compare-write.
    replace: (key, expected, value) =>
      underLock(`sessionsigner:localstorage:${encodeURIComponent(namespace)}:write`, () => {
        const held = storage.getItem(prefix + key)
        if (held === null || !sameBytes(decodeStored(held), expected)) return false
        storage.setItem(prefix + key, toBase64(value))
        return true
      }),
    async delete(key) {
      storage.removeItem(prefix + key)
    },
    async list(keyPrefix) {
      const full = prefix + keyPrefix
      const keys: string[] = []
      for (let i = 0; i < storage.length; i++) {
        const k = storage.key(i)
        if (k !== null && k.startsWith(full)) keys.push(k.slice(prefix.length))
      }
      return keys.sort(compareCodeUnits)
    },
  }
}

/**
 * Tells onChange which vault key another tab (or any other document on the
 * origin) changed in this namespace, or null when it cleared localStorage,
 * as the browser reports it in `storage` events; the vault's worker drops
 * its cached copy (worker/coherence.ts). The page's own writes raise no
 * event, and need none. Stops listening once onChange returns false (the
 * vault was closed).
 */
export function watchLocalStorage(
  namespace: string,
  onChange: (key: string | null) => boolean,
  storage: Storage = globalThis.localStorage,
  target: Pick<EventTarget, 'addEventListener' | 'removeEventListener'> | undefined = globalThis,
): void {
  if (typeof target?.addEventListener !== 'function') return
  const prefix = namespacePrefix(namespace)
  const listener = (event: Event): void => {
    const { key, storageArea } = event as StorageEvent
    if (storageArea !== storage) return
    if (key !== null && !key.startsWith(prefix)) return
    if (!onChange(key === null ? null : key.slice(prefix.length))) target.removeEventListener('storage', listener)
  }
  target.addEventListener('storage', listener)
}

/**
 * Runs fn holding the Web Lock name (navigator.locks), shared by every tab
 * on the origin. Where Web Locks do not exist, fn runs at once: it is
 * synchronous, so nothing in this tab can come between its read and write.
 */
async function underLock<T>(name: string, fn: () => T): Promise<T> {
  const locks = (globalThis as { navigator?: { locks?: { request<R>(name: string, cb: () => Promise<R>): Promise<R> } } })
    .navigator?.locks
  return locks ? locks.request(name, async () => fn()) : fn()
}

/**
 * Decodes a stored value. Text that is not base64 (edited by hand, written by
 * something else) is handed over as its UTF-8 bytes: the vault then reports
 * the record as CORRUPT_RECORD, which is the truth, rather than the storage
 * as unavailable.
 */
function decodeStored(text: string): Uint8Array {
  try {
    return fromBase64(text)
  } catch {
    return new TextEncoder().encode(text)
  }
}
