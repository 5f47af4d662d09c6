/**
 * Compiles the module on the page while the worker starts. Fetching and
 * compiling sessionsigner.wasm is the largest part of a cold start, and
 * it only depends on the URL: done here it overlaps with the worker's own
 * start-up (loading and running worker.js) instead of following it, and the
 * compiled WebAssembly.Module is then posted to the worker (a Module is
 * cloneable to a dedicated worker; the compiled code is shared, not copied).
 *
 * One compile per URL for the page's lifetime: a second openVault (another
 * namespace, or the same one after close, as React's StrictMode does) posts
 * the same Module instead of fetching and compiling 7 MB again, and its
 * worker also finds the functions that Go's start-up runs already compiled
 * (V8 compiles each function at its first call and keeps it with the
 * Module). Measured in Chromium on a busy 2-core machine: a second vault
 * ready in 125 ms instead of 301 (medians of 5). The cost is that the
 * compiled module stays in the page's memory after the last vault closes.
 *
 * Best effort: where the page may not compile WebAssembly (a CSP without
 * 'wasm-unsafe-eval' on the page), or the fetch fails, it resolves to
 * undefined and the worker fetches and compiles the module itself, reporting
 * any error with its own message; a failed compile is not kept, so the next
 * openVault tries again.
 */
export function compileOnPage(wasmUrl: string): Promise<WebAssembly.Module | undefined> {
  if (typeof WebAssembly === 'undefined' || typeof fetch !== 'function' || !/^https?:/.test(wasmUrl)) {
    return Promise.resolve(undefined)
  }
  let module = compiled.get(wasmUrl)
  if (!module) {
    module = compile(wasmUrl).catch(() => undefined)
    compiled.set(wasmUrl, module)
    void module.then((m) => {
      if (!m) compiled.delete(wasmUrl)
    })
  }
  return module
}

const compiled = new Map<string, Promise<WebAssembly.Module | undefined>>()

async function compile(wasmUrl: string): Promise<WebAssembly.Module> {
  const response = await fetch(wasmUrl)
  if (!response.ok) throw new Error(`HTTP ${response.status}`)
  if (WebAssembly.compileStreaming && response.headers.get('content-type')?.startsWith('application/wasm')) {
    return WebAssembly.compileStreaming(response)
  }
  return WebAssembly.compile(await response.arrayBuffer())
}
