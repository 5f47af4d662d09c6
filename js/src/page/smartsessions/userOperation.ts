import type { Hex, Quantity, SessionInfo } from '../../shared/types/base.js'
import type { Vault } from '../vault.js'
import type { SmartSessionEnable, UserOperationInput } from '../../shared/types/smartsessions.js'

export interface SessionUserOperationOptions {
  /** Default '0.7'. */
  entryPointVersion?: '0.7' | '0.8'
  /** Default the canonical EntryPoint of that version. */
  entryPointAddress?: Hex
  /** The chain the operation runs on; default the user operation's `chainId` field, else the session's chain. */
  chainId?: Quantity
  /** Sign in ENABLE mode with the owner's signature of enableDigest. */
  enable?: SmartSessionEnable
}

/**
 * Signs an ERC-4337 user operation with a 'smartsessions' session and
 * returns the signature to put in it: 0x00 ‖ permissionId ‖ the session
 * key's signature of the userOpHash (USE mode), or the ENABLE-mode
 * signature with `options.enable`. The vault computes the userOpHash from
 * the operation itself, checks that the sender is the session's account,
 * and checks every call in its callData against the session's policies.
 *
 * It takes what viem's SmartAccount.signUserOperation takes (a `chainId`
 * field and viem's extra fields such as `account` are handled), so an
 * ERC-7579 smart account can sign through the session:
 *
 *     const sessionAccount = {
 *       ...smartAccount,
 *       signUserOperation: (op) => signUserOperationWithSession(vault, s.id, { sender: smartAccount.address, ...op },
 *         { entryPointAddress: smartAccount.entryPoint.address, entryPointVersion: smartAccount.entryPoint.version }),
 *     }
 */
export async function signUserOperationWithSession(
  vault: Vault,
  session: string | SessionInfo,
  userOperation: UserOperationInput & { chainId?: Quantity },
  options: SessionUserOperationOptions = {},
): Promise<Hex> {
  const id = typeof session === 'string' ? session : session.id
  const { account: _account, chainId: opChainId, ...op } = userOperation as UserOperationInput & { chainId?: Quantity; account?: unknown }
  const chainId = options.chainId ?? opChainId
  return vault.sign(id, {
    type: 'userOperation',
    userOperation: op,
    ...(options.entryPointVersion !== undefined ? { entryPointVersion: options.entryPointVersion } : {}),
    ...(options.entryPointAddress !== undefined ? { entryPointAddress: options.entryPointAddress } : {}),
    ...(chainId !== undefined ? { chainId } : {}),
    ...(options.enable !== undefined ? { enable: options.enable } : {}),
  })
}
