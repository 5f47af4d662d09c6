// vault.signMany: one call for many signatures, each request checked and
// counted in order; a refusal in the middle names the request and returns
// what was signed before it, which stays valid and counted.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { recoverMessageAddress } from 'viem'
import { localSession, open, rejectsWith } from './helpers.mjs'

test('signMany signs in order, like sign one by one', async (t) => {
  const vault = await open(t)
  await vault.unlock('secret')
  const s = await vault.createSession(localSession())
  const messages = Array.from({ length: 16 }, (_, i) => `message ${i}`)
  const sigs = await vault.signMany(s.id, messages.map((message) => ({ type: 'message', message })))
  assert.equal(sigs.length, messages.length)
  for (const [i, message] of messages.entries()) {
    assert.equal(sigs[i], await vault.sign(s.id, { type: 'message', message }), `signature ${i} is sign's`)
    assert.equal((await recoverMessageAddress({ message, signature: sigs[i] })).toLowerCase(), s.signer.toLowerCase())
  }
  assert.deepEqual(await vault.signMany(s.id, []), [])
  vault.close()
})

test('a refusal in the middle says which request and keeps what was signed before it', async (t) => {
  const vault = await open(t)
  await vault.unlock('secret')
  const s = await vault.createSession(localSession({ maxUses: 3 }))
  const reqs = Array.from({ length: 5 }, (_, i) => ({ type: 'message', message: `m${i}` }))
  const err = await rejectsWith(assert, () => vault.signMany(s.id, reqs), 'POLICY_VIOLATION')
  assert.equal(err.index, 3)
  assert.equal(err.rule, 'uses')
  assert.equal(err.signatures.length, 3)
  for (const [i, signature] of err.signatures.entries()) {
    assert.equal((await recoverMessageAddress({ message: `m${i}`, signature })).toLowerCase(), s.signer.toLowerCase())
  }
  // The three are counted: nothing more is signed.
  await rejectsWith(assert, () => vault.sign(s.id, reqs[0]), 'POLICY_VIOLATION')
  await rejectsWith(assert, () => vault.signMany(s.id, 'not an array'), 'INVALID_REQUEST')
  vault.close()
})
