import type { Hex } from '../../shared/types/base.js'
import { ABSTRACT_SESSION_VALIDATOR, type AbstractReadClient } from './chain.js'

/** What the chain says about an Abstract Global Wallet, for createSession and sign. */
export interface AbstractAccountState {
  /** The account has code (agw-client refuses to sign for an undeployed one). */
  deployed: boolean
  /**
   * The account's listHooks(true), in order: pass it as `validationHooks`
   * when signing, since the account wants one hook-data entry per hook.
   */
  validationHooks: Hex[]
  /** The session validator is among the hooks: pass as `moduleInstalled` to createSession. */
  moduleInstalled: boolean
}

/** listHooks(bool) with true: the validation hooks. */
const listValidationHooks: Hex = '0xdb8a323f0000000000000000000000000000000000000000000000000000000000000001'

/**
 * Reads what createSession and sign need to know about the wallet, as
 * agw-client does: eth_getCode, then listHooks(true). viem is loaded here
 * (a peer dependency) to decode the address list.
 *
 *     const { moduleInstalled, validationHooks } = await readAbstractAccount(publicClient, agw)
 *     const s = await vault.createSession({ scheme: 'abstract', account: agw, moduleInstalled, … })
 *     await vault.sign(s.id, { type: 'transaction', transaction, validationHooks })
 */
export async function readAbstractAccount(client: AbstractReadClient, account: Hex): Promise<AbstractAccountState> {
  const code = await client.getCode({ address: account })
  if (code === undefined || code === '0x') return { deployed: false, validationHooks: [], moduleInstalled: false }
  const { decodeAbiParameters, getAddress } = await import('viem')
  const { data } = await client.call({ to: account, data: listValidationHooks })
  const [hooks] = decodeAbiParameters([{ type: 'address[]' }], data ?? '0x')
  const validationHooks = hooks.map((h) => getAddress(h))
  return { deployed: true, validationHooks, moduleInstalled: validationHooks.includes(getAddress(ABSTRACT_SESSION_VALIDATOR)) }
}
