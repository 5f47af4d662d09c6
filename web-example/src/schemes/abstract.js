// The "abstract" preset: an Abstract Global Wallet session key, enforced
// on-chain by the SessionKeyValidator. The vault returns the call the AGW
// sends once to enable it; after that the dApp signs in-policy transactions
// with no wallet pop-up.
import { decodeAbiParameters, encodeFunctionData, getAddress, hashTypedData, parseAbi, parseEther, parseGwei, recoverAddress } from 'viem'
import { chainConfig, parseEip712Transaction } from 'viem/zksync'
import { demoAccount, expiresIn } from './common.js'

const nft = parseAbi(['function mint(address to, uint256 amount)'])
const validator = '0x34ca1501FAE231cC2ebc995CE013Dbe882d7d081'

export const abstract = {
  id: 'abstract',
  title: 'Game on Abstract',
  scheme: 'abstract',
  summary:
    'An Abstract Global Wallet session: it may call mint(address,uint256) on the game contract for 24 hours and spend at most 0.01 ETH in fees per hour. The AGW enforces it on-chain.',
  fields: [
    { name: 'chainId', label: 'Chain id', value: '11124', hint: 'Abstract testnet' },
    { name: 'account', label: 'AGW account address', value: demoAccount, wallet: true },
    { name: 'target', label: 'Contract it may call', value: '0xC4822AbB9F05646A9Ce44EFa6dDcda0Bf45595AA' },
    { name: 'function', label: 'Function', value: 'mint(address,uint256)' },
    { name: 'hours', label: 'Lifetime (hours)', value: '24' },
    { name: 'feePerHour', label: 'Fees per hour, at most (ETH)', value: '0.01' },
    { name: 'moduleInstalled', label: 'The session module is already installed on this AGW', type: 'checkbox', value: true },
  ],

  params(v) {
    return {
      scheme: 'abstract',
      chainId: v.chainId,
      account: v.account,
      expiresAt: expiresIn(v.hours),
      moduleInstalled: Boolean(v.moduleInstalled),
      feeLimit: { limitType: 'Allowance', limit: parseEther(String(v.feePerHour)).toString(), period: '3600' },
      callPolicies: [
        {
          target: v.target,
          function: v.function,
          maxValuePerUse: '0',
          valueLimit: { limitType: 'Unlimited', limit: '0', period: '0' },
          constraints: [],
        },
      ],
      transferPolicies: [],
    }
  },

  enablingCall: (info) => (info.enableCall ? { name: 'enableCall', from: info.account, ...info.enableCall } : null),
  onChainNote: 'The AGW sends this once (its owner approves it); the SessionKeyValidator then enforces the policy on-chain.',

  requests(info) {
    const policy = info.config?.callPolicies?.[0] ?? {}
    const target = policy.target ?? abstract.fields[2].value
    const account = info.account ?? info.config?.account
    const base = {
      type: 'eip712',
      chainId: info.chainId,
      from: account,
      to: target,
      nonce: 0,
      gas: '500000',
      maxFeePerGas: parseGwei('0.025').toString(),
      maxPriorityFeePerGas: '0',
      gasPerPubdata: '50000',
      data: encodeFunctionData({ abi: nft, functionName: 'mint', args: [account, 1n] }),
    }
    return {
      inPolicy: {
        label: 'mint(account, 1), fee ≤ 0.0000125 ETH',
        request: { type: 'transaction', transaction: { ...base, value: '0' } },
      },
      outOfPolicy: {
        label: 'mint with 1 ETH attached',
        request: { type: 'transaction', transaction: { ...base, value: parseEther('1').toString() } },
      },
    }
  },

  /**
   * The result is a serialized zkSync 0x71 transaction whose customSignature
   * is abi.encode(bytes sig, address validator, bytes[] hookData). Recover
   * the session key from sig over the transaction's EIP-712 digest, as the
   * validator does on-chain.
   */
  async verify(info, _request, result) {
    const tx = parseEip712Transaction(result)
    const [sig, via] = decodeAbiParameters(
      [{ type: 'bytes' }, { type: 'address' }, { type: 'bytes[]' }],
      tx.customSignature,
    )
    const digest = hashTypedData(chainConfig.custom.getEip712Domain({ ...tx, type: 'eip712' }))
    const recovered = await recoverAddress({ hash: digest, signature: sig })
    const ok = getAddress(recovered) === getAddress(info.signer) && getAddress(via) === validator
    return {
      ok,
      facts: [
        ['signed', `zkSync 0x71 transaction from ${tx.from}, ${(result.length - 2) / 2} bytes`],
        ['validator', via],
        ['recovered session key', recovered],
      ],
    }
  },
}
