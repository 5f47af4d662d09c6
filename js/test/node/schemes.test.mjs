// The module registers the abstract and smartsessions schemes besides the
// built-in local one: sessions of each are created through the JavaScript
// API (bigints and all) and come back with their on-chain artifacts.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { address, inSeconds, open, rejectsWith } from './helpers.mjs'

test('abstract: created with its session hash as config hash; revoking gives the revoke call', async (t) => {
  const vault = await open(t)
  await vault.unlock('secret')
  const s = await vault.createSession({
    scheme: 'abstract',
    chainId: 11124n, // Abstract testnet: no registry check
    expiresAt: inSeconds(3600),
    account: address(9),
    feeLimit: { limitType: 'Lifetime', limit: 10n ** 17n, period: 0 },
    callPolicies: [],
    transferPolicies: [{ target: address(1), maxValuePerUse: 10n ** 15n, valueLimit: { limitType: 'Unlimited', limit: 0, period: 0 } }],
  })
  assert.equal(s.scheme, 'abstract')
  assert.equal(s.configHash, s.sessionHash)
  assert.match(s.enableCall?.data ?? '', /^0x[0-9a-f]{8}/)
  assert.equal(s.revokeCall, undefined)
  const revoked = await vault.revoke(s.id)
  assert.equal(revoked.status, 'revoked')
  assert.match(revoked.revokeCall?.data ?? '', /^0x[0-9a-f]{8}/)
})

test('smartsessions: created with its permission id and enabling call', async (t) => {
  const vault = await open(t)
  await vault.unlock('secret')
  const s = await vault.createSession({
    scheme: 'smartsessions',
    chainId: 8453n,
    expiresAt: inSeconds(3600),
    account: address(8),
    accountType: 'safe',
    actions: [{ target: address(1), function: 'transfer(address,uint256)', policies: [{ type: 'usage-limit', limit: 5n }] }],
  })
  assert.equal(s.scheme, 'smartsessions')
  assert.match(s.permissionId, /^0x[0-9a-f]{64}$/)
  assert.ok(s.enableSessionsCall && s.removeSessionCall)
  // Messages are not something a smart session signs.
  await rejectsWith(assert, () => vault.sign(s.id, { type: 'message', message: 'hi' }), 'INVALID_REQUEST')
})
