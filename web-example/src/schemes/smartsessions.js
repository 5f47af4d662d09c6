// The "smartsessions" preset: a Rhinestone Smart Session on an ERC-7579
// smart account. The vault returns the enableSessions call (and the digest
// the owner can sign instead); the session key then signs user operations,
// checked here first and by the policy contracts on-chain.
import { encodeFunctionData, encodePacked, getAddress, parseAbi, parseUnits, recoverAddress, slice, zeroHash } from 'viem'
import { entryPoint07Address, getUserOperationHash } from 'viem/account-abstraction'
import { demoAccount, demoRecipient, expiresIn } from './common.js'

const erc20 = parseAbi(['function transfer(address to, uint256 amount)'])
const erc7579 = parseAbi(['function execute(bytes32 mode, bytes executionCalldata)'])
const smartSession = '0x00000000008bDABA73cD9815d79069c247Eb4bDA'

export const smartsessions = {
  id: 'smartsessions',
  title: 'Trading with Smart Sessions',
  scheme: 'smartsessions',
  summary:
    'A Rhinestone Smart Session on an ERC-7579 account: it may call transfer on USDC, only to one recipient, up to 1,000 USDC in total, for 24 hours. Policy contracts enforce it on-chain.',
  fields: [
    { name: 'chainId', label: 'Chain id', value: '84532', hint: 'Base Sepolia' },
    { name: 'account', label: 'Smart account address', value: demoAccount, wallet: true },
    { name: 'token', label: 'USDC contract', value: '0x036CbD53842c5426634e7929541eC2318f3dCF7e' },
    { name: 'recipient', label: 'The only recipient', value: demoRecipient },
    { name: 'maxAmount', label: 'Up to (USDC, in total)', value: '1000' },
    { name: 'hours', label: 'Lifetime (hours)', value: '24' },
  ],

  params(v) {
    const expiresAt = expiresIn(v.hours)
    return {
      scheme: 'smartsessions',
      chainId: v.chainId,
      account: v.account,
      expiresAt,
      actions: [
        {
          target: v.token,
          function: 'transfer(address,uint256)',
          policies: [
            { type: 'universal-action', rules: [{ condition: 'equal', calldataOffset: '0', referenceValue: v.recipient }] },
            { type: 'spending-limits', limits: [{ token: v.token, amount: parseUnits(String(v.maxAmount), 6).toString() }] },
          ],
        },
      ],
      policies: [{ type: 'time-frame', validUntil: String(expiresAt), validAfter: '0' }],
    }
  },

  enablingCall: (info) =>
    info.enableSessionsCall ? { name: 'enableSessionsCall', from: info.account ?? info.config?.account, ...info.enableSessionsCall } : null,
  onChainNote:
    'The smart account executes this once (an owner-signed user operation), or the owner signs enableDigest and the first user operation enables the session.',

  requests(info) {
    const action = info.config?.actions?.[0] ?? {}
    const token = action.target ?? smartsessions.fields[2].value
    const rule = action.policies?.find((p) => p.type === 'universal-action')?.rules?.[0]
    const recipient = rule ? getAddress(slice(rule.referenceValue, 12)) : demoRecipient
    const account = info.account ?? info.config?.account
    const op = (amount) => userOperation(info, account, token, encodeFunctionData({ abi: erc20, functionName: 'transfer', args: [recipient, amount] }))
    return {
      inPolicy: { label: `transfer 100 USDC to ${recipient.slice(0, 8)}…`, request: op(parseUnits('100', 6)) },
      outOfPolicy: { label: 'transfer 5,000 USDC (over the limit)', request: op(parseUnits('5000', 6)) },
    }
  },

  /**
   * The result is the USE-mode signature 0x00 ‖ permissionId ‖ sig: check
   * the mode byte and the permission id, and recover the session key from
   * sig over the userOpHash, as the OwnableValidator does.
   */
  async verify(info, request, result) {
    const mode = slice(result, 0, 1)
    const permissionId = slice(result, 1, 33)
    const sig = slice(result, 33)
    const recovered = await recoverAddress({ hash: request.userOpHash, signature: sig })
    const ok =
      mode === '0x00' &&
      (!info.permissionId || permissionId.toLowerCase() === info.permissionId.toLowerCase()) &&
      getAddress(recovered) === getAddress(info.signer)
    return {
      ok,
      facts: [
        ['signed', `USE-mode signature for user operation ${request.userOpHash.slice(0, 12)}…`],
        ['permission id', permissionId],
        ['recovered session key', recovered],
      ],
    }
  },
}

/** A v0.7 user operation that executes one call, and its hash as the EntryPoint computes it. */
function userOperation(info, account, target, data) {
  // ERC-7579 execute(mode, executionCalldata): mode 0 is a single call;
  // the calldata is encodePacked(target, value, data).
  const callData = encodeFunctionData({
    abi: erc7579,
    functionName: 'execute',
    args: [zeroHash, encodePacked(['address', 'uint256', 'bytes'], [target, 0n, data])],
  })
  // The nonce key names the validator (Smart Sessions), as ERC-7579 accounts expect.
  const nonce = BigInt(smartSession) << 64n
  const userOpHash = getUserOperationHash({
    chainId: Number(info.chainId),
    entryPointAddress: entryPoint07Address,
    entryPointVersion: '0.7',
    userOperation: {
      sender: account,
      nonce,
      callData,
      callGasLimit: 200000n,
      verificationGasLimit: 600000n,
      preVerificationGas: 60000n,
      maxFeePerGas: 1500000n,
      maxPriorityFeePerGas: 1000000n,
      signature: '0x', // not part of the hash
    },
  })
  return { type: 'userOperation', userOpHash, callData }
}
