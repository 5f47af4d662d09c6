/** base64url without padding (WebAuthn's encoding of credential ids). */
export function toBase64url(b: Uint8Array): string {
  return toBase64(b).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

export function fromBase64url(s: string): Uint8Array<ArrayBuffer> {
  return fromBase64(s.replace(/-/g, '+').replace(/_/g, '/'))
}

/** Standard base64, as Go's encoding/json writes []byte. */
export function toBase64(b: Uint8Array): string {
  let s = ''
  for (const c of b) s += String.fromCharCode(c)
  return btoa(s)
}

export function fromBase64(s: string): Uint8Array<ArrayBuffer> {
  const padded = s + '='.repeat((4 - (s.length % 4)) % 4)
  return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0))
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i])
}

export function randomBytes(n: number): Uint8Array<ArrayBuffer> {
  return crypto.getRandomValues(new Uint8Array(n))
}
