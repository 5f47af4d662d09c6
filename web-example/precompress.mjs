// Writes .br and .gz beside every compressible file of a build, so serve.mjs
// can send them without compressing on each request (the .wasm is several
// megabytes; brotli at its best quality takes seconds, once, at build time).
// Used as a Vite plugin by the demo and the benchmark builds. Results are
// cached by content hash under node_modules/.cache, so rebuilding the demo
// with an unchanged .wasm costs nothing.
import { createHash } from 'node:crypto'
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises'
import { dirname, extname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { brotliCompress, constants, gzip } from 'node:zlib'

const brotli = promisify(brotliCompress)
const gz = promisify(gzip)

const compressible = new Set(['.html', '.js', '.mjs', '.css', '.json', '.map', '.svg', '.wasm', '.txt'])
/** Below this a compressed copy saves less than the header costs. */
const minBytes = 1024
const cacheDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'node_modules', '.cache', 'sessionsigner-precompress')

/** Compressed bytes of `bytes` for suffix .br or .gz, from the cache when it has them. */
async function cached(bytes, suffix, compress) {
  const file = join(cacheDir, createHash('sha256').update(bytes).digest('hex') + suffix)
  try {
    return await readFile(file)
  } catch {
    const packed = await compress(bytes)
    await mkdir(cacheDir, { recursive: true })
    await writeFile(file, packed)
    return packed
  }
}

/** Compresses every compressible file under dir; returns what it wrote. */
export async function precompressDir(dir) {
  const files = (await walk(dir)).filter((f) => compressible.has(extname(f)))
  const written = []
  // zlib runs on libuv's thread pool, so the files compress in parallel.
  await Promise.all(
    files.map(async (file) => {
      const bytes = await readFile(file)
      if (bytes.length < minBytes) return
      const [br, gzBytes] = await Promise.all([
        cached(bytes, '.br', (b) =>
          brotli(b, {
            params: {
              [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
              [constants.BROTLI_PARAM_SIZE_HINT]: b.length,
              [constants.BROTLI_PARAM_LGWIN]: 24,
            },
          }),
        ),
        cached(bytes, '.gz', (b) => gz(b, { level: 9 })),
      ])
      for (const [suffix, packed] of [['.br', br], ['.gz', gzBytes]]) {
        if (packed.length < bytes.length) {
          await writeFile(file + suffix, packed)
          written.push({ file: file + suffix, raw: bytes.length, packed: packed.length })
        }
      }
    }),
  )
  return written
}

async function walk(dir) {
  const out = []
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name)
    if (entry.isDirectory()) out.push(...(await walk(p)))
    else if (entry.isFile() && (await stat(p)).size > 0) out.push(p)
  }
  return out
}

/** The Vite plugin: runs after the bundle is written. */
export function precompress() {
  let outDir
  let logger
  return {
    name: 'sessionsigner-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir)
      logger = config.logger
    },
    async closeBundle() {
      const written = await precompressDir(outDir)
      for (const w of written.filter((w) => w.file.includes('.wasm.'))) {
        logger.info(`precompressed ${relative(outDir, w.file)}: ${w.raw} -> ${w.packed} bytes`)
      }
    },
  }
}
