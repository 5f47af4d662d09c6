// Host functions: the vault asks the app through openVault({ host }). The
// abstract scheme on Abstract mainnet asks 'abstract.registryCheck' to run
// the policy-registry view calls; its answer decides whether the session is
// created.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { getAddress } from 'viem'
import { address, inSeconds, open, rejectsWith } from './helpers.mjs'

const abstractMainnet = 2741

function abstractSession() {
  return {
    scheme: 'abstract',
    chainId: abstractMainnet,
    expiresAt: inSeconds(3600),
    account: address(9),
    feeLimit: { limitType: 'Lifetime', limit: 10n ** 17n, period: 0 },
    callPolicies: [],
    transferPolicies: [{ target: address(1), maxValuePerUse: 1000n, valueLimit: { limitType: 'Unlimited', limit: 0, period: 0 } }],
  }
}

test('the registry check reaches the app\'s host function, and its answer decides', async (t) => {
  const asked = []
  let answer = (checks) => checks.map(() => 1n) // bigints go back as decimal strings
  const vault = await open(t, {
    host: {
      'abstract.registryCheck': async (checks) => {
        asked.push(checks)
        return answer(checks)
      },
    },
  })
  await vault.unlock('secret')

  const s = await vault.createSession(abstractSession())
  assert.equal(s.scheme, 'abstract')
  assert.equal(asked.length, 1)
  assert.equal(asked[0].length, 1)
  assert.equal(asked[0][0].policyType, 'Transfer')
  assert.equal(asked[0][0].target, getAddress(address(1)))
  assert.match(asked[0][0].data, /^0x[0-9a-f]+$/)

  answer = (checks) => checks.map(() => 2) // Denied
  const denied = await rejectsWith(assert, () => vault.createSession(abstractSession()), 'INVALID_CONFIG')
  assert.match(denied.message, /Session key policy violation/)

  answer = () => {
    throw new Error('RPC endpoint down')
  }
  const down = await rejectsWith(assert, () => vault.createSession(abstractSession()), 'HOST_ERROR')
  assert.match(down.message, /RPC endpoint down/)

  answer = () => 'not a list'
  await rejectsWith(assert, () => vault.createSession(abstractSession()), 'HOST_ERROR')
  assert.equal((await vault.listSessions()).length, 1, 'only the allowed session was stored')
})

test('without host functions a mainnet session is refused, unless the app passes registryCheck: false', async (t) => {
  const vault = await open(t)
  await vault.unlock('secret')
  const err = await rejectsWith(assert, () => vault.createSession(abstractSession()), 'INVALID_CONFIG')
  assert.match(err.message, /abstract\.registryCheck/)
  assert.match(err.message, /registryCheck: false/)
  assert.equal((await vault.listSessions()).length, 0)
  const s = await vault.createSession({ ...abstractSession(), registryCheck: false })
  assert.equal(s.status, 'active')
  assert.ok(Array.isArray(s.registryChecks) && s.registryChecks.length === 1, 'the checks are listed for the app to run')
  assert.ok(s.permissions.some((p) => /registryCheck: false/.test(p)), 'the permissions say the registry was not checked')
})

test('a host that lacks the method the vault asks for is HOST_ERROR', async (t) => {
  const vault = await open(t, { host: { 'something.else': () => 1 } })
  await vault.unlock('secret')
  const err = await rejectsWith(assert, () => vault.createSession(abstractSession()), 'HOST_ERROR')
  assert.match(err.message, /abstract\.registryCheck/)
})
