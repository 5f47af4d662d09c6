// Live status: the vault asks the chain (a mocked eth_call) whether a
// session is alive, and toViemAccount's liveCheck refuses a session the
// chain says is revoked or expired with INACTIVE_ON_CHAIN, before signing.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createWalletClient, custom, decodeFunctionData, encodeAbiParameters, getAddress, pad, parseAbi, BaseError } from 'viem'
import { abstractTestnet } from 'viem/chains'
import { SessionSignerError, assertSessionLive, readSessionLiveStatus, toViemAccount } from '../../dist/index.js'
import { address, inSeconds, localSession, open, rejectsWith } from './helpers.mjs'

const validatorAbi = parseAbi(['function sessionStatus(address account, bytes32 hash) view returns (uint8)'])
const smartSessionAbi = parseAbi(['function isPermissionEnabled(bytes32 permissionId, address account) view returns (bool)'])
const agw = getAddress(address(9))

/** An eth_call-only client answering `word` and recording each call. */
function chain(word) {
  const calls = []
  return {
    calls,
    async call({ to, data }) {
      calls.push({ to, data })
      return { data: encodeAbiParameters([{ type: 'uint256' }], [word()]) }
    },
  }
}

async function abstractSession(t) {
  const vault = await open(t)
  await vault.unlock('secret')
  const info = await vault.createSession({
    scheme: 'abstract', chainId: abstractTestnet.id, expiresAt: inSeconds(3600), account: agw,
    feeLimit: { limitType: 'Lifetime', limit: 10n ** 17n },
    transferPolicies: [{ target: address(1), maxValuePerUse: 1000n, valueLimit: { limitType: 'Lifetime', limit: 10n ** 6n } }],
  })
  return { vault, info }
}

test('Abstract: sessionStatus(account, sessionHash) on the validator, in words', async (t) => {
  const { info } = await abstractSession(t)
  let status = 1n
  const client = chain(() => status)
  assert.equal(await readSessionLiveStatus(client, info), 'active')
  const { functionName, args } = decodeFunctionData({ abi: validatorAbi, data: client.calls[0].data })
  assert.equal(functionName, 'sessionStatus')
  assert.deepEqual(args, [agw, info.sessionHash])
  assert.equal(client.calls[0].to, info.statusCall.to)
  const words = []
  for (status of [0n, 1n, 2n, 3n]) words.push(await readSessionLiveStatus(client, info))
  assert.deepEqual(words, ['not-enabled', 'active', 'revoked', 'expired'])
  status = 9n
  await rejectsWith(assert, () => readSessionLiveStatus(client, info), 'HOST_ERROR')
})

test('Smart Sessions: isPermissionEnabled(permissionId, account) on SmartSession', async (t) => {
  const vault = await open(t)
  await vault.unlock('secret')
  const account = getAddress(address(8))
  const info = await vault.createSession({
    scheme: 'smartsessions', chainId: 8453, expiresAt: inSeconds(3600), account,
    actions: [{ target: address(7), function: 'transfer(address,uint256)', policies: [{ type: 'usage-limit', limit: 3 }] }],
  })
  let enabled = 1n
  const client = chain(() => enabled)
  assert.equal(await readSessionLiveStatus(client, info), 'active')
  assert.equal(client.calls[0].to, info.smartSession)
  const { args } = decodeFunctionData({ abi: smartSessionAbi, data: client.calls[0].data })
  assert.deepEqual(args, [info.permissionId, account])
  enabled = 0n
  assert.equal(await readSessionLiveStatus(client, info), 'not-enabled')
  await assertSessionLive(client, info) // not refused: an ENABLE-mode operation enables it as it runs
})

test('local sessions have nothing on chain', async (t) => {
  const vault = await open(t)
  await vault.unlock('secret')
  const info = await vault.createSession(localSession())
  const client = chain(() => 1n)
  assert.equal(await readSessionLiveStatus(client, info), 'unknown')
  assert.equal(client.calls.length, 0)
})

test('liveCheck: a session the chain says is revoked or expired is INACTIVE_ON_CHAIN, directly and through viem', async (t) => {
  const { vault, info } = await abstractSession(t)
  let status = 2n
  const client = chain(() => status)
  const err = await rejectsWith(assert, () => assertSessionLive(client, info), 'INACTIVE_ON_CHAIN')
  assert.match(err.message, /revoked/)

  const account = await toViemAccount(vault, info, { liveCheck: client })
  const zkTx = { type: 'eip712', to: address(1), value: 1n, chainId: abstractTestnet.id, nonce: 0, gas: 300000n, maxFeePerGas: 25000000n, maxPriorityFeePerGas: 0n, from: agw }
  status = 3n
  await rejectsWith(assert, () => account.signTransaction(zkTx), 'INACTIVE_ON_CHAIN')
  const wallet = createWalletClient({ account, chain: abstractTestnet, transport: custom({ async request() { throw new Error('no node here') } }) })
  await assert.rejects(wallet.signMessage({ message: 'hi' }), (e) => {
    const inner = e instanceof BaseError ? e.walk((x) => x instanceof SessionSignerError) : e
    return inner instanceof SessionSignerError && inner.code === 'INACTIVE_ON_CHAIN'
  })

  // Alive again: the same account signs (the vault's own checks apply as before).
  status = 1n
  const signed = await account.signTransaction(zkTx)
  assert.match(signed, /^0x71/)
})
