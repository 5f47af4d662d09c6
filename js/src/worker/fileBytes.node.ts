import { readFile } from 'node:fs/promises'

/** Node's version of fileBytes.ts (used by dist/worker.node.js): reads a file: URL from disk. */
export async function fileBytes(url: string): Promise<Uint8Array> {
  return readFile(new URL(url))
}
