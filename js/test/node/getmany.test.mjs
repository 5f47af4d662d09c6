// Listing reads every record: through an app's adapter with getMany it asks
// for them in batches; without getMany, one get after another. Both list
// the same sessions, and a getMany that answers wrongly is the storage
// failing, never a wrong list.
import assert from 'node:assert/strict'
import test from 'node:test'
import { localSession, memoryStorage, open, rejectsWith } from './helpers.mjs'

/** inner, counting the reads of session records; without getMany when many is false. */
function counting(inner, many) {
  const calls = { get: 0, getMany: 0, keys: 0 }
  const adapter = { ...inner, calls }
  adapter.get = (key) => {
    if (key.startsWith('session/')) calls.get++
    return inner.get(key)
  }
  if (many) {
    adapter.getMany = (keys) => {
      calls.getMany++
      calls.keys += keys.length
      return inner.getMany(keys)
    }
  } else delete adapter.getMany
  return adapter
}

test('listing through an adapter with getMany reads in batches, and without it a get per record', async (t) => {
  const storage = memoryStorage()
  const vault = await open(t, { storage })
  await vault.unlock('batches')
  for (let i = 0; i < 300; i++) await vault.createSession(localSession())
  const want = await vault.listSessions()
  vault.close()

  const many = counting(storage, true)
  const batched = await open(t, { storage: many })
  assert.deepEqual(await batched.listSessions(), want)
  assert.deepEqual(many.calls, { get: 0, getMany: 2, keys: 300 }, 'two batches of at most 256')
  batched.close()

  const one = counting(storage, false)
  const single = await open(t, { storage: one })
  assert.deepEqual(await single.listSessions(), want)
  assert.deepEqual(one.calls, { get: 300, getMany: 0, keys: 0 })
})

test('a getMany that answers wrongly is STORAGE_UNAVAILABLE', async (t) => {
  const storage = memoryStorage()
  const vault = await open(t, { storage })
  await vault.unlock('wrong answers')
  await vault.createSession(localSession())
  vault.close()
  for (const getMany of [async () => [], async (keys) => keys.map(() => 'text'), async () => { throw new Error('disk') }]) {
    const broken = await open(t, { storage: { ...storage, getMany } })
    await rejectsWith(assert, () => broken.listSessions(), 'STORAGE_UNAVAILABLE')
    broken.close()
  }
})
