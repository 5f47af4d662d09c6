/**
 * The one error class every sessionsigner call rejects with.
 *
 * `code` is stable across versions and is what programs should branch on;
 * `message` says what happened and what to do, in words, and never holds key
 * material. The codes are the Go vault's (package session, `Code`), so a
 * failure reads the same whether it came from the worker, the storage or the
 * policy check.
 */
export const errorCodes = [
  // The Go vault's codes (session/errors.go; session/codes_test.go ties the two lists together).
  'WRONG_SECRET',
  'LOCKED',
  'NOT_FOUND',
  'EXPIRED',
  'REVOKED',
  'POLICY_VIOLATION',
  'INVALID_CONFIG',
  'INVALID_REQUEST',
  'CORRUPT_RECORD',
  'UNSAFE_KDF_PARAMS',
  'UNSUPPORTED_VERSION',
  'STORAGE_UNAVAILABLE',
  'CONFLICT',
  'UNKNOWN_SCHEME',
  'BUSY',
  'HOST_ERROR',
  'CANCELED',
  'INTERNAL',
  // The server host's (cloudflare/, through sessionsigner/server).
  'UNAUTHORIZED',
  'RATE_LIMITED',
  // Codes only the JavaScript side raises (listed in jsOnlyErrorCodes).
  'CLOSED',
  'UNSUPPORTED',
  'INACTIVE_ON_CHAIN',
] as const

/** Every stable code a SessionSignerError can carry. */
export type ErrorCode = (typeof errorCodes)[number]

/**
 * The codes the page or the worker raise without the Go vault: CLOSED (the
 * vault's worker was closed) and UNSUPPORTED (the browser lacks what an
 * unlock method needs: WebAuthn PRF, WebCrypto, IndexedDB), and
 * INACTIVE_ON_CHAIN (the live-status check before signing, page/liveStatus.ts).
 */
export const jsOnlyErrorCodes: readonly ErrorCode[] = ['CLOSED', 'UNSUPPORTED', 'INACTIVE_ON_CHAIN']

const knownCodes: ReadonlySet<string> = new Set<string>(errorCodes)

/** The plain shape an error has while it crosses postMessage. */
export interface ErrorData {
  code: ErrorCode
  rule?: string
  message: string
  /** signMany: the refused request's index. */
  index?: number
  /** signMany: the signatures made before the refused request, as a JSON array of 0x-hex strings. */
  signatures?: string
}

/**
 * The error fields viem's BaseError has, so that viem's wrapping errors
 * (TransactionExecutionError, ...) print our code and rule in their message
 * ("Details: ...") and `err.walk(e => e instanceof SessionSignerError)` finds
 * the original. Kept structural: the package has no runtime dependency on viem.
 */
export class SessionSignerError extends Error {
  override name = 'SessionSignerError'
  /** Stable code, e.g. 'WRONG_SECRET'. */
  readonly code: ErrorCode
  /** For POLICY_VIOLATION: the rule the request broke ('target', 'valuePerUse', ...). */
  readonly rule?: string
  /** From signMany: the index of the request that was refused; the ones after it were not tried. */
  readonly index?: number
  /** From signMany: the signatures made before the refused request. They are valid and counted in the session's usage. */
  readonly signatures?: `0x${string}`[]
  /** viem's shape: the message with its code and rule in front, e.g. "POLICY_VIOLATION (target): ...". */
  readonly shortMessage: string
  /** viem's shape: the message alone (viem matches node errors against it). */
  readonly details: string
  /** viem's shape: extra lines, here the code and the rule. */
  readonly metaMessages: string[]
  /** viem's shape: no docs page of our own. */
  readonly docsPath?: string
  readonly version = 'sessionsigner'

  constructor(
    code: ErrorCode,
    message: string,
    options?: { rule?: string; cause?: unknown; index?: number; signatures?: `0x${string}`[] },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
    if (options?.rule) this.rule = options.rule
    if (options?.index !== undefined) {
      this.index = options.index
      this.signatures = options.signatures ?? []
    }
    const label = this.rule ? `${code} (${this.rule})` : code
    this.shortMessage = `${label}: ${message}`
    this.details = message
    this.metaMessages = this.rule ? [`Code: ${code}`, `Rule: ${this.rule}`] : [`Code: ${code}`]
  }

  /**
   * viem's shape: the first error in the cause chain (this one first) for
   * which fn is true, or null; without fn, the deepest cause.
   */
  walk(): unknown
  walk(fn: (err: unknown) => boolean): unknown
  walk(fn?: (err: unknown) => boolean): unknown {
    let err: unknown = this
    for (;;) {
      if (fn?.(err)) return err
      const next = err && typeof err === 'object' && 'cause' in err ? (err as { cause?: unknown }).cause : undefined
      if (next === undefined) return fn ? null : err
      err = next
    }
  }

  /** Rebuilds an error that crossed the worker boundary. */
  static fromData(data: ErrorData): SessionSignerError {
    const signatures = data.index === undefined ? undefined : (JSON.parse(data.signatures ?? '[]') as `0x${string}`[])
    return new SessionSignerError(data.code, data.message, { rule: data.rule, index: data.index, signatures })
  }
}

/**
 * Turns anything thrown (a Go rejection carrying code/rule, a DOMException, a
 * plain Error) into the plain shape that survives structured cloning. Errors
 * without a known code become `fallback` (INTERNAL unless the caller knows
 * better, e.g. STORAGE_UNAVAILABLE around storage calls).
 */
export function toErrorData(err: unknown, fallback: ErrorCode = 'INTERNAL'): ErrorData {
  if (err && typeof err === 'object') {
    const e = err as { code?: unknown; rule?: unknown; message?: unknown; index?: unknown; signatures?: unknown }
    const message = typeof e.message === 'string' ? e.message : String(err)
    const code = typeof e.code === 'string' && knownCodes.has(e.code) ? (e.code as ErrorCode) : fallback
    const data: ErrorData = { code, message }
    if (typeof e.rule === 'string' && e.rule !== '') data.rule = e.rule
    if (Number.isInteger(e.index) && typeof e.signatures === 'string') {
      data.index = e.index as number
      data.signatures = e.signatures
    } else if (Number.isInteger(e.index) && Array.isArray(e.signatures)) {
      data.index = e.index as number
      data.signatures = JSON.stringify(e.signatures)
    }
    return data
  }
  return { code: fallback, message: String(err) }
}
