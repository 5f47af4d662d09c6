// What every benchmark page shares: the timing helpers and the fixtures
// (the same hashes, typed data and session for ours and for the JavaScript
// libraries, so the ratios compare like with like).

/** Reports progress to the runner (it prints lines starting "bench:"). */
export function log(text) {
  console.log(`bench: ${text}`)
  document.querySelector('#log')?.append(`${text}\n`)
}

/** Hands the results to the runner, which polls window.__bench. */
export function finish(results) {
  globalThis.__bench = { done: true, results }
}

export function fail(err) {
  globalThis.__bench = { done: true, error: String(err?.stack ?? err) }
}

/**
 * Operations per second of an async or sync op: warm up, then run until
 * `seconds` have passed (at least `min` times). One call at a time, as an
 * app awaiting each signature would. The warm-up runs for `warmupSeconds`
 * (and at least `warmup` calls), the same for every library: the engines
 * tier code up while it runs hot (the first ~400 calls of a page's first
 * vault ran about twice as slow as the rest, and a 20-call warm-up left
 * that inside whichever row came first), and "warm" means after that.
 */
export async function rate(op, { seconds = 1, warmup = 20, warmupSeconds = 0.5, min = 20 } = {}) {
  const warming = performance.now()
  for (let i = 0; i < warmup || performance.now() - warming < warmupSeconds * 1000; i++) await op(i)
  let n = 0
  const started = performance.now()
  let elapsed = 0
  while (elapsed < seconds * 1000 || n < min) {
    await op(n)
    n++
    elapsed = performance.now() - started
  }
  return (n * 1000) / elapsed
}

/** Milliseconds one call of op takes. */
export async function time(op) {
  const started = performance.now()
  await op()
  return performance.now() - started
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}

/** 32-byte message hashes, different for every call (RFC 6979 makes equal ones cheap for no library, but be fair). */
export function hashes(n = 256) {
  return Array.from({ length: n }, () => {
    const b = crypto.getRandomValues(new Uint8Array(32))
    return { bytes: b, hex: `0x${[...b].map((x) => x.toString(16).padStart(2, '0')).join('')}` }
  })
}

export const chainId = 11155111
export const target = '0xC4822AbB9F05646A9Ce44EFa6dDcda0Bf45595AA'

/** The session every "ours" measurement signs with: a local burner allowed raw hashes and typed data. */
export function sessionParams() {
  return {
    scheme: 'local',
    chainId,
    expiresAt: Math.floor(Date.now() / 1000) + 3600,
    allow: [{ target, function: 'mint(address,uint256)', maxValuePerUse: '0' }],
    rawHash: true,
    typedData: [{ verifyingContract: target, primaryType: 'Mail' }],
  }
}

/** EIP-712's own example (Mail), bound to the allowed contract. */
export const typedData = {
  domain: { name: 'Ether Mail', version: '1', chainId, verifyingContract: target },
  types: {
    Person: [
      { name: 'name', type: 'string' },
      { name: 'wallet', type: 'address' },
    ],
    Mail: [
      { name: 'from', type: 'Person' },
      { name: 'to', type: 'Person' },
      { name: 'contents', type: 'string' },
    ],
  },
  primaryType: 'Mail',
  message: {
    from: { name: 'Cow', wallet: '0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826' },
    to: { name: 'Bob', wallet: '0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB' },
    contents: 'Hello, Bob!',
  },
}

/** Argon2id as the vault's default (RFC 9106's second recommendation). */
export const defaultKdf = { memoryKiB: 65536, time: 3, threads: 4 }
/** The weakest the vault accepts (OWASP's floor), for setups that are not what is measured. */
export const floorKdf = { memoryKiB: 19456, time: 2, threads: 1 }

export const secret = 'benchmark secret, not a real one'

/** A namespace no earlier run used. */
export function freshNamespace(what) {
  return `bench-${what}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`
}
