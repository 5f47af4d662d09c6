import { SessionSignerError } from '../shared/errors.js'
import type { Hex, SessionInfo } from '../shared/types/base.js'

/**
 * What the chain says about a session:
 * - 'active': the chain accepts its signatures;
 * - 'not-enabled': the enabling call was not sent yet (Smart Sessions also
 *   says this after removeSession: its module keeps no history);
 * - 'revoked', 'expired': Abstract's validator closed it, or its expiry passed;
 * - 'unknown': the scheme has nothing on chain ('local').
 */
export type LiveStatus = 'active' | 'not-enabled' | 'revoked' | 'expired' | 'unknown'

/** The one read the check needs, an eth_call: any viem PublicClient fits. */
export interface LiveStatusClient {
  call(args: { to: Hex; data: Hex }): Promise<{ data?: Hex | undefined }>
}

/** SessionKeyValidator.sessionStatus's enum, in order. */
const abstractStatuses: readonly LiveStatus[] = ['not-enabled', 'active', 'revoked', 'expired']

/**
 * Asks the chain whether a session is alive: for 'abstract', the
 * validator's sessionStatus(account, sessionHash) (the info's statusCall);
 * for 'smartsessions', SmartSession's isPermissionEnabled(permissionId,
 * account). One eth_call; the vault need not be unlocked.
 */
export async function readSessionLiveStatus(client: LiveStatusClient, info: SessionInfo): Promise<LiveStatus> {
  const call = await liveStatusCall(info)
  if (!call) return 'unknown'
  let data: Hex | undefined
  try {
    data = (await client.call(call)).data
  } catch (err) {
    throw new SessionSignerError('HOST_ERROR', `cannot read the session's status from the chain: ${(err as Error)?.message ?? err}`, { cause: err })
  }
  if (typeof data !== 'string' || !/^0x[0-9a-fA-F]{64}$/.test(data)) {
    throw new SessionSignerError('HOST_ERROR', `the chain answered ${String(data)} for the session's status; is the client on chain ${info.chainId}?`)
  }
  const word = BigInt(data)
  if (info.scheme === 'smartsessions') return word === 1n ? 'active' : 'not-enabled'
  const status = word < BigInt(abstractStatuses.length) ? abstractStatuses[Number(word)] : undefined
  if (!status) throw new SessionSignerError('HOST_ERROR', `the validator answered status ${word}, which is not a session status`)
  return status
}

/**
 * The host check before signing: INACTIVE_ON_CHAIN if the chain says the
 * session was revoked or has expired, so the app stops sending what the
 * chain would reject. 'not-enabled' passes (a Smart Sessions ENABLE-mode
 * operation enables the session as it runs).
 */
export async function assertSessionLive(client: LiveStatusClient, info: SessionInfo): Promise<void> {
  const status = await readSessionLiveStatus(client, info)
  if (status === 'revoked' || status === 'expired') {
    throw new SessionSignerError('INACTIVE_ON_CHAIN', `the chain says this session is ${status}; create a new session (nothing was signed)`)
  }
}

async function liveStatusCall(info: SessionInfo): Promise<{ to: Hex; data: Hex } | undefined> {
  const i = info as SessionInfo & { statusCall?: { to: Hex; data: Hex }; smartSession?: Hex; permissionId?: Hex; config?: { account?: Hex } }
  if (info.scheme === 'abstract' && i.statusCall) return { to: i.statusCall.to, data: i.statusCall.data }
  const account = i.config?.account
  if (info.scheme === 'smartsessions' && i.smartSession && i.permissionId && account) {
    const { encodeFunctionData } = await import('viem')
    const data = encodeFunctionData({
      abi: [{ type: 'function', name: 'isPermissionEnabled', stateMutability: 'view', inputs: [{ name: 'permissionId', type: 'bytes32' }, { name: 'account', type: 'address' }], outputs: [{ type: 'bool' }] }],
      functionName: 'isPermissionEnabled',
      args: [i.permissionId, account],
    })
    return { to: i.smartSession, data }
  }
  return undefined
}
