// What the vault returns and accepts around transactions: a checksummed
// signer, and a transaction without nonce, gas or fees refused by name
// rather than signed with zeros (viem's walletClient fills them).
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { getAddress } from 'viem'
import { address, localSession, open, rejectsWith } from './helpers.mjs'

test('signer is EIP-55 checksummed', async (t) => {
  const vault = await open(t)
  await vault.unlock('secret')
  const s = await vault.createSession(localSession())
  assert.equal(s.signer, getAddress(s.signer))
  assert.equal((await vault.listSessions())[0].signer, s.signer)
})

test('a transaction without nonce, gas or fees is INVALID_REQUEST naming them', async (t) => {
  const vault = await open(t)
  await vault.unlock('secret')
  const s = await vault.createSession(localSession())
  const err = await rejectsWith(assert, () => vault.sign(s.id, { type: 'transaction', transaction: { chainId: 1, to: address(1), value: 1n } }), 'INVALID_REQUEST')
  assert.match(err.message, /nonce, gas, maxFeePerGas, maxPriorityFeePerGas missing/)
  const partial = await rejectsWith(
    assert,
    () => vault.sign(s.id, { type: 'transaction', transaction: { chainId: 1, to: address(1), value: 1n, nonce: 0, gas: 21000n } }),
    'INVALID_REQUEST',
  )
  assert.match(partial.message, /maxFeePerGas, maxPriorityFeePerGas missing/)
})
