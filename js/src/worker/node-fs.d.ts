// The one Node API the Node build of the worker uses (fileBytes.node.ts);
// the package carries no Node type package for it.
declare module 'node:fs/promises' {
  export function readFile(url: URL): Promise<Uint8Array>
}
