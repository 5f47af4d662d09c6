// Builds the npm package into js/dist: index.js (the page API), server.js
// (the server host's client), worker.js
// (the worker: Go's wasm_exec.js, storage adapters, message server) and the
// .d.ts declarations. sessionsigner.wasm is built by `make wasm` from ../wasm.
//
// wasm_exec.js must match the Go toolchain that built the module, so it is
// read from $(go env GOROOT)/lib/wasm at build time, never copied into git.
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as esbuild from 'esbuild'

const here = dirname(fileURLToPath(import.meta.url))
const dist = join(here, 'dist')
const go = process.env.GO || 'go'
const goroot = execFileSync(go, ['env', 'GOROOT'], { encoding: 'utf8' }).trim()
const wasmExec = join(goroot, 'lib', 'wasm', 'wasm_exec.js')
if (!existsSync(wasmExec)) throw new Error(`${wasmExec} is missing: is Go installed?`)

/** Resolves `import 'go:wasm_exec'` to the toolchain's file. */
const goWasmExec = {
  name: 'go-wasm-exec',
  setup(build) {
    build.onResolve({ filter: /^go:wasm_exec$/ }, () => ({ path: wasmExec }))
  },
}

const common = {
  bundle: true,
  format: 'esm',
  target: 'es2022',
  platform: 'neutral',
  logLevel: 'warning',
  legalComments: 'inline',
}

await esbuild.build({
  ...common,
  entryPoints: [join(here, 'src/index.ts')],
  outfile: join(dist, 'index.js'),
  // viem is a peer dependency, imported only by toViemAccount.
  external: ['viem', 'viem/*'],
})

/**
 * The react entry shares the main entry's SessionSignerError (one class, so
 * instanceof works across both): its import of shared/errors.js becomes an import
 * of the package itself instead of a second copy.
 */
const errorsFromMain = {
  name: 'errors-from-main',
  setup(build) {
    build.onResolve({ filter: /\/shared\/errors\.js$/ }, () => ({ path: 'sessionsigner', external: true }))
  },
}

// sessionsigner/react: hooks for React apps; react is an optional peer dependency.
await esbuild.build({
  ...common,
  entryPoints: [join(here, 'src/react/index.ts')],
  outfile: join(dist, 'react.js'),
  plugins: [errorsFromMain],
  external: ['react', 'sessionsigner'],
})

// The server host's client (sessionsigner/server), a separate entry so that
// browser bundles never include it.
await esbuild.build({
  ...common,
  entryPoints: [join(here, 'src/server.ts')],
  outfile: join(dist, 'server.js'),
  external: ['viem', 'viem/*'],
})

await esbuild.build({
  ...common,
  entryPoints: [join(here, 'src/worker.ts')],
  outfile: join(dist, 'worker.js'),
  plugins: [goWasmExec],
  minify: true,
})

/** Swaps the worker's file reader for Node's (fileBytes.node.ts). */
const nodeFileBytes = {
  name: 'node-file-bytes',
  setup(build) {
    build.onResolve({ filter: /\/fileBytes\.js$/ }, () => ({ path: join(here, 'src/worker/fileBytes.node.ts') }))
  },
}

// The worker for Node (no Web Worker there: openVault runs it in the calling
// thread), the one build that may import node: modules.
await esbuild.build({
  ...common,
  entryPoints: [join(here, 'src/worker.ts')],
  outfile: join(dist, 'worker.node.js'),
  plugins: [goWasmExec, nodeFileBytes],
  external: ['node:*'],
  minify: true,
})

execFileSync(join(here, '..', 'node_modules', '.bin', 'tsc'), ['-p', join(here, 'tsconfig.json')], { stdio: 'inherit' })

if (!existsSync(join(dist, 'sessionsigner.wasm'))) {
  console.warn('js/dist/sessionsigner.wasm is missing: run `make wasm`')
}
