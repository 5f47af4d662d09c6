import type { GoAnswer, GoMethods, GoReply, GoVault } from './goapi.js'

/**
 * Calls into one Go vault as promises. Go answers every call through one
 * long-lived function (answer, given to open) instead of a Promise per call
 * (wasm/dispatch.go); this keeps, per call in flight, only its resolve and
 * reject under the call's number.
 */
export interface GoCalls {
  /** Give this to GoApi.open. */
  readonly answer: GoAnswer
  call<M extends keyof GoMethods>(vault: GoVault, method: M, ...args: GoMethods[M]['args']): Promise<GoReply<GoMethods[M]['value']>>
}

export function goCalls(): GoCalls {
  let last = 0
  const waiting = new Map<number, { resolve: (r: GoReply<never>) => void; reject: (e: unknown) => void }>()
  return {
    answer(seq, error, value, state) {
      const w = waiting.get(seq)
      if (!w) return
      waiting.delete(seq)
      if (error) w.reject(error)
      else w.resolve({ value: value as never, state })
    },
    call(vault, method, ...args) {
      return new Promise((resolve, reject) => {
        const seq = ++last
        waiting.set(seq, { resolve, reject })
        // Called unbound: Go's syscall/js hands every call's `this` to Go
        // as a value with a finalizer; undefined costs it nothing.
        const call = vault.call
        const refused = call(seq, method, ...args)
        if (refused) {
          waiting.delete(seq)
          reject(refused)
        }
      })
    },
  }
}
