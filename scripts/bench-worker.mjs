// `make bench-worker`: the server host measured locally, printed as Markdown.
//   - cold start: spawning wrangler's local runtime to the first /v1/health
//     answer, and the first signed vault request (a fresh isolate compiles
//     the module) against the next ones;
//   - sign: median and p95 of a signed HTTP sign request (one fresh Go
//     instance, the vault unlocked, the policy checked, a counted use
//     written), beside viem signing the same message in this process;
//   - bundle: what `wrangler deploy --dry-run` would upload, raw, gzip and
//     brotli, against Workers' limits (3 MiB compressed free, 10 MiB paid).
// Figures, not assertions: they depend on the machine.
import { execFileSync } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import { privateKeyToAccount } from 'viem/accounts'
import { ServerVault } from '../js/dist/server.js'
import { randomKey, startWorker, workerDir } from './wrangler.mjs'

const N = Number(process.env.N ?? 40)
const ms = (x) => `${x.toFixed(1)} ms`
const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return { median: s[Math.floor(s.length / 2)], p95: s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)] }
}
async function timed(fn) {
  const t = performance.now()
  await fn()
  return performance.now() - t
}

const key = randomKey()
const worker = await startWorker({ apps: { bench: key }, rateLimit: 100000 })
const rows = []
try {
  const vault = new ServerVault({ url: worker.url, app: 'bench', key, vault: 'bench' })
  let info
  const firstCreate = await timed(async () => {
    info = await vault.createSession({ scheme: 'local', chainId: 1n, allow: [], messages: true, maxUses: 1_000_000 })
  })
  rows.push(['wrangler start to first /v1/health answer', ms(worker.elapsedMs)])
  rows.push(['first signed request (create vault and session)', ms(firstCreate)])
  const sign = []
  for (let i = 0; i < N; i++) sign.push(await timed(() => vault.sign(info.id, { type: 'message', message: `bench ${i}` })))
  const list = []
  for (let i = 0; i < 10; i++) list.push(await timed(() => vault.listSessions()))
  const account = privateKeyToAccount(`0x${'11'.repeat(32)}`)
  for (let i = 0; i < 20; i++) await account.signMessage({ message: 'warm' })
  const viem = []
  for (let i = 0; i < N * 5; i++) viem.push(await timed(() => account.signMessage({ message: `bench ${i}` })))
  const s = stats(sign)
  const v = stats(viem)
  const l = stats(list)
  rows.push([`sign over HTTP, median / p95 (n=${N})`, `${ms(s.median)} / ${ms(s.p95)}`])
  rows.push([`list over HTTP, median / p95 (n=10)`, `${ms(l.median)} / ${ms(l.p95)}`])
  rows.push([`viem signMessage in Node, median / p95 (n=${N * 5})`, `${ms(v.median)} / ${ms(v.p95)}`])
  rows.push(['sign over HTTP / viem in Node (medians)', `${(s.median / v.median).toFixed(0)}×`])
} finally {
  await worker.stop()
}

// What a deployment uploads.
const out = await mkdtemp(join(tmpdir(), 'sessionsigner-bundle-'))
try {
  execFileSync(join(workerDir, '..', 'node_modules', '.bin', 'wrangler'), ['deploy', '--dry-run', '--outdir', out], {
    cwd: workerDir,
    stdio: 'ignore',
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', XDG_CONFIG_HOME: join(out, '.config') },
  })
  const files = (await readdir(out)).filter((f) => f.endsWith('.js') || f.endsWith('.wasm'))
  let raw = 0, gz = 0, br = 0
  for (const f of files) {
    const b = await readFile(join(out, f))
    raw += b.length
    gz += gzipSync(b, { level: 9 }).length
    br += brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length
  }
  const mib = (x) => `${(x / 2 ** 20).toFixed(2)} MiB`
  rows.push(['bundle raw (wasm + JS)', mib(raw)])
  rows.push(['bundle gzip (what the limit counts)', `${mib(gz)} (${((gz / (3 * 2 ** 20)) * 100).toFixed(0)}% of 3 MiB free, ${((gz / (10 * 2 ** 20)) * 100).toFixed(0)}% of 10 MiB paid)`])
  rows.push(['bundle brotli', mib(br)])
} finally {
  await rm(out, { recursive: true, force: true })
}

console.log('| server host (wrangler 4.86.0 local runtime) | |\n|---|---|')
for (const [k, v] of rows) console.log(`| ${k} | ${v} |`)
