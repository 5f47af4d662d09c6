// Every failure reaches the app as a SessionSignerError with the vault's
// stable code (and the rule, for a policy refusal), whichever layer failed:
// the wrapper's own checks, the Go vault, or the storage adapter.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { openVault } from '../../dist/index.js'
import { address, fastKdf, localSession, open, rejectsWith } from './helpers.mjs'

test('bad open options are INVALID_CONFIG or UNSAFE_KDF_PARAMS', async (t) => {
  await rejectsWith(assert, () => openVault({ namespace: '', storage: 'memory' }), 'INVALID_CONFIG')
  await rejectsWith(assert, () => openVault({ namespace: 'x', storage: 'floppy' }), 'INVALID_CONFIG')
  await rejectsWith(assert, () => openVault({ namespace: 'x', storage: { get() {} } }), 'INVALID_CONFIG')
  await rejectsWith(assert, () => open(t, { kdf: { memoryKiB: 1024, time: 1, threads: 1 } }), 'UNSAFE_KDF_PARAMS')
  await rejectsWith(assert, () => open(t, { kdf: { memoryKiB: 0, time: 0, threads: 0 } }), 'UNSAFE_KDF_PARAMS')
  await rejectsWith(assert, () => open(t, { maxLifetimeSeconds: -1 }), 'INVALID_CONFIG')
  // NaN and Infinity reach the worker as null: a cap the app did not mean, refused rather than the 30-day default
  await rejectsWith(assert, () => open(t, { maxLifetimeSeconds: NaN }), 'INVALID_CONFIG')
  await rejectsWith(assert, () => open(t, { maxLifetimeSeconds: Infinity }), 'INVALID_CONFIG')
})

test('unknown session, unknown scheme, bad config and bad request have their codes', async (t) => {
  const vault = await open(t)
  await vault.unlock('secret')
  await rejectsWith(assert, () => vault.getSession('0'.repeat(32)), 'NOT_FOUND')
  await rejectsWith(assert, () => vault.getSession(''), 'INVALID_REQUEST')
  await rejectsWith(assert, () => vault.createSession(localSession({ scheme: 'nonesuch' })), 'UNKNOWN_SCHEME')
  await rejectsWith(assert, () => vault.createSession(localSession({ allow: [{ target: 'not an address' }] })), 'INVALID_CONFIG')
  const s = await vault.createSession(localSession({ rawHash: true }))
  await rejectsWith(assert, () => vault.sign(s.id, { type: 'hash', hash: '0x1234' }), 'INVALID_REQUEST')
  await rejectsWith(assert, () => vault.sign(s.id, { type: 'teleport' }), 'INVALID_REQUEST')
  await rejectsWith(assert, () => vault.unlock(42), 'INVALID_REQUEST')
  await rejectsWith(assert, () => vault.unlock(''), 'INVALID_REQUEST')
  vault.close()
})

test('an out-of-policy transaction is POLICY_VIOLATION naming the rule', async (t) => {
  const vault = await open(t)
  await vault.unlock('secret')
  const s = await vault.createSession(localSession({ allow: [{ target: address(1), maxValuePerUse: 1000n }] }))
  const tx = { chainId: 1, nonce: 0, gas: 21000n, maxFeePerGas: 2n * 10n ** 9n, maxPriorityFeePerGas: 10n ** 9n }

  const tooMuch = await rejectsWith(assert, () => vault.sign(s.id, { type: 'transaction', transaction: { ...tx, to: address(1), value: 1001n } }), 'POLICY_VIOLATION')
  assert.equal(typeof tooMuch.rule, 'string')
  assert.notEqual(tooMuch.rule, '')
  const elsewhere = await rejectsWith(assert, () => vault.sign(s.id, { type: 'transaction', transaction: { ...tx, to: address(2), value: 1n } }), 'POLICY_VIOLATION')
  assert.notEqual(elsewhere.rule, tooMuch.rule, 'a wrong target and a too-large value are different rules')

  // Within policy, the same session signs.
  const signed = await vault.sign(s.id, { type: 'transaction', transaction: { ...tx, to: address(1), value: 1000n } })
  assert.match(signed, /^0x02/)
  vault.close()
})

test('a revoked session is REVOKED; revoking works while locked', async (t) => {
  const vault = await open(t)
  await vault.unlock('secret')
  const s = await vault.createSession(localSession())
  await vault.lock()
  const revoked = await vault.revoke(s.id)
  assert.equal(revoked.status, 'revoked')
  await vault.unlock('secret')
  await rejectsWith(assert, () => vault.sign(s.id, { type: 'message', message: 'hi' }), 'REVOKED')
  assert.equal((await vault.getSession(s.id)).status, 'revoked')
  vault.close()
})

test('a failing storage adapter is STORAGE_UNAVAILABLE, with the adapter\'s reason', async (t) => {
  const working = {
    get: async () => null,
    put: async (t) => {},
    delete: async (t) => {},
    list: async () => [],
  }
  // Opening reads the vault header, so a broken get fails openVault itself.
  const onFire = { ...working, get: async () => Promise.reject(new Error('disk on fire')) }
  const err = await rejectsWith(assert, () => openVault({ namespace: 't', storage: onFire, kdf: fastKdf }), 'STORAGE_UNAVAILABLE')
  assert.match(err.message, /disk on fire/)
  const notBytes = { ...working, get: async () => 'a string, not bytes' }
  await rejectsWith(assert, () => openVault({ namespace: 't', storage: notBytes, kdf: fastKdf }), 'STORAGE_UNAVAILABLE')
  const throwsAtOnce = { ...working, get() { throw new TypeError('not even a promise') } }
  await rejectsWith(assert, () => openVault({ namespace: 't', storage: throwsAtOnce, kdf: fastKdf }), 'STORAGE_UNAVAILABLE')

  // A write that fails leaves the vault as it was: still new.
  const full = { ...working, put: async () => Promise.reject(new Error('QuotaExceededError')) }
  const vault = await openVault({ namespace: 't', storage: full, kdf: fastKdf })
  t.after(() => vault.close())
  assert.equal(vault.state, 'new')
  const putErr = await rejectsWith(assert, () => vault.unlock('secret'), 'STORAGE_UNAVAILABLE')
  assert.match(putErr.message, /QuotaExceeded/)
  assert.equal(vault.state, 'new')
  vault.close()
})
