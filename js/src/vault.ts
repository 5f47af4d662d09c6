import { SessionSignerError } from './errors.js'
import { toGoJSON } from './json.js'
import type { Endpoint } from './rpc.js'
import { secretBytes, wipe } from './secret.js'
import type { Connection } from './transport.js'
import type { AbstractSessionInfo, AbstractSessionParams } from './abstract/types.js'
import type { SmartSessionInfo, SmartSessionParams } from './smartsessions/types.js'
import type { CreateSessionParams, Hex, RevokedSessionInfo, SessionInfo, SignRequest, StorageKind, VaultState } from './types.js'
import type { Reply } from './worker/server.js'

/**
 * A vault opened with openVault. Every method forwards to the Go module in
 * the worker and rejects with SessionSignerError. `state` is refreshed after
 * every call, so it also notices a vault another tab created.
 */
export class Vault {
  #state: VaultState
  #rpc: Endpoint
  #connection: Connection
  #closed = false

  /** @internal use openVault */
  constructor(rpc: Endpoint, connection: Connection, state: VaultState, readonly storage: StorageKind, readonly namespace: string) {
    this.#rpc = rpc
    this.#connection = connection
    this.#state = state
  }

  /** 'new' (unlock will create the vault), 'locked' or 'unlocked'. */
  get state(): VaultState {
    return this.#state
  }

  /** Opens the vault with the secret (a passphrase, a PIN, or bytes derived from a wallet signature); creates it on first use. */
  async unlock(secret: string | Uint8Array): Promise<void> {
    const bytes = secretBytes(secret)
    try {
      await this.#call('unlock', [bytes], [bytes.buffer])
    } finally {
      wipe(bytes)
    }
  }

  /** Forgets the vault key; sessions stay listed, signing needs unlock again. */
  async lock(): Promise<void> {
    await this.#call('lock')
  }

  /** Re-reads the vault's state (e.g. after another tab created or changed it). */
  async refresh(): Promise<VaultState> {
    return this.#call<VaultState>('state')
  }

  /**
   * Creates a session with a fresh key under the given policy. The info
   * carries the scheme's on-chain artifacts (for 'abstract' the session hash
   * and enabling call, for 'smartsessions' the permissionId and
   * enableSessions call).
   */
  createSession(params: AbstractSessionParams): Promise<AbstractSessionInfo>
  createSession(params: SmartSessionParams): Promise<SmartSessionInfo>
  createSession(params: CreateSessionParams): Promise<SessionInfo>
  async createSession(params: CreateSessionParams): Promise<SessionInfo> {
    const normalized = { ...params, expiresAt: unixSeconds(params.expiresAt) }
    return parseJSON<SessionInfo>(await this.#call<string>('createSession', [toGoJSON(normalized, 'INVALID_CONFIG')]))
  }

  /** Every session in the vault (works while locked). */
  async listSessions(): Promise<SessionInfo[]> {
    return parseJSON<SessionInfo[]>(await this.#call<string>('listSessions'))
  }

  async getSession(id: string): Promise<SessionInfo> {
    return parseJSON<SessionInfo>(await this.#call<string>('getSession', [checkId(id)]))
  }

  /** Signs a request if the session's policy allows it; returns 0x-hex (a signature, or a serialized signed transaction). */
  async sign(id: string, request: SignRequest): Promise<Hex> {
    return this.#call<Hex>('sign', [checkId(id), toGoJSON(request, 'INVALID_REQUEST')])
  }

  /**
   * Signs many requests with one session in one call, in order, each checked
   * against the policy and the usage left by the ones before it; the usage
   * of all of them is stored at once, before any signature is made. Resolves
   * to the signatures in request order. If a request is refused, rejects
   * with its error (code, rule) plus `index` (which request) and
   * `signatures` (the ones made before it: valid, and counted in the usage);
   * the requests after it were not tried. At most 1,024 requests.
   */
  async signMany(id: string, requests: SignRequest[]): Promise<Hex[]> {
    if (!Array.isArray(requests)) throw new SessionSignerError('INVALID_REQUEST', 'signMany takes an array of requests')
    const json = `[${requests.map((r) => toGoJSON(r, 'INVALID_REQUEST')).join(',')}]`
    return parseJSON<Hex[]>(await this.#call<string>('signMany', [checkId(id), json]))
  }

  /** Wipes the session's key; the info carries the scheme's on-chain revoke call, if any. */
  async revoke(id: string): Promise<RevokedSessionInfo> {
    return parseJSON<RevokedSessionInfo>(await this.#call<string>('revoke', [checkId(id)]))
  }

  /** Re-seals the vault under a new secret; a wrong old secret changes nothing. */
  async changeSecret(oldSecret: string | Uint8Array, newSecret: string | Uint8Array): Promise<void> {
    const a = secretBytes(oldSecret, 'oldSecret')
    const b = secretBytes(newSecret, 'newSecret')
    try {
      await this.#call('changeSecret', [a, b], [a.buffer, b.buffer])
    } finally {
      wipe(a, b)
    }
  }

  /**
   * Locks the vault and stops its worker; later calls reject with CLOSED.
   * The worker is asked to lock first (in this thread, nothing else would
   * wipe the key) and is stopped once it answers, or after a second.
   */
  close(): void {
    if (this.#closed) return
    this.#closed = true
    this.#state = 'locked'
    const finish = () => {
      clearTimeout(timer)
      this.#rpc.close({ code: 'CLOSED', message: 'the vault was closed' })
      this.#connection.terminate()
    }
    const timer = setTimeout(finish, 1000)
    this.#rpc.call('close').then(finish, finish)
  }

  async #call<T = void>(method: string, params: unknown[] = [], transfer: Transferable[] = []): Promise<T> {
    if (this.#closed) throw new SessionSignerError('CLOSED', 'the vault was closed: open it again with openVault')
    try {
      const reply = await this.#rpc.call<Reply<T>>(method, params, transfer)
      this.#state = reply.state
      return reply.value
    } catch (err) {
      if (err instanceof SessionSignerError && err.code === 'LOCKED') this.#state = 'locked'
      throw err
    }
  }
}

/**
 * expiresAt as the Go side reads it: Unix seconds. A value that cannot be a
 * time in seconds is refused here, naming the option, rather than sent on:
 * JSON turns NaN, Infinity and an invalid Date into null, which would
 * silently mean "the default lifetime", and a millisecond timestamp (from
 * Date.now()) would be a date thousands of years away.
 */
function unixSeconds(t: CreateSessionParams['expiresAt'] | undefined | null): number | bigint | string | undefined | null {
  if (t === undefined || t === null || typeof t === 'string') return t // absent: the default lifetime; strings: Go parses them
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
      `e.g. Math.floor(Date.now() / 1000) + 3600; leave it out for the default lifetime (24 h), ` +
      `and open the vault with a larger maxLifetimeSeconds for sessions longer than its cap`,
  )
}

function checkId(id: string): string {
  if (typeof id !== 'string' || id === '') throw new SessionSignerError('INVALID_REQUEST', 'session id must be a non-empty string')
  return id
}

function parseJSON<T>(text: string): T {
  return JSON.parse(text) as T
}
