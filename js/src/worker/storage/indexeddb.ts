import type { StorageAdapter } from '../../shared/storage/adapter.js'
import { sameBytes } from '../../shared/bytes.js'
import { namespacedKey, namespacePrefix } from '../../shared/storage/adapter.js'

/** One database and one object store for every namespace on the origin. */
const dbName = 'sessionsigner'
const storeName = 'records'

/**
 * Opens the IndexedDB adapter (the default; it works inside the worker).
 * Every operation is its own transaction, and each record its own key, so a
 * second tab writing at the same time can only ever replace the record it
 * wrote. Rejects when IndexedDB is missing or refuses to open or write (some
 * privacy modes), so the caller can fall back to localStorage.
 *
 * onConnectionLost is called when the browser closes the connection (site
 * data cleared, the database deleted or upgraded elsewhere): whatever was
 * read before may be gone, and a cache of it must be dropped.
 */
export async function indexedDBStorage(
  namespace: string,
  factory: IDBFactory = globalThis.indexedDB,
  onConnectionLost: () => void = () => {},
): Promise<StorageAdapter> {
  if (!factory) throw new Error('IndexedDB does not exist here')
  const connection = new Connection(factory, onConnectionLost)
  const probe = namespacedKey(namespace, '.probe')
  await connection.run('readwrite', (s) => s.put(new Uint8Array(0), probe))
  await connection.run('readwrite', (s) => s.delete(probe))

  const prefix = namespacePrefix(namespace)
  return {
    async get(key) {
      const v = await connection.run('readonly', (s) => s.get(prefix + key))
      return v === undefined ? null : bytesOf(v)
    },
    // One transaction for the whole batch: a transaction per key costs
    // about a millisecond each.
    async getMany(keys) {
      if (keys.length === 0) return []
      const reads: IDBRequest[] = []
      await connection.run('readonly', (s) => {
        for (const key of keys) reads.push(s.get(prefix + key))
        return reads[reads.length - 1]
      })
      return reads.map((r) => (r.result === undefined ? null : bytesOf(r.result)))
    },
    async put(key, value) {
      await connection.run('readwrite', (s) => s.put(value, prefix + key))
    },
    async replace(key, expected, value) {
      let replaced = false
      await connection.run('readwrite', (s) => {
        const req = s.get(prefix + key)
        req.onsuccess = () => {
          // Still inside the transaction: no other tab can write in between.
          if (req.result !== undefined && sameBytes(bytesOf(req.result), expected)) {
            s.put(value, prefix + key)
            replaced = true
          }
        }
        return req
      })
      return replaced
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

/** A stored value as bytes; a value written by something else becomes bytes the vault reports as corrupt. */
function bytesOf(v: unknown): Uint8Array {
  if (v instanceof Uint8Array) return v
  if (v instanceof ArrayBuffer) return new Uint8Array(v)
  return new TextEncoder().encode(typeof v === 'string' ? v : (JSON.stringify(v) ?? ''))
}

/**
 * The open database, reopened when another tab's upgrade or the browser
 * closes it (the connection is then useless, but the data is not gone).
 */
class Connection {
  private db: Promise<IDBDatabase> | null = null

  constructor(
    private readonly factory: IDBFactory,
    private readonly onLost: () => void,
  ) {}

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
        if ((err as DOMException)?.name === 'InvalidStateError') this.lost()
        reject(err)
        return
      }
      tx.oncomplete = () => resolve(req.result)
      tx.onerror = () => reject(req.error ?? tx.error ?? new Error('IndexedDB transaction failed'))
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'))
    })
  }

  private lost(): void {
    this.db = null
    this.onLost()
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
          this.lost()
        }
        db.onclose = () => this.lost()
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
