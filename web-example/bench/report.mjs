// Turns the runs' raw numbers into the Markdown table `make bench` prints:
// medians, ratios (ours ÷ baseline), the docs/design.md budget of each row and
// whether the median meets it.

const mb = (n) => `${(n / 1e6).toFixed(2)} MB`
const ms = (n) => `${n < 10 ? n.toFixed(1) : n.toFixed(0)} ms`
const perSecond = (n) => `${n < 100 ? n.toFixed(1) : Math.round(n).toLocaleString('en-US')}/s`
const times = (n) => `${n.toFixed(2)}x`

function median(xs) {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}

/** Median, min and max of one number picked from every run. */
function stat(samples, pick) {
  const xs = samples.map(pick)
  return { median: median(xs), min: Math.min(...xs), max: Math.max(...xs) }
}

/**
 * Each row: what is measured, ours and the baseline (median over runs), the
 * ratio of the medians, the budget in words and a test of the median
 * against it (undefined when docs/design.md sets none).
 */
export function summarize(samples, size) {
  const s = (pick) => stat(samples, pick)
  const rows = []
  const row = (r) => rows.push({ ...r, ratio: r.base ? r.ours.median / r.base.median : undefined })

  row({
    what: 'module size, brotli (raw / gzip)',
    ours: { median: size.brotli, min: size.brotli, max: size.brotli },
    fmt: mb,
    note: `${mb(size.raw)} / ${mb(size.gzip)}`,
    budget: 'at most 1.2 MB (CI fails above 1.25 MB)',
    met: (o) => o <= 1.2e6,
  })
  row({
    what: 'worker start to ready, cold (openVault: worker, .wasm fetch + compile, Go start, IndexedDB)',
    ours: s((x) => x.firstOurs.workerReady),
    fmt: ms,
    budget: 'at most 150 ms',
    met: (o) => o <= 150,
  })
  row({
    what: 'worker start to ready, second worker in the same page (.wasm from the HTTP cache)',
    ours: s((x) => x.firstOurs.workerReadyWarm),
    fmt: ms,
  })
  row({
    what: 'page load to first signature, cold (ours: + vault at the floor Argon2id, createSession, sign; viem: privateKeyToAccount().sign)',
    ours: s((x) => x.firstOurs.firstSignature),
    base: s((x) => x.firstViem.firstSignature),
    baseName: 'viem',
    fmt: ms,
    budget: "at most 3x viem's",
    met: (o, b) => o <= 3 * b,
  })
  row({
    what: 'signatures per second, warm (vault.sign hash, IndexedDB vault, one at a time)',
    ours: s((x) => x.suite.oursSign),
    base: s((x) => x.suite.nobleSign),
    baseName: '@noble/curves sign',
    fmt: perSecond,
    budget: 'at least 0.8x @noble/curves (the worker round trip is the floor)',
    met: (o, b) => o >= 0.8 * b,
  })
  row({
    what: 'signatures per second, warm, vault.signMany of 64 hashes (per signature, memory storage)',
    ours: s((x) => x.suite.oursSignMany),
    base: s((x) => x.suite.nobleSign),
    baseName: '@noble/curves sign',
    fmt: perSecond,
    budget: 'at least 1.5x @noble/curves',
    met: (o, b) => o >= 1.5 * b,
  })
  row({
    what: 'signatures per second, warm, against viem',
    ours: s((x) => x.suite.oursSign),
    base: s((x) => x.suite.viemSign),
    baseName: 'viem account.sign',
    fmt: perSecond,
  })
  row({
    what: 'signatures per second, warm, memory storage',
    ours: s((x) => x.suite.oursSignMemory),
    base: s((x) => x.suite.nobleSign),
    baseName: '@noble/curves sign',
    fmt: perSecond,
  })
  row({
    what: 'worker round trips per second (vault.refresh: a message, one Go call, no crypto)',
    ours: s((x) => x.suite.roundTrip),
    fmt: perSecond,
  })
  row({
    what: 'bare worker round trips per second (a message to a worker that answers with it: no sessionsigner code)',
    ours: s((x) => x.suite.workerEcho),
    fmt: perSecond,
  })
  row({
    what: 'EIP-712 per second (ours: hash + policy check + sign, vault.sign typedData)',
    ours: s((x) => x.suite.oursTyped),
    base: s((x) => x.suite.viemHashTypedData),
    baseName: 'viem hashTypedData (hash only)',
    fmt: perSecond,
  })
  row({
    what: 'EIP-712 signatures per second',
    ours: s((x) => x.suite.oursTyped),
    base: s((x) => x.suite.viemSignTypedData),
    baseName: 'viem signTypedData',
    fmt: perSecond,
  })
  row({
    what: 'unlock of a new vault at the default Argon2id (64 MiB, t=3, p=4): creates it; first Argon2 in the worker',
    ours: s((x) => x.suite.oursCreateVault),
    base: s((x) => x.suite.hashWasmArgon2Cold),
    baseName: 'hash-wasm argon2id, same parameters, first call',
    fmt: ms,
    budget: "at most 1.2x hash-wasm's",
    met: (o, b) => o <= 1.2 * b,
  })
  row({
    what: 'unlock of that vault again (lock, unlock): Argon2 warm',
    ours: s((x) => x.suite.oursUnlock),
    base: s((x) => x.suite.hashWasmArgon2),
    baseName: 'hash-wasm argon2id, same parameters, second call',
    fmt: ms,
    budget: "at most 1.2x hash-wasm's",
    met: (o, b) => o <= 1.2 * b,
  })
  row({
    what: 'unlock with a full-entropy secret (server key / passkey PRF path: HKDF, no Argon2id), from the bytes to unlocked',
    ours: s((x) => x.suite.oursUnlockServer),
    fmt: ms,
    budget: 'at most 5 ms',
    met: (o) => o <= 5,
  })
  row({
    what: 'unlock with a wallet signature (mock wallet answering at once; includes listing the slots)',
    ours: s((x) => x.suite.oursUnlockWallet),
    fmt: ms,
    budget: 'at most 5 ms',
    met: (o) => o <= 5,
  })
  row({
    what: `createSession including the IndexedDB write (${samples[0]?.suite.listedSessions ?? '?'} in a row)`,
    ours: s((x) => x.suite.createSession),
    fmt: perSecond,
    budget: 'at least 200 per second',
    met: (o) => o >= 200,
  })
  row({
    what: `listSessions with ${samples[0]?.suite.listedSessions ?? '?'} sessions stored`,
    ours: s((x) => x.suite.listSessions),
    fmt: ms,
    budget: 'at most 50 ms (1,000 sessions)',
    met: (o) => o <= 50,
  })
  const part = (pick) => ms(stat(samples, pick).median)
  const notes = [
    `First signature with sessionsigner, medians of its parts: page and script ${part((x) => x.firstOurs.scriptStart)}, ` +
      `openVault ${part((x) => x.firstOurs.workerReady)}, vault creation at the floor Argon2id (19 MiB, t=2, p=1) ${part((x) => x.firstOurs.unlockFloor)}, ` +
      `createSession ${part((x) => x.firstOurs.createSession)}, sign ${part((x) => x.firstOurs.sign)}; viem's page and script ${part((x) => x.firstViem.scriptStart)}. ` +
      `The module's download alone (requested at ${part((x) => x.firstOurs.moduleRequested)}, preloaded by the page's HTML): ${part((x) => x.firstOurs.moduleDownloaded)}.`,
    floorNote(samples),
  ]
  return { rows, notes }
}

