/**
 * Byte helpers used on both sides: base64 for stored values and slot JSON,
 * base64url for WebAuthn, and byte equality for compare-and-swap and
 * credential ids.
 */

/** base64url without padding (WebAuthn's encoding of credential ids). */
export function toBase64url(b: Uint8Array): string {
  return toBase64(b).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

export function fromBase64url(s: string): Uint8Array<ArrayBuffer> {
  return fromBase64(s.replace(/-/g, '+').replace(/_/g, '/'))
}

/** Standard base64, as Go's encoding/json writes []byte (in 32 KiB steps, to stay under the argument limit). */
export function toBase64(bytes: Uint8Array): string {
  let s = ''
  for (let i = 0; i < bytes.length; i += 0x8000) {
    s += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  }
  return btoa(s)
}

export function fromBase64(s: string): Uint8Array<ArrayBuffer> {
  const padded = s + '='.repeat((4 - (s.length % 4)) % 4)
  return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0))
}

/** Whether two byte arrays are equal byte for byte (not in constant time: for ids and stored records, not secrets). */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

export function randomBytes(n: number): Uint8Array<ArrayBuffer> {
  return crypto.getRandomValues(new Uint8Array(n))
}
