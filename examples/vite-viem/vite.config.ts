import { defineConfig } from 'vite'

export default defineConfig({
  // sessionsigner starts its worker and fetches its .wasm relative to its own
  // files (new URL(..., import.meta.url)); pre-bundling would move index.js
  // away from them in the dev server.
  optimizeDeps: { exclude: ['sessionsigner'] },
  // The worker is an ES module.
  worker: { format: 'es' },
})
