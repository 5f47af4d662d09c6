// Clicks through the whole demo in headless Chromium, as a person would:
// unlock, create a session of each scheme from its preset, sign in policy
// (the page verifies with viem), try out of policy (the vault refuses, rule
// named), reload (locked, still listed), a wrong secret, unlock, revoke,
// lock, and read the "what is stored" panel (no key in it). The page is the
// Vite build served by serve.mjs under its strict CSP; any console error or
// CSP violation fails the test. Screenshots go to test-output/demo/.
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { after, before, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { build } from 'vite'
import { addVirtualAuthenticator, launchChromium } from '../../scripts/chromium.mjs'
import { startServer } from '../serve.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const webExample = join(here, '..')
const shots = join(webExample, '..', 'test-output', 'demo')
const secret = 'correct horse battery staple'

let server
let browser

before(async () => {
  assert.ok(
    existsSync(join(webExample, '..', 'js', 'dist', 'sessionsigner.wasm')),
    'js/dist/sessionsigner.wasm is missing: run make js first',
  )
  await build({ configFile: join(webExample, 'vite.config.js'), logLevel: 'warn' })
  await mkdir(shots, { recursive: true })
  server = await startServer({ root: join(webExample, 'dist') })
  browser = await launchChromium()
})

after(async () => {
  await browser?.close()
  await server?.close()
})

/** A page that records console errors, page errors and CSP violations. */
async function watchedPage() {
  const page = await browser.context.newPage()
  const problems = []
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`)
  })
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`))
  page.on('worker', (w) => w.on('console', (m) => m.type() === 'error' && problems.push(`worker console error: ${m.text()}`)))
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`))
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI}`)
    })
  })
  return { page, problems }
}

async function shot(page, name) {
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true })
}

async function ready(page) {
  await page.waitForSelector('body[data-ready="true"]')
}

async function vaultState(page) {
  return page.getAttribute('#state', 'data-state')
}

async function unlock(page, withSecret) {
  await page.fill('#secret', withSecret)
  await page.click('#unlock')
  await page.waitForFunction(() => !document.querySelector('#unlock-form button[type=submit]').disabled || document.querySelector('#state').dataset.state === 'unlocked')
}

const card = (page, scheme) => page.locator(`article.card[data-scheme="${scheme}"]`).first()

async function clickAndWaitResult(page, scheme, action) {
  const selector = `article.card[data-scheme="${scheme}"] .result[data-action="${action}"]`
  const previous = await page.evaluate((sel) => document.querySelector(sel)?.dataset.seq ?? '', selector)
  await card(page, scheme).locator(`button[data-action="${action}"]`).click()
  // The list re-renders after every action; wait for this card's next outcome.
  await page.waitForFunction(
    ([sel, prev]) => {
      const seq = document.querySelector(sel)?.dataset.seq
      return seq !== undefined && seq !== prev
    },
    [selector, previous],
  )
  const result = page.locator(selector)
  return {
    kind: await result.getAttribute('data-result'),
    code: await result.getAttribute('data-code'),
    rule: await result.getAttribute('data-rule'),
    text: await result.innerText(),
  }
}

const schemes = [
  { preset: 'abstract', scheme: 'abstract', enabling: 'enableCall' },
  { preset: 'smartsessions', scheme: 'smartsessions', enabling: 'enableSessionsCall' },
  { preset: 'local', scheme: 'local', enabling: null },
]

