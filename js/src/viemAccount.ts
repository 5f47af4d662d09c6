import type { LocalAccount } from 'viem'
import type { SessionInfo, TypedDataRequest } from './types.js'
import type { Vault } from './vault.js'

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
 */
export async function toViemAccount(vault: Vault, session: string | SessionInfo): Promise<LocalAccount> {
  const info = typeof session === 'string' ? await vault.getSession(session) : session
  const id = info.id
  const [{ toAccount }, { getAddress }] = await Promise.all([import('viem/accounts'), import('viem')])
  return toAccount({
    address: getAddress(info.signer),
    sign: ({ hash }) => vault.sign(id, { type: 'hash', hash }),
    signMessage: ({ message }) => vault.sign(id, { type: 'message', message }),
    signTypedData: (typedData) => vault.sign(id, { type: 'typedData', typedData: typedData as unknown as TypedDataRequest }),
    signTransaction: (transaction) => {
      const { account: _account, ...fields } = transaction as Record<string, unknown>
      return vault.sign(id, { type: 'transaction', transaction: fields })
    },
  }) as LocalAccount
}
