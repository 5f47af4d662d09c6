// Starting the module: the page fetches and compiles sessionsigner.wasm once
// and every worker it starts gets that compiled module, whether two vaults
// open at once or one opens again after close; each of them signs for its
// own session. The vault is opened at page load and awaited at first use,
// the pattern the README recommends.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { fastKdf, startBrowser } from './harness.mjs'

let browser, page

before(async () => {
  browser = await startBrowser('start')
  page = await browser.newPage()
})
after(async () => {
  await browser.screenshot(page, 'final')
  await browser.close()
})

test('one download and compile of the module serves two vaults at once and a vault opened again after close', async () => {
  const before = browser.requests('/sessionsigner.wasm')
  const r = await page.evaluate(async (kdf) => {
    const { openVault, viem } = window
    const target = '0x1111111111111111111111111111111111111111'
    const signOnce = async (vaultReady, secret) => {
      // Opened earlier, awaited at first use.
      const vault = await vaultReady
      await vault.unlock(secret)
      const s = await vault.createSession({ scheme: 'local', chainId: 1n, expiresAt: Math.floor(Date.now() / 1000) + 3600, allow: [{ target, maxValuePerUse: 0n }] })
      const message = `signed by ${s.signer}`
      const signature = await vault.sign(s.id, { type: 'message', message })
      return { vault, address: s.signer, recovered: await viem.recoverMessageAddress({ message, signature }) }
    }
    // Both start at once, before either is needed.
    const a = openVault({ namespace: 'start-a', kdf })
    const b = openVault({ namespace: 'start-b', kdf })
    const [first, second] = await Promise.all([signOnce(a, 'secret a'), signOnce(b, 'secret b')])
    first.vault.close()
    second.vault.close()
    const again = await signOnce(openVault({ namespace: 'start-a', kdf }), 'secret a')
    again.vault.close()
    return [first, second, again].map(({ address, recovered }) => ({ address, recovered }))
  }, fastKdf)
  for (const { address, recovered } of r) assert.equal(recovered, address)
  assert.notEqual(r[0].address, r[1].address)
  assert.notEqual(r[0].address, r[2].address)
  assert.equal(browser.requests('/sessionsigner.wasm') - before, 1, 'the module was fetched once for three workers')
})

/**
 * Opens a vault in tab (wasmPath, if given, is where its module is fetched), unlocks it, signs one message
 * with a new session and returns what the page saw: the signer, the address the signature recovers to, the
 * state before close, the storage used and how many times the page fetched a .wasm.
 */
function openAndSign(tab, namespace, wasmPath) {
  return tab.evaluate(
    async ({ kdf, namespace, wasmPath }) => {
      const { openVault, viem } = window
      const vault = await openVault({ namespace, kdf, ...(wasmPath ? { wasmUrl: new URL(wasmPath, location.href).href } : {}) })
      await vault.unlock(`secret of ${namespace}`)
      const s = await vault.createSession({ scheme: 'local', chainId: 1n, expiresAt: Math.floor(Date.now() / 1000) + 3600, allow: [{ target: '0x1111111111111111111111111111111111111111', maxValuePerUse: 0n }] })
      const message = `signed in ${namespace}`
      const signature = await vault.sign(s.id, { type: 'message', message })
      const state = vault.state
      vault.close()
      const fetched = performance.getEntriesByType('resource').filter((e) => new URL(e.name).pathname.endsWith('.wasm')).length
      return { address: s.signer, recovered: await viem.recoverMessageAddress({ message, signature }), state, storage: vault.storage, fetched }
    },
    { kdf: fastKdf, namespace, wasmPath },
  )
}

test('a page that preloads the module, as the README shows, downloads it once: openVault takes the preloaded response', async () => {
  const tab = await browser.newPage('preload.html')
  try {
    const before = browser.requests('/sessionsigner.wasm')
    const r = await openAndSign(tab, 'start-preloaded')
    assert.equal(r.recovered, r.address)
    // The preload was made at parse time, before openAndSign: count from the page's load.
    assert.equal(browser.requests('/sessionsigner.wasm') - before, 0, 'openVault fetched the module again instead of taking the preloaded response')
    assert.equal(r.fetched, 1, 'the page fetched the module once')
  } finally {
    await tab.close()
  }
})

test('a module that arrives after the worker has started: the vault opens storage meanwhile and signs as usual, from one download', async () => {
  const tab = await browser.newPage()
  try {
    const before = browser.requests('/sessionsigner.wasm')
    // Answered 400 ms late, long after the worker is ready: 'open' goes first and the module follows it.
    const r = await openAndSign(tab, 'start-late-module', '/sessionsigner.wasm?delayMs=400')
    assert.equal(r.recovered, r.address)
    assert.equal(r.state, 'unlocked')
    assert.equal(r.storage, 'indexeddb')
    assert.equal(browser.requests('/sessionsigner.wasm') - before, 1, 'the page compiled the module and the worker used it')
  } finally {
    await tab.close()
  }
})
