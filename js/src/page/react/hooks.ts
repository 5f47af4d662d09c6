import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react'
import type { Vault } from '../vault.js'
import type { Hex, SessionInfo } from '../../shared/types/base.js'
import type { CreateSessionParams, RevokedSessionInfo, SignRequest, VaultState } from '../../shared/types/vault.js'
import { useVaultContext } from './context.js'
import { asError, queryFlags, type MutationState, type QueryResult } from './status.js'
import { useVaultMutation } from './useMutation.js'

/** The provider's vault and its state ('new' | 'locked' | 'unlocked'), re-rendering when the state changes. */
export function useVault(): { vault: Vault; state: VaultState } {
  const vault = useVaultContext('useVault')
  const subscribe = useCallback((tell: () => void) => vault.on('statechange', tell), [vault])
  const state = useSyncExternalStore(subscribe, () => vault.state, () => vault.state)
  return { vault, state }
}

/**
 * Every session in the vault (listSessions, which works while locked),
 * read again whenever sessions change in this tab or another tab of the same
 * vault ('sessionschange') and when the vault's state changes.
 */
export function useSessions(): QueryResult<SessionInfo[]> {
  const vault = useVaultContext('useSessions')
  const [snap, setSnap] = useState<{ status: QueryResult<SessionInfo[]>['status']; data: SessionInfo[] | undefined; error: Error | null; isFetching: boolean }>({
    status: 'pending',
    data: undefined,
    error: null,
    isFetching: true,
  })
  // Only the newest read may set the state: reads can finish out of order.
  const latest = useRef(0)

  const refetch = useCallback(async (): Promise<SessionInfo[] | undefined> => {
    const n = ++latest.current
    setSnap((s) => ({ ...s, isFetching: true }))
    try {
      const data = await vault.listSessions()
      if (n === latest.current) setSnap({ status: 'success', data, error: null, isFetching: false })
      return data
    } catch (err) {
      if (n === latest.current) setSnap((s) => ({ status: 'error', data: s.data, error: asError(err), isFetching: false }))
      return undefined
    }
  }, [vault])

  useEffect(() => {
    void refetch()
    const again = () => void refetch()
    const offSessions = vault.on('sessionschange', again)
    const offState = vault.on('statechange', again)
    return () => {
      offSessions()
      offState()
      latest.current++ // a read still under way no longer sets the state
    }
  }, [vault, refetch])

  return { ...snap, ...queryFlags(snap.status), refetch }
}

/** Creates a session: `createSession(params)` / `await createSessionAsync(params)`; data is the new SessionInfo. */
export function useCreateSession(): MutationState<SessionInfo> & {
  createSession: (params: CreateSessionParams) => void
  createSessionAsync: (params: CreateSessionParams) => Promise<SessionInfo>
} {
  const vault = useVaultContext('useCreateSession')
  const m = useVaultMutation(vault, (v, params: CreateSessionParams) => v.createSession(params))
  return { ...m.state, createSession: m.mutate, createSessionAsync: m.mutateAsync }
}

/** Signs with a session: `sign(id, request)` / `await signAsync(id, request)`; data is the 0x-hex result. */
export function useSign(): MutationState<Hex> & {
  sign: (id: string, request: SignRequest) => void
  signAsync: (id: string, request: SignRequest) => Promise<Hex>
} {
  const vault = useVaultContext('useSign')
  const m = useVaultMutation(vault, (v, id: string, request: SignRequest) => v.sign(id, request))
  return { ...m.state, sign: m.mutate, signAsync: m.mutateAsync }
}

/** Revokes a session: `revoke(id)` / `await revokeAsync(id)`; data is the revoked session's info. */
export function useRevoke(): MutationState<RevokedSessionInfo> & {
  revoke: (id: string) => void
  revokeAsync: (id: string) => Promise<RevokedSessionInfo>
} {
  const vault = useVaultContext('useRevoke')
  const m = useVaultMutation(vault, (v, id: string) => v.revoke(id))
  return { ...m.state, revoke: m.mutate, revokeAsync: m.mutateAsync }
}
