// Shared setup for the server host's tests: the Worker under wrangler's
// local runtime (scripts/wrangler.mjs), apps with random keys, and a raw
// request signer for the inputs the client would never send.
import { ServerVault, signRequest } from '../../dist/server.js'
import { randomKey, startWorker } from '../../../scripts/wrangler.mjs'

export { address, inSeconds } from '../node/helpers.mjs'

export { randomKey }

/**
 * Starts one Worker for the test file with the given app ids. Call it in the
 * file's before() and stop it in the file's top-level after(): an after()
 * registered inside before() would run as soon as before() ends.
 */
export async function startFileWorker(appIds, options = {}) {
  const apps = Object.fromEntries(appIds.map((id) => [id, randomKey()]))
  const worker = await startWorker({ apps, ...options })
  return { ...worker, apps }
}

/** The ServerVault of `app` (a key of worker.apps) for vault `name`. */
export function vaultOf(worker, app, name) {
  return new ServerVault({ url: worker.url, app, key: worker.apps[app], vault: name })
}

async function hmacKey(hex) {
  const raw = Uint8Array.from(hex.match(/../g), (b) => parseInt(b, 16))
  return crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
}

/**
 * Sends one request as `app` with the client's signing, then lets
 * `tamper(headers)` change what was signed. options: method, path, body
 * (string), key (hex, default the app's), signedPath / signedBody (sign
 * other values than those sent), now (ms), headers (replace all).
 * Resolves to { status, body } with body parsed as JSON.
 */
export async function rawRequest(worker, app, { method = 'GET', path, body, key, signedPath, signedBody, now, tamper } = {}) {
  const headers = await signRequest(await hmacKey(key ?? worker.apps[app] ?? randomKey()), app, method, signedPath ?? path, signedBody ?? body ?? '', now)
  if (body !== undefined) headers['content-type'] = 'application/json'
  const final = tamper ? tamper(headers) : headers
  const res = await fetch(worker.url + path, { method, headers: final, body })
  const text = await res.text()
  let parsed
  try {
    parsed = JSON.parse(text)
  } catch {
    parsed = { unparsed: text }
  }
  return { status: res.status, body: parsed, headers: final }
}

/** Asserts a SessionSignerError with the code (and rule); returns it. */
export async function rejectsWith(assert, fn, code, rule) {
  let caught
  await assert.rejects(fn, (err) => {
    caught = err
    return err?.name === 'SessionSignerError' && err.code === code
  }, `expected ${code}`)
  if (rule !== undefined) assert.equal(caught.rule, rule, caught.message)
  return caught
}
