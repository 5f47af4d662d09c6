// Two tabs on one origin share one IndexedDB vault. Created at the same
// moment, it must end up with one vault key; sessions created at the same
// moment must all be kept, and each tab must be able to use the other's.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { fastKdf, startBrowser } from './harness.mjs'

let browser, tabA, tabB

before(async () => {
  browser = await startBrowser('tabs')
  tabA = await browser.newPage()
  tabB = await browser.newPage()
})
after(async () => {
  await browser.screenshot(tabA, 'tab-a')
  await browser.screenshot(tabB, 'tab-b')
  await browser.close()
})

/** Runs fn in both tabs, starting both at the same wall-clock moment. */
function together(fn, arg) {
  const startAt = Date.now() + 300
  const run = (tab, label) =>
    tab.evaluate(
      async ({ startAt, label, arg, src }) => {
        while (Date.now() < startAt) await new Promise((r) => setTimeout(r, 1))
        return (0, eval)(`(${src})`)(label, arg)
      },
      { startAt, label, arg, src: fn.toString() },
    )
  return Promise.all([run(tabA, 'A'), run(tabB, 'B')])
}

test('two tabs creating a new vault at once agree on one vault key', async () => {
  const states = await together(async (label, kdf) => {
    window.vault = await window.openVault({ namespace: 'tabs', kdf })
    const before = window.vault.state
    await window.vault.unlock('shared secret')
    return { before, after: window.vault.state }
  }, fastKdf)
  // Whether the other tab's header already existed when a tab opened is the
  // race's interleaving, not its outcome: each tab saw 'new' or 'locked',
  // and both end unlocked. That both hold the same vault key is the next
  // test's point (each signs with the other's sessions).
  for (const s of states) {
    assert.ok(s.before === 'new' || s.before === 'locked', `state before unlock: ${s.before}`)
    assert.equal(s.after, 'unlocked')
  }
})

test('sessions created in two tabs at the same time are all kept and usable from either tab', async () => {
  const perTab = 6
  const created = await together(async (label, n) => {
    const make = (i) =>
      window.vault.createSession({
        scheme: 'local',
        chainId: 1,
        expiresAt: Math.floor(Date.now() / 1000) + 3600,
        allow: [{ target: '0x6666666666666666666666666666666666666666', maxValuePerUse: BigInt(i + 1) }],
      })
    return Promise.all(Array.from({ length: n }, (_, i) => make(i)))
  }, perTab)
  const all = created.flat()
  assert.equal(new Set(all.map((s) => s.id)).size, 2 * perTab)

  for (const [tab, label] of [[tabA, 'A'], [tabB, 'B']]) {
    const r = await tab.evaluate(async (sessions) => {
      const listed = (await window.vault.listSessions()).map((s) => s.id)
      const recovered = []
      for (const s of sessions) {
        const sig = await window.vault.sign(s.id, { type: 'message', message: s.id })
        const who = await window.viem.recoverMessageAddress({ message: s.id, signature: sig })
        recovered.push(who.toLowerCase() === s.signer.toLowerCase())
      }
      return { listed, recovered }
    }, all)
    assert.deepEqual(r.listed.sort(), all.map((s) => s.id).sort(), `tab ${label} lists every session`)
    assert.ok(r.recovered.every(Boolean), `tab ${label} signs with every session`)
  }
})

test('a change of secret in one tab and an unlock in the other at the same moment lose no session', async () => {
  const ids = await tabA.evaluate(async () => (await window.vault.listSessions()).map((s) => s.id))
  assert.ok(ids.length >= 12)
  const outcome = await together(async (label) => {
    if (label === 'A') {
      await window.vault.changeSecret('shared secret', 'changed secret')
      return 'changed'
    }
    // Unlock with the old secret again and again for two seconds, so that
    // some attempts land while A's change is half done (its pending header
    // written, records being resealed): exactly when an unlock would finish
    // or undo that change under A's feet, unless the tabs take turns.
    const seen = new Set()
    const until = Date.now() + 2000
    while (Date.now() < until) {
      await window.vault.lock()
      try {
        await window.vault.unlock('shared secret')
        seen.add('unlocked')
      } catch (e) {
        seen.add(e.code)
      }
    }
    return [...seen].sort().join(',')
  })
  assert.equal(outcome[0], 'changed')
  assert.match(outcome[1], /^(WRONG_SECRET|unlocked|WRONG_SECRET,unlocked)$/)
  for (const tab of [tabA, tabB]) {
    const r = await tab.evaluate(async (ids) => {
      await window.vault.lock()
      await window.vault.unlock('changed secret')
      const out = []
      for (const id of ids) {
        try {
          await window.vault.sign(id, { type: 'message', message: 'after the change' })
          out.push('ok')
        } catch (e) {
          out.push(e.code)
        }
      }
      return out
    }, ids)
    assert.deepEqual(r, ids.map(() => 'ok'))
  }
})

test("unlock() then lock() without awaiting ends locked while another tab holds the vault's lock", async () => {
  // Tab B holds the vault's Web Lock (as its unlock or change of secret
  // would), so tab A's unlock has to wait for it. Tab A's calls still run in
  // the order it made them: the lock() made after the unlock() ends locked,
  // and each call sees the state its place in the order gives it.
  const lockName = 'sessionsigner:indexeddb:tabs:secret'
  await tabB.evaluate((name) => {
    window.holdLock = new Promise((held) => {
      navigator.locks.request(name, () => {
        held()
        return new Promise((release) => (window.releaseLock = release))
      })
    })
    return window.holdLock
  }, lockName)
  const outcomes = tabA.evaluate(async () => {
    await window.vault.lock()
    const s = (await window.vault.listSessions()).find((x) => x.status === 'active')
    const msg = { type: 'message', message: 'order' }
    const settle = (p) => p.then(() => 'ok', (e) => e.code)
    const calls = [
      settle(window.vault.unlock('changed secret')),
      settle(window.vault.sign(s.id, msg)),
      settle(window.vault.lock()),
      settle(window.vault.sign(s.id, msg)),
    ]
    window.callsStarted = true
    const got = await Promise.all(calls)
    return { got, final: window.vault.state, after: await settle(window.vault.sign(s.id, msg)) }
  })
  await tabA.waitForFunction(() => window.callsStarted === true)
  await tabB.evaluate(() => window.releaseLock())
  const r = await outcomes
  assert.deepEqual(r.got, ['ok', 'ok', 'ok', 'LOCKED'])
  assert.equal(r.final, 'locked')
  assert.equal(r.after, 'LOCKED')
})
