// The "local" preset: a burner EOA with a policy kept in this browser only.
// No contract enforces it, so there is no enabling call: the app funds the
// signer address and the vault refuses anything outside the policy.
import { encodeFunctionData, getAddress, parseAbi, parseEther, parseGwei, parseTransaction, recoverTransactionAddress } from 'viem'
import { expiresIn } from './common.js'

const nft = parseAbi(['function mint(address to, uint256 amount)'])

export const local = {
  id: 'local',
  title: 'Burner',
  scheme: 'local',
  summary: 'A plain key of its own (an EOA you fund), for any chain. The policy lives in the vault: it may call mint on one contract, at most 20 times, for 1 hour.',
  fields: [
    { name: 'chainId', label: 'Chain id', value: '11155111', hint: 'Sepolia' },
    { name: 'target', label: 'Contract it may call', value: '0xC4822AbB9F05646A9Ce44EFa6dDcda0Bf45595AA' },
    { name: 'function', label: 'Function', value: 'mint(address,uint256)' },
    { name: 'maxUses', label: 'At most this many signatures', value: '20' },
    { name: 'hours', label: 'Lifetime (hours)', value: '1' },
  ],

  params(v) {
    return {
      scheme: 'local',
      chainId: v.chainId,
      expiresAt: expiresIn(v.hours),
      allow: [{ target: v.target, function: v.function, maxValuePerUse: '0' }],
      maxUses: Number(v.maxUses),
    }
  },

  enablingCall: () => null,
  onChainNote: 'No contract to enable: fund the signer address, and the vault enforces the policy before each signature.',

  requests(info) {
    const allowed = info.config?.allow?.[0] ?? {}
    const target = allowed.target ?? local.fields[1].value
    const base = {
      chainId: info.chainId,
      nonce: 0,
      gas: '120000',
      maxFeePerGas: parseGwei('2').toString(),
      maxPriorityFeePerGas: parseGwei('0.1').toString(),
      type: 'eip1559',
    }
    return {
      inPolicy: {
        label: `mint(you, 1) on ${target.slice(0, 8)}…`,
        request: {
          type: 'transaction',
          transaction: { ...base, to: target, value: '0', data: encodeFunctionData({ abi: nft, functionName: 'mint', args: [info.signer, 1n] }) },
        },
      },
      outOfPolicy: {
        label: 'send 1 ETH along with the mint',
        request: {
          type: 'transaction',
          transaction: {
            ...base,
            to: target,
            value: parseEther('1').toString(),
            data: encodeFunctionData({ abi: nft, functionName: 'mint', args: [info.signer, 1n] }),
          },
        },
      },
    }
  },

  /** The result is a signed EIP-1559 transaction: recover its sender with viem. */
  async verify(info, _request, result) {
    const tx = parseTransaction(result)
    const from = await recoverTransactionAddress({ serializedTransaction: result })
    return {
      ok: getAddress(from) === getAddress(info.signer),
      facts: [
        ['signed', `EIP-1559 transaction, ${(result.length - 2) / 2} bytes, to ${getAddress(tx.to)}`],
        ['recovered sender', from],
      ],
    }
  },
}
