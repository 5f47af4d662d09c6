/**
 * The one error class every sessionsigner call rejects with.
 *
 * `code` is stable across versions and is what programs should branch on;
 * `message` says what happened and what to do, in words, and never holds key
 * material. The codes are the Go vault's (package session, `Code`), so a
 * failure reads the same whether it came from the worker, the storage or the
 * policy check.
 */
export type ErrorCode =
  | 'WRONG_SECRET'
  | 'LOCKED'
  | 'NOT_FOUND'
  | 'EXPIRED'
  | 'REVOKED'
  | 'POLICY_VIOLATION'
  | 'INVALID_CONFIG'
  | 'INVALID_REQUEST'
  | 'CORRUPT_RECORD'
  | 'UNSAFE_KDF_PARAMS'
  | 'UNSUPPORTED_VERSION'
  | 'STORAGE_UNAVAILABLE'
  | 'CONFLICT'
  | 'UNKNOWN_SCHEME'
  | 'BUSY'
  | 'HOST_ERROR'
  | 'CANCELED'
  | 'CLOSED'
  | 'UNAUTHORIZED'
  | 'RATE_LIMITED'
  | 'INTERNAL'

const knownCodes: ReadonlySet<string> = new Set<ErrorCode>([
  'WRONG_SECRET', 'LOCKED', 'NOT_FOUND', 'EXPIRED', 'REVOKED', 'POLICY_VIOLATION',
  'INVALID_CONFIG', 'INVALID_REQUEST', 'CORRUPT_RECORD', 'UNSAFE_KDF_PARAMS',
  'UNSUPPORTED_VERSION', 'STORAGE_UNAVAILABLE', 'CONFLICT', 'UNKNOWN_SCHEME', 'BUSY', 'HOST_ERROR', 'CANCELED',
  'CLOSED', 'UNAUTHORIZED', 'RATE_LIMITED', 'INTERNAL',
])

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
