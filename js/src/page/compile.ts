/**
 * Compiles the module on the page while the worker starts. Fetching and
 * compiling sessionsigner.wasm is the largest part of a cold start, and
 * it only depends on the URL: done here it overlaps with the worker's own
 * start-up (loading and running worker.js) instead of following it, and the
 * compiled WebAssembly.Module is then posted to the worker (a Module is
 * cloneable to a dedicated worker; the compiled code is shared, not copied).
 *
 * Best effort: where the page may not compile WebAssembly (a CSP without
 * 'wasm-unsafe-eval' on the page), or the fetch fails, it resolves to
 * undefined and the worker fetches and compiles the module itself, reporting
 * any error with its own message.
 */
export function compileOnPage(wasmUrl: string): Promise<WebAssembly.Module | undefined> {
  if (typeof WebAssembly === 'undefined' || typeof fetch !== 'function' || !/^https?:/.test(wasmUrl)) {
    return Promise.resolve(undefined)
  }
  const compile = async (): Promise<WebAssembly.Module> => {
    const response = await fetch(wasmUrl)
    if (!response.ok) throw new Error(`HTTP ${response.status}`)
    if (WebAssembly.compileStreaming && response.headers.get('content-type')?.startsWith('application/wasm')) {
      return WebAssembly.compileStreaming(response)
    }
    return WebAssembly.compile(await response.arrayBuffer())
  }
  return compile().catch(() => undefined)
}
