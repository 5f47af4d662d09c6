// The storage read cache across tabs (wasm/cache.go, js/src/worker/coherence.ts):
// a tab whose worker holds a session record in memory must see what another
// tab did to it (a revocation, a use counted against a limit) by its next
// call after the other tab's announcement arrives. Each wait below polls a
// read that changes nothing until the change shows, never a fixed sleep.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { fastKdf, startBrowser } from './harness.mjs'

let browser, tabA, tabB

before(async () => {
  browser = await startBrowser('coherence')
  tabA = await browser.newPage()
  tabB = await browser.newPage()
})
after(async () => {
  await browser.screenshot(tabA, 'tab-a')
  await browser.screenshot(tabB, 'tab-b')
  await browser.close()
})

const hash = '0x0102030405060708091011121314151617181920212223242526272829303132'

/** Opens (and unlocks) window.vaults[namespace] in tab. */
function open(tab, namespace, options = {}) {
  return tab.evaluate(
    async ({ namespace, options }) => {
      window.vaults ??= {}
      const vault = await window.openVault({ namespace, ...options })
      await vault.unlock('shared secret')
      window.vaults[namespace] = vault
      return vault.storage
    },
    { namespace, options: { kdf: fastKdf, ...options } },
  )
}

function createSession(tab, namespace, extra = {}) {
  return tab.evaluate(
    ({ namespace, extra }) =>
      window.vaults[namespace].createSession({
        scheme: 'local',
        chainId: 1,
        expiresAt: Math.floor(Date.now() / 1000) + 3600,
        allow: [{ target: '0x6666666666666666666666666666666666666666', maxValuePerUse: 0n }],
        rawHash: true,
        ...extra,
      }),
    { namespace, extra },
  )
}

/** One signature: {ok, value} or {ok: false, code, rule}. */
function sign(tab, namespace, id) {
  return tab.evaluate(({ namespace, id, hash }) => window.attempt(() => window.vaults[namespace].sign(id, { type: 'hash', hash })), {
    namespace,
    id,
    hash,
  })
}

/**
 * Calls what(tab) until done(result) or 600 tries (30 s of pauses, room for
 * a busy machine), and returns the last result with the number of tries
 * (for the log, never asserted).
 */
async function until(tab, what, done) {
  let result
  for (let tries = 1; tries <= 600; tries++) {
    result = await what(tab)
    if (done(result)) return { result, tries }
    await tab.waitForTimeout(50)
  }
  return { result, tries: Infinity }
}

for (const storage of ['indexeddb', 'localstorage']) {
  test(`${storage}: a session revoked in tab B stops signing in tab A, whose worker had it cached`, async () => {
    const ns = `revoke-${storage}`
    assert.equal(await open(tabA, ns, { storage }), storage)
    assert.equal(await open(tabB, ns, { storage }), storage)
    const s = await createSession(tabA, ns)
    for (let i = 0; i < 3; i++) assert.equal((await sign(tabA, ns, s.id)).ok, true, 'tab A signs while the session is active')
    // Tab B may learn of the new record a moment later (localStorage reaches
    // other tabs asynchronously): wait for it to see it, then it signs.
    const seen = await until(tabB, (tab) => sign(tab, ns, s.id), (r) => r.ok)
    assert.equal(seen.result.ok, true, `tab B signs too: ${JSON.stringify(seen.result)}`)

    await tabB.evaluate(({ ns, id }) => window.vaults[ns].revoke(id), { ns, id: s.id })
    const { result, tries } = await until(tabA, (tab) => sign(tab, ns, s.id), (r) => !r.ok)
    browser.log(`${storage}: tab A refused after ${tries} tries`)
    assert.equal(result.code, 'REVOKED', `tab A's answer after tab B revoked: ${JSON.stringify(result)}`)
  })
}

test('indexeddb: a use counted in tab B counts against the limit in tab A', async () => {
  const ns = 'uses-indexeddb'
  await open(tabA, ns)
  await open(tabB, ns)
  const s = await createSession(tabA, ns, { maxUses: 2 })
  assert.equal((await sign(tabA, ns, s.id)).ok, true, 'first use, tab A')
  assert.equal((await sign(tabB, ns, s.id)).ok, true, 'second use, tab B')

  // getSession reads the same cached record as sign, and uses nothing up.
  const uses = (tab) => tab.evaluate(({ ns, id }) => window.vaults[ns].getSession(id).then((i) => i.usage?.uses), { ns, id: s.id })
  const { result, tries } = await until(tabA, uses, (n) => n === 2)
  browser.log(`uses: tab A saw 2 uses after ${tries} tries`)
  assert.equal(result, 2, "tab A sees tab B's use")
  const third = await sign(tabA, ns, s.id)
  assert.deepEqual([third.code, third.rule], ['POLICY_VIOLATION', 'uses'], JSON.stringify(third))
})

