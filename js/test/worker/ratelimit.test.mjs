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
  // The simulated limiter counts in fixed windows, so a window may turn over
  // during the test: assert what holds whenever it does. At least 4 requests
  // pass before the first 429 (the 3 bad ones did not count), and a 429 comes
  // within a few more.
  const answers = []
  while (answers.length < 12 && answers.at(-1)?.status !== 429) answers.push(await rawRequest(worker, 'busy', { path }))
  const statuses = answers.map((a) => a.status)
  const first429 = statuses.indexOf(429)
  assert.ok(first429 >= 4, `a 429 after only ${first429} requests: ${statuses}`)
  assert.deepEqual([...new Set(statuses.slice(0, first429))], [200], `${statuses}`)
  const limited = answers[first429]
  assert.equal(limited.body.code, 'RATE_LIMITED')
  assert.match(limited.body.message, /rate limit/)
  assert.equal((await rawRequest(worker, 'quiet', { path })).status, 200)
})
