/**
 * sessionsigner/server: the client of the server host (the Cloudflare Worker
 * in the repository's cloudflare/ folder), for Node and other servers. It
 * signs every request with the app's HMAC key and gives the same vault
 * methods as the browser's Vault, so toViemAccount works over it: a backend
 * signs through a session the server holds without ever holding its key.
 *
 * A separate entry point: browser bundles that import 'sessionsigner' never
 * pull it in. It uses only fetch and Web Crypto (globalThis.crypto).
 */
import { SessionSignerError, type ErrorCode } from './shared/errors.js'
import { bytesToHex, toGoJSON } from './shared/json.js'
import { checkId, createSessionJSON } from './shared/params.js'
import type { AbstractSessionInfo, AbstractSessionParams } from './shared/types/abstract.js'
import type { SmartSessionInfo, SmartSessionParams } from './shared/types/smartsessions.js'
import type { Hex, SessionInfo } from './shared/types/base.js'
import type { CreateSessionParams, RevokedSessionInfo, SignRequest } from './shared/types/vault.js'

export { toViemAccount, type ViemAccountOptions } from './page/viemAccount.js'
export { SessionSignerError, type ErrorCode } from './shared/errors.js'

export interface ServerVaultOptions {
  /** The Worker's origin, e.g. 'https://signer.example.workers.dev'. */
  url: string
  /** The app id: the Worker holds its key as the secret APP_KEY_<app>. */
  app: string
  /** The app's HMAC key: 0x-less hex, as given to `wrangler secret put`, or bytes. */
  key: string | Uint8Array
  /** The vault's name (1-64 of A-Z, a-z, 0-9, '.', '_', '-'); each app has its own namespace. */
  vault: string
  /** Defaults to globalThis.fetch. */
  fetch?: typeof fetch
  /** Milliseconds before a request is given up as STORAGE_UNAVAILABLE (default 30,000). */
  timeoutMs?: number
}

/** The Authorization scheme and the label of the signed lines (cloudflare/auth.go). */
const scheme = 'SessionSigner'
const label = 'sessionsigner-request-v1'

/**
 * One vault on the server host. Every method is one signed HTTPS request and
 * rejects with SessionSignerError: the vault's codes, plus UNAUTHORIZED and
 * RATE_LIMITED from the host.
 */
export class ServerVault {
  readonly url: string
  readonly app: string
  readonly vault: string
  #key: Promise<CryptoKey>
  #fetch: typeof fetch
  #timeoutMs: number

  constructor(options: ServerVaultOptions) {
    this.url = options.url.replace(/\/+$/, '')
    this.app = options.app
    this.vault = options.vault
    this.#fetch = options.fetch ?? globalThis.fetch.bind(globalThis)
    this.#timeoutMs = options.timeoutMs ?? 30_000
    const raw: Uint8Array<ArrayBuffer> = typeof options.key === 'string' ? hexToBytes(options.key) : new Uint8Array(options.key)
    this.#key = globalThis.crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
  }

  createSession(params: AbstractSessionParams): Promise<AbstractSessionInfo>
  createSession(params: SmartSessionParams): Promise<SmartSessionInfo>
  createSession(params: CreateSessionParams): Promise<SessionInfo>
  async createSession(params: CreateSessionParams): Promise<SessionInfo> {
    return this.#request<SessionInfo>('POST', this.#path(), createSessionJSON(params))
  }

  listSessions(): Promise<SessionInfo[]> {
    return this.#request<SessionInfo[]>('GET', this.#path())
  }

  getSession(id: string): Promise<SessionInfo> {
    return this.#request<SessionInfo>('GET', this.#path(id))
  }

  /** Signs a request if the session's policy allows it; returns 0x-hex (a signature, or a serialized signed transaction). */
  async sign(id: string, request: SignRequest): Promise<Hex> {
    const res = await this.#request<{ signature: Hex }>('POST', this.#path(id, 'sign'), toGoJSON(request, 'INVALID_REQUEST'))
    return res.signature
  }

  revoke(id: string): Promise<RevokedSessionInfo> {
    return this.#request<RevokedSessionInfo>('POST', this.#path(id, 'revoke'), '{}')
  }

  #path(id?: string, action?: string): string {
    const parts = ['/v1/vaults', encodeURIComponent(this.vault), 'sessions']
    if (id !== undefined) parts.push(encodeURIComponent(checkId(id)))
    if (action) parts.push(action)
    return parts.join('/')
  }

  async #request<T>(method: string, path: string, body?: string): Promise<T> {
    const headers = await signRequest(await this.#key, this.app, method, path, body ?? '')
    if (body !== undefined) headers['content-type'] = 'application/json'
    let res: Response
    let text: string
    try {
      res = await this.#fetch(this.url + path, { method, headers, body, signal: AbortSignal.timeout(this.#timeoutMs) })
      text = await res.text()
    } catch (err) {
      throw new SessionSignerError('STORAGE_UNAVAILABLE', `the server host did not answer: ${(err as Error).message}; try again`, { cause: err })
    }
    let data: unknown
    try {
      data = JSON.parse(text)
    } catch {
      // Not the host's answer but the platform's (an overloaded or reset
      // isolate answers 503 with text): the request may or may not have run.
      const code = res.status >= 500 ? 'STORAGE_UNAVAILABLE' : 'INTERNAL'
      throw new SessionSignerError(code, `the server host answered ${res.status} without JSON: ${text.slice(0, 120)}; try again`)
    }
    if (!res.ok) {
      const e = (data ?? {}) as { code?: string; rule?: string; message?: string }
      throw new SessionSignerError((e.code ?? 'INTERNAL') as ErrorCode, e.message ?? `HTTP ${res.status}`, { rule: e.rule })
    }
    return data as T
  }
}

/** The vault `vault` of the app on the server host at `url`. */
export function serverVault(options: ServerVaultOptions): ServerVault {
  return new ServerVault(options)
}

/**
 * The Authorization header for one request (cloudflare/auth.go): HMAC-SHA256
 * over the label, app, method, path, timestamp, a fresh nonce and the body's
 * SHA-256, one per line. Exported for clients that build their own requests.
 */
export async function signRequest(key: CryptoKey, app: string, method: string, path: string, body: string | Uint8Array, now = Date.now()): Promise<Record<string, string>> {
  const subtle = globalThis.crypto.subtle
  const bytes: Uint8Array<ArrayBuffer> = typeof body === 'string' ? new TextEncoder().encode(body) : new Uint8Array(body)
  const bodyHash = toHex(new Uint8Array(await subtle.digest('SHA-256', bytes)))
  const ts = Math.floor(now / 1000)
  const nonce = toHex(globalThis.crypto.getRandomValues(new Uint8Array(16)))
  const lines = [label, app, method, path, String(ts), nonce, bodyHash].join('\n')
  const mac = toHex(new Uint8Array(await subtle.sign('HMAC', key, new TextEncoder().encode(lines))))
  return { authorization: `${scheme} app=${app}, ts=${ts}, nonce=${nonce}, mac=${mac}` }
}

const toHex = (b: Uint8Array) => bytesToHex(b).slice(2)

function hexToBytes(hex: string): Uint8Array<ArrayBuffer> {
  const h = hex.startsWith('0x') ? hex.slice(2) : hex
  if (h.length < 64 || h.length % 2 || !/^[0-9a-fA-F]*$/.test(h)) {
    throw new SessionSignerError('INVALID_CONFIG', 'key must be the app key in hex, at least 32 bytes')
  }
  return Uint8Array.from({ length: h.length / 2 }, (_, i) => parseInt(h.slice(2 * i, 2 * i + 2), 16))
}
