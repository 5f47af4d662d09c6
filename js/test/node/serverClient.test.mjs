// sessionsigner/server's client checks the app's arguments as the browser's
// Vault does (shared/params.ts), before any request: an expiresAt in
// milliseconds, NaN or an invalid Date is INVALID_CONFIG naming the option,
// and a Date is sent as Unix seconds. A fetch stub stands in for the host.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { serverVault } from '../../dist/server.js'
import { inSeconds, localSession } from './helpers.mjs'

/** A client whose fetch records each request and answers 200 with an empty session. */
function client() {
  const sent = []
  const vault = serverVault({
    url: 'http://127.0.0.1:9',
    app: 'test',
    key: '11'.repeat(32),
    vault: 'v',
    fetch: async (url, init) => {
      sent.push({ url, body: init.body === undefined ? undefined : JSON.parse(init.body) })
      return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } })
    },
  })
  return { vault, sent }
}

test('createSession refuses an expiresAt that is not Unix seconds, before sending anything', async () => {
  const cases = [
    ['milliseconds', Date.now() + 3_600_000, /milliseconds/],
    ['milliseconds, bigint', BigInt(Date.now()), /milliseconds/],
    ['an invalid Date', new Date('not a date'), /invalid Date/],
    ['NaN', NaN, /NaN/],
    ['a fraction', inSeconds(3600) + 0.5, /whole number/],
    ['null', null, /null/],
  ]
  for (const [name, expiresAt, message] of cases) {
    const { vault, sent } = client()
    await assert.rejects(vault.createSession(localSession({ expiresAt })), (err) => {
      assert.equal(err.code, 'INVALID_CONFIG', name)
      assert.match(err.message, message, name)
      assert.match(err.message, /expiresAt/, name)
      return true
    })
    assert.equal(sent.length, 0, `${name}: nothing is sent`)
  }
})

test('createSession sends a Date as Unix seconds and leaves an absent expiresAt out', async () => {
  const { vault, sent } = client()
  const at = new Date((inSeconds(3600) + 0.75) * 1000)
  await vault.createSession(localSession({ expiresAt: at }))
  assert.equal(sent[0].body.expiresAt, Math.floor(at.getTime() / 1000))

  const seconds = inSeconds(7200)
  await vault.createSession(localSession({ expiresAt: seconds }))
  assert.equal(sent[1].body.expiresAt, seconds)

  const { expiresAt: _, ...withoutExpiry } = localSession()
  await vault.createSession(withoutExpiry)
  assert.equal('expiresAt' in sent[2].body, false)
})

test('an empty session id is INVALID_REQUEST before sending anything', async () => {
  const { vault, sent } = client()
  assert.throws(() => vault.getSession(''), { code: 'INVALID_REQUEST' })
  await assert.rejects(vault.sign('', { type: 'hash', hash: `0x${'00'.repeat(32)}` }), { code: 'INVALID_REQUEST' })
  assert.equal(sent.length, 0)
})
