// Key slots and life-cycle calls through the package under Node (no WebAuthn
// here: the server-key method takes the same worker path as a passkey's PRF).
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { localSession, memoryStorage, open, rejectsWith } from './helpers.mjs'

const serverKey = () => new Uint8Array(32).fill(7)

test('a server key creates the vault, opens it, and sits beside a passphrase', async (t) => {
  const storage = memoryStorage()
  const vault = await open(t, { storage })
  await rejectsWith(assert, () => vault.unlock({ server: new Uint8Array(31).fill(7) }), 'INVALID_REQUEST')
  assert.equal(vault.state, 'new')
  const slot = await vault.addServerKey(serverKey(), { name: 'api' })
  assert.equal(vault.state, 'unlocked')
  assert.deepEqual([slot.kind, slot.name], ['server', 'api'])
  const s = await vault.createSession(localSession())
  await vault.lock()
  await rejectsWith(assert, () => vault.unlock({ server: new Uint8Array(32).fill(8) }), 'WRONG_SECRET')
  await rejectsWith(assert, () => vault.unlock('not a passphrase slot'), 'WRONG_SECRET')
  await vault.unlock({ server: serverKey() })
  assert.equal((await vault.getSession(s.id)).status, 'active')
  const slots = await vault.slots()
  assert.deepEqual(slots.map((x) => x.kind), ['server'])
  await rejectsWith(assert, () => vault.removeSlot(slots[0].id), 'INVALID_REQUEST')
  vault.close()
})

test('replaceSlot: the old method proves itself (locked or not), the new one opens, the old one no longer does', async (t) => {
  const storage = memoryStorage()
  const vault = await open(t, { storage })
  const key = (n) => new Uint8Array(32).fill(n)
  await vault.addServerKey(key(1), { name: 'a' })
  const s = await vault.createSession(localSession())
  const sign = () => vault.sign(s.id, { type: 'message', message: 'hi' })

  // One slot: a server key replaced by another (a new vault key; sessions move with it).
  await rejectsWith(assert, () => vault.replaceSlot({ server: key(3) }, { server: key(2) }), 'WRONG_SECRET')
  await rejectsWith(assert, () => vault.replaceSlot({}, { server: key(2) }), 'INVALID_REQUEST')
  await rejectsWith(assert, () => vault.replaceSlot({ server: key(1) }, { pin: '1234' }), 'INVALID_REQUEST')
  await rejectsWith(assert, () => vault.replaceSlot({ server: key(1) }, { server: new Uint8Array(31) }), 'INVALID_REQUEST')
  const b = await vault.replaceSlot({ server: key(1) }, { server: key(2), name: 'b' })
  assert.deepEqual([b.kind, b.name], ['server', 'b'])
  await vault.lock()
  await rejectsWith(assert, () => vault.unlock({ server: key(1) }), 'WRONG_SECRET')
  await vault.unlock({ server: key(2) })
  await sign()

  // While locked: the server key replaced by a passphrase; the vault is unlocked afterwards.
  await vault.lock()
  const p = await vault.replaceSlot({ server: key(2) }, { passphrase: 'new words' })
  assert.equal(p.kind, 'passphrase')
  assert.equal(vault.state, 'unlocked')
  await vault.lock()
  await rejectsWith(assert, () => vault.unlock({ server: key(2) }), 'WRONG_SECRET')
  await vault.unlock('new words')

  // Two slots: the passphrase replaced (in its place) by a server key, the other slot untouched.
  await vault.addServerKey(key(4), { name: 'c' })
  await vault.replaceSlot('new words', { server: key(5), name: 'd' })
  assert.deepEqual((await vault.slots()).map((x) => x.name), ['d', 'c'])
  for (const k of [4, 5]) {
    await vault.lock()
    await vault.unlock({ server: key(k) })
    await sign()
  }
  await vault.lock()
  await rejectsWith(assert, () => vault.unlock('new words'), 'WRONG_SECRET')
  vault.close()
})

test('destroy needs the vault unlocked or the forgotten-secret option; prune removes old tombstones', async (t) => {
  const storage = memoryStorage()
  const vault = await open(t, { storage })
  await vault.unlock('destroy me')
  const a = await vault.createSession(localSession())
  await vault.createSession(localSession())
  await vault.revoke(a.id)
  assert.equal(await vault.prune({ before: new Date(Date.now() - 3600_000) }), 0)
  assert.equal(await vault.prune({ before: Date.now() / 1000 + 5 }), 1)
  assert.equal((await vault.listSessions()).length, 1)
  await vault.lock()
  await rejectsWith(assert, () => vault.destroy(), 'LOCKED')
  await vault.destroy({ forgotSecret: true })
  assert.equal(vault.state, 'new')
  assert.deepEqual(await storage.list(''), [])
  vault.close()
})

test('statechange and sessionschange fire in this tab', async (t) => {
  const vault = await open(t, { storage: memoryStorage() })
  const seen = []
  const off = vault.on('statechange', (e) => seen.push(e.state))
  vault.on('sessionschange', (e) => seen.push(e.source))
  await vault.unlock('events')
  await vault.createSession(localSession())
  off()
  await vault.lock()
  assert.deepEqual(seen, ['unlocked', 'this-tab'])
  vault.close()
})
