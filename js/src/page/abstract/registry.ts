import { SessionSignerError } from '../../shared/errors.js'
import type { AbstractRegistryCheck } from '../../shared/types/abstract.js'
import type { AbstractReadClient } from './chain.js'

/** A policy's status in the Session Key Policy Registry: 0 Unset, 1 Allowed, 2 Denied. */
export type AbstractRegistryStatus = number

/**
 * The host function for `host: { 'abstract.registryCheck': … }`: on Abstract
 * mainnet the vault cannot read the chain, so it hands the app the
 * registry's view calls (the same ones agw-client makes before enabling a
 * session) and refuses the session unless every answer is Allowed.
 *
 *     const publicClient = createPublicClient({ chain: abstract, transport: http(), batch: { multicall: true } })
 *     const vault = await openVault({ namespace, host: { 'abstract.registryCheck': abstractRegistryCheck(publicClient) } })
 *
 * Each check is one eth_call, all made at once (a client with
 * `batch: { multicall: true }` sends them as one multicall). A call that
 * reverts or returns anything but one uint8 word fails the whole check, so
 * the vault reports HOST_ERROR instead of guessing.
 */
export function abstractRegistryCheck(client: AbstractReadClient): (checks: AbstractRegistryCheck[]) => Promise<AbstractRegistryStatus[]> {
  return (checks) => Promise.all(checks.map((check) => status(client, check)))
}

async function status(client: AbstractReadClient, check: AbstractRegistryCheck): Promise<AbstractRegistryStatus> {
  const { data } = await client.call({ to: check.to, data: check.data })
  if (typeof data !== 'string' || !/^0x[0-9a-fA-F]{64}$/.test(data) || BigInt(data) > 255n) {
    throw new SessionSignerError(
      'HOST_ERROR',
      `the policy registry ${check.to} answered ${String(data).slice(0, 80)} for the ${check.policyType} check of ${check.target}, not a uint8 status`,
    )
  }
  return Number(BigInt(data))
}
