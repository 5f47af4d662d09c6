import type { StorageAdapter } from './adapter.js'
import { namespacedKey, namespacePrefix } from './adapter.js'

/** One database and one object store for every namespace on the origin. */
const dbName = 'sessionsigner'
const storeName = 'records'

/**
 * Opens the IndexedDB adapter (the default; it works inside the worker).
 * Every operation is its own transaction, and each record its own key, so a
 * second tab writing at the same time can only ever replace the record it
 * wrote. Rejects when IndexedDB is missing or refuses to open or write (some
 * privacy modes), so the caller can fall back to localStorage.
 */
export async function indexedDBStorage(namespace: string, factory: IDBFactory = globalThis.indexedDB): Promise<StorageAdapter> {
  if (!factory) throw new Error('IndexedDB does not exist here')
  const connection = new Connection(factory)
  const probe = namespacedKey(namespace, '.probe')
  await connection.run('readwrite', (s) => s.put(new Uint8Array(0), probe))
  await connection.run('readwrite', (s) => s.delete(probe))

  const prefix = namespacePrefix(namespace)
  return {
    async get(key) {
      const v = await connection.run('readonly', (s) => s.get(prefix + key))
      if (v === undefined) return null
      if (v instanceof Uint8Array) return v
      if (v instanceof ArrayBuffer) return new Uint8Array(v)
      // A value written by something else: let the vault report it corrupt.
      return new TextEncoder().encode(typeof v === 'string' ? v : JSON.stringify(v) ?? '')
    },
    async put(key, value) {
      await connection.run('readwrite', (s) => s.put(value, prefix + key))
    },
    async add(key, value) {
      try {
        await connection.run('readwrite', (s) => s.add(value, prefix + key))
        return true
      } catch (err) {
        if ((err as DOMException)?.name === 'ConstraintError') return false
        throw err
      }
    },
    async delete(key) {
      await connection.run('readwrite', (s) => s.delete(prefix + key))
    },
    async list(keyPrefix) {
      const lower = prefix + keyPrefix
      // Every key with this prefix sorts between lower and lower + U+FFFF
      // (vault keys are ASCII).
      const range = IDBKeyRange.bound(lower, lower + '\uffff')
      const keys = await connection.run('readonly', (s) => s.getAllKeys(range))
      return (keys as string[]).map((k) => k.slice(prefix.length))
    },
  }
}

/**
 * The open database, reopened when another tab's upgrade or the browser
 * closes it (the connection is then useless, but the data is not gone).
 */
class Connection {
  private db: Promise<IDBDatabase> | null = null

  constructor(private readonly factory: IDBFactory) {}

  async run<T>(mode: IDBTransactionMode, op: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
    const db = await this.open()
    return new Promise<T>((resolve, reject) => {
      let tx: IDBTransaction
      let req: IDBRequest<T>
      try {
        tx = db.transaction(storeName, mode)
        req = op(tx.objectStore(storeName))
      } catch (err) {
        // InvalidStateError: the connection was closed under us.
        if ((err as DOMException)?.name === 'InvalidStateError') this.db = null
        reject(err)
        return
      }
      tx.oncomplete = () => resolve(req.result)
      tx.onerror = () => reject(req.error ?? tx.error ?? new Error('IndexedDB transaction failed'))
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'))
    })
  }

  private open(): Promise<IDBDatabase> {
    if (this.db) return this.db
    const opening = new Promise<IDBDatabase>((resolve, reject) => {
      const req = this.factory.open(dbName, 1)
      req.onupgradeneeded = () => {
        if (!req.result.objectStoreNames.contains(storeName)) req.result.createObjectStore(storeName)
      }
      req.onsuccess = () => {
        const db = req.result
        db.onversionchange = () => {
          db.close()
          this.db = null
        }
        db.onclose = () => {
          this.db = null
        }
        resolve(db)
      }
      req.onerror = () => reject(req.error ?? new Error('IndexedDB refused to open'))
      req.onblocked = () => reject(new Error('IndexedDB is blocked by another tab holding an old version open'))
    })
    this.db = opening
    opening.catch(() => {
      if (this.db === opening) this.db = null
    })
    return opening
  }
}