test('the demo, clicked through in IndexedDB', { timeout: 240_000 }, async () => {
  const { page, problems } = await watchedPage()
  await page.goto(`${server.url}?kdf=min`)
  await ready(page)
  assert.equal(await vaultState(page), 'new')
  assert.match(await page.innerText('#test-banner'), /TEST MODE/)
  // index.html preloads the module; openVault takes that response instead of a second download.
  const wasmFetches = await page.evaluate(() => performance.getEntriesByType('resource').filter((e) => new URL(e.name).pathname.endsWith('.wasm')).map((e) => e.name))
  assert.equal(wasmFetches.length, 1, `the module was fetched once: ${wasmFetches.join(', ')}`)
  await shot(page, '01-new')

  // Unlock creates the vault; the progress bar is shown while Argon2 runs,
  // and fills slice by slice: every value it is given is recorded.
  await page.fill('#secret', secret)
  const sawProgress = page.waitForSelector('#progress:not([hidden])', { timeout: 10_000 }).then(
    () => true,
    () => false,
  )
  await page.evaluate(() => {
    const bar = document.querySelector('#progress-bar')
    window.barValues = []
    new MutationObserver(() => {
      if (bar.hasAttribute('value')) window.barValues.push(`${bar.value}/${bar.max}`)
    }).observe(bar, { attributes: true, attributeFilter: ['value', 'max'] })
  })
  await page.click('#unlock')
  await page.waitForSelector('#state[data-state="unlocked"]')
  assert.ok(await sawProgress, 'the progress indication was shown during unlock')
  const barValues = [...new Set(await page.evaluate(() => window.barValues))]
  assert.ok(barValues.length > 2, `the bar moved through the Argon2id slices: ${barValues}`)
  assert.equal(barValues.at(-1), '8/8', `the bar ended full (t=2: 8 slices): ${barValues}`)
  assert.match(await page.innerText('#vault-message'), /created and unlocked/)

  // The unlock methods: the passphrase slot is listed; remembering this device adds a second one.
  await page.waitForSelector('#slot-list li[data-kind="passphrase"]')
  await page.click('#remember-device')
  await page.waitForSelector('#slot-list li[data-kind="device"]')
  assert.match(await page.innerText('#methods-message'), /remembered/)
  await page.click('#forget-device')
  await page.waitForFunction(() => !document.querySelector('#slot-list li[data-kind="device"]'))

  // One session per scheme, each from its preset.
  for (const s of schemes) {
    await page.click(`#presets button[data-preset="${s.preset}"]`)
    await page.click('#create')
    await page.waitForSelector(`article.card[data-scheme="${s.scheme}"]`)
    const c = card(page, s.scheme)
    assert.equal(await c.getAttribute('data-status'), 'active')
    assert.match(await c.innerText(), /0x[0-9a-fA-F]{40}/, 'the signer is shown')
    assert.ok((await c.locator('.permissions li').count()) > 0, `${s.scheme}: permissions in words`)
    if (s.enabling) {
      const call = c.locator(`.onchain[data-enabling="${s.enabling}"]`)
      assert.equal(await call.count(), 1, `${s.scheme}: shows ${s.enabling}`)
      assert.match(await call.innerText(), /0x[0-9a-f]{8}/, `${s.scheme}: shows the calldata`)
    }
  }
  await shot(page, '02-created')

  // In policy: signed and verified in the page. Out of policy: refused, rule named.
  for (const s of schemes) {
    const signed = await clickAndWaitResult(page, s.scheme, 'sign')
    assert.equal(signed.kind, 'verified', `${s.scheme} in-policy: ${signed.text}`)
    const refused = await clickAndWaitResult(page, s.scheme, 'sign-out')
    assert.equal(refused.kind, 'refused', `${s.scheme} out-of-policy: ${refused.text}`)
    assert.equal(refused.code, 'POLICY_VIOLATION', `${s.scheme} out-of-policy: ${refused.text}`)
    assert.ok(refused.rule, `${s.scheme}: the refusal names its rule`)
  }
  await shot(page, '03-signed-and-refused')

  // Reload: locked, every session still listed.
  await page.reload()
  await ready(page)
  assert.equal(await vaultState(page), 'locked')
  for (const s of schemes) assert.equal(await card(page, s.scheme).getAttribute('data-status'), 'active')
  assert.ok(await card(page, 'local').locator('button[data-action="sign"]').isDisabled(), 'signing waits for unlock')
  await checkStored(page, 4)
  const abstractCard = await card(page, 'abstract').innerText()
  assert.match(abstractCard, /fee (this period|in total) [\d.]+ ETH/, `Abstract usage in words: ${abstractCard}`)
  assert.doesNotMatch(abstractCard, /fee \d+ \d+/)
  await shot(page, '04-reloaded-locked')

  // A wrong secret is refused and changes nothing.
  await unlock(page, 'not the secret')
  assert.equal(await page.innerText('#vault-message'), 'WRONG_SECRET: That is not this vault’s secret. Nothing was changed.', 'said once, as a sentence')
  assert.equal(await vaultState(page), 'locked')

  await unlock(page, secret)
  assert.equal(await vaultState(page), 'unlocked')
  const again = await clickAndWaitResult(page, 'local', 'sign')
  assert.equal(again.kind, 'verified', `signing after reload: ${again.text}`)

  // Revoke one: its key is wiped, the card says so, signing is refused.
  const revoked = await clickAndWaitResult(page, 'abstract', 'revoke')
  assert.equal(revoked.kind, 'info', revoked.text)
  assert.equal(await card(page, 'abstract').getAttribute('data-status'), 'revoked')
  assert.equal(await card(page, 'abstract').locator('button[data-action="sign"]').count(), 0, 'a revoked session offers no signing')
  await shot(page, '05-revoked')

  // Lock: the vault forgets its key; sessions stay listed.
  await page.click('#lock')
  await page.waitForSelector('#state[data-state="locked"]')
  assert.equal(await page.locator('article.card').count(), 3)
  await checkStored(page, 4)
  await shot(page, '06-locked')

  assert.deepEqual(problems, [])
  await page.close()
})

