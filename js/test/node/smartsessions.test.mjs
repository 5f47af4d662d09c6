// Smart Sessions through the JavaScript API, checked with the real
// @rhinestone/module-sdk and viem: the info's permissionId and calls are the
// SDK's, signUserOperationWithSession gives the SDK's USE signature whose
// inner signature recovers to the session key over viem's userOpHash (v0.7
// and v0.8), the hash-only form signs the same bytes, and ENABLE signatures
// decode with the SDK's decoder. Out-of-policy operations are refused with
// their rule.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  SmartSessionMode,
  decodeSmartSessionSignature,
  encodeSmartSessionSignature,
  getEnableSessionsAction,
  getPermissionId,
  getRemoveSessionAction,
} from '@rhinestone/module-sdk'
import { encodeFunctionData, encodePacked, getAddress, parseAbi, recoverAddress, size, slice, zeroHash } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { entryPoint07Address, entryPoint08Address, getUserOperationHash } from 'viem/account-abstraction'
import { getStubSignature, signUserOperationWithSession } from '../../dist/index.js'
import { address, inSeconds, open, rejectsWith } from './helpers.mjs'

const chainId = 8453
const account = getAddress(address(8))
const token = getAddress(address(7))
const recipient = getAddress(address(5))
const erc20 = parseAbi(['function transfer(address to, uint256 amount)', 'function approve(address spender, uint256 amount)'])
const execute = parseAbi(['function execute(bytes32 mode, bytes executionCalldata)'])

/** ERC-7579 execute with a single call (mode 0): target ‖ value ‖ calldata. */
function executeSingle(target, value, data) {
  return encodeFunctionData({ abi: execute, functionName: 'execute', args: [zeroHash, encodePacked(['address', 'uint256', 'bytes'], [target, value, data])] })
}

function transfer(to, amount) {
  return executeSingle(token, 0n, encodeFunctionData({ abi: erc20, functionName: 'transfer', args: [to, amount] }))
}

function userOperation(callData, overrides = {}) {
  return {
    sender: account,
    nonce: 5n << 64n,
    callData,
    callGasLimit: 100000n,
    verificationGasLimit: 200000n,
    preVerificationGas: 50000n,
    maxFeePerGas: 3n * 10n ** 9n,
    maxPriorityFeePerGas: 10n ** 9n,
    signature: '0x',
    ...overrides,
  }
}

async function createSession(t) {
  const vault = await open(t)
  await vault.unlock('secret')
  const info = await vault.createSession({
    scheme: 'smartsessions',
    chainId,
    expiresAt: inSeconds(3600),
    account,
    actions: [{
      target: token,
      function: 'transfer(address,uint256)',
      policies: [{ type: 'universal-action', rules: [{ condition: 'equal', calldataOffset: 0, referenceValue: recipient }] }],
    }],
    policies: [{ type: 'usage-limit', limit: 3 }],
  })
  return { vault, info }
}

test('the session\'s permissionId, enableSessions and removeSession calls are module-sdk\'s', async (t) => {
  const { vault, info } = await createSession(t)
  assert.equal(info.permissionId, getPermissionId({ session: info.session }))
  // module-sdk's Session carries the chain as a bigint; listing returns the same.
  assert.equal(info.session.chainId, BigInt(info.chainId))
  const [listed] = (await vault.listSessions()).filter((s) => s.id === info.id)
  assert.equal(listed.session.chainId, BigInt(info.chainId))
  const enable = getEnableSessionsAction({ sessions: [info.session] })
  assert.deepEqual(info.enableSessionsCall, { to: enable.to, data: enable.data })
  const remove = getRemoveSessionAction({ permissionId: info.permissionId })
  const revoked = await vault.revoke(info.id)
  assert.deepEqual(revoked.removeSessionCall, { to: remove.to, data: remove.data })
  assert.deepEqual(info.removeSessionCall, revoked.removeSessionCall)
})

