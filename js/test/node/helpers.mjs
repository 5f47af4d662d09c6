// Shared setup for the Node tests: the built package (js/dist) running the
// real Go module in this thread (Node has no Web Worker), over the memory
// adapter, at the cheapest Argon2id parameters the vault accepts.
import { openVault, memoryStorage } from '../../dist/index.js'

/** The OWASP floor the vault enforces (keystore.MinKDF): fast enough for tests. */
export const fastKdf = { memoryKiB: 19456, time: 2, threads: 1 }

/**
 * Opens a fresh vault (pass storage to reopen one) and closes it when the
 * test ends, pass or fail: an open vault's message port keeps Node running.
 */
export async function open(t, options = {}) {
  const vault = await openVault({ namespace: 'node-test', storage: memoryStorage(), kdf: fastKdf, ...options })
  t.after(() => vault.close())
  return vault
}

/** Unix seconds, `seconds` from now. */
export function inSeconds(seconds) {
  return Math.floor(Date.now() / 1000) + seconds
}

/** Deterministic test addresses: 0x1111…, 0x2222…. */
export function address(digit) {
  return `0x${String(digit).repeat(40)}`
}

/** A local-scheme session allowed to pay `target` and sign messages and the Move typed data of `target`. */
export function localSession(overrides = {}) {
  return {
    scheme: 'local',
    chainId: 1n,
    expiresAt: inSeconds(3600),
    allow: [{ target: address(1), maxValuePerUse: 10n ** 18n }],
    messages: true,
    typedData: [{ verifyingContract: address(1), primaryType: 'Move' }],
    ...overrides,
  }
}

/** Asserts that fn rejects with a SessionSignerError of the given code; returns the error. */
export async function rejectsWith(assert, fn, code) {
  let caught
  await assert.rejects(fn, (err) => {
    caught = err
    return err?.name === 'SessionSignerError' && err.code === code
  }, `expected ${code}`)
  return caught
}

export { memoryStorage }