test('the demo with localStorage', { timeout: 120_000 }, async () => {
  const { page, problems } = await watchedPage()
  await page.goto(`${server.url}?kdf=min`)
  await ready(page)
  await page.selectOption('#storage', 'localstorage')
  await page.waitForFunction(() => document.querySelector('#state').dataset.state === 'new')
  await unlock(page, secret)
  assert.equal(await vaultState(page), 'unlocked')
  await page.click('#presets button[data-preset="local"]')
  await page.click('#create')
  await page.waitForSelector('article.card[data-scheme="local"]')
  const signed = await clickAndWaitResult(page, 'local', 'sign')
  assert.equal(signed.kind, 'verified', signed.text)
  assert.match(await page.innerText('#stored-where'), /localStorage/)
  await checkStored(page, 2)
  await shot(page, '07-localstorage')

  // The choice survives a reload.
  await page.reload()
  await ready(page)
  assert.equal(await page.inputValue('#storage'), 'localstorage')
  assert.equal(await vaultState(page), 'locked')
  assert.equal(await page.locator('article.card[data-scheme="local"]').count(), 1)
  assert.deepEqual(problems, [])
  await page.close()
})

test('an injected wallet can send the enabling call (optional path)', { timeout: 120_000 }, async () => {
  const { page, problems } = await watchedPage()
  const owner = '0x90f79bf6eb2c4f870365e785982e1f101e93b906'
  // A stand-in EIP-1193 provider that records what the page asks of it.
  await page.addInitScript((address) => {
    const calls = []
    window.__walletCalls = calls
    window.ethereum = {
      async request({ method, params }) {
        calls.push({ method, params })
        if (method === 'eth_requestAccounts') return [address]
        if (method === 'wallet_switchEthereumChain') return null
        if (method === 'eth_sendTransaction') return `0x${'ab'.repeat(32)}`
        throw new Error(`unsupported ${method}`)
      },
    }
  }, owner)
  await page.goto(`${server.url}?kdf=min`)
  await ready(page)
  await unlock(page, secret) // creates the vault, or opens the one an earlier test made
  assert.equal(await vaultState(page), 'unlocked')

  await page.click('#wallet button')
  await page.waitForSelector('#wallet code')
  await page.click('#presets button[data-preset="abstract"]')
  await page.click('#fields button[data-wallet="use"]')
  assert.equal(await page.inputValue('#fields input[name="account"]'), owner)
  await page.click('#create')
  const c = page.locator('article.card[data-scheme="abstract"][data-status="active"]', { hasText: owner }).first()
  await c.waitFor()

  const to = await c.locator('.onchain dd code').nth(1).innerText()
  const data = await c.locator('.onchain .copyable code').first().getAttribute('title')
  await c.locator('button[data-action="wallet-send"]').click()
  await c.locator('.result[data-action="wallet"]').waitFor()
  await shot(page, '08-wallet')

  const sent = (await page.evaluate(() => window.__walletCalls)).filter((x) => x.method === 'eth_sendTransaction')
  assert.equal(sent.length, 1)
  assert.equal(sent[0].params[0].from, owner)
  assert.equal(sent[0].params[0].to.toLowerCase(), to.toLowerCase())
  assert.equal(sent[0].params[0].data, data)
  assert.deepEqual(problems, [])
  await page.close()
})

