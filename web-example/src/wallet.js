// The optional owner: an injected EIP-1193 wallet (window.ethereum). The
// demo never needs it; where one exists, it can fill the account fields and
// send a session's enabling call itself (eth_sendTransaction), which is what
// a dApp does once per session before signing without pop-ups.
import { $, fill, h, short } from './dom.js'

export function wallet(app) {
  const provider = globalThis.ethereum
  const box = $('#wallet')
  const state = { available: Boolean(provider?.request), address: null, send }

  async function connect() {
    try {
      const [address] = await provider.request({ method: 'eth_requestAccounts' })
      state.address = address ?? null
    } catch (err) {
      state.error = err?.message ?? String(err)
    }
    render()
    app.render()
  }

  /** Switches to the session's chain if the wallet can, then sends the call. */
  async function send(chainId, call) {
    if (!state.address) await connect()
    if (!state.address) throw new Error('the wallet did not share an account')
    const hexChain = `0x${BigInt(chainId).toString(16)}`
    try {
      await provider.request({ method: 'wallet_switchEthereumChain', params: [{ chainId: hexChain }] })
    } catch {
      // The wallet may not know the chain; it will say so when sending.
    }
    return provider.request({
      method: 'eth_sendTransaction',
      params: [{ from: state.address, to: call.to, data: call.data, value: `0x${BigInt(call.value ?? 0).toString(16)}` }],
    })
  }

  function render() {
    if (!state.available) return
    box.hidden = false
    fill(
      box,
      state.address
        ? h('span', {}, 'Wallet ', h('code', {}, short(state.address, 4)), ' can send enabling calls')
        : h('button', { type: 'button', onclick: connect }, 'Connect wallet (optional)'),
      state.error ? h('div', {}, state.error) : null,
    )
  }

  render()
  return state
}
