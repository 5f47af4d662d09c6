/**
 * What the Abstract helpers need from a viem client: the two public actions
 * they use, typed loosely enough that any viem PublicClient (any chain, any
 * transport, extended or not) fits without pulling viem's types in here.
 */
import type { Hex } from '../../shared/types/base.js'

export interface AbstractReadClient {
  call(args: { to: Hex; data: Hex }): Promise<{ data?: Hex | undefined }>
  getCode(args: { address: Hex }): Promise<Hex | undefined>
}

/** The SessionKeyValidator module, the same on every Abstract and zkSync chain. */
export const ABSTRACT_SESSION_VALIDATOR: Hex = '0x34ca1501FAE231cC2ebc995CE013Dbe882d7d081'
