// The rate-limiting binding, per app: a Worker whose limit is 4 requests a
// minute (wrangler's local runtime simulates the binding). Its own Worker,
// so the other tests' requests never count against it.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { rawRequest, startFileWorker } from './helpers.mjs'

let worker
before(async () => {
  worker = await startFileWorker(['busy', 'quiet'], { rateLimit: 4 })
})
after(() => worker?.stop())

test('past its limit an app gets 429 RATE_LIMITED; another app is not affected; bad signatures do not count', async () => {
  const path = '/v1/vaults/main/sessions'
  for (let i = 0; i < 3; i++) {
    const bad = await rawRequest(worker, 'busy', { path, key: 'ab'.repeat(32) })
    assert.equal(bad.status, 401)
  }
  const statuses = []
  for (let i = 0; i < 6; i++) statuses.push((await rawRequest(worker, 'busy', { path })).status)
  assert.deepEqual(statuses.slice(0, 4), [200, 200, 200, 200])
  assert.deepEqual(statuses.slice(4), [429, 429])
  const limited = await rawRequest(worker, 'busy', { path })
  assert.equal(limited.body.code, 'RATE_LIMITED')
  assert.match(limited.body.message, /rate limit/)
  assert.equal((await rawRequest(worker, 'quiet', { path })).status, 200)
})
