// In headless Chromium, through the module Web Worker: an Abstract session
// signs through agw-client's session client with toViemAccount as its
// signer (an offline Abstract mainnet answering the RPC), and a Smart
// Session signs a full ERC-4337 user operation. Each signature is checked
// in the page with viem; an out-of-policy request is refused with its rule.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { fastKdf, startBrowser } from './harness.mjs'

let browser, page

before(async () => {
  browser = await startBrowser('schemes')
  page = await browser.newPage()
})
after(async () => {
  await browser.screenshot(page, 'final')
  await browser.close()
})

test('abstract: agw-client signs an in-policy transaction with the session key; an out-of-policy one is refused', async () => {
  const r = await page.evaluate(async (kdf) => {
    const { viem, zksync, abstract, agwChain, createSessionClient, ABSTRACT_SESSION_VALIDATOR } = window
    const agw = '0x9999999999999999999999999999999999999999'
    const token = '0xC4822AbB9F05646A9Ce44EFa6dDcda0Bf45595AA'
    const recipient = '0x5555555555555555555555555555555555555555'
    const chain = agwChain({ chainId: abstract.id, hooks: [ABSTRACT_SESSION_VALIDATOR] })
    const publicClient = viem.createPublicClient({ chain: abstract, transport: viem.custom(chain), batch: { multicall: true } })
    const vault = await window.openVault({
      namespace: 'schemes-abstract',
      kdf,
      host: { 'abstract.registryCheck': window.abstractRegistryCheck(publicClient) },
    })
    await vault.unlock('abstract secret')
    const onChain = await window.readAbstractAccount(publicClient, agw)
    const [callsBefore, multicallsBefore] = [chain.calls.length, chain.multicalls]
    const s = await vault.createSession({
      scheme: 'abstract',
      chainId: abstract.id,
      expiresAt: Math.floor(Date.now() / 1000) + 3600,
      account: agw,
      moduleInstalled: onChain.moduleInstalled,
      feeLimit: { limitType: 'Lifetime', limit: 10n ** 17n },
      callPolicies: [{
        target: token,
        function: 'mint(address,uint256)',
        maxValuePerUse: 0n,
        valueLimit: { limitType: 'Unlimited' },
        constraints: [
          { index: 0, condition: 'Equal', refValue: viem.pad(recipient), limit: { limitType: 'Unlimited' } },
          { index: 1, condition: 'LessEqual', refValue: viem.pad(viem.toHex(60)), limit: { limitType: 'Lifetime', limit: 50n } },
        ],
      }],
    })
    const [registryCalls, registryMulticalls] = [chain.calls.length - callsBefore, chain.multicalls - multicallsBefore]
    const client = createSessionClient({
      account: agw,
      chain: abstract,
      signer: await window.toViemAccount(vault, s, { validationHooks: onChain.validationHooks }),
      session: window.toAgwSessionConfig(s),
      transport: viem.custom(chain),
    })
    const mintAbi = viem.parseAbi(['function mint(address to, uint256 amount)'])
    const mint = (to, amount) => viem.encodeFunctionData({ abi: mintAbi, functionName: 'mint', args: [to, amount] })
    const fees = { nonce: 0, gas: 500000n, maxFeePerGas: 25000000n, maxPriorityFeePerGas: 0n }
    const signed = await client.signTransaction({ to: token, data: mint(recipient, 40n), ...fees })

    const tx = zksync.parseEip712Transaction(signed)
    const [sig, validator, hookData] = viem.decodeAbiParameters([{ type: 'bytes' }, { type: 'address' }, { type: 'bytes[]' }], tx.customSignature)
    const digest = viem.hashTypedData(abstract.custom.getEip712Domain({ ...tx, type: 'eip712', factoryDeps: [] }))
    const refused = await window.attempt(() => client.signTransaction({ to: token, data: mint(agw, 1n), ...fees }))
    const overLimit = await window.attempt(() => client.signTransaction({ to: token, data: mint(recipient, 11n), ...fees }))
    vault.close()
    return {
      onChain,
      registryChecks: s.registryChecks.length,
      registryCalls,
      registryMulticalls,
      signer: viem.getAddress(s.signer),
      recovered: await viem.recoverAddress({ hash: digest, signature: sig }),
      from: viem.getAddress(tx.from),
      to: viem.getAddress(tx.to),
      chainId: tx.chainId,
      validator,
      hookData: hookData.length,
      spec: hookData[0].length > 2,
      refused,
      overLimit,
    }
  }, fastKdf)
  assert.deepEqual(r.onChain, { deployed: true, validationHooks: ['0x34ca1501FAE231cC2ebc995CE013Dbe882d7d081'], moduleInstalled: true })
  assert.equal(r.registryChecks, 1)
  assert.equal(r.registryCalls, 1, 'the host function made the registry check')
  assert.equal(r.registryMulticalls, 1, 'batched by viem into a multicall')
  assert.equal(r.recovered, r.signer)
  assert.equal(r.from, '0x9999999999999999999999999999999999999999')
  assert.equal(r.to, '0xC4822AbB9F05646A9Ce44EFa6dDcda0Bf45595AA')
  assert.equal(r.chainId, 2741)
  assert.equal(r.validator, '0x34ca1501FAE231cC2ebc995CE013Dbe882d7d081')
  assert.equal(r.hookData, 1)
  assert.equal(r.spec, true)
  assert.equal(r.refused.name, 'SessionSignerError')
  assert.equal(r.refused.code, 'POLICY_VIOLATION')
  assert.equal(r.refused.rule, 'constraint[0]')
  assert.equal(r.overLimit.code, 'POLICY_VIOLATION', 'the amount\'s lifetime limit of 50 counts the first 40')
  assert.equal(r.overLimit.rule, 'constraint[1]')
})

