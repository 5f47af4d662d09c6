/**
 * The worker bundle (dist/worker.js): Go's wasm_exec.js, the storage
 * adapters and the message server. Started as a module Web Worker it serves
 * its vault at once; imported into a page or Node (openVault({ worker:
 * false })) it only exports serve.
 */
import { serve } from './worker/server.js'
import type { PortLike } from './shared/rpc.js'

export { serve }

declare const WorkerGlobalScope: { new (): unknown } | undefined
if (typeof WorkerGlobalScope !== 'undefined' && globalThis instanceof WorkerGlobalScope) {
  serve(globalThis as unknown as PortLike)
}
