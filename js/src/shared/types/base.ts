/**
 * The base types every other type file builds on; this file imports none of
 * them, so the scheme types (local.ts, abstract.ts, smartsessions.ts) and the
 * Vault API (vault.ts) form no circle. Quantities that can exceed 2^53
 * (values, limits, chain ids) are accepted as bigint, decimal string or
 * 0x-hex string (and small safe integers), and come back as decimal strings.
 */

/** A quantity as the app may pass it. */
export type Quantity = bigint | string | number

/** 0x-prefixed hex. */
export type Hex = `0x${string}`

/** 'corrupt' marks a listed record that could not be read (it never signs). */
export type SessionStatus = 'active' | 'expired' | 'revoked' | 'corrupt'

/** A session as listed: never key material. Scheme artifacts are merged in. */
export interface SessionInfo {
  id: string
  scheme: string
  /** Decimal string. */
  chainId: string
  /** The session key's address. */
  signer: Hex
  /** Unix seconds. */
  createdAt: number
  /** Unix seconds. */
  expiresAt: number
  status: SessionStatus
  /** What the session may do, in words. */
  permissions: string[]
  config: Record<string, unknown>
  configHash: Hex
  usage?: Record<string, unknown>
  [detail: string]: unknown
}

/** A call for the app to send (a transaction from the account or its owner) or to make (eth_call). */
export interface ContractCall {
  to: Hex
  data: Hex
  /** Wei, decimal string; absent for view calls. */
  value?: string
}
