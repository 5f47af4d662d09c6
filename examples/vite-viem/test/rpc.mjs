// A JSON-RPC node just large enough for viem's sendTransaction on chain
// 31337: it answers the reads viem makes to fill nonce, gas and fees, and
// keeps every raw transaction it is sent.
export function mockRpc() {
  const raw = []
  const answers = {
    eth_chainId: () => '0x7a69',
    eth_getTransactionCount: () => '0x0',
    eth_estimateGas: () => '0x5208',
    eth_maxPriorityFeePerGas: () => '0x3b9aca00',
    eth_gasPrice: () => '0x77359400',
    eth_getBlockByNumber: () => ({ number: '0x1', baseFeePerGas: '0x3b9aca00', timestamp: '0x0', hash: `0x${'11'.repeat(32)}` }),
    eth_sendRawTransaction: (params) => {
      raw.push(params[0])
      return `0x${'ab'.repeat(32)}`
    },
  }
  /** Answers one JSON-RPC request object (or a batch). */
  function answer(body) {
    if (Array.isArray(body)) return body.map(answer)
    const f = answers[body.method]
    if (!f) return { jsonrpc: '2.0', id: body.id, error: { code: -32601, message: `the mock has no ${body.method}` } }
    return { jsonrpc: '2.0', id: body.id, result: f(body.params ?? []) }
  }
  return { answer, raw }
}
