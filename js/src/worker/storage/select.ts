import { SessionSignerError } from '../../shared/errors.js'
import type { RequestedStorage } from '../../shared/protocol.js'
import type { Endpoint } from '../../shared/rpc.js'
import type { StorageKind } from '../../shared/types/vault.js'
import type { StorageAdapter } from '../../shared/storage/adapter.js'
import { indexedDBStorage } from './indexeddb.js'
import { memoryStorage } from '../../shared/storage/memory.js'
import { remoteStorage } from './remote.js'

export interface SelectedStorage {
  adapter: StorageAdapter
  kind: StorageKind
}

/**
 * Picks the storage the worker will give the vault. IndexedDB is opened
 * here, in the worker; localStorage exists only on the page, so the page is
 * asked to attach it and every operation goes through messages. When the
 * browser refuses IndexedDB (a privacy mode, an opaque origin), localStorage
 * is used instead and warn says why; a passing IndexedDB failure is
 * STORAGE_UNAVAILABLE (switching would show an empty vault); when neither
 * store works, the error is STORAGE_UNAVAILABLE. onConnectionLost: see indexedDBStorage.
 */
export async function selectStorage(
  requested: RequestedStorage,
  namespace: string,
  page: Endpoint,
  warn: (message: string) => void,
  custom: { add: boolean; replace: boolean } = { add: false, replace: false },
  onConnectionLost: () => void = () => {},
): Promise<SelectedStorage> {
  switch (requested) {
    case 'memory':
      return { adapter: memoryStorage(), kind: 'memory' }
    case 'custom':
      return { adapter: remoteStorage(page, custom), kind: 'custom' }
    case 'localstorage':
      await attachLocalStorage(page, namespace)
      return { adapter: remoteStorage(page, localCan), kind: 'localstorage' }
    case 'indexeddb': {
      let idbError: unknown
      try {
        return { adapter: await indexedDBStorage(namespace, undefined, onConnectionLost), kind: 'indexeddb' }
      } catch (err) {
        idbError = err
      }
      if (!refusesIndexedDB(idbError)) {
        // A passing failure (quota, a blocked upgrade, an I/O error) is not a
        // reason to switch stores: the vault in localStorage would be a new,
        // empty one, and the sessions in IndexedDB would seem gone.
        throw new SessionSignerError(
          'STORAGE_UNAVAILABLE',
          `IndexedDB failed (${describe(idbError)}); not falling back to localStorage, where this vault does not exist. Try again.`,
        )
      }
      try {
        await page.call('storage.attachLocal', [namespace])
      } catch (err) {
        throw new SessionSignerError(
          'STORAGE_UNAVAILABLE',
          `no storage available: IndexedDB failed (${describe(idbError)}) and localStorage failed (${describe(err)}); ` +
            `the browser may be in a mode that refuses storage, or pass storage: 'memory' for sessions that last one visit`,
        )
      }
      warn(
        `IndexedDB is unavailable (${describe(idbError)}); sessions are stored in localStorage instead, ` +
          `which holds less and is shared with every script on this origin`,
      )
      return { adapter: remoteStorage(page, localCan), kind: 'localstorage' }
    }
  }
}

/**
 * The page's localStorage adapter compares and swaps under a Web Lock, but
 * cannot add atomically (the vault then creates its header with a write and
 * a read-back).
 */
const localCan = { add: false, replace: true }

/**
 * Whether IndexedDB is refused by this browser for good (absent, or denied as
 * in privacy modes and opaque origins) rather than failing this once.
 */
function refusesIndexedDB(err: unknown): boolean {
  try {
    if (typeof indexedDB === 'undefined') return true
  } catch {
    return true // merely reading it throws: the browser denies it outright
  }
  const name = err && typeof err === 'object' && 'name' in err ? (err as { name?: string }).name : undefined
  return name === 'SecurityError' || name === 'InvalidStateError' || name === 'NotAllowedError'
}

async function attachLocalStorage(page: Endpoint, namespace: string): Promise<void> {
  try {
    await page.call('storage.attachLocal', [namespace])
  } catch (err) {
    throw new SessionSignerError('STORAGE_UNAVAILABLE', `localStorage is unavailable: ${describe(err)}`)
  }
}

function describe(err: unknown): string {
  if (err && typeof err === 'object' && 'message' in err) {
    const e = err as { name?: string; message: string }
    return e.name && e.name !== 'Error' && e.name !== 'SessionSignerError' ? `${e.name}: ${e.message}` : e.message
  }
  return String(err)
}