/**
 * The stored panel: at least `min` records, the key scan ran and found
 * nothing, and neither the secret nor anything named like a private key
 * appears in the raw records.
 */
async function checkStored(page, min) {
  await page.click('#refresh-stored')
  await page.waitForFunction(() => document.querySelector('#stored-summary').dataset.tried !== undefined)
  await page.waitForFunction(
    (n) => document.querySelectorAll('#stored-records details.record').length >= n && document.querySelector('#stored-summary.ok, #stored-summary.bad'),
    min,
  )
  const summary = page.locator('#stored-summary')
  assert.equal(await summary.getAttribute('data-found'), '0', await summary.innerText())
  assert.ok(Number(await summary.getAttribute('data-tried')) > 0, 'the key scan tried the sealed values')
  const raw = await page.locator('#stored-records').evaluate((el) => [...el.querySelectorAll('pre')].map((p) => p.textContent).join('\n'))
  assert.ok(raw.includes('sealedKey'), 'the records hold sealed keys')
  assert.ok(!raw.includes(secret), 'the secret is not stored')
  assert.doesNotMatch(raw, /"private(Key)?"\s*:/i, 'no field holds a private key')
}

test('the unlock methods, clicked: a passkey and a wallet added, each unlocks the vault, the passkey removed', { timeout: 120_000 }, async () => {
  const { page, problems } = await watchedPage()
  // A stand-in wallet whose unlock signature is always the same 65 bytes (a deterministic signer).
  await page.addInitScript(() => {
    const address = `0x${'5'.repeat(40)}`
    window.ethereum = {
      async request({ method }) {
        if (method === 'eth_requestAccounts') return [address]
        if (method === 'eth_signTypedData_v4') return `0x${'cd'.repeat(65)}`
        throw new Error(`unsupported ${method}`)
      },
    }
  })
  // A platform-like authenticator with the PRF extension (CDP's virtual authenticator).
  const removeAuthenticator = await addVirtualAuthenticator(browser.context, page)
  // WebAuthn needs a domain: the same server, reached as localhost (a new origin, so a new vault).
  await page.goto(`${server.url.replace('127.0.0.1', 'localhost')}?kdf=min`)
  await ready(page)
  await unlock(page, secret)
  await page.waitForSelector('#state[data-state="unlocked"]')

  await page.click('#add-passkey')
  await page.waitForSelector('#slot-list li[data-kind="passkey"]')
  await page.click('#add-wallet')
  await page.waitForSelector('#slot-list li[data-kind="wallet"]')
  for (const [button, said] of [
    ['#unlock-passkey', /Unlocked with the passkey/],
    ['#unlock-wallet', /Unlocked with the wallet/],
  ]) {
    await page.click('#lock')
    await page.waitForSelector('#state[data-state="locked"]')
    await page.click(button)
    await page.waitForSelector('#state[data-state="unlocked"]')
    assert.match(await page.innerText('#methods-message'), said)
  }
  await page.locator('#slot-list li[data-kind="passkey"] button').click()
  await page.waitForFunction(() => !document.querySelector('#slot-list li[data-kind="passkey"]'))
  await shot(page, '09-unlock-methods')
  assert.deepEqual(problems, [])
  await removeAuthenticator()
  await page.close()
})
