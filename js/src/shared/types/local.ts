/** Types of the 'local' scheme: a burner EOA whose policy the vault enforces. */
import type { Hex, Quantity } from './base.js'

/**
 * One allowed call for the 'local' scheme: a function (by selector or
 * signature) on a contract, or, with neither, plain ETH transfers to target.
 */
export interface AllowedCall {
  target: Hex
  /** 4-byte function selector, e.g. '0xa9059cbb'. */
  selector?: Hex
  /** Function signature, e.g. 'transfer(address,uint256)'. */
  function?: string
  /** Wei per call or transfer (required for plain transfers). */
  maxValuePerUse?: Quantity
}

/** One kind of typed data a local session may sign. */
export interface AllowedTypedData {
  /** The domain's verifyingContract. The domain must also name the session's chainId. */
  verifyingContract: Hex
  primaryType: string
  /**
   * Equality rules on message fields: a path of member names and indices joined by dots
   * (`'to'`, `'order.maker'`, `'items.0.token'`) → the value it must equal (as its EIP-712 type encodes it).
   */
  match?: Readonly<Record<string, string | number | bigint | boolean>>
}

/** createSession({ scheme: 'local', … }): a burner EOA limited to the calls in `allow`. */
export interface LocalSessionParams {
  scheme: 'local'
  chainId: Quantity
  /** Unix seconds (number or bigint) or a Date. */
  expiresAt: number | bigint | Date
  /** What the session may call. */
  allow?: AllowedCall[]
  /** At most this many signatures. */
  maxUses?: number
  /** At most this much wei in total. */
  maxTotalValue?: Quantity
  /** May sign EIP-191 messages (default true). */
  messages?: boolean
  /**
   * The EIP-712 typed data the session may sign (default: none). Token permits (`Permit…`,
   * `TokenPermissions`) are never signed; EIP-3009 transfers need `match` on `to` and `value`.
   */
  typedData?: readonly AllowedTypedData[]
  /** May sign raw 32-byte hashes, which can authorize anything (default false). */
  rawHash?: boolean
}
