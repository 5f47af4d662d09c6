/**
 * What the app's arguments become before they leave for the Go side, the same
 * for the browser's Vault and the server host's client: expiresAt as Unix
 * seconds and a session id that is a non-empty string. Mistakes are refused
 * here, naming the option, before anything is sent.
 */
import { SessionSignerError } from './errors.js'
import { toGoJSON } from './json.js'
import type { CreateSessionParams } from './types/vault.js'

/** createSession's params as the JSON the Go side reads, expiresAt in Unix seconds. */
export function createSessionJSON(params: CreateSessionParams): string {
  return toGoJSON({ ...params, expiresAt: unixSeconds(params.expiresAt) }, 'INVALID_CONFIG')
}

/**
 * expiresAt as the Go side reads it: Unix seconds. A value that cannot be a
 * time in seconds is refused here, naming the option, rather than sent on:
 * JSON turns NaN, Infinity and an invalid Date into null, which would
 * silently mean "the default lifetime", and a millisecond timestamp (from
 * Date.now()) would be a date thousands of years away.
 */
function unixSeconds(t: CreateSessionParams['expiresAt'] | undefined | null): number | bigint | string | undefined | null {
  if (t === undefined || typeof t === 'string') return t // absent: the default lifetime; strings: Go parses them
  if (t === null) throw badExpiry('null') // JSON's spelling of NaN: never the default lifetime
  if (t instanceof Date) {
    const ms = t.getTime()
    if (!Number.isFinite(ms)) throw badExpiry('an invalid Date')
    return Math.floor(ms / 1000)
  }
  if (typeof t === 'number') {
    if (!Number.isFinite(t)) throw badExpiry(String(t))
    if (!Number.isInteger(t)) throw badExpiry(`${t}, not a whole number of seconds`)
  } else if (typeof t !== 'bigint') {
    throw badExpiry(`a ${typeof t}`)
  }
  if (t < 0) throw badExpiry(`${t}, a negative time`)
  if (t >= millisecondsLike) throw badExpiry(`${t}, which looks like milliseconds (Date.now()); divide by 1000`)
  return t
}

/** 10^11 seconds is the year 5138; Date.now() has been above 10^12 since 2001. */
const millisecondsLike = 100_000_000_000

function badExpiry(what: string): SessionSignerError {
  return new SessionSignerError(
    'INVALID_CONFIG',
    `expiresAt is ${what}: it must be Unix seconds (a number or bigint) or a Date, ` +
      `e.g. Math.floor(Date.now() / 1000) + 3600; leave it out for the default lifetime (24 h); ` +
      `sessions longer than the vault's cap need a larger maxLifetimeSeconds where the vault is opened`,
  )
}

/** The session id, if it is a non-empty string. */
export function checkId(id: string): string {
  if (typeof id !== 'string' || id === '') throw new SessionSignerError('INVALID_REQUEST', 'session id must be a non-empty string')
  return id
}