test('smartsessions: a full user operation is signed in USE mode by the session key; an out-of-policy one is refused', async () => {
  const r = await page.evaluate(async (kdf) => {
    const { viem, accountAbstraction: aa } = window
    const account = '0x8888888888888888888888888888888888888888'
    const token = '0x7777777777777777777777777777777777777777'
    const recipient = '0x5555555555555555555555555555555555555555'
    const chainId = 8453
    const vault = await window.openVault({ namespace: 'schemes-smartsessions', kdf })
    await vault.unlock('smart secret')
    const s = await vault.createSession({
      scheme: 'smartsessions',
      chainId,
      expiresAt: Math.floor(Date.now() / 1000) + 3600,
      account,
      actions: [{
        target: token,
        function: 'transfer(address,uint256)',
        policies: [{ type: 'universal-action', rules: [{ condition: 'equal', calldataOffset: 0, referenceValue: recipient }] }],
      }],
      policies: [{ type: 'usage-limit', limit: 10 }],
    })
    const erc20 = viem.parseAbi(['function transfer(address to, uint256 amount)'])
    const execute = viem.parseAbi(['function execute(bytes32 mode, bytes executionCalldata)'])
    const transfer = (to, amount) =>
      viem.encodeFunctionData({
        abi: execute,
        functionName: 'execute',
        args: [viem.zeroHash, viem.encodePacked(['address', 'uint256', 'bytes'], [token, 0n, viem.encodeFunctionData({ abi: erc20, functionName: 'transfer', args: [to, amount] })])],
      })
    const op = (callData) => ({
      sender: account,
      nonce: BigInt(s.nonceKey) << 64n,
      callData,
      callGasLimit: 100000n,
      verificationGasLimit: 300000n,
      preVerificationGas: 60000n,
      maxFeePerGas: 2n * 10n ** 9n,
      maxPriorityFeePerGas: 10n ** 9n,
      signature: '0x',
    })
    const userOperation = op(transfer(recipient, 1000n))
    const signature = await vault.sign(s.id, { type: 'userOperation', userOperation })
    const hash = aa.getUserOperationHash({ userOperation, entryPointAddress: aa.entryPoint07Address, entryPointVersion: '0.7', chainId })
    const viaHelper = await window.signUserOperationWithSession(vault, s, { ...userOperation, chainId })
    const refused = await window.attempt(() => vault.sign(s.id, { type: 'userOperation', userOperation: op(transfer(account, 1000n)) }))
    vault.close()
    return {
      mode: viem.slice(signature, 0, 1),
      permissionId: viem.slice(signature, 1, 33),
      expectedPermissionId: s.permissionId,
      length: viem.size(signature),
      recovered: await viem.recoverAddress({ hash, signature: viem.slice(signature, 33) }),
      signer: viem.getAddress(s.signer),
      viaHelper: viaHelper === signature,
      refused,
    }
  }, fastKdf)
  assert.equal(r.mode, '0x00')
  assert.equal(r.permissionId, r.expectedPermissionId)
  assert.equal(r.length, 1 + 32 + 65)
  assert.equal(r.recovered, r.signer)
  assert.equal(r.viaHelper, true)
  assert.equal(r.refused.name, 'SessionSignerError')
  assert.equal(r.refused.code, 'POLICY_VIOLATION')
  assert.equal(r.refused.rule, 'uni-action.rule[0]')
})
