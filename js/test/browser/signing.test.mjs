// In headless Chromium, through the default module Web Worker and IndexedDB:
// unlock, create a session, sign a message, typed data and a transaction,
// and check each with viem in the page; then the same through viem's
// createWalletClient with toViemAccount.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { fastKdf, startBrowser } from './harness.mjs'

let browser, page

before(async () => {
  browser = await startBrowser('signing')
  page = await browser.newPage()
})
after(async () => {
  await browser.screenshot(page, 'final')
  await browser.close()
})

test('unlock, createSession and sign; viem recovers the session signer every time', async () => {
  const r = await page.evaluate(async (kdf) => {
    const { openVault, viem } = window
    const vault = await openVault({ namespace: 'signing', kdf })
    const before = { state: vault.state, storage: vault.storage }
    await vault.unlock('browser secret')
    const target = '0x1111111111111111111111111111111111111111'
    const s = await vault.createSession({
      scheme: 'local',
      chainId: 1n,
      expiresAt: Math.floor(Date.now() / 1000) + 3600,
      allow: [{ target, maxValuePerUse: 10n ** 18n }],
      typedData: [{ verifyingContract: target, primaryType: 'Order' }],
    })
    const message = 'hello from the worker'
    const msgSig = await vault.sign(s.id, { type: 'message', message })
    const typedData = {
      domain: { name: 'Test', version: '1', chainId: 1, verifyingContract: target },
      types: { Order: [{ name: 'amount', type: 'uint256' }, { name: 'owner', type: 'address' }] },
      primaryType: 'Order',
      message: { amount: 2n ** 80n, owner: target },
    }
    const typedSig = await vault.sign(s.id, { type: 'typedData', typedData })
    const tx = { chainId: 1, nonce: 0, to: target, value: 5n, gas: 21000n, maxFeePerGas: 10n ** 10n, maxPriorityFeePerGas: 10n ** 9n }
    const signedTx = await vault.sign(s.id, { type: 'transaction', transaction: tx })
    const parsed = viem.parseTransaction(signedTx)
    return {
      before,
      after: vault.state,
      signer: viem.getAddress(s.signer),
      msg: await viem.recoverMessageAddress({ message, signature: msgSig }),
      typed: await viem.recoverTypedDataAddress({ ...typedData, signature: typedSig }),
      tx: await viem.recoverTransactionAddress({ serializedTransaction: signedTx }),
      txValue: String(parsed.value),
      txTo: parsed.to,
      reserialized: viem.serializeTransaction(tx, { r: parsed.r, s: parsed.s, yParity: parsed.yParity }) === signedTx,
    }
  }, fastKdf)
  assert.deepEqual(r.before, { state: 'new', storage: 'indexeddb' })
  assert.equal(r.after, 'unlocked')
  assert.equal(r.msg, r.signer)
  assert.equal(r.typed, r.signer)
  assert.equal(r.tx, r.signer)
  assert.equal(r.txValue, '5')
  assert.equal(r.txTo, '0x1111111111111111111111111111111111111111')
  assert.equal(r.reserialized, true)
})

test('toViemAccount inside createWalletClient: signMessage, signTypedData, signTransaction', async () => {
  const r = await page.evaluate(async (kdf) => {
    const { openVault, toViemAccount, viem, mainnet, offline } = window
    const vault = await openVault({ namespace: 'signing-viem', kdf })
    await vault.unlock('another secret')
    const target = '0x2222222222222222222222222222222222222222'
    const s = await vault.createSession({
      scheme: 'local',
      chainId: 1,
      expiresAt: Math.floor(Date.now() / 1000) + 600,
      allow: [{ target, maxValuePerUse: 1000n }],
      typedData: [{ verifyingContract: target, primaryType: 'Mail' }],
    })
    const account = await toViemAccount(vault, s.id)
    const client = viem.createWalletClient({ account, chain: mainnet, transport: offline })
    const m = await client.signMessage({ message: 'via wallet client' })
    const typedData = {
      domain: { name: 'Mail', version: '1', chainId: 1, verifyingContract: target },
      types: { Mail: [{ name: 'contents', type: 'string' }] },
      primaryType: 'Mail',
      message: { contents: 'hi' },
    }
    const t = await client.signTypedData(typedData)
    const signed = await client.signTransaction({ to: target, value: 1000n, nonce: 1, gas: 21000n, maxFeePerGas: 3n * 10n ** 9n, maxPriorityFeePerGas: 10n ** 9n })
    const out = {
      address: account.address,
      signer: viem.getAddress(s.signer),
      m: await viem.recoverMessageAddress({ message: 'via wallet client', signature: m }),
      t: await viem.recoverTypedDataAddress({ ...typedData, signature: t }),
      tx: await viem.recoverTransactionAddress({ serializedTransaction: signed }),
      chainId: viem.parseTransaction(signed).chainId,
    }
    vault.close()
    return out
  }, fastKdf)
  assert.equal(r.address, r.signer)
  assert.equal(r.m, r.signer)
  assert.equal(r.t, r.signer)
  assert.equal(r.tx, r.signer)
  assert.equal(r.chainId, 1)
})

test('a host function on the page answers the vault in the worker', async () => {
  const r = await page.evaluate(async (kdf) => {
    const asked = []
    const vault = await window.openVault({
      namespace: 'signing-host',
      kdf,
      host: {
        'abstract.registryCheck': async (checks) => {
          asked.push(checks.map((c) => c.policyType))
          return checks.map(() => 2n) // Denied
        },
      },
    })
    await vault.unlock('host secret')
    const result = await window.attempt(() =>
      vault.createSession({
        scheme: 'abstract',
        chainId: 2741,
        expiresAt: Math.floor(Date.now() / 1000) + 3600,
        account: '0x9999999999999999999999999999999999999999',
        feeLimit: { limitType: 'Lifetime', limit: 10n ** 17n, period: 0 },
        callPolicies: [],
        transferPolicies: [{ target: '0x1111111111111111111111111111111111111111', maxValuePerUse: 1n, valueLimit: { limitType: 'Unlimited', limit: 0, period: 0 } }],
      }),
    )
    vault.close()
    return { asked, result }
  }, fastKdf)
  assert.deepEqual(r.asked, [['Transfer']])
  assert.equal(r.result.code, 'INVALID_CONFIG')
  assert.match(r.result.message, /Session key policy violation/)
})
