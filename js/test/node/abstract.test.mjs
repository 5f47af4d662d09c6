// Abstract sessions through the JavaScript API and the real agw-client:
// toViemAccount as agw-client's session signer gives the very transaction a
// private-key signer gives (all but the 65 signature bytes, which recover to
// the session key), and the vault's own 0x71 serialization is that
// transaction byte for byte. The chain helpers are checked against
// agw-client's own reads of the same offline chain.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createSessionClient, getSessionHash, prepareCreateSessionCall } from '@abstract-foundation/agw-client/sessions'
import { createClient, createPublicClient, custom, decodeAbiParameters, encodeFunctionData, getAddress, hashTypedData, pad, parseAbi, recoverAddress } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { abstract, abstractTestnet } from 'viem/chains'
import { getGeneralPaymasterInput, parseEip712Transaction } from 'viem/zksync'
import { ABSTRACT_SESSION_VALIDATOR, abstractRegistryCheck, getAbstractStubSignature, readAbstractAccount, toAgwSessionConfig, toViemAccount } from '../../dist/index.js'
import { agwChain } from '../shared/agwChain.mjs'
import { address, inSeconds, open, rejectsWith } from './helpers.mjs'

const agw = getAddress(address(9))
const token = getAddress(address(7))
const recipient = getAddress(address(5))
const otherHook = getAddress(address(3))
const mintAbi = parseAbi(['function mint(address to, uint256 amount)'])
const mint = (to, amount) => encodeFunctionData({ abi: mintAbi, functionName: 'mint', args: [to, amount] })

/** A testnet session: mint to `recipient` only (value capped per use and per 10^9-second period), and ETH to address(1). */
function sessionParams(overrides = {}) {
  return {
    scheme: 'abstract',
    chainId: abstractTestnet.id,
    expiresAt: inSeconds(3600),
    account: agw,
    feeLimit: { limitType: 'Lifetime', limit: 10n ** 17n },
    callPolicies: [{
      target: token,
      function: 'mint(address,uint256)',
      maxValuePerUse: 10n ** 16n,
      valueLimit: { limitType: 'Allowance', limit: 10n ** 18n, period: 10n ** 9n },
      constraints: [{ index: 0, condition: 'Equal', refValue: pad(recipient), limit: { limitType: 'Unlimited' } }],
    }],
    transferPolicies: [{ target: address(1), maxValuePerUse: 1000n, valueLimit: { limitType: 'Lifetime', limit: 10n ** 6n } }],
    ...overrides,
  }
}

/** agw-client's session client over the offline chain, signing with `signer`. */
function sessionClient(info, signer, chain) {
  return createSessionClient({
    account: agw,
    chain: abstractTestnet,
    signer,
    session: toAgwSessionConfig(info),
    transport: custom(chain),
  })
}

const fees = { nonce: 7, gas: 300000n, maxFeePerGas: 25000000n, maxPriorityFeePerGas: 0n }
const transactions = {
  'a call with value': { to: token, data: mint(recipient, 5n), value: 10n ** 15n, ...fees },
  'a call with a paymaster': {
    to: token, data: mint(recipient, 6n), ...fees,
    paymaster: getAddress(address(4)), paymasterInput: getGeneralPaymasterInput({ innerInput: '0x' }),
  },
  'a plain transfer': { to: getAddress(address(1)), value: 999n, ...fees },
}

/** Runs fn with Date.now fixed, so both clients compute the same period ids. */
async function atFixedTime(fn) {
  const realNow = Date.now
  const now = realNow()
  Date.now = () => now
  try {
    return await fn()
  } finally {
    Date.now = realNow
  }
}

