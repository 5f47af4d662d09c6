import type { SessionInfo } from '../../shared/types/base.js'

/**
 * module-sdk's `Session` carries the chain next to the on-chain struct
 * (`chainId: bigint`, not part of the permissionId or of enableSessions), so
 * the info's `session` gets it too: `getPermissionId({ session: info.session })`
 * and the SDK's other helpers then take it without a cast. JSON cannot carry
 * a bigint, so it is added here, on the page, from the info's chainId.
 */
export function withSessionChainId<T extends SessionInfo>(info: T): T {
  const session = (info as { session?: unknown }).session
  if (info.scheme === 'smartsessions' && session && typeof session === 'object' && /^\d+$/.test(String(info.chainId))) {
    ;(session as { chainId?: bigint }).chainId = BigInt(info.chainId)
  }
  return info
}
