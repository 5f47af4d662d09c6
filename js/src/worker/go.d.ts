// Types for what the Go module (../../wasm) installs, and for Go's
// wasm_exec.js, which the build resolves from $(go env GOROOT)/lib/wasm.

declare module 'go:wasm_exec' {}

declare class Go {
  argv: string[]
  env: Record<string, string>
  importObject: WebAssembly.Imports
  exited: boolean
  run(instance: WebAssembly.Instance): Promise<void>
}