test('agw-client with toViemAccount as its signer: the private-key transaction but for the signature, which is the session key\'s', async (t) => {
  const vault = await open(t)
  await vault.unlock('secret')
  const info = await vault.createSession(sessionParams())
  const chain = agwChain({ chainId: abstractTestnet.id, hooks: [otherHook, ABSTRACT_SESSION_VALIDATOR, otherHook] })
  const reference = privateKeyToAccount(`0x${'42'.repeat(32)}`)
  const ours = sessionClient(info, await toViemAccount(vault, info), chain)
  const theirs = sessionClient(info, reference, chain)

  for (const [name, tx] of Object.entries(transactions)) {
    const [signed, expected] = await atFixedTime(() => Promise.all([ours.signTransaction(tx), theirs.signTransaction(tx)]))
    const mine = parseEip712Transaction(signed)
    const ref = parseEip712Transaction(expected)
    const [sig, validator, hookData] = decodeAbiParameters([{ type: 'bytes' }, { type: 'address' }, { type: 'bytes[]' }], mine.customSignature)
    const [refSig, refValidator, refHookData] = decodeAbiParameters([{ type: 'bytes' }, { type: 'address' }, { type: 'bytes[]' }], ref.customSignature)
    assert.equal(validator, refValidator, name)
    assert.deepEqual(hookData, refHookData, name)
    assert.equal(hookData.length, 3, `${name}: one entry per hook`)
    assert.deepEqual([hookData[0], hookData[2]], ['0x', '0x'], `${name}: other hooks get empty data`)

    // The zkSync EIP-712 digest, rebuilt from the parsed transaction: the
    // reference signature recovers to the reference key over it, ours to the session key.
    const digest = hashTypedData(abstractTestnet.custom.getEip712Domain({ ...mine, type: 'eip712', factoryDeps: [] }))
    assert.equal(await recoverAddress({ hash: digest, signature: refSig }), reference.address, name)
    assert.equal(await recoverAddress({ hash: digest, signature: sig }), getAddress(info.signer), name)
    assert.equal(sig.length, 2 + 65 * 2, name)

    // Every other byte is agw-client's: put our signature in its transaction.
    assert.equal(expected.split(refSig.slice(2)).length, 2, `${name}: the signature appears once`)
    assert.equal(signed, expected.replace(refSig.slice(2), sig.slice(2)), name)

    // The vault's own serializer, given the same transaction and hooks, gives those bytes too.
    const direct = await vault.sign(info.id, {
      type: 'transaction',
      transaction: { ...tx, data: tx.data ?? '0x', chainId: abstractTestnet.id, from: agw },
      validationHooks: [otherHook, ABSTRACT_SESSION_VALIDATOR, otherHook],
    })
    assert.equal(direct, signed, `${name}: vault.sign serializes the same 0x71 transaction`)
  }
})

test("signatureForm: typed data gives agw-client's customSignature by default, the bare signature inside it with 'ecdsa'", async (t) => {
  const vault = await open(t)
  await vault.unlock('secret')
  const info = await vault.createSession(sessionParams())
  const tx = transactions['a call with value']
  const typedData = abstractTestnet.custom.getEip712Domain({ ...tx, chainId: abstractTestnet.id, from: agw, type: 'eip712', factoryDeps: [] })
  const wrapped = await vault.sign(info.id, { type: 'typedData', typedData })
  const named = await vault.sign(info.id, { type: 'typedData', typedData, signatureForm: 'scheme' })
  const bare = await vault.sign(info.id, { type: 'typedData', typedData, signatureForm: 'ecdsa' })
  const [inner, validator] = decodeAbiParameters([{ type: 'bytes' }, { type: 'address' }, { type: 'bytes[]' }], wrapped)
  assert.equal(validator, ABSTRACT_SESSION_VALIDATOR)
  assert.equal(decodeAbiParameters([{ type: 'bytes' }, { type: 'address' }, { type: 'bytes[]' }], named)[0], inner)
  assert.equal(bare, inner, 'the bare signature is the one the customSignature carries')
  assert.equal(await recoverAddress({ hash: hashTypedData(typedData), signature: bare }), getAddress(info.signer))
  const err = await rejectsWith(assert, () => vault.sign(info.id, { type: 'typedData', typedData, signatureForm: 'bare' }), 'INVALID_REQUEST')
  assert.match(err.message, /signatureForm/)
})

test('out-of-policy transactions through agw-client are refused by the vault, naming the rule', async (t) => {
  const vault = await open(t)
  await vault.unlock('secret')
  const info = await vault.createSession(sessionParams())
  const chain = agwChain({ chainId: abstractTestnet.id, hooks: [ABSTRACT_SESSION_VALIDATOR] })
  const client = sessionClient(info, await toViemAccount(vault, info), chain)
  const refused = [
    ['constraint[0]', { to: token, data: mint(getAddress(address(6)), 5n), ...fees }],
    ['valuePerUse', { to: token, data: mint(recipient, 5n), value: 10n ** 16n + 1n, ...fees }],
    ['fee', { to: token, data: mint(recipient, 5n), ...fees, gas: 10n ** 17n, maxFeePerGas: 2n }],
  ]
  for (const [rule, tx] of refused) {
    const err = await rejectsWith(assert, () => client.signTransaction(tx), 'POLICY_VIOLATION')
    assert.equal(err.rule, rule, err.message)
  }
  // A target no policy names: agw-client stops it itself (no period ids), the vault too.
  const stray = { to: getAddress(address(2)), value: 1n, ...fees }
  await assert.rejects(() => client.signTransaction(stray), /does not fit any policy/)
  const err = await rejectsWith(assert, () => vault.sign(info.id, { type: 'transaction', transaction: stray }), 'POLICY_VIOLATION')
  assert.equal(err.rule, 'target')
})

