// Key slots in headless Chromium: passkeys through a CDP virtual
// authenticator with the PRF extension, wallet signatures from mock EIP-1193
// wallets, a remembered device, destroy, and events across two tabs. The page
// is served from http://localhost:PORT: WebAuthn needs a domain.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { addVirtualAuthenticator } from '../../../scripts/chromium.mjs'
import { fastKdf, startBrowser } from './harness.mjs'

let browser, page

before(async () => {
  browser = await startBrowser('slots', { host: 'localhost' })
  page = await browser.newPage()
})
after(async () => {
  await browser.screenshot(page, 'final')
  await browser.close()
})

/** Adds a virtual authenticator (PRF unless hasPrf is false) to the tab; returns a remover. */
function virtualAuthenticator(p, options) {
  return addVirtualAuthenticator(browser.context, p, options)
}

/** Opens window.vault in a tab; returns its state. */
function open(p, namespace, extra = {}) {
  return p.evaluate(
    async ({ namespace, kdf, extra }) => {
      window.vault = await window.openVault({ namespace, kdf, ...extra })
      return window.vault.state
    },
    { namespace, kdf: fastKdf, extra },
  )
}

/** Runs fn(vault, arg) in the tab and returns {ok, value} or {ok: false, code, message}. */
function run(p, fn, arg) {
  return p.evaluate(({ src, arg }) => window.attempt(() => new Function('vault', 'arg', `return (${src})(vault, arg)`)(window.vault, arg)), {
    src: fn.toString(),
    arg,
  })
}

async function must(p, fn, arg) {
  const r = await run(p, fn, arg)
  assert.ok(r.ok, `${fn}: ${r.code} ${r.message}`)
  return r.value
}

const createSession = (vault) =>
  vault
    .createSession({ scheme: 'local', chainId: 1, expiresAt: Math.floor(Date.now() / 1000) + 3600, allow: [{ target: '0x3333333333333333333333333333333333333333', maxValuePerUse: 100n }] })
    .then((s) => s.id)

const signs = (vault, id) => vault.sign(id, { type: 'message', message: 'hi' }).then((sig) => sig.length === 132)

test('passkey: register on a new vault, reload, unlock with it; a second passkey; remove one; a wrong credential', async () => {
  const remove = await virtualAuthenticator(page)
  try {
    assert.equal(await open(page, 'pk'), 'new')
    const first = await must(page, (v) => v.addPasskey({ name: 'first' }))
    assert.equal(first.kind, 'passkey')
    assert.equal(first.name, 'first')
    assert.equal(await must(page, (v) => v.state), 'unlocked')
    const id = await must(page, createSession)

    await browser.reload(page)
    assert.equal(await open(page, 'pk'), 'locked')
    await must(page, (v) => v.unlock({ passkey: true }))
    assert.equal(await must(page, (v) => v.state), 'unlocked')
    assert.equal(await must(page, signs, id), true)

    const second = await must(page, (v) => v.addPasskey({ name: 'second' }))
    const slots = await must(page, (v) => v.slots())
    assert.deepEqual(slots.map((s) => s.kind), ['passkey', 'passkey'])
    assert.notEqual(second.credentialId, first.credentialId)

    // Unlock with the second credential by id, then remove the first.
    await must(page, (v) => v.lock())
    await must(page, (v, cred) => v.unlock({ passkey: cred }), second.credentialId)
    await must(page, (v, id) => v.removeSlot(id), first.id)
    await must(page, (v) => v.lock())
    const removed = await run(page, (v, cred) => v.unlock({ passkey: cred }), first.credentialId)
    assert.equal(removed.code, 'WRONG_SECRET')

    // A passkey of another vault does not open this one.
    assert.equal(await open(page, 'pk-other'), 'new')
    const other = await must(page, (v) => v.addPasskey())
    assert.equal(await open(page, 'pk'), 'locked')
    const wrong = await run(page, (v, cred) => v.unlock({ passkey: cred }), other.credentialId)
    assert.equal(wrong.code, 'WRONG_SECRET')
    assert.equal(await must(page, (v) => v.state), 'locked')
    await must(page, (v) => v.unlock({ passkey: true }))
    assert.equal(await must(page, signs, id), true)

    // The last slot stays.
    const last = await run(page, (v, id) => v.removeSlot(id), second.id)
    assert.equal(last.code, 'INVALID_REQUEST')
  } finally {
    await remove()
  }
})

test('an authenticator without PRF is refused with UNSUPPORTED', async () => {
  const remove = await virtualAuthenticator(page, { hasPrf: false })
  try {
    assert.equal(await open(page, 'no-prf'), 'new')
    const r = await run(page, (v) => v.addPasskey())
    assert.equal(r.code, 'UNSUPPORTED')
    assert.match(r.message, /PRF/)
    assert.equal(await must(page, (v) => v.state), 'new')
  } finally {
    await remove()
  }
})

