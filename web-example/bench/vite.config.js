// Builds the benchmark pages like the demo: through Vite, importing
// `sessionsigner`, viem, @noble/curves and hash-wasm as a dApp would.
import { resolve } from 'node:path'
import { defineConfig } from 'vite'
import { precompress } from '../precompress.mjs'

const root = import.meta.dirname

export default defineConfig({
  root,
  base: '/',
  logLevel: 'warn',
  // The demo's favicon, so no page logs a 404 for /favicon.ico.
  publicDir: resolve(root, '..', 'public'),
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 1024,
    rollupOptions: {
      input: {
        suite: resolve(root, 'index.html'),
        firstOurs: resolve(root, 'first-ours.html'),
        firstViem: resolve(root, 'first-viem.html'),
      },
    },
  },
  worker: { format: 'es' },
  plugins: [precompress()],
})
