// Each vault's calls run in the order the app made them: calls started
// without awaiting settle as if each had been awaited in turn.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { localSession, open } from './helpers.mjs'

/** Settles every promise; returns 'ok' or the error code for each. */
async function outcomes(promises) {
  return (await Promise.allSettled(promises)).map((r) => (r.status === 'fulfilled' ? 'ok' : r.reason?.code ?? String(r.reason)))
}

test('unlock, sign, lock, sign, unlock, sign, lock started at once end locked, each call seeing the state its place gives it', async (t) => {
  const vault = await open(t)
  await vault.unlock('order secret')
  const s = await vault.createSession(localSession())
  await vault.lock()
  const msg = { type: 'message', message: 'in order' }
  for (let round = 0; round < 5; round++) {
    const got = await outcomes([
      vault.unlock('order secret'),
      vault.sign(s.id, msg),
      vault.lock(),
      vault.sign(s.id, msg),
      vault.unlock('order secret'),
      vault.sign(s.id, msg),
      vault.lock(),
    ])
    assert.deepEqual(got, ['ok', 'ok', 'ok', 'LOCKED', 'ok', 'ok', 'ok'], `round ${round}`)
    assert.equal(vault.state, 'locked')
    await assert.rejects(vault.sign(s.id, msg), (e) => e.code === 'LOCKED')
  }
})

test('a wrong secret between unlocks does not reorder what follows', async (t) => {
  const vault = await open(t)
  await vault.unlock('right')
  const got = await outcomes([vault.lock(), vault.unlock('wrong'), vault.listSessions(), vault.unlock('right'), vault.lock(), vault.createSession(localSession())])
  assert.deepEqual(got, ['ok', 'WRONG_SECRET', 'ok', 'ok', 'ok', 'LOCKED'])
  assert.equal(vault.state, 'locked')
})