test('readAbstractAccount reads what agw-client reads; the enabling call and hash are agw-client\'s', async (t) => {
  const vault = await open(t)
  await vault.unlock('secret')
  const cases = [
    { hooks: null, want: { deployed: false, validationHooks: [], moduleInstalled: false } },
    { hooks: [otherHook], want: { deployed: true, validationHooks: [otherHook], moduleInstalled: false } },
    { hooks: [otherHook, ABSTRACT_SESSION_VALIDATOR], want: { deployed: true, validationHooks: [otherHook, ABSTRACT_SESSION_VALIDATOR], moduleInstalled: true } },
  ]
  for (const { hooks, want } of cases) {
    const chain = agwChain({ chainId: abstractTestnet.id, hooks })
    const publicClient = createPublicClient({ chain: abstractTestnet, transport: custom(chain) })
    const state = await readAbstractAccount(publicClient, agw)
    assert.deepEqual(state, want)
    const info = await vault.createSession(sessionParams({ moduleInstalled: state.moduleInstalled }))
    const agwCall = await prepareCreateSessionCall(agw, createClient({ chain: abstractTestnet, transport: custom(chain) }), toAgwSessionConfig(info))
    // agw-client's calldata carries the validator's checksum case inside a bytes argument: compare bytes.
    assert.deepEqual(info.enableCall, { to: agwCall.to, data: agwCall.data.toLowerCase(), value: String(agwCall.value) })
    assert.equal(info.sessionHash, getSessionHash(toAgwSessionConfig(info)))
  }
})

test('abstractRegistryCheck answers the vault with the registry\'s statuses, one eth_call each or one multicall', async (t) => {
  const denied = getAddress(address(6))
  const status = ({ args }) => (args.includes(denied) ? 2 : 1)
  const plain = agwChain({ chainId: abstract.id, hooks: [], status })
  const batched = agwChain({ chainId: abstract.id, hooks: [], status })
  for (const [chain, batch] of [[plain, undefined], [batched, { multicall: true }]]) {
    const publicClient = createPublicClient({ chain: abstract, transport: custom(chain), batch })
    const vault = await open(t, { host: { 'abstract.registryCheck': abstractRegistryCheck(publicClient) } })
    await vault.unlock('secret')
    const params = sessionParams({ chainId: abstract.id })
    const info = await vault.createSession(params)
    assert.deepEqual(chain.calls, info.registryChecks.map(({ to, data }) => ({ to: getAddress(to), data })))
    const err = await rejectsWith(assert, () => vault.createSession({
      ...params,
      transferPolicies: [...params.transferPolicies, { target: denied, maxValuePerUse: 1n, valueLimit: { limitType: 'Unlimited' } }],
    }), 'INVALID_CONFIG')
    assert.match(err.message, new RegExp(`Target: ${denied}; Status: Denied`))
  }
  assert.equal(plain.multicalls, 0)
  assert.equal(batched.multicalls, 2)
})

test('a registry that answers something other than a status is HOST_ERROR', async (t) => {
  const publicClient = createPublicClient({
    chain: abstract,
    transport: custom({ request: async ({ method }) => (method === 'eth_call' ? '0x' : '0xab5') }),
  })
  const vault = await open(t, { host: { 'abstract.registryCheck': abstractRegistryCheck(publicClient) } })
  await vault.unlock('secret')
  const err = await rejectsWith(assert, () => vault.createSession(sessionParams({ chainId: abstract.id })), 'HOST_ERROR')
  assert.match(err.message, /not a uint8 status/)
})

test('getAbstractStubSignature is the real customSignature but for the 65-byte ECDSA part, for each policy, hook list and enabling call', async (t) => {
  const vault = await open(t)
  await vault.unlock('secret')
  const hookLists = [undefined, [otherHook, ABSTRACT_SESSION_VALIDATOR, otherHook]]
  for (const moduleInstalled of [false, true]) {
    const info = await vault.createSession(sessionParams({ moduleInstalled }))
    for (const [name, tx] of Object.entries(transactions)) {
      for (const validationHooks of hookLists) {
        const label = `${name}, module ${moduleInstalled ? 'installed' : 'not installed'}, ${validationHooks ? 3 : 1} hook(s)`
        const now = Math.floor(Date.now() / 1000)
        const stub = getAbstractStubSignature(info, tx, { validationHooks, now })
        const signed = await vault.sign(info.id, {
          type: 'transaction',
          transaction: { ...tx, data: tx.data ?? '0x', chainId: abstractTestnet.id, from: agw },
          ...(validationHooks ? { validationHooks } : {}),
        })
        const real = parseEip712Transaction(signed).customSignature
        const [sig] = decodeAbiParameters([{ type: 'bytes' }], real)
        const [stubSig] = decodeAbiParameters([{ type: 'bytes' }], stub)
        assert.equal(stub.length, real.length, `${label}: same length`)
        assert.equal(stubSig.length, 2 + 65 * 2, label)
        assert.equal(stub, real.replace(sig.slice(2), stubSig.slice(2)), `${label}: same bytes but the ECDSA part`)
      }
    }
  }
  // A transaction no policy allows has no stub: the vault would refuse it.
  const info = await vault.createSession(sessionParams())
  assert.throws(() => getAbstractStubSignature(info, { to: getAddress(address(9)), data: mint(recipient, 1n) }), { code: 'INVALID_REQUEST' })
  assert.throws(() => getAbstractStubSignature(info, { to: getAddress(address(9)) }), { code: 'INVALID_REQUEST' })
})
