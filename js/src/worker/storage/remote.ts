import type { Endpoint } from '../../shared/rpc.js'
import type { StorageAdapter } from '../../shared/storage/adapter.js'

/**
 * The worker's view of storage that lives on the page (localStorage, or an
 * adapter object the app passed: functions cannot be sent to a worker). Each
 * operation is one message to the page and back.
 */
export function remoteStorage(page: Endpoint, can: { add: boolean; replace: boolean }): StorageAdapter {
  const adapter: StorageAdapter = {
    get: (key) => page.call<Uint8Array | null>('storage.get', [key]),
    put: (key, value) => page.call<void>('storage.put', [key, value]),
    delete: (key) => page.call<void>('storage.delete', [key]),
    list: (prefix) => page.call<string[]>('storage.list', [prefix]),
    // One message per batch, whether or not the page's adapter has getMany
    // (the page reads a key at a time then).
    getMany: (keys) => page.call<(Uint8Array | null)[]>('storage.getMany', [keys]),
  }
  // Only when the page's adapter can add atomically: localStorage cannot
  // (two tabs may both see a key missing), so it offers no add at all.
  if (can.add) adapter.add = (key, value) => page.call<boolean>('storage.add', [key, value])
  // Only when the page's adapter can compare and swap: the vault then writes
  // back every record it read through it, and counted limits are allowed.
  if (can.replace) {
    adapter.replace = (key, expected, value) => page.call<boolean>('storage.replace', [key, expected, value])
  }
  return adapter
}
