// The Worker's entry: syumai/workers' generated entry (build/worker.mjs,
// written by `make worker`) serves the Go handler; the Durable Object
// classes it reaches live beside it.
import worker from './build/worker.mjs'

export { NonceLedger, VaultStore } from './durable.mjs'
export default worker
