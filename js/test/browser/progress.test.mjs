// Argon2id progress in headless Chromium: onProgress hears each slice of
// each pass ({ stage: 'derive-key', done, total }), done climbs from 0 to
// total, while the worker derives the key for a new vault and on unlock.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { fastKdf, startBrowser } from './harness.mjs'

let browser, page

before(async () => {
  browser = await startBrowser('progress')
  page = await browser.newPage()
})
after(async () => {
  await browser.screenshot(page, 'final')
  await browser.close()
})

/** Opens a vault in the page collecting every progress event, unlocks it with secret, and returns the events. */
function unlockCollecting(namespace, secret, kdf) {
  return page.evaluate(
    async ({ namespace, secret, kdf }) => {
      const events = []
      const vault = await window.openVault({ namespace, kdf, onProgress: (p) => events.push(p) })
      await vault.unlock(secret)
      vault.close()
      return events
    },
    { namespace, secret, kdf },
  )
}

/** Asserts a derive-key run: one total (4 slices per pass), done from 0 up, more than 2 distinct values, ending at total. */
function assertArgonProgress(events, kdf) {
  const derive = events.filter((e) => e.stage === 'derive-key')
  const total = 4 * kdf.time
  assert.ok(derive.every((e) => e.total === total), `every total is ${total}: ${JSON.stringify(derive)}`)
  const done = derive.map((e) => e.done)
  assert.ok(new Set(done).size > 2, `more than 2 distinct values: ${done}`)
  assert.equal(done[0], 0)
  assert.ok(done.every((d, i) => i === 0 || d > done[i - 1]), `monotone: ${done}`)
  assert.equal(done.at(-1), total)
  assert.ok(derive.length <= total + 1, `at most one message per slice: ${done}`)
}

test('creating and unlocking a vault report each Argon2id slice, ending at total', async () => {
  const secret = 'progress in passes'
  assertArgonProgress(await unlockCollecting('progress', secret, fastKdf), fastKdf)
  assertArgonProgress(await unlockCollecting('progress', secret, fastKdf), fastKdf)
})
