import type { StorageAdapter } from './adapter.js'
import { compareCodeUnits } from './adapter.js'
import { sameBytes } from '../bytes.js'

/**
 * A storage adapter in a Map: nothing survives the vault's worker (or, when
 * passed as `storage: memoryStorage()`, the page). For tests, and for apps
 * that want sessions to last exactly one visit. Values are copied in and out
 * so no caller can change a stored record by mutating its array.
 */
export function memoryStorage(): StorageAdapter {
  const records = new Map<string, Uint8Array>()
  return {
    async get(key) {
      const v = records.get(key)
      return v ? v.slice() : null
    },
    async getMany(keys) {
      return keys.map((k) => records.get(k)?.slice() ?? null)
    },
    async put(key, value) {
      records.set(key, value.slice())
    },
    async add(key, value) {
      if (records.has(key)) return false
      records.set(key, value.slice())
      return true
    },
    async replace(key, expected, value) {
      const held = records.get(key)
      if (!held || !sameBytes(held, expected)) return false
      records.set(key, value.slice())
      return true
    },
    async delete(key) {
      records.delete(key)
    },
    async list(prefix) {
      return [...records.keys()].filter((k) => k.startsWith(prefix)).sort(compareCodeUnits)
    },
  }
}
