// The vault's state as the wrapper reports it, across unlock, lock, a wrong
// secret, reopening the same storage, a change of secret and close.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { SessionSignerError } from '../../dist/index.js'
import { localSession, memoryStorage, open, rejectsWith } from './helpers.mjs'

test('state goes new -> unlocked -> locked, and reopening finds the vault locked', async (t) => {
  const storage = memoryStorage()
  const vault = await open(t, { storage })
  assert.equal(vault.state, 'new')
  assert.equal(vault.storage, 'custom')
  await vault.unlock('correct horse')
  assert.equal(vault.state, 'unlocked')
  const created = await vault.createSession(localSession())
  await vault.lock()
  assert.equal(vault.state, 'locked')
  vault.close()

  const again = await open(t, { storage })
  assert.equal(again.state, 'locked')
  const listed = await again.listSessions()
  assert.deepEqual(listed.map((s) => s.id), [created.id])
  await again.unlock('correct horse')
  assert.equal(again.state, 'unlocked')
  again.close()
})

test('a wrong secret is WRONG_SECRET and changes nothing', async (t) => {
  const storage = memoryStorage()
  const vault = await open(t, { storage })
  await vault.unlock('right')
  const s = await vault.createSession(localSession())
  await vault.lock()
  const keysBefore = await storage.list('')
  const bytesBefore = await Promise.all(keysBefore.map((k) => storage.get(k)))

  const err = await rejectsWith(assert, () => vault.unlock('wrong'), 'WRONG_SECRET')
  assert.ok(err instanceof SessionSignerError)
  assert.equal(vault.state, 'locked')
  assert.deepEqual(await storage.list(''), keysBefore)
  assert.deepEqual(await Promise.all(keysBefore.map((k) => storage.get(k))), bytesBefore)

  // Unlocked, a wrong secret in changeSecret also leaves everything as it was.
  await vault.unlock('right')
  await rejectsWith(assert, () => vault.changeSecret('wrong', 'new'), 'WRONG_SECRET')
  assert.equal(vault.state, 'unlocked')
  await vault.sign(s.id, { type: 'message', message: 'still works' })
  vault.close()
})

test('a string secret and its UTF-8 bytes open the same vault', async (t) => {
  const storage = memoryStorage()
  const secret = 'pässwörd ✓'
  const vault = await open(t, { storage })
  await vault.unlock(secret)
  vault.close()

  const again = await open(t, { storage })
  const bytes = new TextEncoder().encode(secret)
  await again.unlock(bytes)
  assert.equal(again.state, 'unlocked')
  // The caller's array is the caller's: the wrapper copies, it does not wipe it.
  assert.deepEqual(bytes, new TextEncoder().encode(secret))
  again.close()
})

test('changeSecret: the old secret stops working, the new one opens every session', async (t) => {
  const storage = memoryStorage()
  const vault = await open(t, { storage })
  await vault.unlock('old secret')
  const s = await vault.createSession(localSession())
  await vault.changeSecret('old secret', 'new secret')
  assert.equal(vault.state, 'unlocked')
  vault.close()

  const again = await open(t, { storage })
  await rejectsWith(assert, () => again.unlock('old secret'), 'WRONG_SECRET')
  await again.unlock('new secret')
  const sig = await again.sign(s.id, { type: 'message', message: 'after rekey' })
  assert.match(sig, /^0x[0-9a-f]{130}$/)
  again.close()
})

test('progress is reported while the key is derived', async (t) => {
  const events = []
  const vault = await open(t, { onProgress: (p) => events.push(p) })
  await vault.unlock('secret')
  assert.ok(events.length >= 1)
  assert.ok(events.every((e) => typeof e.stage === 'string' && e.done <= e.total))
  assert.deepEqual(events.at(-1), { stage: events.at(-1).stage, done: events.at(-1).total, total: events.at(-1).total })
  vault.close()
})

test('signing while locked is LOCKED and keeps state locked; close makes every call CLOSED', async (t) => {
  const vault = await open(t)
  await vault.unlock('secret')
  const s = await vault.createSession(localSession())
  await vault.lock()
  await rejectsWith(assert, () => vault.sign(s.id, { type: 'message', message: 'hi' }), 'LOCKED')
  assert.equal(vault.state, 'locked')
  vault.close()
  await rejectsWith(assert, () => vault.listSessions(), 'CLOSED')
  await rejectsWith(assert, () => vault.unlock('secret'), 'CLOSED')
})
