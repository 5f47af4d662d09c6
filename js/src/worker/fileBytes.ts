/**
 * Reads a file: URL's bytes. This is the browser build, where no file: URL
 * can be read: the Node build (dist/worker.node.js) swaps in fileBytes.node.ts,
 * so the browser worker carries no Node-only import for bundlers to trip on.
 */
export async function fileBytes(url: string): Promise<Uint8Array> {
  throw new Error(`${url} is a file: URL, which only the Node build of the worker reads; serve the .wasm over http(s)`)
}
