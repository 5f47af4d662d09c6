// A refusal keeps its identity through viem: viem's wrapping error
// (TransactionExecutionError) shows the code and rule in its message, and
// walk() finds the SessionSignerError with its code and rule.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { BaseError, createWalletClient, custom } from 'viem'
import { mainnet } from 'viem/chains'
import { SessionSignerError, errorCodes, jsOnlyErrorCodes, toViemAccount } from '../../dist/index.js'
import { address, localSession, open } from './helpers.mjs'

/** An RPC that knows the chain id and records what it is sent. */
function mockRpc() {
  const sent = []
  const transport = custom({
    async request({ method, params }) {
      sent.push(method)
      if (method === 'eth_chainId') return '0x1'
      if (method === 'eth_sendRawTransaction') return `0x${'ab'.repeat(32)}`
      throw new Error(`the mock RPC has no ${method}`)
    },
  })
  return { transport, sent }
}

const fees = { nonce: 0, gas: 21000n, maxFeePerGas: 2n * 10n ** 9n, maxPriorityFeePerGas: 10n ** 9n }

test('a policy refusal through walletClient.sendTransaction keeps its code and rule', async (t) => {
  const vault = await open(t)
  await vault.unlock('secret')
  const s = await vault.createSession(localSession({ allow: [{ target: address(1), maxValuePerUse: 1000n }] }))
  const { transport, sent } = mockRpc()
  const client = createWalletClient({ account: await toViemAccount(vault, s), chain: mainnet, transport })

  let caught
  await assert.rejects(client.sendTransaction({ to: address(2), value: 1n, ...fees }), (e) => ((caught = e), true))
  assert.ok(caught instanceof BaseError, `viem wraps the refusal (got ${caught?.name})`)
  assert.ok(!(caught instanceof SessionSignerError))
  const ours = caught.walk((e) => e instanceof SessionSignerError)
  assert.ok(ours instanceof SessionSignerError, 'walk finds the SessionSignerError')
  assert.equal(ours.code, 'POLICY_VIOLATION')
  assert.equal(typeof ours.rule, 'string')
  assert.match(caught.message, new RegExp(`^POLICY_VIOLATION \\(${ours.rule}\\): `), 'the first line of viem\'s message names the code and rule')
  assert.match(caught.shortMessage, /^POLICY_VIOLATION/)
  assert.ok(!sent.includes('eth_sendRawTransaction'), 'nothing was sent')

  // Within policy the same client sends.
  const hash = await client.sendTransaction({ to: address(1), value: 1n, ...fees })
  assert.equal(hash, `0x${'ab'.repeat(32)}`)
  assert.ok(sent.includes('eth_sendRawTransaction'))
})

test('SessionSignerError has viem\'s error shape', () => {
  const e = new SessionSignerError('POLICY_VIOLATION', 'no.', { rule: 'target', cause: new Error('inner') })
  assert.equal(e.shortMessage, 'POLICY_VIOLATION (target): no.')
  assert.equal(e.details, 'no.')
  assert.deepEqual(e.metaMessages, ['Code: POLICY_VIOLATION', 'Rule: target'])
  assert.equal(e.walk(), e.cause, 'walk() without a test is the deepest cause')
  assert.equal(e.walk((x) => x instanceof SessionSignerError), e)
  assert.equal(e.walk(() => false), null)
  // viem's own BaseError wrapping ours walks to it.
  const wrapped = new BaseError('outer', { cause: e })
  assert.equal(wrapped.walk((x) => x instanceof SessionSignerError), e)
  assert.match(wrapped.message, /Details: no\./)
})

test('the one list of codes includes the JavaScript-only ones', () => {
  for (const c of jsOnlyErrorCodes) assert.ok(errorCodes.includes(c))
  assert.equal(new Set(errorCodes).size, errorCodes.length)
})
