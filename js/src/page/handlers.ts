import { SessionSignerError } from '../shared/errors.js'
import { toGoJSON } from '../shared/json.js'
import type { Handler } from '../shared/rpc.js'
import { localStorageStorage, watchLocalStorage } from './storage/localstorage.js'
import type { HostFunctions, StorageAdapter } from '../shared/types/vault.js'

/**
 * Passes a change the page saw in shared storage to the vault's worker: the
 * vault key, or null for "anything may have changed". Returns false once the
 * vault is closed, so the page stops listening.
 */
export type StorageChangeListener = (key: string | null) => boolean

/**
 * Tells onChange (null: anything may have changed) when the page comes back
 * from the back/forward cache: announcements sent while it was frozen may
 * never have reached its worker.
 */
export function watchPageRestore(onChange: StorageChangeListener, target: EventTarget | undefined = globalThis): void {
  if (typeof target?.addEventListener !== 'function') return
  const listener = (event: Event): void => {
    if ((event as PageTransitionEvent).persisted && !onChange(null)) target.removeEventListener('pageshow', listener)
  }
  target.addEventListener('pageshow', listener)
}

/**
 * The page's side of the protocol: what the worker may ask the page for.
 * Storage that exists only on the page (localStorage, or an adapter object
 * the app passed, whose functions cannot be sent to a worker) and the app's
 * host functions. `custom` is the app's adapter, or null; localStorage is
 * attached when the worker asks for it (the fallback from IndexedDB).
 */
export function pageHandlers(
  custom: StorageAdapter | null,
  host: HostFunctions | undefined,
  onStorageChange: StorageChangeListener = () => false,
): Record<string, Handler> {
  let storage = custom
  const attached = (): StorageAdapter => {
    if (!storage) throw new SessionSignerError('STORAGE_UNAVAILABLE', 'no storage is attached on the page')
    return storage
  }
  return {
    'storage.attachLocal': (namespace: string) => {
      storage = localStorageStorage(namespace)
      watchLocalStorage(namespace, onStorageChange)
    },
    'storage.get': (key: string) => attached().get(key),
    'storage.put': (key: string, value: Uint8Array) => attached().put(key, value),
    'storage.delete': (key: string) => attached().delete(key),
    'storage.list': (prefix: string) => attached().list(prefix),
    'storage.getMany': (keys: string[]) => getMany(attached(), keys),
    'storage.add': (key: string, value: Uint8Array) => {
      const adapter = attached()
      if (!adapter.add) throw new SessionSignerError('STORAGE_UNAVAILABLE', 'the storage adapter has no add')
      return adapter.add(key, value)
    },
    'storage.replace': (key: string, expected: Uint8Array, value: Uint8Array) => {
      const adapter = attached()
      if (!adapter.replace) throw new SessionSignerError('STORAGE_UNAVAILABLE', 'the storage adapter has no replace')
      return adapter.replace(key, expected, value)
    },
    // Arguments and answers are JSON text, so bigints in the app's answer
    // reach Go as exact decimal strings.
    host: async (method: string, paramsJSON: string) => {
      const fn = host && Object.hasOwn(host, method) ? host[method] : undefined
      if (!fn) throw new SessionSignerError('HOST_ERROR', `the app offers no host function "${method}"`)
      return toGoJSON((await fn(JSON.parse(paramsJSON))) ?? null, 'INVALID_REQUEST')
    },
  }
}

/**
 * The values under keys: one getMany when the adapter has it, else one get
 * after another (an app's adapter may not expect calls to overlap).
 */
async function getMany(adapter: StorageAdapter, keys: string[]): Promise<(Uint8Array | null)[]> {
  if (adapter.getMany) return adapter.getMany(keys)
  const values: (Uint8Array | null)[] = []
  for (const key of keys) values.push(await adapter.get(key))
  return values
}