export function table({ rows, notes }, { runs, sessions, machine }) {
  const lines = [
    `| what | sessionsigner | baseline | ratio (ours ÷ baseline) | budget (docs/design.md) | met |`,
    `|---|---|---|---|---|---|`,
  ]
  for (const r of rows) {
    const spread = r.ours.min !== r.ours.max ? ` (${r.fmt(r.ours.min)}–${r.fmt(r.ours.max)})` : ''
    const ours = `${r.fmt(r.ours.median)}${r.note ? `; ${r.note}` : ''}${spread}`
    const base = r.base ? `${r.fmt(r.base.median)} ${r.baseName}` : '—'
    const ratio = r.ratio === undefined ? '—' : times(r.ratio)
    const met = r.met ? (r.met(r.ours.median, r.base?.median) ? 'yes' : '**no**') : '—'
    lines.push(`| ${r.what} | ${ours} | ${base} | ${ratio} | ${r.budget ?? '—'} | ${met} |`)
  }
  lines.push(
    '',
    ...notes,
    `Medians of ${runs} runs (ours: min–max in brackets), each run in fresh Chromium contexts (empty caches); ` +
      `createSession and listSessions over ${sessions} sessions.`,
    `Machine: ${machine.cpus} CPUs (${machine.cpu}), ${machine.chromium}, Node ${machine.node}. ` +
      'Reproduce with `make bench`.',
  )
  return lines.join('\n')
}

/**
 * What the bare round trip leaves of the warm-signature budget: 0.8x
 * noble's rate is a time per signature, and the worker's round trip alone
 * takes part of it before any of our code runs.
 */
function floorNote(samples) {
  const us = (perSec) => 1e6 / perSec
  const noble = us(stat(samples, (x) => x.suite.nobleSign).median)
  const echo = us(stat(samples, (x) => x.suite.workerEcho).median)
  const ours = us(stat(samples, (x) => x.suite.oursSign).median)
  return (
    `One awaited signature: @noble/curves takes ${noble.toFixed(0)} µs, so 0.8x its rate allows ${(noble / 0.8).toFixed(0)} µs; ` +
    `the bare worker round trip takes ${echo.toFixed(0)} µs of that, leaving ${(noble / 0.8 - echo).toFixed(0)} µs for the vault's call; ours takes ${ours.toFixed(0)} µs in all.`
  )
}
