// The starter app as a new user would build it: copied outside the
// repository, dependencies from its own lock file, sessionsigner from the
// packed tarball (make pack), type-checked, built with Vite, served with a
// mock JSON-RPC node on 127.0.0.1, and run in Debian's headless Chromium.
// Fails if the package cannot be installed, bundled or used through viem.
import assert from 'node:assert/strict'
import { execFileSync, spawn } from 'node:child_process'
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { createServer } from 'node:http'
import { createServer as createNetServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, extname, join, normalize } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { parseTransaction, recoverTransactionAddress } from 'viem'
import { launchChromium } from '../../../scripts/chromium.mjs'
import { mockRpc } from './rpc.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const example = join(here, '..')
const repo = join(example, '..', '..')
const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css' }

async function tarball() {
  const found = (await readdir(repo)).filter((f) => /^sessionsigner-.*\.tgz$/.test(f))
  assert.equal(found.length, 1, 'run `make pack` first: exactly one sessionsigner-<version>.tgz in the repository root')
  return join(repo, found[0])
}

function run(cmd, args, cwd) {
  const started = Date.now()
  const out = execFileSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' })
  console.log(`${[cmd, ...args.slice(0, 2)].join(' ')}: ${((Date.now() - started) / 1000).toFixed(1)} s`)
  return out
}

/** Serves dir and POST /rpc (the mock node) on 127.0.0.1 at a free port. */
async function serve(dir, rpc) {
  const server = createServer(async (req, res) => {
    if (req.url === '/rpc') {
      // The dev server's page is on another origin.
      res.setHeader('access-control-allow-origin', '*')
      res.setHeader('access-control-allow-headers', 'content-type')
      if (req.method === 'OPTIONS') return res.writeHead(204).end()
      let body = ''
      for await (const chunk of req) body += chunk
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify(rpc.answer(JSON.parse(body))))
      return
    }
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '')
    const file = join(dir, path === '/' ? 'index.html' : path)
    try {
      const bytes = await readFile(file)
      res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' })
      res.end(bytes)
    } catch {
      res.writeHead(404).end()
    }
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => {
      // Chromium keeps connections alive; close() alone would wait for them.
      const closed = new Promise((r) => server.close(r))
      server.closeAllConnections()
      return closed
    },
  }
}

test('the Vite + viem starter installs the packed tarball, builds, and sends and refuses through viem', { timeout: 600_000 }, async (t) => {
  const pkg = await tarball()
  // Cleanups run last-registered first: the dev server stops before its folder goes.
  const cleanups = []
  t.after(async () => {
    for (const f of cleanups.reverse()) await f()
  })
  const app = await mkdtemp(join(tmpdir(), 'sessionsigner-starter-'))
  cleanups.push(() => rm(app, { recursive: true, force: true, maxRetries: 3 }))
  for (const f of ['package.json', 'package-lock.json', 'index.html', 'vite.config.ts', 'tsconfig.json', 'src']) {
    await cp(join(example, f), join(app, f), { recursive: true })
  }
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
  run(npm, ['ci', '--no-audit', '--no-fund', '--prefer-offline'], app)
  // What the README tells a developer to run (without touching the copied lock file).
  run(npm, ['install', '--no-save', '--no-audit', '--no-fund', '--prefer-offline', pkg], app)

  run(process.execPath, [join(repo, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', app], app)
  const build = run(process.execPath, [join(app, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'], app)
  assert.doesNotMatch(build, /cannot be analyzed|warning|\(!\)/i, `vite build warns:\n${build}`)
  const assets = await readdir(join(app, 'dist', 'assets'))
  assert.ok(assets.some((f) => f.endsWith('.wasm')), `the build emits the .wasm: ${assets}`)
  assert.ok(!assets.some((f) => f.includes('worker.node')), 'the Node-only worker stays out of the browser build')

  const rpc = mockRpc()
  const server = await serve(join(app, 'dist'), rpc)
  cleanups.push(() => server.close())
  const browser = await launchChromium()
  cleanups.push(() => browser.close())
  const result = await runPage(browser, `${server.url}/?rpc=${encodeURIComponent(`${server.url}/rpc`)}`)

  await checkResult(result, rpc)

  // The dev server, as `npm run dev` starts it, serves the worker and the .wasm too.
  const port = await freePort()
  const dev = spawn(process.execPath, [join(app, 'node_modules', 'vite', 'bin', 'vite.js'), '--host', '127.0.0.1', '--port', String(port), '--strictPort'], {
    cwd: app,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  cleanups.push(() => stopGroup(dev))
  await new Promise((resolve, reject) => {
    dev.stdout.on('data', (d) => String(d).includes('Local') && resolve())
    dev.on('exit', (code) => reject(new Error(`vite dev exited with ${code}`)))
  })
  const devRpc = mockRpc()
  const devRpcServer = await serve(join(app, 'dist'), devRpc)
  cleanups.push(() => devRpcServer.close())
  const devResult = await runPage(browser, `http://127.0.0.1:${port}/?rpc=${encodeURIComponent(`${devRpcServer.url}/rpc`)}`)
  await checkResult(devResult, devRpc)
})

/** Opens url, waits for the starter's result and returns it; page errors fail. */
async function runPage(browser, url) {
  const page = await browser.context.newPage()
  const errors = []
  page.on('pageerror', (e) => errors.push(String(e)))
  await page.goto(url)
  await page.waitForSelector('#log[data-done]', { timeout: 120_000 })
  const text = await page.textContent('#log')
  assert.equal(await page.getAttribute('#log', 'data-done'), 'ok', text)
  assert.deepEqual(errors, [])
  // index.html preloads the module: openVault must take that response, not download it again.
  const wasmFetches = await page.evaluate(() => performance.getEntriesByType('resource').filter((e) => new URL(e.name).pathname.endsWith('.wasm')).map((e) => e.name))
  assert.equal(wasmFetches.length, 1, `the module was fetched once: ${wasmFetches.join(', ')}`)
  await page.close()
  return JSON.parse(text)
}

/** The allowed payment reached the node, signed by the session key; the refusals were caught by code. */
async function checkResult(result, rpc) {
  assert.equal(result.hash, `0x${'ab'.repeat(32)}`)
  assert.equal(rpc.raw.length, 1, 'one transaction sent; the refused one never left the page')
  const sent = parseTransaction(rpc.raw[0])
  assert.equal(sent.to, '0x1111111111111111111111111111111111111111')
  assert.equal(sent.chainId, 31337)
  assert.equal(sent.gas, 21000n, 'viem filled gas from the node')
  assert.equal((await recoverTransactionAddress({ serializedTransaction: rpc.raw[0] })).toLowerCase(), result.signer.toLowerCase())

  // Refusals caught by code, directly and through viem.
  assert.equal(result.direct?.code, 'POLICY_VIOLATION')
  assert.equal(result.throughViem?.code, 'POLICY_VIOLATION')
  assert.equal(result.throughViem.rule, 'target')
  assert.match(result.viemMessage, /^POLICY_VIOLATION \(target\)/)
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createNetServer()
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => resolve(port))
    })
    s.on('error', reject)
  })
}

/** Stops a detached child and everything it started; resolves once it has exited. */
function stopGroup(child) {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  try {
    process.kill(-child.pid, 'SIGTERM')
  } catch {
    return
  }
  return exited
}
