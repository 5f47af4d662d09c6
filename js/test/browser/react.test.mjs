// The sessionsigner/react hooks in a real page: a small React app creates a
// session, signs, is refused outside the policy, revokes, and its list
// follows each change, including one made by another tab of the same vault.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { fastKdf, startBrowser } from './harness.mjs'

let browser, app, other

before(async () => {
  browser = await startBrowser('react', { script: 'react-page.jsx' })
  app = await browser.newPage()
  await app.evaluate((kdf) => window.startApp(kdf), fastKdf)
  await app.waitForFunction(() => document.querySelector('#sessions-status')?.textContent === 'success', null, { timeout: 30_000 })
})
after(async () => {
  if (app) await browser.screenshot(app, 'app')
  await browser?.close()
})

const text = (page, sel) => page.locator(sel).textContent()
/** Waits until the element's text is `want` (30 s of room on a busy machine). */
const waitText = (page, sel, want) =>
  page.waitForFunction(([sel, want]) => document.querySelector(sel)?.textContent === want, [sel, want], { timeout: 30_000 })
const rows = (page) => page.locator('#sessions li').evaluateAll((lis) => lis.map((li) => ({ id: li.dataset.id, status: li.dataset.status })))

test('useVault shows the state and useSessions an empty list', async () => {
  assert.equal(await text(app, '#state'), 'unlocked')
  assert.deepEqual(await rows(app), [])
})

test('useCreateSession creates a session and the list refreshes by itself', async () => {
  await app.click('#create')
  await waitText(app, '#create-status', 'success')
  const id = await text(app, '#created')
  assert.match(id, /\S/)
  await app.waitForFunction(() => document.querySelectorAll('#sessions li').length === 1, null, { timeout: 30_000 })
  assert.deepEqual(await rows(app), [{ id, status: 'active' }])
})

test('useSign signs within the policy and reports a refusal as an error with its code', async () => {
  await app.click('#sign')
  await waitText(app, '#sign-status', 'success')
  const sig = await text(app, '#signature')
  assert.match(sig, /^0x[0-9a-f]{130}$/)

  await app.click('#sign-too-much')
  await waitText(app, '#sign-status', 'error')
  assert.match(await text(app, '#sign-error'), /^[A-Z_]+$/)
  assert.equal(await text(app, '#signature'), '', 'an error clears the last data')
})

test('a session created in another tab shows up in the list', async () => {
  other = await browser.newPage()
  const id = await other.evaluate(async (kdf) => {
    const vault = await window.openVault({ namespace: 'react', kdf })
    await vault.unlock('react secret')
    const s = await vault.createSession({ scheme: 'local', chainId: 1, expiresAt: Math.floor(Date.now() / 1000) + 3600, messages: true })
    return s.id
  }, fastKdf)
  await app.waitForFunction((id) => !!document.querySelector(`#sessions li[data-id="${id}"]`), id, { timeout: 30_000 })
  assert.equal((await rows(app)).length, 2)
})

test('useRevoke revokes and the list shows it revoked', async () => {
  const before = (await rows(app)).filter((r) => r.status === 'active')
  await app.click('#revoke')
  await waitText(app, '#revoke-status', 'success')
  const first = before[0].id
  await app.waitForFunction((id) => document.querySelector(`#sessions li[data-id="${id}"]`)?.dataset.status === 'revoked', first, { timeout: 30_000 })
  // The other tab sees the revocation too: signing with it is refused there.
  const there = await other.evaluate(async (id) => {
    const vault = await window.openVault({ namespace: 'react' })
    await vault.unlock('react secret')
    try {
      await vault.sign(id, { type: 'message', message: 'x' })
      return 'signed'
    } catch (err) {
      return err.code
    }
  }, first)
  assert.notEqual(there, 'signed')
})
