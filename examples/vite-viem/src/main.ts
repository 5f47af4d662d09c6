// The starter: open a vault, create a session that may pay one address,
// send a transaction through viem, and catch a refusal by its code, from a
// direct vault call and through viem.
import { BaseError, createWalletClient, http, parseEther } from 'viem'
import { foundry } from 'viem/chains'
import { openVault, SessionSignerError, toViemAccount } from 'sessionsigner'

const shop = '0x1111111111111111111111111111111111111111'
const stranger = '0x2222222222222222222222222222222222222222'
// Where the JSON-RPC node is: ?rpc=… (the test's mock), else a local node.
const rpcUrl = new URLSearchParams(location.search).get('rpc') ?? 'http://127.0.0.1:8545'

/** The SessionSignerError behind e, whether it came directly or through viem. */
function refusal(e: unknown): SessionSignerError | undefined {
  if (e instanceof SessionSignerError) return e
  if (e instanceof BaseError) {
    const inner = e.walk((x) => x instanceof SessionSignerError)
    if (inner instanceof SessionSignerError) return inner
  }
  return undefined
}

async function main() {
  const vault = await openVault({ namespace: 'starter' })
  await vault.unlock('correct horse battery staple')
  const session = await vault.createSession({
    scheme: 'local',
    chainId: foundry.id,
    expiresAt: Math.floor(Date.now() / 1000) + 3600,
    allow: [{ target: shop, maxValuePerUse: parseEther('0.01') }],
    maxUses: 10,
  })

  const account = await toViemAccount(vault, session)
  const client = createWalletClient({ account, chain: foundry, transport: http(rpcUrl) })
  // viem fills nonce, gas and fees from the node, then the vault checks and signs.
  const hash = await client.sendTransaction({ to: shop, value: parseEther('0.001') })

  let direct: SessionSignerError | undefined
  try {
    const fees = { nonce: 1, gas: 21000n, maxFeePerGas: 10n ** 9n, maxPriorityFeePerGas: 10n ** 9n }
    await vault.sign(session.id, { type: 'transaction', transaction: { chainId: foundry.id, to: stranger, value: 1n, ...fees } })
  } catch (e) {
    direct = refusal(e)
  }

  let throughViem: SessionSignerError | undefined
  let viemMessage = ''
  try {
    await client.sendTransaction({ to: stranger, value: 1n })
  } catch (e) {
    throughViem = refusal(e)
    viemMessage = (e as Error).message.split('\n')[0]
  }

  return {
    signer: session.signer,
    hash,
    direct: direct && { code: direct.code, rule: direct.rule ?? null },
    throughViem: throughViem && { code: throughViem.code, rule: throughViem.rule ?? null },
    viemMessage,
  }
}

const log = document.getElementById('log')!
main().then(
  (result) => {
    log.textContent = JSON.stringify(result, null, 2)
    log.dataset.done = 'ok'
  },
  (e) => {
    log.textContent = `failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`
    log.dataset.done = 'failed'
  },
)
