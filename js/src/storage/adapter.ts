import type { StorageAdapter } from '../types.js'

export type { StorageAdapter }

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
