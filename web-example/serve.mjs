// Serves a built page (the demo's web-example/dist by default) on 127.0.0.1
// the way a careful dApp host would: the right MIME types (application/wasm
// lets the browser compile the module while it downloads), the .br/.gz files
// written at build time when the browser accepts them, and a strict
// Content-Security-Policy. The CSP is the point: if the demo works under it,
// a dApp with the same policy can use the module ('wasm-unsafe-eval' is the
// one allowance WebAssembly needs; no inline script or style anywhere).
//
//   PORT=8080 node web-example/serve.mjs          (what `make demo` runs)
//   import { startServer } from './serve.mjs'     (the tests and the benchmark)
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { createServer } from 'node:http'
import { dirname, extname, join, normalize, resolve, sep } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

export const contentSecurityPolicy =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; style-src 'self'; connect-src 'self'"

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
}

/** Encodings we may have precompressed, in order of preference. */
const encodings = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
]

/**
 * Starts serving root. port 0 picks a free port. Resolves once listening,
 * with the URL and a close() that also ends open keep-alive connections (so
 * a test never hangs on its server).
 */
export async function startServer({ root, port = 0, host = '127.0.0.1', csp = contentSecurityPolicy, log = () => {} } = {}) {
  const base = resolve(root)
  const server = createServer((req, res) => {
    handle(base, csp, req, res).catch((err) => {
      log(`error serving ${req.url}: ${err.message}`)
      if (!res.headersSent) send(res, 500, 'internal error\n')
      else res.destroy()
    })
  })
  await new Promise((ok, fail) => {
    server.once('error', fail)
    server.listen(port, host, () => {
      server.off('error', fail)
      ok()
    })
  })
  const actual = server.address().port
  return {
    url: `http://${host}:${actual}/`,
    port: actual,
    close: () =>
      new Promise((ok) => {
        server.close(() => ok())
        server.closeAllConnections()
      }),
  }
}

async function handle(base, csp, req, res) {
  res.setHeader('Content-Security-Policy', csp)
  res.setHeader('X-Content-Type-Options', 'nosniff')
  res.setHeader('Referrer-Policy', 'no-referrer')
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD')
    return send(res, 405, 'method not allowed\n')
  }
  const file = await locate(base, req.url)
  if (!file) return send(res, 404, 'not found\n')

  const type = types[extname(file.path)] ?? 'application/octet-stream'
  let path = file.path
  let size = file.size
  res.setHeader('Vary', 'Accept-Encoding')
  const accepted = acceptedEncodings(req.headers['accept-encoding'])
  for (const enc of encodings) {
    if (!accepted.has(enc.name)) continue
    const packed = await fileInfo(path + enc.suffix)
    if (packed) {
      res.setHeader('Content-Encoding', enc.name)
      path = packed.path
      size = packed.size
      break
    }
  }
  res.setHeader('Content-Type', type)
  res.setHeader('Content-Length', size)
  // Vite names what it emits under assets/ by content hash: cache forever.
  // Everything else (index.html) must be revalidated to pick up a new build.
  const hashed = /[\\/]assets[\\/]/.test(file.path)
  res.setHeader('Cache-Control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache')
  res.writeHead(200)
  if (req.method === 'HEAD') return res.end()
  await new Promise((ok, fail) => {
    const stream = createReadStream(path)
    stream.on('error', fail)
    res.on('close', ok)
    stream.pipe(res)
  })
}

/** Maps a request URL to a file under base, or null (never outside base). */
async function locate(base, url) {
  let pathname
  try {
    pathname = decodeURIComponent(new URL(url, 'http://localhost').pathname)
  } catch {
    return null
  }
  if (pathname.includes('\0')) return null
  const candidate = normalize(join(base, pathname))
  if (candidate !== base && !candidate.startsWith(base + sep)) return null
  const info = await fileInfo(candidate)
  if (info) return info
  return fileInfo(join(candidate, 'index.html'))
}

async function fileInfo(path) {
  try {
    const s = await stat(path)
    return s.isFile() ? { path, size: s.size } : null
  } catch {
    return null
  }
}

/** The encodings an Accept-Encoding header allows (q=0 means "not this one"). */
function acceptedEncodings(header) {
  const out = new Set()
  for (const part of String(header ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';')
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
    if (name && !(q && Number(q.slice(2)) === 0)) out.add(name)
  }
  return out
}

function send(res, status, text) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) })
  res.end(text)
}

const here = dirname(fileURLToPath(import.meta.url))

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const root = join(here, 'dist')
  if (!(await fileInfo(join(root, 'index.html')))) {
    console.error(`serve: ${root}/index.html is missing: build it first (make demo, or cd web-example && npx vite build)`)
    process.exit(2)
  }
  const port = Number(process.env.PORT ?? 8080)
  // HOST=0.0.0.0 makes the demo reachable from outside a container or VM.
  const host = process.env.HOST || '127.0.0.1'
  const server = await startServer({ root, port, host, log: (m) => console.error(m) }).catch((err) => {
    console.error(`serve: cannot listen on ${host}:${port}: ${err.message} (set HOST or PORT to another value)`)
    process.exit(1)
  })
  console.log(`sessionsigner demo: ${server.url}  (Ctrl-C to stop)`)
  const stop = () => server.close().then(() => process.exit(0))
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}
