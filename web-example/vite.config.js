// Builds the demo the way a dApp builds: Vite resolves `sessionsigner` (the
// npm workspace package in ../js), sees `new Worker(new URL('./worker.js',
// import.meta.url))` and `new URL('./sessionsigner.wasm', import.meta.url)`
// in it, and emits both under dist/assets with content hashes.
import { defineConfig } from 'vite'
import { precompress } from './precompress.mjs'

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Nothing inlined as data: URLs, which the CSP (default-src 'self') forbids.
    assetsInlineLimit: 0,
    // The module-preload polyfill would be the only inline-looking script.
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 1024,
  },
  // The package starts its worker with { type: 'module' }.
  worker: { format: 'es' },
  plugins: [precompress()],
})
