import type { StorageAdapter } from '../types/vault.js'

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

/** Ascending order by UTF-16 code units (Array.prototype.sort's default, spelled out). */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
