import { SessionSignerError } from '../shared/errors.js'

/**
 * Copies a secret into a fresh byte array that is transferred (moved, not
 * copied) to the worker, so after the call the page holds no copy of its
 * own making. Strings are UTF-8. The caller's own Uint8Array is left as it
 * is: it belongs to the caller.
 */
export function secretBytes(secret: string | Uint8Array, name = 'secret'): Uint8Array {
  if (typeof secret === 'string') return new TextEncoder().encode(secret)
  if (secret instanceof Uint8Array) return secret.slice()
  throw new SessionSignerError('INVALID_REQUEST', `${name} must be a string or a Uint8Array`)
}

/** Zeroes copies that were not transferred (e.g. when sending failed); a transferred copy is already gone. */
export function wipe(...copies: Uint8Array[]): void {
  for (const c of copies) if (c.buffer.byteLength > 0) c.fill(0)
}
