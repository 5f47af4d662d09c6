// Starts the server host (cloudflare/) under wrangler's local runtime the way
// every test, `make worker-dev` and the benchmark do: offline (no metrics,
// no request.cf fetch), on 127.0.0.1 and a free port, with a temporary
// config home and --persist-to folder, in its own process group so that
// stop() ends workerd too. The process group is also ended when this
// process exits, on success or failure.
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
export const workerDir = join(root, 'cloudflare')
const wranglerBin = join(root, 'node_modules', '.bin', 'wrangler')

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => resolve(port))
    })
  })
}

/** A random 32-byte key in hex, as `wrangler secret put` would hold it. */
export const randomKey = () => randomBytes(32).toString('hex')

const running = new Set()
function stopAll() {
  for (const pid of running) {
    try {
      process.kill(-pid, 'SIGKILL')
    } catch {}
  }
  running.clear()
}
process.once('exit', stopAll)
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.once(sig, () => {
    stopAll()
    process.exit(130)
  })
}

/**
 * Starts the Worker. options:
 *   apps       { appId: hexKey } (APP_KEY_<appId> secrets)
 *   masterKey  hex (MASTER_KEY); random by default
 *   rateLimit  requests per 60 s and app; the default is wrangler.jsonc's
 *   probes     serve /v1/_probe/* (the quirk tests)
 *   log        'inherit' to see wrangler's output
 * Resolves to { url, port, stop, elapsedMs } once /v1/health answers;
 * elapsedMs is from spawn to that first answer.
 */
export async function startWorker({ apps = {}, masterKey = randomKey(), rateLimit, probes = false, log = 'pipe' } = {}) {
  const temp = await mkdtemp(join(tmpdir(), 'sessionsigner-worker-'))
  const config = JSON.parse(stripComments(await readFile(join(workerDir, 'wrangler.jsonc'), 'utf8')))
  config.main = join(workerDir, config.main)
  if (rateLimit !== undefined) config.ratelimits[0].simple.limit = rateLimit
  const configPath = join(temp, 'wrangler.json')
  await writeFile(configPath, JSON.stringify(config))
  // The storage Worker (the Durable Object classes) runs beside it in the same dev session.
  const storage = JSON.parse(stripComments(await readFile(join(workerDir, 'storage', 'wrangler.jsonc'), 'utf8')))
  storage.main = join(workerDir, 'storage', storage.main)
  const storagePath = join(temp, 'storage.json')
  await writeFile(storagePath, JSON.stringify(storage))
  const [port, inspector] = [await freePort(), await freePort()]
  const vars = { MASTER_KEY: masterKey, ...(probes ? { SESSIONSIGNER_PROBES: '1' } : {}) }
  for (const [app, key] of Object.entries(apps)) vars[`APP_KEY_${app}`] = key
  const args = ['dev', '--config', configPath, '--config', storagePath, '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(inspector),
    '--persist-to', join(temp, 'state'), '--log-level', log === 'inherit' ? 'log' : 'warn']
  for (const [k, v] of Object.entries(vars)) args.push('--var', `${k}:${v}`)
  const started = performance.now()
  const child = spawn(wranglerBin, args, {
    cwd: temp,
    detached: true, // its own process group: stop() ends workerd with it
    stdio: ['ignore', log, log],
    env: {
      ...process.env,
      WRANGLER_SEND_METRICS: 'false',
      CLOUDFLARE_CF_FETCH_ENABLED: 'false',
      XDG_CONFIG_HOME: join(temp, 'config'),
      NO_COLOR: '1',
    },
  })
  running.add(child.pid)
  let output = ''
  child.stdout?.on('data', (d) => { output = (output + d).slice(-4000) })
  child.stderr?.on('data', (d) => { output = (output + d).slice(-4000) })
  let exited = null
  child.once('exit', (code) => { exited = code ?? 'signal' })
  const url = `http://127.0.0.1:${port}`
  const stop = async () => {
    if (running.delete(child.pid)) {
      try {
        process.kill(-child.pid, 'SIGTERM')
      } catch {}
      const gone = await Promise.race([new Promise((r) => child.once('exit', () => r(true))), sleep(3000).then(() => exited !== null)])
      if (!gone) {
        try {
          process.kill(-child.pid, 'SIGKILL')
        } catch {}
      }
    }
    await rm(temp, { recursive: true, force: true })
  }
  const deadline = Date.now() + 90_000
  for (;;) {
    if (exited !== null) {
      await stop()
      throw new Error(`wrangler exited (${exited}) before serving:\n${output}`)
    }
    try {
      const res = await fetch(`${url}/v1/health`)
      if (res.ok) {
        await res.json()
        return { url, port, stop, elapsedMs: performance.now() - started }
      }
    } catch {}
    if (Date.now() > deadline) {
      await stop()
      throw new Error(`the worker did not answer /v1/health within 90 s:\n${output}`)
    }
    await sleep(100)
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

/** JSONC to JSON: drops // comments outside strings (wrangler.jsonc has no block comments). */
function stripComments(text) {
  return text.replace(/("(?:[^"\\]|\\.)*")|\/\/[^\n]*/g, (m, str) => str ?? '')
}
