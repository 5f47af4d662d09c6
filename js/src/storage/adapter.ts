import type { StorageAdapter } from '../types.js'

export type { StorageAdapter }

/**
 * The IndexedDB adapter also offers replace: store value only if key still
 * holds exactly expected, in one transaction, and say whether it did. The
 * vault's storage cache (wasm/cache.go) writes a record it holds this way,
 * so a copy that another tab's write made stale is refused instead of
 * written over that tab's change (a revocation, a counted use).
 */
export interface ReplacingAdapter extends StorageAdapter {
  replace?(key: string, expected: Uint8Array, value: Uint8Array): Promise<boolean>
}

/**
 * The storage key under which a built-in adapter keeps the vault's key `key`:
 * `sessionsigner:<namespace>:<key>`. The namespace is URI-encoded so that
 * one namespace can never be a prefix of another's keys ("a" + ":b:x" versus
 * "a:b" + ":x").
 */
export function namespacedKey(namespace: string, key: string): string {
  return `${namespacePrefix(namespace)}${key}`
}

export function namespacePrefix(namespace: string): string {
  return `sessionsigner:${encodeURIComponent(namespace)}:`
}