/**
 * Installs window.wallets: deterministic EIP-1193 mocks (viem local
 * accounts; `other` is a second account) and one that signs differently
 * each time.
 */
function installWallets(p) {
  return p.evaluate(() => {
    const mock = (key) => {
      const account = window.privateKeyToAccount(key)
      const calls = []
      return {
        calls,
        account,
        async request({ method, params }) {
          calls.push(method)
          if (method === 'eth_requestAccounts') return [account.address]
          if (method === 'eth_signTypedData_v4') {
            const { types, primaryType, domain, message } = JSON.parse(params[1])
            delete types.EIP712Domain
            return account.signTypedData({ types, primaryType, domain, message })
          }
          throw new Error(`unexpected ${method}`)
        },
      }
    }
    const deterministic = mock('0x' + '42'.repeat(32))
    const account = deterministic.account
    delete deterministic.account
    const other = mock('0x' + '43'.repeat(32))
    delete other.account
    const random = {
      async request({ method }) {
        if (method === 'eth_requestAccounts') return [account.address]
        const b = crypto.getRandomValues(new Uint8Array(65))
        return '0x' + [...b].map((x) => x.toString(16).padStart(2, '0')).join('')
      },
    }
    window.wallets = { deterministic, other, random, address: account.address }
  })
}

test('wallet: a deterministic wallet is added (asked twice) and unlocks (asked once); a non-deterministic one is refused', async () => {
  await installWallets(page)
  assert.equal(await open(page, 'wallet'), 'new')
  await must(page, (v) => v.unlock('a passphrase first'))
  const id = await must(page, createSession)
  const slot = await must(page, (v) => v.addWallet({ wallet: window.wallets.deterministic, name: 'mock' }))
  assert.equal(slot.kind, 'wallet')
  assert.equal(slot.address, (await page.evaluate(() => window.wallets.address)).toLowerCase())
  assert.equal(await page.evaluate(() => window.wallets.deterministic.calls.filter((m) => m === 'eth_signTypedData_v4').length), 2)

  const refused = await run(page, (v) => v.addWallet({ wallet: window.wallets.random }))
  assert.equal(refused.code, 'UNSUPPORTED')
  assert.equal((await must(page, (v) => v.slots())).length, 2)

  await browser.reload(page)
  await installWallets(page)
  assert.equal(await open(page, 'wallet'), 'locked')
  const wrong = await run(page, (v) => v.unlock({ wallet: window.wallets.random }))
  assert.equal(wrong.code, 'WRONG_SECRET')
  await must(page, (v) => v.unlock({ wallet: window.wallets.deterministic }))
  assert.equal(await page.evaluate(() => window.wallets.deterministic.calls.filter((m) => m === 'eth_signTypedData_v4').length), 1)
  assert.equal(await must(page, signs, id), true)
})

test('replaceSlot: a passkey, a wallet and this device replaced by other kinds; the old secret must prove itself', async () => {
  const remove = await virtualAuthenticator(page)
  try {
    await installWallets(page)
    const kinds = async () => (await must(page, (v) => v.slots())).map((s) => `${s.kind}:${s.name}`)
    assert.equal(await open(page, 'replace'), 'new')
    await must(page, (v) => v.addPasskey({ name: 'pk' }))
    await must(page, (v) => v.addWallet({ wallet: window.wallets.deterministic, name: 'w1' }))
    const id = await must(page, createSession)

    // A passkey replaced (in its place) by a second wallet: the passkey is asked for first.
    await must(page, (v) => v.lock())
    const slot = await must(page, (v) => v.replaceSlot({ passkey: true }, { wallet: window.wallets.other, name: 'w2' }))
    assert.equal(slot.kind, 'wallet')
    assert.equal(await must(page, (v) => v.state), 'unlocked')
    assert.deepEqual(await kinds(), ['wallet:w2', 'wallet:w1'])
    await must(page, (v) => v.lock())
    assert.equal((await run(page, (v) => v.unlock({ passkey: true }))).code, 'WRONG_SECRET')
    await must(page, (v) => v.unlock({ wallet: window.wallets.other }))
    assert.equal(await must(page, signs, id), true)

    // A wallet replaced by a new passkey; a wallet that is not a slot proves nothing, changes nothing.
    const wrong = await run(page, (v) => v.replaceSlot({ wallet: window.wallets.random }, { server: new Uint8Array(32).fill(1) }))
    assert.equal(wrong.code, 'WRONG_SECRET')
    const unstable = await run(page, (v) => v.replaceSlot({ wallet: window.wallets.deterministic }, { wallet: window.wallets.random }))
    assert.equal(unstable.code, 'UNSUPPORTED')
    assert.deepEqual(await kinds(), ['wallet:w2', 'wallet:w1'])
    await must(page, (v) => v.replaceSlot({ wallet: window.wallets.deterministic }, { passkey: { name: 'pk2' } }))
    assert.deepEqual(await kinds(), ['wallet:w2', 'passkey:pk2'])
    await browser.reload(page)
    await installWallets(page)
    assert.equal(await open(page, 'replace'), 'locked')
    assert.equal((await run(page, (v) => v.unlock({ wallet: window.wallets.deterministic }))).code, 'WRONG_SECRET')
    await must(page, (v) => v.unlock({ passkey: true }))
    assert.equal(await must(page, signs, id), true)

    // This browser's remembered-device slot replaced by a server key: the next reload is locked.
    await must(page, (v) => v.rememberDevice())
    await browser.reload(page)
    await installWallets(page)
    assert.equal(await open(page, 'replace'), 'unlocked')
    await must(page, (v) => v.replaceSlot({ device: true }, { server: new Uint8Array(32).fill(9), name: 'api' }))
    assert.deepEqual(await kinds(), ['wallet:w2', 'passkey:pk2', 'server:api'])
    const notRemembered = await run(page, (v) => v.replaceSlot({ device: true }, { passphrase: 'x' }))
    assert.equal(notRemembered.code, 'WRONG_SECRET')
    await browser.reload(page)
    assert.equal(await open(page, 'replace'), 'locked')
    await must(page, (v) => v.unlock({ server: new Uint8Array(32).fill(9) }))
    assert.equal(await must(page, signs, id), true)
  } finally {
    await remove()
  }
})

