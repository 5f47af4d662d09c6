// An offline stand-in for an Abstract chain's JSON-RPC, as an EIP-1193
// request function: enough for agw-client's session client to sign (chain
// id, the wallet's code, listHooks(true)) and for the policy registry's
// status calls, made one by one or batched into a Multicall3 aggregate3.
// Used by the Node tests and bundled into the browser test page.
import {
  decodeFunctionData,
  encodeAbiParameters,
  encodeFunctionResult,
  multicall3Abi,
  parseAbi,
} from 'viem'

const listHooksAbi = parseAbi(['function listHooks(bool) view returns (address[])'])
const registryAbi = parseAbi([
  'function getCallPolicyStatus(address target, bytes4 selector) view returns (uint8)',
  'function getTransferPolicyStatus(address target) view returns (uint8)',
  'function getApprovalTargetStatus(address token, address spender) view returns (uint8)',
])

/**
 * chainId: the chain's id. hooks: what listHooks(true) answers, or null for
 * an account with no code. status({ functionName, args }): the registry's
 * answer for one status call (default 1, Allowed). Every eth_call is pushed
 * to `calls` as { to, data }, the inner calls of a multicall included, and
 * `multicalls` counts the aggregate3 batches.
 */
export function agwChain({ chainId, hooks, status = () => 1 }) {
  const calls = []
  let multicalls = 0
  const answer = (to, data) => {
    calls.push({ to, data })
    if (data.startsWith('0xdb8a323f')) {
      return encodeFunctionResult({ abi: listHooksAbi, functionName: 'listHooks', result: hooks ?? [] })
    }
    const call = decodeFunctionData({ abi: registryAbi, data })
    return encodeAbiParameters([{ type: 'uint8' }], [status(call)])
  }
  async function request({ method, params }) {
    switch (method) {
      case 'eth_chainId':
        return `0x${chainId.toString(16)}`
      case 'eth_getCode':
        return hooks === null ? '0x' : '0x6080'
      case 'eth_call': {
        const { to, data } = params[0]
        if (!data.startsWith('0x82ad56cb')) return answer(to, data)
        multicalls++
        const { args } = decodeFunctionData({ abi: multicall3Abi, data })
        const result = args[0].map((c) => ({ success: true, returnData: answer(c.target, c.callData) }))
        return encodeFunctionResult({ abi: multicall3Abi, functionName: 'aggregate3', result })
      }
      default:
        throw new Error(`offline Abstract chain: no ${method}`)
    }
  }
  return { request, calls, get multicalls() { return multicalls } }
}
