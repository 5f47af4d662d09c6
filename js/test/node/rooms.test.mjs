// js/src is laid out by the thread a file runs in, so that a reader of one
// file knows where it runs: page/ (the app's thread), worker/ (the module's
// Web Worker), shared/ (either; imports neither). The entry points sit at the
// top. This test reads every import in js/src (type-only and dynamic ones
// too) and fails when a file imports across rooms, when a file sits outside
// a room, or when imports form a circle (as types.ts and the scheme types
// once did). It needs no build.
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, posix, relative } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'

const src = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src')

/** Which rooms each room (or entry file) may import from. */
const allowed = {
  page: ['page', 'shared'],
  worker: ['worker', 'shared'],
  shared: ['shared'],
  'index.ts': ['page', 'shared'],
  'react/index.ts': ['page', 'shared'],
  'server.ts': ['page', 'shared'],
  'worker.ts': ['worker', 'shared'],
}

/** The room of a path under js/src ('page/vault.ts' -> 'page'), the entry's own name for an entry, or null. */
function roomOf(path) {
  if (path in allowed) return path
  const top = path.split('/')[0]
  return ['page', 'worker', 'shared'].includes(top) && path.includes('/') ? top : null
}

/** Every .ts file under js/src, as posix paths relative to it. */
function sourceFiles(dir = src) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return entry.name.endsWith('.ts') ? [relative(src, path).split('\\').join('/')] : []
  })
}

/** path -> the specifiers it imports: static, type-only, re-exports and import('literal'). */
function importGraph() {
  const graph = new Map()
  for (const file of sourceFiles()) {
    const info = ts.preProcessFile(readFileSync(join(src, file), 'utf8'), true, true)
    graph.set(file, info.importedFiles.map((f) => f.fileName))
  }
  return graph
}

/** The file a relative specifier names, from the file that imports it ('../shared/rpc.js' -> 'shared/rpc.ts'). */
function target(from, specifier) {
  return posix.normalize(posix.join(posix.dirname(from), specifier)).replace(/\.js$/, '.ts')
}

/** Each broken rule, in words: files outside a room, imports across rooms, node: modules outside *.node.ts. */
function violations(graph) {
  const found = []
  for (const [file, specifiers] of graph) {
    const room = roomOf(file)
    if (room === null) {
      found.push(`${file} is in no room: move it under page/, worker/ or shared/`)
      continue
    }
    for (const specifier of specifiers) {
      if (specifier.startsWith('node:') && !file.endsWith('.node.ts')) {
        found.push(`${file} imports ${specifier}: only *.node.ts files (the Node build) may`)
      }
      if (!specifier.startsWith('.')) continue
      const to = target(file, specifier)
      const toRoom = roomOf(to)
      if (toRoom === null || !allowed[room].includes(toRoom)) {
        found.push(`${file} (${room}) imports ${to} (${toRoom ?? 'an entry'})`)
      }
    }
  }
  return found
}

/** The first import circle found among relative imports, as a list of files, or null. */
function findCycle(graph) {
  const state = new Map() // file -> 'open' while on the path, 'done' after
  const path = []
  const visit = (file) => {
    if (state.get(file) === 'done') return null
    if (state.get(file) === 'open') return [...path.slice(path.indexOf(file)), file]
    state.set(file, 'open')
    path.push(file)
    for (const specifier of graph.get(file) ?? []) {
      if (!specifier.startsWith('.')) continue
      const cycle = visit(target(file, specifier))
      if (cycle) return cycle
    }
    path.pop()
    state.set(file, 'done')
    return null
  }
  for (const file of graph.keys()) {
    const cycle = visit(file)
    if (cycle) return cycle
  }
  return null
}

test('every file in js/src is in a room and imports only what its room may', () => {
  const graph = importGraph()
  assert.ok(graph.size > 40, `read ${graph.size} files`)
  assert.deepEqual(violations(graph), [])
})

test('imports in js/src form no circle, type-only imports included', () => {
  const cycle = findCycle(importGraph())
  assert.equal(cycle, null, cycle && `import circle: ${cycle.join(' -> ')}`)
})

test('the checks catch what they are for', () => {
  const planted = new Map([
    ['page/vault.ts', ['../worker/server.js', '../shared/rpc.js']],
    ['worker/server.ts', ['../page/handlers.js', '../shared/rpc.js']],
    ['shared/rpc.ts', ['../page/vault.js', './errors.js']],
    ['shared/errors.ts', ['node:fs']],
    ['worker/fileBytes.node.ts', ['node:fs/promises']],
    ['helpers.ts', []],
    ['worker.ts', ['./page/openVault.js']],
  ])
  assert.deepEqual(violations(planted), [
    'page/vault.ts (page) imports worker/server.ts (worker)',
    'worker/server.ts (worker) imports page/handlers.ts (page)',
    'shared/rpc.ts (shared) imports page/vault.ts (page)',
    'shared/errors.ts imports node:fs: only *.node.ts files (the Node build) may',
    'helpers.ts is in no room: move it under page/, worker/ or shared/',
    'worker.ts (worker.ts) imports page/openVault.ts (page)',
  ])
  const circle = new Map([
    ['shared/types/vault.ts', ['./abstract.js']],
    ['shared/types/abstract.ts', ['./base.js', './vault.js']],
    ['shared/types/base.ts', []],
  ])
  assert.deepEqual(findCycle(circle), ['shared/types/vault.ts', 'shared/types/abstract.ts', 'shared/types/vault.ts'])
  circle.set('shared/types/abstract.ts', ['./base.js'])
  assert.equal(findCycle(circle), null)
})