test('remembered device: a reload opens unlocked until the slot expires; forgetDevice', async () => {
  assert.equal(await open(page, 'device'), 'new')
  await must(page, (v) => v.unlock('device passphrase'))
  const id = await must(page, createSession)
  const tooLong = await run(page, (v) => v.rememberDevice({ for: 31 * 24 * 3600 }))
  assert.equal(tooLong.code, 'INVALID_REQUEST')
  // Long enough for a reload on a busy machine, short enough to wait out.
  const slot = await must(page, (v) => v.rememberDevice({ for: 6 }))
  assert.equal(slot.kind, 'device')

  await browser.reload(page)
  assert.equal(await open(page, 'device'), 'unlocked')
  assert.equal(await must(page, signs, id), true)

  // After the expiry (bound into the slot), a reload is locked again.
  await page.waitForFunction((t) => Date.now() / 1000 > t, slot.expiresAt, { polling: 200, timeout: 10_000 })
  await browser.reload(page)
  assert.equal(await open(page, 'device'), 'locked')

  // Remember again, then forget: the next reload is locked.
  await must(page, (v) => v.unlock('device passphrase'))
  await must(page, (v) => v.rememberDevice())
  await must(page, (v) => v.forgetDevice())
  // Forgetting removed this device's slot; remembering again removed the expired one.
  assert.deepEqual((await must(page, (v) => v.slots())).map((s) => s.kind), ['passphrase'])
  await browser.reload(page)
  assert.equal(await open(page, 'device'), 'locked')
})

test('destroy: with the vault unlocked, and with the forgotten-secret option while locked', async () => {
  assert.equal(await open(page, 'destroy'), 'new')
  await must(page, (v) => v.unlock('to be destroyed'))
  await must(page, createSession)
  await must(page, (v) => v.destroy())
  assert.equal(await must(page, (v) => v.refresh()), 'new')
  assert.deepEqual(await must(page, (v) => v.listSessions()), [])

  await must(page, (v) => v.unlock('forgotten'))
  await must(page, createSession)
  await must(page, (v) => v.lock())
  const refused = await run(page, (v) => v.destroy())
  assert.equal(refused.code, 'LOCKED')
  assert.equal((await must(page, (v) => v.listSessions())).length, 1)
  await must(page, (v) => v.destroy({ forgotSecret: true }))
  assert.equal(await must(page, (v) => v.refresh()), 'new')
  assert.deepEqual(await must(page, (v) => v.listSessions()), [])
})

