// `make bench`: builds the benchmark pages with Vite, serves them on
// 127.0.0.1 (same server and CSP as the demo), and runs them in ONE headless
// Chromium, each run in fresh browser contexts (empty caches, so the cold
// numbers are cold). Prints a Markdown table of medians and ratios against
// the budgets in docs/design.md. Timings are printed, never asserted.
//
//   node web-example/bench/run.mjs            (BENCH_RUNS=5, BENCH_SESSIONS=1000)
import { readFileSync, readdirSync } from 'node:fs'
import { availableParallelism, cpus } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'vite'
import { launchBrowser } from '../../scripts/chromium.mjs'
import { startServer } from '../serve.mjs'
import { runPage as loadPage } from './page.mjs'
import { summarize, table } from './report.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const wasmFile = join(here, '..', '..', 'js', 'dist', 'sessionsigner.wasm')
const runs = Number(process.env.BENCH_RUNS ?? 5)
const sessions = Number(process.env.BENCH_SESSIONS ?? 1000)
const say = (m) => process.stderr.write(`${m}\n`)

const began = Date.now()
let wasm
try {
  wasm = readFileSync(wasmFile)
} catch {
  say(`bench: ${wasmFile} is missing: run make js first`)
  process.exit(2)
}

say('bench: building the pages with Vite (the .wasm is compressed once and cached)…')
await build({ configFile: join(here, 'vite.config.js'), logLevel: 'error' })
const size = moduleSize(join(here, 'dist', 'assets'), wasm)

const server = await startServer({ root: join(here, 'dist') })
const browser = await launchBrowser()
const browserVersion = browser.version()
const samples = []
try {
  for (let run = 1; run <= runs; run++) {
    const sample = {}
    // Alternate which cold page goes first, so neither always gets the quieter machine.
    const firsts = run % 2 ? ['firstViem', 'firstOurs'] : ['firstOurs', 'firstViem']
    for (const name of firsts) sample[name] = await runPage(browser, `${name === 'firstOurs' ? 'first-ours' : 'first-viem'}.html`, run, 60_000)
    sample.suite = await runPage(browser, `index.html?sessions=${sessions}`, run, 300_000)
    samples.push(sample)
  }
} finally {
  await browser.close()
  await server.close()
}

const machine = {
  cpus: availableParallelism(),
  cpu: cpus()[0]?.model?.trim() ?? 'unknown',
  chromium: `headless Chromium ${browserVersion}`,
  node: process.version,
}
console.log(table(summarize(samples, size), { runs, sessions, machine }))
say(`bench: done in ${((Date.now() - began) / 1000).toFixed(0)} s`)

/** Loads one page in a fresh context and returns what it reported. */
function runPage(browser, path, run, timeout) {
  return loadPage(browser, server.url + path, `run ${run} ${path.split('?')[0]}`, timeout, say)
}

/**
 * Raw, gzip and brotli bytes of the module. The compressed figures are the
 * files the build wrote beside the copy Vite emitted (gzip -9, brotli at its
 * best quality, as scripts/size.mjs computes them); the copy is checked to be
 * the same bytes as js/dist/sessionsigner.wasm.
 */
function moduleSize(assets, raw) {
  const name = readdirSync(assets).find((f) => /^sessionsigner-.*\.wasm$/.test(f))
  if (!name || !readFileSync(join(assets, name)).equals(raw)) throw new Error('the built page does not carry js/dist/sessionsigner.wasm')
  return {
    raw: raw.length,
    gzip: readFileSync(join(assets, `${name}.gz`)).length,
    brotli: readFileSync(join(assets, `${name}.br`)).length,
  }
}
