import type { StorageAdapter } from '../types/vault.js'

export type { StorageAdapter }

/** Whether a stored value is byte for byte the one a replace expects. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
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
