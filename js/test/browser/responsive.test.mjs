// Argon2id at the default parameters (64 MiB, t=3, p=4) runs in the worker,
// so the page keeps running while the vault unlocks. The same unlock run in
// the page's own thread (worker: false) shows that the measurement does see
// a blocked page.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { startBrowser } from './harness.mjs'

let browser, page

before(async () => {
  browser = await startBrowser('responsive')
  page = await browser.newPage()
})
after(async () => {
  await browser.screenshot(page, 'final')
  await browser.close()
})

/** Unlocks a new vault at the default KDF while a 10 ms page timer runs; returns the unlock time and the longest gap between ticks. */
function unlockWhileTicking(options) {
  return page.evaluate(async (options) => {
    const vault = await window.openVault(options)
    const ticks = []
    const timer = setInterval(() => {
      ticks.push(performance.now())
      document.getElementById('ticks').textContent = String(ticks.length)
    }, 10)
    await new Promise((r) => setTimeout(r, 50))
    const start = performance.now()
    await vault.unlock('default kdf secret')
    const end = performance.now()
    await new Promise((r) => setTimeout(r, 30))
    clearInterval(timer)
    vault.close()
    const during = [start, ...ticks.filter((t) => t > start && t < end + 30), end + 30]
    let maxGap = 0
    for (let i = 1; i < during.length; i++) maxGap = Math.max(maxGap, during[i] - during[i - 1])
    return { unlockMs: end - start, maxGapMs: maxGap, ticksDuring: ticks.filter((t) => t > start && t < end).length }
  }, options)
}

test('the page keeps ticking while the worker derives the key', async () => {
  const inWorker = await unlockWhileTicking({ namespace: 'responsive-worker', storage: 'memory' })
  browser.log(`in worker: ${JSON.stringify(inWorker)}`)
  assert.ok(inWorker.ticksDuring >= 5, `the page timer ran ${inWorker.ticksDuring} times during unlock`)
  assert.ok(
    inWorker.maxGapMs < inWorker.unlockMs / 2,
    `longest page stall ${inWorker.maxGapMs.toFixed(0)} ms of a ${inWorker.unlockMs.toFixed(0)} ms unlock`,
  )

  const inPage = await unlockWhileTicking({ namespace: 'responsive-page', storage: 'memory', worker: false })
  browser.log(`in page: ${JSON.stringify(inPage)}`)
  assert.ok(
    inPage.maxGapMs >= inPage.unlockMs / 2,
    `in the page's thread the stall (${inPage.maxGapMs.toFixed(0)} ms) is most of the unlock (${inPage.unlockMs.toFixed(0)} ms)`,
  )
})
