import type { LocalAccount } from 'viem'
import { assertSessionLive, type LiveStatusClient } from './liveStatus.js'
import type { Hex, SessionInfo } from '../shared/types/base.js'
import type { TypedDataRequest } from '../shared/types/vault.js'
import type { Vault } from './vault.js'

export interface ViemAccountOptions {
  /**
   * 'abstract' sessions: the account's listHooks(true), in order (see
   * readAbstractAccount), for signTransaction's validator-wrapped signature.
   * Default: the session validator alone. Sent with every signTransaction
   * request when given; only the 'abstract' scheme reads it.
   */
  validationHooks?: readonly Hex[]
  /**
   * A client (any viem PublicClient) to ask the chain, before every
   * signature, whether the session is still alive: a session the chain says
   * is revoked or expired is INACTIVE_ON_CHAIN and nothing is signed. Costs
   * one eth_call per signature; default: no check.
   */
  liveCheck?: LiveStatusClient
}

/**
 * A viem LocalAccount (built with viem's toAccount) whose every signature
 * comes from the vault under the session's policy. Use it anywhere viem takes
 * an account: createWalletClient, wagmi connectors, AGW or smart-account
 * clients.
 *
 * It is async because the address is the session key's, read from the
 * vault; pass the SessionInfo you already hold to skip that read. viem is a
 * peer dependency, loaded only here.
 *
 * signTransaction sends the transaction to the vault as it is (bigints as
 * decimal strings, viem's `account` field dropped) and returns what the vault
 * returns: the serialized signed transaction. The vault serializes itself,
 * per scheme, so the bytes signed are the bytes the policy checked; a
 * serializer passed by viem (a chain's formatter) is therefore not used.
 *
 * signTypedData asks the vault for the bare 65-byte signature
 * (signatureForm 'ecdsa'), which is what viem expects of an account. So for
 * an 'abstract' session this account is the `signer` of agw-client's
 * createSessionClient / toSessionClient: agw-client asks its signer to sign
 * the zkSync transaction as typed data and wraps the signature with the
 * validator and hook data itself; the vault checks the transaction against
 * the session's policy first.
 */
export async function toViemAccount(vault: Pick<Vault, 'getSession' | 'sign'>, session: string | SessionInfo, options: ViemAccountOptions = {}): Promise<LocalAccount> {
  const info = typeof session === 'string' ? await vault.getSession(session) : session
  const id = info.id
  const hooks = options.validationHooks ? { validationHooks: options.validationHooks } : {}
  const [{ toAccount }, { getAddress }] = await Promise.all([import('viem/accounts'), import('viem')])
  const client = options.liveCheck
  const sign: Vault['sign'] = async (sessionId, request) => {
    if (client) await assertSessionLive(client, info)
    return vault.sign(sessionId, request)
  }
  return toAccount({
    address: getAddress(info.signer),
    sign: ({ hash }) => sign(id, { type: 'hash', hash }),
    signMessage: ({ message }) => sign(id, { type: 'message', message }),
    signTypedData: (typedData) => sign(id, { type: 'typedData', typedData: typedData as unknown as TypedDataRequest, signatureForm: 'ecdsa' }),
    signTransaction: (transaction) => {
      const { account: _account, ...fields } = transaction as Record<string, unknown>
      return sign(id, { type: 'transaction', transaction: fields, ...hooks })
    },
  }) as LocalAccount
}
