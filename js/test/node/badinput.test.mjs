// Bad input through the JS API: each case asserts the exact
// SessionSignerError.code and that storage is byte for byte what it was
// (a refused call changes no record, not even the session it names).
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { address, inSeconds, localSession, memoryStorage, open, rejectsWith } from './helpers.mjs'

/** Every key and value in storage. */
async function snapshot(storage) {
  const keys = await storage.list('')
  return Object.fromEntries(await Promise.all(keys.map(async (k) => [k, Buffer.from(await storage.get(k)).toString('hex')])))
}

/** A storage adapter without replace (an app's own, say): counted limits need replace. */
function withoutReplace(inner) {
  const { replace: _, ...rest } = inner
  return rest
}

const polluted = (extra) => JSON.parse(`{"__proto__": ${JSON.stringify(extra)}}`)

test('bad input to createSession, sign, getSession and revoke: exact code, no record changed', async (t) => {
  const storage = memoryStorage()
  const vault = await open(t, { storage })
  await vault.unlock('bad input secret')
  const live = await vault.createSession(localSession({ maxUses: 1 }))
  const revoked = await vault.createSession(localSession())
  const revocable = await vault.createSession(localSession())
  await vault.revoke(revoked.id)
  await vault.sign(live.id, { type: 'message', message: 'the one use' })
  const tx = { type: 'transaction', transaction: { to: address(1), value: 1n, chainId: 1, nonce: 0, gas: 21000n, maxFeePerGas: 1n, maxPriorityFeePerGas: 1n } }

  const cases = [
    // expiresAt in forms that would otherwise become the default lifetime or a date far away
    ['expiresAt NaN', 'INVALID_CONFIG', () => vault.createSession(localSession({ expiresAt: NaN }))],
    ['expiresAt null', 'INVALID_CONFIG', () => vault.createSession(localSession({ expiresAt: null }))],
    ['expiresAt Infinity', 'INVALID_CONFIG', () => vault.createSession(localSession({ expiresAt: Infinity }))],
    ['expiresAt -Infinity', 'INVALID_CONFIG', () => vault.createSession(localSession({ expiresAt: -Infinity }))],
    ['expiresAt an invalid Date', 'INVALID_CONFIG', () => vault.createSession(localSession({ expiresAt: new Date('not a date') }))],
    ['expiresAt negative', 'INVALID_CONFIG', () => vault.createSession(localSession({ expiresAt: -1 }))],
    ['expiresAt negative bigint', 'INVALID_CONFIG', () => vault.createSession(localSession({ expiresAt: -5n }))],
    ['expiresAt in milliseconds', 'INVALID_CONFIG', () => vault.createSession(localSession({ expiresAt: Date.now() + 3_600_000 }))],
    ['expiresAt in milliseconds, bigint', 'INVALID_CONFIG', () => vault.createSession(localSession({ expiresAt: BigInt(Date.now()) }))],
    ['expiresAt a fraction', 'INVALID_CONFIG', () => vault.createSession(localSession({ expiresAt: inSeconds(3600) + 0.5 }))],
    ['expiresAt a boolean', 'INVALID_CONFIG', () => vault.createSession(localSession({ expiresAt: true }))],
    ['expiresAt an object', 'INVALID_CONFIG', () => vault.createSession(localSession({ expiresAt: { seconds: 5 } }))],
    ['expiresAt in the past', 'INVALID_CONFIG', () => vault.createSession(localSession({ expiresAt: inSeconds(-60) }))],
    // quantities that are not strings, bigints or safe integers
    ['maxTotalValue an object', 'INVALID_CONFIG', () => vault.createSession(localSession({ maxTotalValue: { wei: 1 } }))],
    ['maxTotalValue a boolean', 'INVALID_CONFIG', () => vault.createSession(localSession({ maxTotalValue: true }))],
    ['maxValuePerUse negative bigint', 'INVALID_CONFIG', () => vault.createSession(localSession({ allow: [{ target: address(1), maxValuePerUse: -1n }] }))],
    ['chainId above 2^53 as a number', 'INVALID_CONFIG', () => vault.createSession(localSession({ chainId: 2 ** 60 }))],
    ['chainId a fraction', 'INVALID_CONFIG', () => vault.createSession(localSession({ chainId: 1.5 }))],
    ['chainId missing', 'INVALID_CONFIG', () => vault.createSession(localSession({ chainId: undefined }))],
    ['unknown scheme', 'UNKNOWN_SCHEME', () => vault.createSession(localSession({ scheme: 'nope' }))],
    // prototype-polluting objects: an own "__proto__" member is data, never a permission
    ['config with a __proto__ member granting rawHash', 'INVALID_CONFIG', () => vault.createSession({ ...localSession(), ...polluted({ rawHash: true }) })],
    ['hash request carrying a __proto__ member that grants rawHash', 'POLICY_VIOLATION', () => vault.sign(revocable.id, { type: 'hash', hash: `0x${'11'.repeat(32)}`, ...polluted({ rawHash: true }) })],
    // ids of the wrong type or shape
    ['sign with a number id', 'INVALID_REQUEST', () => vault.sign(42, { type: 'message', message: 'x' })],
    ['sign with an empty id', 'INVALID_REQUEST', () => vault.sign('', { type: 'message', message: 'x' })],
    ['getSession with an object id', 'INVALID_REQUEST', () => vault.getSession({ id: live.id })],
    ['revoke with a null id', 'INVALID_REQUEST', () => vault.revoke(null)],
    ['sign with an id that is not ours', 'NOT_FOUND', () => vault.sign('../header', { type: 'message', message: 'x' })],
    ['revoke an unknown id', 'NOT_FOUND', () => vault.revoke('0'.repeat(32))],
    // requests
    ['request without a type', 'INVALID_REQUEST', () => vault.sign(live.id, { message: 'x' })],
    ['request of an unknown type', 'INVALID_REQUEST', () => vault.sign(live.id, { type: 'teleport' })],
    ['transaction value negative', 'INVALID_REQUEST', () => vault.sign(revoked.id, { ...tx, transaction: { ...tx.transaction, value: -1n } })],
    // sessions that may not sign any more
    ['sign on a revoked session', 'REVOKED', () => vault.sign(revoked.id, { type: 'message', message: 'x' })],
    ['sign past maxUses', 'POLICY_VIOLATION', () => vault.sign(live.id, { type: 'message', message: 'x' })],
  ]
  const before = await snapshot(storage)
  for (const [name, code, call] of cases) {
    await t.test(name, async () => {
      await rejectsWith(assert, call, code)
      assert.deepEqual(await snapshot(storage), before, `${name}: storage changed`)
    })
  }
  assert.ok(cases.length >= 20)
})

