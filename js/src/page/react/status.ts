/**
 * The result shapes of the hooks, named and shaped as wagmi's (TanStack
 * Query's) so code and habits carry over: a status string plus the booleans
 * derived from it, the last data and the last error.
 */

/** A read that runs by itself and again when the vault says its data changed. */
export interface QueryResult<T> {
  /** 'pending' until the first answer, then 'success' or 'error' (the last answer's). */
  status: 'pending' | 'success' | 'error'
  /** The last successful answer; kept while a refetch runs or fails. */
  data: T | undefined
  error: Error | null
  isPending: boolean
  isSuccess: boolean
  isError: boolean
  /** A read is under way (the first one or a refetch). */
  isFetching: boolean
  /** Reads again now; resolves to the new data (undefined if it failed). */
  refetch: () => Promise<T | undefined>
}

/** An action the app starts (create, sign, revoke). */
export interface MutationState<T> {
  /** 'idle' until started, 'pending' while it runs, then 'success' or 'error'. */
  status: 'idle' | 'pending' | 'success' | 'error'
  data: T | undefined
  error: Error | null
  isIdle: boolean
  isPending: boolean
  isSuccess: boolean
  isError: boolean
  /** Back to 'idle', forgetting data and error. */
  reset: () => void
}

export function queryFlags<T>(status: QueryResult<T>['status']) {
  return { isPending: status === 'pending', isSuccess: status === 'success', isError: status === 'error' }
}

export function mutationFlags<T>(status: MutationState<T>['status']) {
  return { isIdle: status === 'idle', isPending: status === 'pending', isSuccess: status === 'success', isError: status === 'error' }
}

/** Anything thrown, as an Error (the vault throws SessionSignerError). */
export function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err))
}
