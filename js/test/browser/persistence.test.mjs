// What survives a reload, and what storage tampering and mistakes cannot do,
// with real IndexedDB in headless Chromium.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { fastKdf, startBrowser } from './harness.mjs'

let browser, page
const secret = 'persist me'

before(async () => {
  browser = await startBrowser('persistence')
  page = await browser.newPage()
})
after(async () => {
  await browser.screenshot(page, 'final')
  await browser.close()
})

/** Opens the test vault in the page as window.vault. */
function openInPage(namespace) {
  return page.evaluate(
    async ({ namespace, kdf }) => {
      window.vault = await window.openVault({ namespace, kdf })
      return { state: window.vault.state, storage: window.vault.storage }
    },
    { namespace, kdf: fastKdf },
  )
}

/** Creates a local session in the page's vault; returns its info. */
function createSession(page, target = '0x3333333333333333333333333333333333333333') {
  return page.evaluate(
    (target) =>
      window.vault.createSession({
        scheme: 'local',
        chainId: 1,
        expiresAt: Math.floor(Date.now() / 1000) + 3600,
        allow: [{ target, maxValuePerUse: 100n }],
      }),
    target,
  )
}

/** Signs a message in the page and returns whether viem recovers `signer`, or the error. */
function signAndCheck(page, id, signer) {
  return page.evaluate(
    async ({ id, signer }) =>
      window.attempt(async () => {
        const sig = await window.vault.sign(id, { type: 'message', message: 'check' })
        const who = await window.viem.recoverMessageAddress({ message: 'check', signature: sig })
        return who.toLowerCase() === signer.toLowerCase()
      }),
    { id, signer },
  )
}

test('after a reload the vault is locked, lists its sessions, and signs again once unlocked', async () => {
  assert.deepEqual(await openInPage('reload'), { state: 'new', storage: 'indexeddb' })
  await page.evaluate((s) => window.vault.unlock(s), secret)
  const a = await createSession(page)
  const b = await createSession(page)

  await browser.reload(page)
  assert.deepEqual(await openInPage('reload'), { state: 'locked', storage: 'indexeddb' })
  const listed = await page.evaluate(() => window.vault.listSessions())
  assert.deepEqual(listed.map((s) => s.id).sort(), [a.id, b.id].sort())
  assert.ok(listed.every((s) => s.status === 'active' && s.permissions.length > 0))
  const locked = await signAndCheck(page, a.id, a.signer)
  assert.equal(locked.code, 'LOCKED')

  await page.evaluate((s) => window.vault.unlock(s), secret)
  assert.deepEqual(await signAndCheck(page, a.id, a.signer), { ok: true, value: true })
  assert.deepEqual(await signAndCheck(page, b.id, b.signer), { ok: true, value: true })
})

test('a wrong secret is WRONG_SECRET and changes nothing in storage', async () => {
  await browser.reload(page)
  await openInPage('reload')
  const before = await page.evaluate(() => window.dumpIndexedDB())
  const r = await page.evaluate(() => window.attempt(() => window.vault.unlock('not the secret')))
  assert.equal(r.ok, false)
  assert.equal(r.name, 'SessionSignerError')
  assert.equal(r.code, 'WRONG_SECRET')
  assert.equal(await page.evaluate(() => window.vault.state), 'locked')
  assert.deepEqual(await page.evaluate(() => window.dumpIndexedDB()), before)
})

test('revoke wipes the key from storage and the session reports REVOKED', async () => {
  await browser.reload(page)
  await openInPage('revoke')
  await page.evaluate((s) => window.vault.unlock(s), secret)
  const s = await createSession(page)
  const stored = (ns, id) =>
    page.evaluate(
      async ({ key }) => {
        const all = await window.dumpIndexedDB()
        return JSON.parse(new TextDecoder().decode(all[key]))
      },
      { key: `sessionsigner:${ns}:session/${id}` },
    )
  assert.ok((await stored('revoke', s.id)).sealedKey, 'an active session has a sealed key')

  const revoked = await page.evaluate((id) => window.vault.revoke(id), s.id)
  assert.equal(revoked.status, 'revoked')
  const record = await stored('revoke', s.id)
  assert.equal(record.status, 'revoked')
  assert.equal(record.sealedKey, undefined, 'the sealed key is gone from storage')
  const r = await signAndCheck(page, s.id, s.signer)
  assert.equal(r.code, 'REVOKED')
  assert.equal((await page.evaluate((id) => window.vault.getSession(id), s.id)).status, 'revoked')
})

test('a record edited in storage is CORRUPT_RECORD; the other sessions still work', async () => {
  await browser.reload(page)
  await openInPage('corrupt')
  await page.evaluate((s) => window.vault.unlock(s), secret)
  const victim = await createSession(page)
  const garbled = await createSession(page)
  const intact = await createSession(page)

  // Raise the victim's spending limit in place, and overwrite another record with junk.
  await page.evaluate(async ({ victim, garbled }) => {
    const all = await window.dumpIndexedDB()
    const key = `sessionsigner:corrupt:session/${victim}`
    const record = JSON.parse(new TextDecoder().decode(all[key]))
    record.config.allow[0].maxValuePerUse = '1000000000000000000000'
    await window.writeIndexedDB(key, new TextEncoder().encode(JSON.stringify(record)))
    await window.writeIndexedDB(`sessionsigner:corrupt:session/${garbled}`, new TextEncoder().encode('{"v":1,"id":'))
  }, { victim: victim.id, garbled: garbled.id })

  // Lock and unlock so no opened key is cached: storage is read again.
  await page.evaluate((s) => window.vault.lock().then(() => window.vault.unlock(s)), secret)
  assert.equal((await signAndCheck(page, victim.id, victim.signer)).code, 'CORRUPT_RECORD')
  assert.equal((await signAndCheck(page, garbled.id, garbled.signer)).code, 'CORRUPT_RECORD')
  assert.deepEqual(await signAndCheck(page, intact.id, intact.signer), { ok: true, value: true })

  const listed = await page.evaluate(() => window.vault.listSessions())
  assert.equal(listed.length, 3, 'a damaged record does not hide the others')
  assert.equal(listed.find((s) => s.id === intact.id).status, 'active')
  assert.equal(listed.find((s) => s.id === garbled.id).status, 'corrupt')
})

test('a reloaded tab lists hundreds of sessions read in batches, a value stored by something else as corrupt', async () => {
  await browser.reload(page)
  await openInPage('many')
  await page.evaluate((s) => window.vault.unlock(s), secret)
  const ids = []
  for (let i = 0; i < 300; i++) ids.push((await createSession(page)).id)
  const foreign = ids[200]
  await page.evaluate((id) => window.writeIndexedDB(`sessionsigner:many:session/${id}`, { not: 'bytes' }), foreign)

  // A fresh worker: nothing cached, every record read from IndexedDB.
  await browser.reload(page)
  await openInPage('many')
  const listed = await page.evaluate(() => window.vault.listSessions())
  assert.deepEqual(listed.map((s) => s.id).sort(), [...ids].sort())
  assert.equal(listed.find((s) => s.id === foreign).status, 'corrupt')
  assert.equal(listed.filter((s) => s.status === 'active').length, 299)
})
