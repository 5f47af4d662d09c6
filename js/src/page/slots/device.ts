import { SessionSignerError } from '../../shared/errors.js'
import { randomBytes } from '../../shared/bytes.js'

/**
 * "Remember this device": a random 32-byte slot secret, kept in this
 * browser profile's IndexedDB encrypted under a non-extractable AES-GCM
 * WebCrypto key stored next to it. Script on this origin can use the key
 * (decrypt) but not read it out; a copy of the profile's files carries the
 * key too (see the README's threat model). The slot in the vault header has
 * an expiry bound into its associated data, so it cannot be extended by
 * editing storage.
 */

export const defaultDeviceSeconds = 12 * 3600
export const maxDeviceSeconds = 30 * 24 * 3600

const dbName = 'sessionsigner-device'
const storeName = 'keys'

export interface DeviceRecord {
  slotId: string
  expiresAt: number
  key: CryptoKey
  iv: Uint8Array<ArrayBuffer>
  ciphertext: ArrayBuffer
}

/** The remembered-device lifetime asked for, checked. */
export function deviceSeconds(seconds: number | undefined): number {
  const s = seconds ?? defaultDeviceSeconds
  if (!Number.isInteger(s) || s <= 0 || s > maxDeviceSeconds) {
    throw new SessionSignerError('INVALID_REQUEST', `rememberDevice: "for" must be a whole number of seconds from 1 to ${maxDeviceSeconds} (30 days)`)
  }
  return s
}

/** A new device secret and its encrypted form (the record lacks slotId until the slot exists). */
export async function newDeviceSecret(expiresAt: number): Promise<{ secret: Uint8Array<ArrayBuffer>; record: Omit<DeviceRecord, 'slotId'> }> {
  const subtle = webcrypto()
  const key = await subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt'])
  const secret = randomBytes(32)
  const iv = randomBytes(12)
  const ciphertext = await subtle.encrypt({ name: 'AES-GCM', iv }, key, secret)
  return { secret, record: { expiresAt, key, iv, ciphertext } }
}

/** Decrypts a remembered device's secret; the caller transfers it to the worker. */
export async function deviceSecret(r: DeviceRecord): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await webcrypto().decrypt({ name: 'AES-GCM', iv: r.iv }, r.key, r.ciphertext))
}

export async function readDevice(id: string): Promise<DeviceRecord | null> {
  return (await withStore('readonly', (s) => s.get(id))) ?? null
}

export async function writeDevice(id: string, r: DeviceRecord): Promise<void> {
  await withStore('readwrite', (s) => s.put(r, id))
}

export async function deleteDevice(id: string): Promise<void> {
  await withStore('readwrite', (s) => s.delete(id))
}

function webcrypto(): SubtleCrypto {
  if (!globalThis.crypto?.subtle) throw new SessionSignerError('UNSUPPORTED', 'remembering a device needs WebCrypto (a secure context)')
  return crypto.subtle
}

function withStore<T>(mode: IDBTransactionMode, op: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  if (typeof indexedDB === 'undefined') {
    return Promise.reject(new SessionSignerError('UNSUPPORTED', 'remembering a device needs IndexedDB, which this page does not have'))
  }
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(dbName, 1)
    open.onupgradeneeded = () => open.result.createObjectStore(storeName)
    open.onerror = () => reject(new SessionSignerError('STORAGE_UNAVAILABLE', `remembered device: ${open.error?.message}`))
    open.onsuccess = () => {
      const db = open.result
      const tx = db.transaction(storeName, mode)
      const req = op(tx.objectStore(storeName))
      tx.oncomplete = () => {
        db.close()
        resolve(req.result)
      }
      tx.onerror = () => {
        db.close()
        reject(new SessionSignerError('STORAGE_UNAVAILABLE', `remembered device: ${tx.error?.message}`))
      }
    }
  })
}