test('destroy or a change of secret in one tab locks the vault in another: key dropped, statechange, signing refused', async () => {
  const other = await browser.newPage()
  try {
    assert.equal(await open(page, 'two-tabs'), 'new')
    await must(page, (v) => v.unlock('two tabs'))
    const id = await must(page, createSession)
    assert.equal(await open(other, 'two-tabs'), 'locked')
    await must(other, (v) => v.unlock('two tabs'))
    assert.equal(await must(other, signs, id), true)
    await other.evaluate(() => {
      window.seen = []
      window.vault.on('statechange', (e) => window.seen.push(e.state))
    })

    // Another tab changes the secret: this one locks (its key no longer opens anything new).
    await must(page, (v) => v.changeSecret('two tabs', 'changed'))
    await other.waitForFunction(() => window.seen.includes('locked'), null, { timeout: 10_000 })
    assert.equal(await must(other, (v) => v.state), 'locked')
    assert.equal((await run(other, signs, id)).code, 'LOCKED')
    await must(other, (v) => v.unlock('changed'))
    assert.equal(await must(other, signs, id), true)

    // Another tab destroys the vault: this one drops its key and reports the vault as new.
    await must(page, (v) => v.destroy())
    await other.waitForFunction(() => window.seen.includes('new'), null, { timeout: 10_000 })
    assert.deepEqual(await other.evaluate(() => window.seen), ['locked', 'unlocked', 'new'])
    assert.equal(await must(other, (v) => v.state), 'new')
    const refused = await run(other, signs, id)
    assert.ok(['LOCKED', 'NOT_FOUND'].includes(refused.code), `sign after destroy: ${refused.code} ${refused.message}`)
    assert.equal((await run(other, createSession)).code, 'LOCKED')
    assert.deepEqual(await page.evaluate(() => window.dumpIndexedDB().then((all) => Object.keys(all).filter((k) => k.includes('two-tabs')))), [])
  } finally {
    await other.close()
  }
})

test('an unlock that only reads does not wait for the Web Lock another tab holds; one that creates the vault does', async () => {
  const other = await browser.newPage()
  const key = (n) => new Uint8Array(32).fill(n)
  try {
    // Another tab holds this vault's lock, as during a change of secret.
    const hold = (ns) =>
      other.evaluate((name) => {
        window.held = new Promise((started) =>
          navigator.locks.request(name, () => new Promise((release) => ((window.release = release), started()))),
        )
        return window.held
      }, `sessionsigner:indexeddb:${encodeURIComponent(ns)}:secret`)
    const within = (p, fn, arg) =>
      p.evaluate(
        ({ src, arg }) =>
          Promise.race([
            window.attempt(() => new Function('vault', 'arg', `return (${src})(vault, arg)`)(window.vault, arg)),
            new Promise((ok) => setTimeout(() => ok({ waited: true }), 5000)),
          ]),
        { src: fn.toString(), arg },
      )
    assert.equal(await open(page, 'no-lock'), 'new')
    await must(page, (v, k) => v.addServerKey(new Uint8Array(k)), [...key(3)])
    await must(page, (v) => v.lock())
    await hold('no-lock')
    const r = await within(page, (v, k) => v.unlock({ server: new Uint8Array(k) }), [...key(3)])
    assert.equal(r.ok, true, JSON.stringify(r))
    assert.equal(await must(page, (v) => v.state), 'unlocked')
    await other.evaluate(() => window.release())

    // Creating a vault writes: it waits for the lock, then goes ahead.
    assert.equal(await open(page, 'no-lock-new'), 'new')
    await hold('no-lock-new')
    const waiting = await within(page, (v, k) => v.unlock({ server: new Uint8Array(k) }), [...key(4)])
    assert.equal(waiting.waited, true, JSON.stringify(waiting))
    await other.evaluate(() => window.release())
    await page.waitForFunction(() => window.vault.state === 'unlocked', null, { timeout: 10_000 })
  } finally {
    await other.close()
  }
})

test('events: statechange here, sessionschange in another tab, expiring with the lead time', async () => {
  const other = await browser.newPage()
  try {
    assert.equal(await open(page, 'events', { expiringLeadSeconds: 3600 }), 'new')
    await page.evaluate(() => {
      window.seen = []
      window.vault.on('statechange', (e) => window.seen.push(`state:${e.state}`))
      window.vault.on('expiring', (e) => window.seen.push(`expiring:${e.session.id}`))
    })
    assert.equal(await open(other, 'events'), 'new')
    await other.evaluate(() => {
      window.seen = []
      window.vault.on('sessionschange', (e) => window.seen.push(`sessions:${e.source}`))
    })
    await must(page, (v) => v.unlock('events'))
    const id = await must(page, createSession)
    await other.waitForFunction(() => window.seen.includes('sessions:other-tab'), null, { timeout: 5000 }).catch(async (err) => {
      throw new Error(`other tab saw ${JSON.stringify(await other.evaluate(() => window.seen))}, this tab ${JSON.stringify(await page.evaluate(() => window.seen))}: ${err.message}`)
    })
    await page.waitForFunction((id) => window.seen.includes(`expiring:${id}`), id, { timeout: 5000 })
    assert.ok((await page.evaluate(() => window.seen)).includes('state:unlocked'))
  } finally {
    await other.close()
  }
})
