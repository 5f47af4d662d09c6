import 'go:wasm_exec'
import { SessionSignerError } from '../shared/errors.js'
import { fileBytes } from './fileBytes.js'
import type { GoApi } from './goapi.js'

/**
 * Starts the Go module once per thread and wasm URL, and hands back the API
 * object it installs. Readiness is explicit: Go calls a uniquely named global
 * callback (passed as argv[1]) after the API exists, so two modules starting
 * in one thread cannot take each other's API, and nothing is called before
 * Go is listening.
 */
export interface Runtime {
  api: GoApi
  /** Rejects if the Go program ever exits (a panic): every call in flight must fail, not hang. */
  exited: Promise<never>
}

const runtimes = new Map<string, Promise<Runtime>>()

/** compiled, when given, is wasmUrl's module compiled by the page (page/compile.ts). */
export function startRuntime(wasmUrl: string, compiled?: WebAssembly.Module): Promise<Runtime> {
  let r = runtimes.get(wasmUrl)
  if (!r) {
    r = boot(wasmUrl, compiled)
    runtimes.set(wasmUrl, r)
    r.catch(() => runtimes.delete(wasmUrl))
  }
  return r
}

async function boot(wasmUrl: string, compiled: WebAssembly.Module | undefined): Promise<Runtime> {
  const go = new Go()
  const readyName = `__sessionsignerReady${Math.random().toString(36).slice(2)}`
  const g = globalThis as unknown as Record<string, unknown>
  const ready = new Promise<GoApi>((resolve) => {
    g[readyName] = resolve
  })
  go.argv = ['sessionsigner', readyName]

  const instance = compiled
    ? await WebAssembly.instantiate(compiled, go.importObject).catch(() => instantiate(wasmUrl, go.importObject))
    : await instantiate(wasmUrl, go.importObject)
  const exited = go.run(instance).then(() => {
    throw new SessionSignerError('INTERNAL', 'the sessionsigner module stopped; reload the page')
  })
  exited.catch(() => {})
  try {
    const api = await Promise.race([ready, exited])
    return { api, exited }
  } finally {
    delete g[readyName]
  }
}

async function instantiate(url: string, imports: WebAssembly.Imports): Promise<WebAssembly.Instance> {
  try {
    if (url.startsWith('file:')) {
      // Node, which cannot fetch file: URLs (see fileBytes.node.ts).
      return (await WebAssembly.instantiate((await fileBytes(url)) as BufferSource, imports)).instance
    }
    const response = await fetch(url)
    if (!response.ok) throw new Error(`HTTP ${response.status}`)
    if (WebAssembly.instantiateStreaming && response.headers.get('content-type')?.startsWith('application/wasm')) {
      return (await WebAssembly.instantiateStreaming(response, imports)).instance
    }
    return (await WebAssembly.instantiate(await response.arrayBuffer(), imports)).instance
  } catch (err) {
    throw new SessionSignerError('INTERNAL', `cannot load the sessionsigner module from ${url}: ${(err as Error)?.message ?? err}`, {
      cause: err,
    })
  }
}
