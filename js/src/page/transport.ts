import type { PortLike } from '../shared/rpc.js'

/**
 * Where the module runs: a dedicated module Web Worker (the default), or this
 * thread through a MessageChannel (Node, or worker: false). Either way the
 * page holds only a port.
 */
export interface Connection {
  port: PortLike
  /** Called with a reason when the worker dies or fails to load. */
  onFailure(listener: (message: string) => void): void
  terminate(): void
}

/** The default worker URL, written so that bundlers (Vite, webpack) see and emit the worker. */
function defaultWorker(): Worker {
  return new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: 'sessionsigner' })
}

export function startWorker(workerUrl?: string | URL): Connection {
  const worker = workerUrl ? new Worker(workerUrl, { type: 'module', name: 'sessionsigner' }) : defaultWorker()
  return {
    port: worker,
    onFailure(listener) {
      worker.onerror = (event) => {
        event.preventDefault?.()
        listener(`the sessionsigner worker failed: ${event.message || 'it could not be loaded (check workerUrl)'}`)
      }
      worker.onmessageerror = () => listener('a message from the sessionsigner worker could not be read')
    },
    terminate: () => worker.terminate(),
  }
}

export async function startInline(workerUrl?: string | URL): Promise<Connection> {
  const url = String(workerUrl ?? new URL(inNode() ? nodeWorkerFile : './worker.js', import.meta.url))
  const mod = (await import(/* @vite-ignore */ url)) as { serve(port: PortLike): void }
  const channel = new MessageChannel()
  mod.serve(channel.port2 as unknown as PortLike)
  return {
    port: channel.port1 as unknown as PortLike,
    onFailure() {},
    terminate() {
      channel.port1.close()
      channel.port2.close()
    },
  }
}

/**
 * The worker build for Node, which reads the .wasm from disk. Held in a
 * variable so that bundlers, which follow `new URL('literal', import.meta.url)`,
 * do not copy it into a browser build.
 */
const nodeWorkerFile = './worker.node.js'

function inNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process
  return typeof p?.versions?.node === 'string'
}

/** Node has no Web Worker; browsers do. */
export function workersAvailable(): boolean {
  return typeof Worker !== 'undefined'
}
