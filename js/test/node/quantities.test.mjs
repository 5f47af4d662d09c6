// Quantities above 2^53 cross the boundary exactly: bigints and decimal
// strings in, decimal strings out, lossy JavaScript numbers refused.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { parseTransaction, recoverTransactionAddress } from 'viem'
import { address, localSession, open, rejectsWith } from './helpers.mjs'

const big = 2n ** 64n + 1n // needs 65 bits: a JavaScript number would round it

test('bigint and decimal-string limits come back as exact decimal strings', async (t) => {
  const vault = await open(t)
  await vault.unlock('secret')
  const s = await vault.createSession(
    localSession({ chainId: 2n ** 60n, allow: [{ target: address(1), maxValuePerUse: big }], maxTotalValue: (big * 3n).toString() }),
  )
  assert.equal(s.chainId, (2n ** 60n).toString())
  assert.equal(s.config.allow[0].maxValuePerUse, big.toString())
  assert.equal(s.config.maxTotalValue, (big * 3n).toString())
  assert.equal(typeof s.expiresAt, 'number')
  assert.equal(typeof s.createdAt, 'number')
  vault.close()
})

test('an integer number beyond 2^53 is refused, naming the field', async (t) => {
  const vault = await open(t)
  await vault.unlock('secret')
  const err = await rejectsWith(
    assert,
    () => vault.createSession(localSession({ allow: [{ target: address(1), maxValuePerUse: 2 ** 60 }] })),
    'INVALID_CONFIG',
  )
  assert.match(err.message, /maxValuePerUse/)
  const s = await vault.createSession(localSession())
  const txErr = await rejectsWith(
    assert,
    () => vault.sign(s.id, { type: 'transaction', transaction: { chainId: 1, to: address(1), value: 2 ** 60 } }),
    'INVALID_REQUEST',
  )
  assert.match(txErr.message, /value/)
  await rejectsWith(assert, () => vault.createSession(localSession({ maxTotalValue: -1n })), 'INVALID_CONFIG')
  vault.close()
})

test('a transaction value above 2^64 is signed exactly as viem serializes it', async (t) => {
  const vault = await open(t)
  await vault.unlock('secret')
  const s = await vault.createSession(localSession({ allow: [{ target: address(1), maxValuePerUse: big }] }))
  const tx = {
    chainId: 1,
    nonce: 7,
    to: address(1),
    value: big,
    gas: 21000n,
    maxFeePerGas: 30n * 10n ** 9n,
    maxPriorityFeePerGas: 10n ** 9n,
  }
  const signed = await vault.sign(s.id, { type: 'transaction', transaction: tx })
  const parsed = parseTransaction(signed)
  assert.equal(parsed.value, big)
  assert.equal(parsed.nonce, 7)
  assert.equal(parsed.maxFeePerGas, tx.maxFeePerGas)
  assert.equal((await recoverTransactionAddress({ serializedTransaction: signed })).toLowerCase(), s.signer.toLowerCase())
  vault.close()
})

test('expiresAt may be a Date or a bigint', async (t) => {
  const vault = await open(t)
  await vault.unlock('secret')
  const when = new Date(Date.now() + 3600_000)
  const a = await vault.createSession(localSession({ expiresAt: when }))
  assert.equal(a.expiresAt, Math.floor(when.getTime() / 1000))
  const b = await vault.createSession(localSession({ expiresAt: BigInt(a.expiresAt) }))
  assert.equal(b.expiresAt, a.expiresAt)
  vault.close()
})