test('USE signatures: module-sdk\'s encoding of a session-key signature over viem\'s userOpHash', async (t) => {
  const { vault, info } = await createSession(t)
  const op = userOperation(transfer(recipient, 10n))

  // Out of policy first: refusals use nothing up.
  const refused = [
    ['uni-action.rule[0]', userOperation(transfer(getAddress(address(6)), 10n))],
    ['action', userOperation(executeSingle(token, 0n, encodeFunctionData({ abi: erc20, functionName: 'approve', args: [recipient, 1n] })))],
    ['sender', { ...op, sender: getAddress(address(4)) }],
  ]
  for (const [rule, bad] of refused) {
    const err = await rejectsWith(assert, () => signUserOperationWithSession(vault, info, bad), 'POLICY_VIOLATION')
    assert.equal(err.rule, rule, err.message)
  }

  const signatures = []
  for (const [entryPointVersion, entryPointAddress] of [['0.7', entryPoint07Address], ['0.8', entryPoint08Address]]) {
    // viem's SmartAccount.signUserOperation shape: a chainId field beside the operation.
    const signature = await signUserOperationWithSession(vault, info, { ...op, chainId }, { entryPointVersion, entryPointAddress })
    const decoded = decodeSmartSessionSignature({ signature })
    assert.equal(decoded.mode, SmartSessionMode.USE)
    assert.equal(decoded.permissionId, info.permissionId)
    assert.equal(signature, encodeSmartSessionSignature({ mode: SmartSessionMode.USE, permissionId: info.permissionId, signature: decoded.signature }))
    const hash = getUserOperationHash({ userOperation: op, entryPointAddress, entryPointVersion, chainId })
    assert.equal(await recoverAddress({ hash, signature: decoded.signature }), getAddress(info.signer), entryPointVersion)
    signatures.push({ hash, signature })
  }

  // The hash-only form signs the same hash the same way (RFC 6979).
  const { hash, signature } = signatures[0]
  assert.equal(await vault.sign(info.id, { type: 'userOperation', userOpHash: hash, callData: op.callData }), signature)

  // Three uses were allowed; the fourth is refused.
  const err = await rejectsWith(assert, () => signUserOperationWithSession(vault, info, op), 'POLICY_VIOLATION')
  assert.equal(err.rule, 'usage-limit')
})

test('ENABLE signatures carry the owner\'s signature of enableDigest and decode with module-sdk', async (t) => {
  const { vault, info } = await createSession(t)
  const owner = privateKeyToAccount(`0x${'37'.repeat(32)}`)
  const ownerSignature = await owner.sign({ hash: info.enableDigest })
  const op = userOperation(transfer(recipient, 1n))
  const signature = await signUserOperationWithSession(vault, info, op, { enable: { ownerSignature } })
  const decoded = decodeSmartSessionSignature({ signature, account: { address: account, type: 'safe', deployedOnChains: [chainId] } })
  assert.equal(decoded.mode, SmartSessionMode.ENABLE)
  assert.equal(decoded.permissionId, info.permissionId)
  assert.equal(decoded.enableSessionData.enableSession.permissionEnableSig, ownerSignature)
  assert.equal(getAddress(decoded.enableSessionData.validator), getAddress(info.config.ownerValidator))
  const hash = getUserOperationHash({ userOperation: op, entryPointAddress: entryPoint07Address, entryPointVersion: '0.7', chainId })
  assert.equal(await recoverAddress({ hash, signature: decoded.signature }), getAddress(info.signer))
})

test('getStubSignature has the real USE signature\'s length and layout, for eth_estimateUserOperationGas', async (t) => {
  const { vault, info } = await createSession(t)
  const real = await signUserOperationWithSession(vault, info, userOperation(transfer(recipient, 10n)))
  const stub = getStubSignature(info)
  assert.equal(size(stub), size(real))
  assert.equal(size(stub), 1 + 32 + 65)
  assert.equal(slice(stub, 0, 33), slice(real, 0, 33), 'same mode byte and permissionId')
  const decodedStub = decodeSmartSessionSignature({ signature: stub })
  assert.equal(decodedStub.mode, SmartSessionMode.USE)
  assert.equal(decodedStub.permissionId, info.permissionId)
  assert.equal(size(decodedStub.signature), size(decodeSmartSessionSignature({ signature: real }).signature))
  // A well-formed ECDSA signature: it recovers (to some address) instead of failing.
  await recoverAddress({ hash: `0x${'12'.repeat(32)}`, signature: decodedStub.signature })
  await rejectsWith(assert, async () => getStubSignature({ scheme: 'local' }), 'INVALID_REQUEST')
})
