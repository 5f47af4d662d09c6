import { SessionSignerError } from '../../shared/errors.js'
import type { Hex, SessionInfo } from '../../shared/types/base.js'

/**
 * A placeholder ECDSA signature of the real one's length (65 bytes r‖s‖v)
 * for gas estimation: r and s are valid curve scalars (s in the lower
 * half), so a validator that recovers does not revert, and most bytes are
 * non-zero, so calldata is priced no lower than with a real signature.
 */
export const stubEcdsa: Hex = `0x${'ff'.repeat(15)}f0${'00'.repeat(16)}7${'a'.repeat(63)}1c`

/**
 * The stub signature a 'smartsessions' session's user operations carry
 * while a bundler estimates gas (eth_estimateUserOperationGas): the USE
 * layout, 0x00 ‖ permissionId ‖ 65 bytes, exactly as long as what
 * signUserOperationWithSession returns. It signs nothing and needs no
 * unlocked vault. With viem or permissionless, return it from the smart
 * account's getStubSignature:
 *
 *     const sessionAccount = { ...smartAccount, getStubSignature: async () => getStubSignature(s), signUserOperation: … }
 */
export function getStubSignature(session: Pick<SessionInfo, 'scheme'> & { permissionId?: Hex }): Hex {
  const id = session.permissionId
  if (session.scheme !== 'smartsessions' || typeof id !== 'string' || !/^0x[0-9a-fA-F]{64}$/.test(id)) {
    throw new SessionSignerError('INVALID_REQUEST', 'getStubSignature needs the info of a smartsessions session (it reads its permissionId)')
  }
  return `0x00${id.slice(2)}${stubEcdsa.slice(2)}` as Hex
}
