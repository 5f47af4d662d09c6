// Headless Chromium for the browser tests: Debian's /usr/bin/chromium (never
// a downloaded browser) with a fresh user-data-dir, a tiny HTTP server on
// 127.0.0.1 for the built package and a test page bundled at test time, and
// logs and screenshots under test-output/browser/.
import { createServer } from 'node:http'
import { mkdirSync, readFileSync, rmSync, appendFileSync, writeFileSync } from 'node:fs'
import { dirname, extname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as esbuild from 'esbuild'
import { launchChromium } from '../../../scripts/chromium.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const repo = resolve(here, '../../..')
const dist = join(repo, 'js/dist')
const fixtures = join(here, 'fixtures')
export const outputRoot = join(repo, 'test-output/browser')


const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.map': 'application/json' }

/**
 * Starts everything one test file needs. `name` names the output folder;
 * `host` is the name the page is loaded from (WebAuthn needs a domain, so
 * passkey tests use 'localhost'; the server listens on 127.0.0.1 either way);
 * `script` is the fixture bundled as the page's script (JSX allowed).
 * Returns { url, context, newPage(), log(), requests(path), close() }.
 */
export async function startBrowser(name, { host = '127.0.0.1', script = 'page.js' } = {}) {
  const out = join(outputRoot, name)
  rmSync(out, { recursive: true, force: true })
  mkdirSync(out, { recursive: true })
  const logFile = join(out, 'browser.log')
  writeFileSync(logFile, '')
  const log = (line) => appendFileSync(logFile, `${new Date().toISOString()} ${line}\n`)

  const built = join(out, 'page.js')
  await esbuild.build({
    entryPoints: [join(fixtures, script)],
    bundle: true,
    jsx: 'automatic',
    format: 'esm',
    target: 'es2022',
    outfile: built,
    logLevel: 'error',
  })

  const files = {
    '/': join(fixtures, 'index.html'),
    '/index.html': join(fixtures, 'index.html'),
    '/preload.html': join(fixtures, 'preload.html'),
    '/page.js': built,
    '/worker.js': join(dist, 'worker.js'),
    '/sessionsigner.wasm': join(dist, 'sessionsigner.wasm'),
    '/no-indexeddb-worker.js': join(fixtures, 'no-indexeddb-worker.js'),
    '/flaky-indexeddb-worker.js': join(fixtures, 'flaky-indexeddb-worker.js'),
  }
  // How many times each path was asked for (an outcome some tests check).
  const served = new Map()
  const server = createServer(async (req, res) => {
    const { pathname: path, searchParams } = new URL(req.url, 'http://x')
    // ?delayMs=N answers N ms late: a module that arrives after the worker has started.
    const delay = Number(searchParams.get('delayMs') ?? 0)
    if (delay > 0) await new Promise((ok) => setTimeout(ok, Math.min(delay, 5_000)))
    served.set(path, (served.get(path) ?? 0) + 1)
    const file = files[path]
    if (path === '/favicon.ico') {
      res.writeHead(204).end()
      return
    }
    if (!file) {
      res.writeHead(404).end('not found')
      return
    }
    // CORS lets a sandboxed (opaque-origin) frame of the test page load the
    // module too: that is how the tests meet a browser that refuses storage.
    res.writeHead(200, {
      'content-type': types[extname(file) || '.html'],
      'cache-control': 'no-store',
      'access-control-allow-origin': '*',
    })
    res.end(readFileSync(file))
  })
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok))
  const url = `http://${host}:${server.address().port}/`

  const chromium = await launchChromium()
  const context = chromium.context
  const watch = (page, label) => {
    page.on('console', (m) => log(`[${label} console.${m.type()}] ${m.text()}`))
    page.on('pageerror', (e) => log(`[${label} pageerror] ${e.message}`))
    page.on('worker', (w) => log(`[${label} worker] ${w.url()}`))
  }
  let pages = 0

  return {
    url,
    context,
    out,
    log,
    /** How many requests for path (e.g. '/sessionsigner.wasm') the server has had. */
    requests: (path) => served.get(path) ?? 0,
    /** A new tab on the test page, ready to use. */
    async newPage(path = '') {
      const page = await context.newPage()
      watch(page, `tab${++pages}`)
      await page.goto(url + path)
      await page.waitForFunction(() => window.pageReady === true)
      return page
    },
    /** Reloads a tab and waits for the page script. */
    async reload(page) {
      await page.reload()
      await page.waitForFunction(() => window.pageReady === true)
    },
    async screenshot(page, label) {
      await page.screenshot({ path: join(out, `${label}.png`) }).catch(() => {})
    },
    async close() {
      await chromium.close()
      await new Promise((ok) => server.close(ok))
    },
  }
}

/** The cheapest Argon2id parameters the vault accepts, for tests that are not about Argon2. */
export const fastKdf = { memoryKiB: 19456, time: 2, threads: 1 }