test("localstorage: a write by other code in another tab reaches the worker through the page's storage event", async () => {
  const ns = 'foreign-localstorage'
  await open(tabA, ns, { storage: 'localstorage' })
  const s = await createSession(tabA, ns)
  assert.equal((await sign(tabA, ns, s.id)).ok, true)
  // Not a vault: no BroadcastChannel announcement, only the storage event.
  await tabB.evaluate(({ ns, id }) => localStorage.removeItem(`sessionsigner:${ns}:session/${id}`), { ns, id: s.id })
  const { result } = await until(tabA, (tab) => sign(tab, ns, s.id), (r) => !r.ok)
  assert.equal(result.code, 'NOT_FOUND', JSON.stringify(result))
})

test('the cache serves warm reads; cache: false reads storage every time', async () => {
  const results = {}
  for (const cache of [true, false]) {
    const ns = `direct-write-${cache}`
    await open(tabA, ns, { cache })
    const s = await createSession(tabA, ns)
    assert.equal((await sign(tabA, ns, s.id)).ok, true)
    // Damage the record behind the vault's back: nothing announces this write.
    await tabA.evaluate(({ ns, id }) => window.writeIndexedDB(`sessionsigner:${ns}:session/${id}`, new Uint8Array([1, 2, 3])), {
      ns,
      id: s.id,
    })
    results[cache] = await sign(tabA, ns, s.id)
  }
  assert.equal(results.true.ok, true, 'the cached record still signs (writes that nobody announces are not seen)')
  assert.equal(results.false.code, 'CORRUPT_RECORD', `without the cache: ${JSON.stringify(results.false)}`)
})

test('indexeddb: a signature checked against a stale copy never writes over the change', async () => {
  const ns = 'stale-write'
  await open(tabA, ns)
  const s = await createSession(tabA, ns, { maxUses: 5 })
  assert.equal((await sign(tabA, ns, s.id)).ok, true, 'a counted signature: the record is written and cached')
  // A change whose announcement tab A has not had: its copy is stale.
  const key = `sessionsigner:${ns}:session/${s.id}`
  const changed = new Uint8Array([9, 9, 9])
  await tabB.evaluate(({ key, changed }) => window.writeIndexedDB(key, new Uint8Array(changed)), { key, changed: [...changed] })

  // The write-back from the stale copy is refused by storage; the vault
  // reads storage again and decides on what it holds now (bytes that are
  // no record): no signature, nothing written.
  const refused = await sign(tabA, ns, s.id)
  assert.equal(refused.code, 'CORRUPT_RECORD', `signing from the stale copy: ${JSON.stringify(refused)}`)
  const stored = await tabA.evaluate((key) => window.dumpIndexedDB().then((all) => [...new Uint8Array(all[key])]), key)
  assert.deepEqual(stored, [...changed], "the other tab's change is still what storage holds")
  const next = await sign(tabA, ns, s.id)
  assert.equal(next.code, 'CORRUPT_RECORD', `the next signature reads storage: ${JSON.stringify(next)}`)
})

// Last: it deletes the database every test in this file shares.
test('deleting the database (as clearing site data does) empties the cache', async () => {
  const ns = 'deleted'
  await open(tabA, ns)
  const s = await createSession(tabA, ns)
  assert.equal((await sign(tabA, ns, s.id)).ok, true)
  await tabB.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const req = indexedDB.deleteDatabase('sessionsigner')
        req.onsuccess = resolve
        req.onerror = () => reject(req.error)
        req.onblocked = () => reject(new Error('blocked: a connection did not close'))
      }),
  )
  // Refused, not signed from the cache: NOT_FOUND, or LOCKED once the
  // worker has rechecked the header it lost and dropped the vault key.
  const after = await sign(tabA, ns, s.id)
  assert.ok(['NOT_FOUND', 'LOCKED'].includes(after.code), JSON.stringify(after))
})