test('an adapter without replace: counted limits are INVALID_CONFIG naming replace, nothing stored', async (t) => {
  const inner = memoryStorage()
  const vault = await open(t, { storage: withoutReplace(inner) })
  await vault.unlock('no replace')
  const before = await snapshot(inner)
  for (const limit of [{ maxUses: 3 }, { maxTotalValue: 10n }]) {
    const err = await rejectsWith(assert, () => vault.createSession(localSession(limit)), 'INVALID_CONFIG')
    assert.match(err.message, /replace/)
    assert.deepEqual(await snapshot(inner), before)
  }
  // Without counted limits it works, and revoke writes its tombstone.
  const s = await vault.createSession(localSession())
  await vault.sign(s.id, { type: 'message', message: 'fine' })
  await vault.revoke(s.id)
  await rejectsWith(assert, () => vault.sign(s.id, { type: 'message', message: 'no' }), 'REVOKED')
})

test('a session past its expiry is EXPIRED, and no other record changes', async (t) => {
  const storage = memoryStorage()
  const vault = await open(t, { storage })
  await vault.unlock('expiry secret')
  const other = await vault.createSession(localSession())
  // Two seconds ahead in whole seconds (one could already be now by the time
  // the vault checks it), then wait until that second has passed.
  const expiresAt = inSeconds(2)
  const short = await vault.createSession(localSession({ expiresAt }))
  await new Promise((r) => setTimeout(r, expiresAt * 1000 - Date.now() + 100))
  const before = await snapshot(storage)
  await rejectsWith(assert, () => vault.sign(short.id, { type: 'message', message: 'late' }), 'EXPIRED')
  const after = await snapshot(storage)
  const changed = Object.keys(after).filter((k) => after[k] !== before[k])
  assert.deepEqual(changed, [`session/${short.id}`].filter((k) => k in before), 'only the expired record is rewritten (its key wiped)')
  assert.equal((await vault.getSession(short.id)).status, 'expired')
  assert.equal((await vault.getSession(other.id)).status, 'active')
})
