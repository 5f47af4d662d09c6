import { useCallback, useRef, useState } from 'react'
import type { Vault } from '../vault.js'
import { asError, mutationFlags, type MutationState } from './status.js'

interface Snapshot<T> {
  status: MutationState<T>['status']
  data: T | undefined
  error: Error | null
}

const idle = { status: 'idle', data: undefined, error: null } as const

/**
 * The machinery behind useCreateSession, useSign and useRevoke: runs one
 * vault call and tracks its status. When calls overlap, the state shows the
 * last one started (an earlier one finishing late does not overwrite it);
 * each call's own promise still settles with its own result.
 */
export function useVaultMutation<A extends unknown[], T>(vault: Vault, run: (vault: Vault, ...args: A) => Promise<T>) {
  const [snap, setSnap] = useState<Snapshot<T>>(idle)
  const latest = useRef(0)
  const runRef = useRef(run)
  runRef.current = run

  const mutateAsync = useCallback(
    async (...args: A): Promise<T> => {
      const n = ++latest.current
      setSnap({ status: 'pending', data: undefined, error: null })
      try {
        const data = await runRef.current(vault, ...args)
        if (n === latest.current) setSnap({ status: 'success', data, error: null })
        return data
      } catch (err) {
        if (n === latest.current) setSnap({ status: 'error', data: undefined, error: asError(err) })
        throw err
      }
    },
    [vault],
  )
  // The fire-and-forget form: the error is in the hook's state, not thrown.
  const mutate = useCallback((...args: A): void => void mutateAsync(...args).catch(() => {}), [mutateAsync])
  const reset = useCallback(() => {
    latest.current++
    setSnap(idle)
  }, [])

  const state: MutationState<T> = { ...snap, ...mutationFlags(snap.status), reset }
  return { state, mutate, mutateAsync }
}
