// toViemAccount: a viem LocalAccount whose signatures come from the vault,
// checked with viem's own recovery and serialization, directly and through
// createWalletClient.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  createWalletClient,
  custom,
  getAddress,
  hashMessage,
  parseSignature,
  parseTransaction,
  recoverAddress,
  recoverMessageAddress,
  recoverTransactionAddress,
  recoverTypedDataAddress,
  serializeTransaction,
} from 'viem'
import { mainnet } from 'viem/chains'
import { toViemAccount } from '../../dist/index.js'
import { address, localSession, open, rejectsWith } from './helpers.mjs'

const typedData = {
  domain: { name: 'Game', version: '1', chainId: 1, verifyingContract: address(1) },
  types: { Move: [{ name: 'player', type: 'address' }, { name: 'x', type: 'uint256' }, { name: 'note', type: 'string' }] },
  primaryType: 'Move',
  message: { player: address(2), x: 2n ** 70n, note: 'e4' },
}

const tx = {
  chainId: 1,
  nonce: 3,
  to: address(1),
  value: 12345n,
  data: '0x',
  gas: 21000n,
  maxFeePerGas: 20n * 10n ** 9n,
  maxPriorityFeePerGas: 10n ** 9n,
  type: 'eip1559',
}

async function setup(t, overrides) {
  const vault = await open(t)
  await vault.unlock('secret')
  const info = await vault.createSession(localSession(overrides))
  return { vault, info }
}

test('the account signs messages, typed data and transactions that viem verifies', async (t) => {
  const { vault, info } = await setup(t)
  const account = await toViemAccount(vault, info.id)
  assert.equal(account.type, 'local')
  assert.equal(account.address, getAddress(info.signer))

  const m = await account.signMessage({ message: 'gm' })
  assert.equal(await recoverMessageAddress({ message: 'gm', signature: m }), account.address)
  const raw = new Uint8Array([0, 1, 2, 255])
  const r = await account.signMessage({ message: { raw } })
  assert.equal(await recoverMessageAddress({ message: { raw }, signature: r }), account.address)

  const typed = await account.signTypedData(typedData)
  assert.equal(await recoverTypedDataAddress({ ...typedData, signature: typed }), account.address)

  const signed = await account.signTransaction(tx)
  assert.equal(await recoverTransactionAddress({ serializedTransaction: signed }), account.address)
  // Byte for byte what viem serializes for the same transaction and signature.
  const { r: sr, s: ss, yParity } = parseTransaction(signed)
  assert.equal(serializeTransaction(tx, { r: sr, s: ss, yParity }), signed)
  vault.close()
})

test('the account works inside createWalletClient', async (t) => {
  const { vault, info } = await setup(t)
  const account = await toViemAccount(vault, info) // the info object, no extra read
  const client = createWalletClient({
    account,
    chain: mainnet,
    transport: custom({
      async request({ method }) {
        if (method === 'eth_chainId') return '0x1'
        throw new Error(`offline test transport: ${method}`)
      },
    }),
  })
  const m = await client.signMessage({ message: 'through the client' })
  assert.equal(await recoverMessageAddress({ message: 'through the client', signature: m }), account.address)
  const typed = await client.signTypedData(typedData)
  assert.equal(await recoverTypedDataAddress({ ...typedData, signature: typed }), account.address)
  const { type: _type, chainId: _chainId, ...request } = tx
  const signed = await client.signTransaction(request)
  assert.equal(await recoverTransactionAddress({ serializedTransaction: signed }), account.address)
  assert.equal(parseTransaction(signed).value, tx.value)
  vault.close()
})

test('sign({hash}) needs the rawHash permission', async (t) => {
  const hash = hashMessage('any digest')
  const denied = await setup(t)
  const a = await toViemAccount(denied.vault, denied.info.id)
  await rejectsWith(assert, () => a.sign({ hash }), 'POLICY_VIOLATION')
  denied.vault.close()

  const allowed = await setup(t, { rawHash: true })
  const b = await toViemAccount(allowed.vault, allowed.info.id)
  const sig = await b.sign({ hash })
  assert.equal(await recoverAddress({ hash, signature: sig }), b.address)
  assert.ok([27n, 28n].includes(parseSignature(sig).v))
  allowed.vault.close()
})
