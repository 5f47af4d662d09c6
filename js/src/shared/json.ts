import { SessionSignerError, type ErrorCode } from './errors.js'

/**
 * Serializes an app's object for the Go side. JSON cannot carry bigint and a
 * JavaScript number above 2^53 has already lost digits, so:
 *
 *  - bigint becomes a decimal string (Go's hexjson.Big reads it back exactly);
 *  - an integer number outside the safe range is refused, naming the field,
 *    instead of silently signing a different amount;
 *  - a Uint8Array becomes 0x-hex (viem's `{ raw: Uint8Array }` messages);
 *  - functions and undefined are dropped (viem passes `account` objects along
 *    with transactions).
 *
 * `code` is the error code for a refusal: INVALID_CONFIG for session configs,
 * INVALID_REQUEST for signing requests.
 */
export function toGoJSON(value: unknown, code: ErrorCode): string {
  return JSON.stringify(value, function (this: unknown, key: string, v: unknown) {
    if (typeof v === 'bigint') {
      if (v < 0n) throw new SessionSignerError(code, `${fieldName(key)} is negative (${v})`)
      return v.toString(10)
    }
    if (typeof v === 'number' && Number.isInteger(v) && !Number.isSafeInteger(v)) {
      throw new SessionSignerError(
        code,
        `${fieldName(key)} is ${v}, above 2^53 where JavaScript numbers lose digits: pass it as a bigint or a decimal string`,
      )
    }
    if (v instanceof Uint8Array) return bytesToHex(v)
    if (typeof v === 'function') return undefined
    return v
  })
}

function fieldName(key: string): string {
  return key === '' ? 'the value' : `field "${key}"`
}

/** 0x-prefixed lowercase hex of bytes. */
export function bytesToHex(bytes: Uint8Array): string {
  let s = '0x'
  for (const b of bytes) s += b.toString(16).padStart(2, '0')
  return s
}
