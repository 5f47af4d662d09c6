// The Durable Object classes of the server host. syumai/workers cannot
// declare a Durable Object class in Go, so these two are JavaScript, and
// deliberately small: each answers one JSON operation per fetch, as one
// synchronous step on its SQLite storage. A Durable Object runs one event at
// a time and nothing here awaits, so every operation, add and replace
// included, is atomic for every Worker instance at once. Go reaches them
// through the stub's fetch (dostore.go).
//
// Values arrive base64-encoded (Go's JSON form for bytes) and are stored and
// compared in that form: one byte string has one encoding.
import { DurableObject } from 'cloudflare:workers'

/** Answers with JSON, always with a body (see dostore.go on empty responses). */
function answer(value, status = 200) {
  return new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json' } })
}

/** The POSTed JSON operation, or the 400 answer to send instead. */
async function operation(request) {
  try {
    if (request.method !== 'POST') throw new Error('operations are POSTed')
    const op = await request.json()
    if (typeof op !== 'object' || op === null || typeof op.op !== 'string') throw new Error('malformed operation')
    return op
  } catch (e) {
    return answer({ error: String(e.message) }, 400)
  }
}

/**
 * One vault's records: get, put, delete, list by prefix, add (only if
 * absent) and replace (only if the stored value is the expected one).
 */
export class VaultStore extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env)
    this.sql = ctx.storage.sql
    this.sql.exec('CREATE TABLE IF NOT EXISTS kv (k TEXT PRIMARY KEY, v TEXT NOT NULL)')
  }

  read(key) {
    const rows = this.sql.exec('SELECT v FROM kv WHERE k = ?', key).toArray()
    return rows.length ? rows[0].v : null
  }

  write(key, value) {
    this.sql.exec('INSERT INTO kv (k, v) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v', key, value)
  }

  async fetch(request) {
    const op = await operation(request)
    if (op instanceof Response) return op
    // From here on nothing awaits: the operation is one step.
    const { key, value, old, prefix } = op
    const needsKey = op.op !== 'list'
    if (needsKey && typeof key !== 'string') return answer({ error: 'key must be a string' }, 400)
    if ((op.op === 'put' || op.op === 'add' || op.op === 'replace') && typeof value !== 'string') {
      return answer({ error: 'value must be a base64 string' }, 400)
    }
    switch (op.op) {
      case 'get': {
        const v = this.read(key)
        return answer({ found: v !== null, value: v })
      }
      case 'put':
        this.write(key, value)
        return answer({ done: true })
      case 'delete':
        this.sql.exec('DELETE FROM kv WHERE k = ?', key)
        return answer({ done: true })
      case 'list': {
        const p = typeof prefix === 'string' ? prefix : ''
        const keys = this.sql.exec('SELECT k FROM kv WHERE substr(k, 1, ?) = ? ORDER BY k', p.length, p).toArray().map((r) => r.k)
        return answer({ keys })
      }
      case 'add':
        if (this.read(key) !== null) return answer({ done: false })
        this.write(key, value)
        return answer({ done: true })
      case 'replace':
        if (typeof old !== 'string') return answer({ error: 'old must be a base64 string' }, 400)
        if (this.read(key) !== old) return answer({ done: false })
        this.write(key, value)
        return answer({ done: true })
      default:
        return answer({ error: `unknown operation ${op.op}` }, 400)
    }
  }
}

/**
 * One app's used request nonces, each kept until its request's timestamp
 * can no longer pass the clock check; claim records a nonce once.
 */
export class NonceLedger extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env)
    this.sql = ctx.storage.sql
    this.sql.exec('CREATE TABLE IF NOT EXISTS nonces (n TEXT PRIMARY KEY, until INTEGER NOT NULL)')
    this.sql.exec('CREATE INDEX IF NOT EXISTS nonces_until ON nonces (until)')
  }

  async fetch(request) {
    const op = await operation(request)
    if (op instanceof Response) return op
    if (op.op === 'empty') {
      // Only for the quirk probe (probes.go): a response without a body.
      return new Response(null, { status: 204 })
    }
    if (op.op !== 'claim' || typeof op.key !== 'string' || !Number.isSafeInteger(op.until)) {
      return answer({ error: 'expected { op: "claim", key, until }' }, 400)
    }
    this.sql.exec('DELETE FROM nonces WHERE until < ?', Date.now())
    if (this.sql.exec('SELECT 1 FROM nonces WHERE n = ?', op.key).toArray().length) return answer({ done: false })
    this.sql.exec('INSERT INTO nonces (n, until) VALUES (?, ?)', op.key, op.until)
    return answer({ done: true })
  }
}

/** The storage Worker answers nothing itself: only its objects are reached, by the server Worker. */
export default {
  fetch() {
    return new Response(JSON.stringify({ code: 'NOT_FOUND', message: 'this Worker only holds the server host\'s Durable Objects' }), { status: 404 })
  },
}
