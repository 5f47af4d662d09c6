// Storage choices in headless Chromium: the localStorage adapter (reached by
// the worker through the page), the fallback to it when IndexedDB refuses
// to work, and a page where neither works.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { fastKdf, startBrowser } from './harness.mjs'

let browser, page

before(async () => {
  browser = await startBrowser('storage')
  page = await browser.newPage()
})
after(async () => {
  await browser.screenshot(page, 'final')
  await browser.close()
})

test('the localStorage adapter keeps namespaced base64 records that survive a reload', async () => {
  const created = await page.evaluate(async (kdf) => {
    window.vault = await window.openVault({ namespace: 'ls', storage: 'localstorage', kdf })
    await window.vault.unlock('ls secret')
    const s = await window.vault.createSession({
      scheme: 'local',
      chainId: 1,
      expiresAt: Math.floor(Date.now() / 1000) + 3600,
      allow: [{ target: '0x4444444444444444444444444444444444444444', maxValuePerUse: 1n }],
    })
    const keys = Object.keys(localStorage).filter((k) => k.startsWith('sessionsigner:ls:')).sort()
    const record = JSON.parse(atob(localStorage.getItem(`sessionsigner:ls:session/${s.id}`)))
    const idb = Object.keys(await window.dumpIndexedDB()).filter((k) => k.startsWith('sessionsigner:ls:'))
    return { storage: window.vault.storage, s, keys, recordId: record.id, idb }
  }, fastKdf)
  assert.equal(created.storage, 'localstorage')
  assert.deepEqual(created.keys, [`sessionsigner:ls:session/${created.s.id}`, 'sessionsigner:ls:vault'])
  assert.equal(created.recordId, created.s.id)
  assert.deepEqual(created.idb, [], 'nothing went to IndexedDB')

  await browser.reload(page)
  const again = await page.evaluate(async ({ kdf, id }) => {
    window.vault = await window.openVault({ namespace: 'ls', storage: 'localstorage', kdf })
    const state = window.vault.state
    const listed = (await window.vault.listSessions()).map((s) => s.id)
    await window.vault.unlock('ls secret')
    const sig = await window.vault.sign(id, { type: 'message', message: 'from localStorage' })
    const who = await window.viem.recoverMessageAddress({ message: 'from localStorage', signature: sig })
    return { state, listed, who }
  }, { kdf: fastKdf, id: created.s.id })
  assert.equal(again.state, 'locked')
  assert.deepEqual(again.listed, [created.s.id])
  assert.equal(again.who.toLowerCase(), created.s.signer.toLowerCase())
})

test('when IndexedDB is unavailable the vault falls back to localStorage and says why', async () => {
  const consoleWarnings = []
  const listener = (m) => m.type() === 'warning' && consoleWarnings.push(m.text())
  page.on('console', listener)
  const r = await page.evaluate(async (kdf) => {
    const warnings = []
    // A worker whose IndexedDB throws SecurityError, as privacy modes do.
    const workerUrl = new URL('./no-indexeddb-worker.js', location.href)
    const vault = await window.openVault({ namespace: 'fallback', kdf, workerUrl, onWarning: (m) => warnings.push(m) })
    await vault.unlock('fallback secret')
    const s = await vault.createSession({
      scheme: 'local',
      chainId: 1,
      expiresAt: Math.floor(Date.now() / 1000) + 3600,
      allow: [{ target: '0x5555555555555555555555555555555555555555', maxValuePerUse: 1n }],
    })
    const stored = localStorage.getItem(`sessionsigner:fallback:session/${s.id}`) !== null
    vault.close()
    // Without onWarning, the notice goes to console.warn.
    const quiet = await window.openVault({ namespace: 'fallback', kdf, workerUrl })
    const out = { storage: vault.storage, warnings, stored, quietStorage: quiet.storage, quietState: quiet.state }
    quiet.close()
    return out
  }, fastKdf)
  page.off('console', listener)
  assert.equal(r.storage, 'localstorage')
  assert.equal(r.stored, true)
  assert.equal(r.warnings.length, 1)
  assert.match(r.warnings[0], /IndexedDB is unavailable \(SecurityError/)
  assert.equal(r.quietStorage, 'localstorage')
  assert.equal(r.quietState, 'locked')
  assert.ok(consoleWarnings.some((w) => /sessionsigner: IndexedDB is unavailable/.test(w)), consoleWarnings.join('\n'))
})

test('a passing IndexedDB failure is STORAGE_UNAVAILABLE, never a silent switch to an empty localStorage vault', async () => {
  const r = await page.evaluate(async (kdf) => {
    const warnings = []
    const workerUrl = new URL('./flaky-indexeddb-worker.js', location.href)
    try {
      const vault = await window.openVault({ namespace: 'flaky', kdf, workerUrl, onWarning: (m) => warnings.push(m) })
      const out = { opened: true, storage: vault.storage }
      vault.close()
      return out
    } catch (e) {
      return { opened: false, code: e.code, message: e.message, warnings, localKeys: Object.keys(localStorage).filter((k) => k.startsWith('sessionsigner:flaky:')) }
    }
  }, fastKdf)
  assert.equal(r.opened, false, `opened on ${r.storage}`)
  assert.equal(r.code, 'STORAGE_UNAVAILABLE')
  assert.match(r.message, /UnknownError/)
  assert.deepEqual(r.warnings, [])
  assert.deepEqual(r.localKeys, [])
})

test('a page that may use neither IndexedDB nor localStorage gets STORAGE_UNAVAILABLE', async () => {
  // A sandboxed frame has an opaque origin: the browser refuses it both
  // storages (and workers, which openVault reports as such).
  await page.evaluate(
    () =>
      new Promise((ok) => {
        const f = document.createElement('iframe')
        f.sandbox = 'allow-scripts'
        f.src = './index.html'
        f.onload = ok
        document.body.append(f)
      }),
  )
  const frame = page.frames().find((f) => f !== page.mainFrame())
  await frame.waitForFunction(() => window.pageReady === true)
  const r = await frame.evaluate(async (kdf) => ({
    inThread: await window.attempt(() => window.openVault({ namespace: 'none', kdf, worker: false })),
    inWorker: await window.attempt(() => window.openVault({ namespace: 'none', kdf })),
  }), fastKdf)
  assert.equal(r.inThread.code, 'STORAGE_UNAVAILABLE')
  assert.match(r.inThread.message, /IndexedDB.*localStorage/)
  assert.equal(r.inWorker.name, 'SessionSignerError')
  assert.equal(r.inWorker.code, 'INTERNAL')
  assert.match(r.inWorker.message, /cannot start the sessionsigner worker/)
})
