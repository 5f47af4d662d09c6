// A few benchmark rows, for working on one lever: the same pages as
// `make bench`, but only the parts named, and the raw figures (medians over
// runs) printed as JSON instead of the table. Timings are printed, never
// asserted.
//
//   BENCH_ONLY=first,sign,list BENCH_RUNS=3 node web-example/bench/rows.mjs
//
// Parts: first (page load to first signature, ours and viem), sign (warm
// signing: noble, viem, ours on IndexedDB and memory, signMany), unlock
// (Argon2id and the full-entropy unlocks), list (createSession and
// listSessions over BENCH_SESSIONS).
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'vite'
import { launchBrowser } from '../../scripts/chromium.mjs'
import { startServer } from '../serve.mjs'
import { runPage as loadPage } from './page.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const runs = Number(process.env.BENCH_RUNS ?? 3)
const sessions = Number(process.env.BENCH_SESSIONS ?? 1000)
const only = (process.env.BENCH_ONLY ?? 'first,sign,list').split(',').filter(Boolean)
const say = (m) => process.stderr.write(`${m}\n`)

await build({ configFile: join(here, 'vite.config.js'), logLevel: 'error' })
const server = await startServer({ root: join(here, 'dist') })
const browser = await launchBrowser()
const samples = {}
const add = (prefix, results) => {
  for (const [k, v] of Object.entries(results)) if (typeof v === 'number') (samples[`${prefix}.${k}`] ??= []).push(v)
}
try {
  const parts = only.filter((p) => p !== 'first').join(',')
  for (let run = 1; run <= runs; run++) {
    if (only.includes('first')) {
      const firsts = run % 2 ? ['first-viem', 'first-ours'] : ['first-ours', 'first-viem']
      for (const name of firsts) add(name, await runPage(`${name}.html`, 60_000))
    }
    if (parts) add('suite', await runPage(`index.html?sessions=${sessions}&only=${parts}`, 300_000))
  }
} finally {
  await browser.close()
  await server.close()
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}
const out = {}
for (const [k, xs] of Object.entries(samples)) out[k] = { median: +median(xs).toFixed(3), all: xs.map((x) => +x.toFixed(3)) }
console.log(JSON.stringify(out, null, 1))

function runPage(path, timeout) {
  return loadPage(browser, server.url + path, path.split('?')[0], timeout, say)
}
