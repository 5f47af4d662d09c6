// The warm measurements, side by side in one page: signing, EIP-712,
// Argon2id, createSession and listSessions. The runner loads it once per
// run in a fresh browser context and reads window.__bench.
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { argon2id } from 'hash-wasm'
import { openVault } from 'sessionsigner'
import { hashTypedData } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { defaultKdf, fail, finish, floorKdf, freshNamespace, hashes, log, median, rate, secret, sessionParams, time, typedData } from './measure.js'

const query = new URLSearchParams(location.search)
const sessionsToList = Number(query.get('sessions') ?? 1000)
/** ?only=sign,unlock,list runs only those parts (web-example/bench/rows.mjs); absent, all of them. */
const only = query.get('only')?.split(',')
const wanted = (part) => !only || only.includes(part)

async function signing(r) {
  const hs = hashes()
  const key = generatePrivateKey()
  const keyBytes = Uint8Array.from(key.slice(2).match(/../g), (b) => parseInt(b, 16))
  const account = privateKeyToAccount(key)

  r.nobleSign = await rate((i) => secp256k1.sign(hs[i % hs.length].bytes, keyBytes, { prehash: false, format: 'recovered' }))
  log(`@noble/curves sign: ${r.nobleSign.toFixed(0)}/s`)
  r.viemSign = await rate((i) => account.sign({ hash: hs[i % hs.length].hex }))
  log(`viem sign: ${r.viemSign.toFixed(0)}/s`)

  // The floor under one awaited signature from a worker: a message there and
  // back, shaped like the vault's, with no sessionsigner code at either end.
  const echo = new Worker(new URL('./echo.js', import.meta.url), { type: 'module' })
  let answered
  echo.onmessage = () => answered()
  const reply = { t: 'res', id: 1, ok: true, value: { value: `0x${'ab'.repeat(65)}`, state: 'unlocked' } }
  r.workerEcho = await rate(() => new Promise((resolve) => ((answered = resolve), echo.postMessage(reply))))
  echo.terminate()
  log(`bare worker round trips: ${r.workerEcho.toFixed(0)}/s`)

  for (const storage of ['indexeddb', 'memory']) {
    const vault = await openVault({ namespace: freshNamespace('sign'), storage, kdf: floorKdf })
    await vault.unlock(secret)
    const s = await vault.createSession(sessionParams())
    const name = storage === 'indexeddb' ? 'oursSign' : 'oursSignMemory'
    r[name] = await rate((i) => vault.sign(s.id, { type: 'hash', hash: hs[i % hs.length].hex }))
    log(`vault.sign hash (${storage}): ${r[name].toFixed(0)}/s`)
    if (storage === 'indexeddb') {
      // The floor under every call: a message to the worker and back, one Go call, no crypto.
      r.roundTrip = await rate(() => vault.refresh())
      log(`vault.refresh round trips: ${r.roundTrip.toFixed(0)}/s`)
      r.oursTyped = await rate(() => vault.sign(s.id, { type: 'typedData', typedData }))
      log(`vault.sign typedData: ${r.oursTyped.toFixed(0)}/s`)
    } else {
      // One call, 64 signatures: the per-call costs (messages, the Go call) shared.
      const batch = (i) => Array.from({ length: 64 }, (_, j) => ({ type: 'hash', hash: hs[(i * 64 + j) % hs.length].hex }))
      r.oursSignMany = 64 * (await rate((i) => vault.signMany(s.id, batch(i)), { warmup: 3, min: 5 }))
      log(`vault.signMany of 64 hashes (memory), per signature: ${r.oursSignMany.toFixed(0)}/s`)
    }
    vault.close()
  }

  r.viemHashTypedData = await rate(() => hashTypedData(typedData))
  log(`viem hashTypedData: ${r.viemHashTypedData.toFixed(0)}/s`)
  r.viemSignTypedData = await rate(() => account.signTypedData(typedData))
  log(`viem signTypedData: ${r.viemSignTypedData.toFixed(0)}/s`)
}

async function argon(r) {
  const salt = crypto.getRandomValues(new Uint8Array(16))
  const hashWasm = () =>
    argon2id({
      password: secret,
      salt,
      parallelism: defaultKdf.threads,
      iterations: defaultKdf.time,
      memorySize: defaultKdf.memoryKiB,
      hashLength: 32,
      outputType: 'binary',
    })
  // The first call compiles hash-wasm's module and grows its memory to
  // 64 MiB, as creating our vault grows the worker's; the second is warm,
  // as unlocking our vault again is.
  r.hashWasmArgon2Cold = await time(hashWasm)
  r.hashWasmArgon2 = await time(hashWasm)
  log(`hash-wasm argon2id 64 MiB t=3 p=4: ${r.hashWasmArgon2.toFixed(0)} ms (first call ${r.hashWasmArgon2Cold.toFixed(0)} ms)`)

  const vault = await openVault({ namespace: freshNamespace('unlock'), storage: 'memory', kdf: defaultKdf })
  r.oursCreateVault = await time(() => vault.unlock(secret))
  await vault.lock()
  r.oursUnlock = await time(() => vault.unlock(secret))
  log(`vault.unlock at the default (existing vault): ${r.oursUnlock.toFixed(0)} ms; creating it: ${r.oursCreateVault.toFixed(0)} ms`)

  // Full-entropy unlock methods (HKDF, no Argon2id), timed from the secret
  // bytes being available on the page to the vault being unlocked: a server
  // key (the same worker path a passkey's PRF output takes), and a wallet whose
  // (mock, constant) signature is ready at once.
  const serverKey = crypto.getRandomValues(new Uint8Array(32))
  await vault.addServerKey(serverKey)
  const signature = '0x' + 'ab'.repeat(65)
  const wallet = {
    account: { address: '0x' + '42'.repeat(20) },
    request: async () => signature,
  }
  await vault.addWallet({ wallet })
  const fast = async (unlock) => {
    const t = []
    for (let i = 0; i < 21; i++) {
      await vault.lock()
      t.push(await time(unlock))
    }
    return t.sort((a, b) => a - b)[10]
  }
  r.oursUnlockServer = await fast(() => vault.unlock({ server: serverKey }))
  r.oursUnlockWallet = await fast(() => vault.unlock({ wallet }))
  log(`vault.unlock with a server key: ${r.oursUnlockServer.toFixed(2)} ms; with a wallet signature: ${r.oursUnlockWallet.toFixed(2)} ms (median of 21)`)
  vault.close()
}

async function sessions(r) {
  const vault = await openVault({ namespace: freshNamespace('create'), storage: 'indexeddb', kdf: floorKdf })
  await vault.unlock(secret)
  const started = performance.now()
  for (let i = 0; i < sessionsToList; i++) await vault.createSession(sessionParams())
  r.createSession = (sessionsToList * 1000) / (performance.now() - started)
  log(`createSession with IndexedDB: ${r.createSession.toFixed(0)}/s over ${sessionsToList}`)
  const lists = []
  for (let i = 0; i < 5; i++) {
    let n = 0
    lists.push(await time(async () => (n = (await vault.listSessions()).length)))
    if (n !== sessionsToList) throw new Error(`listSessions returned ${n} sessions, expected ${sessionsToList}`)
  }
  r.listSessions = median(lists)
  r.listedSessions = sessionsToList
  log(`listSessions with ${sessionsToList} stored: ${r.listSessions.toFixed(0)} ms`)
  vault.close()
}

try {
  const r = {}
  if (wanted('sign')) await signing(r)
  if (wanted('unlock')) await argon(r)
  if (wanted('list')) await sessions(r)
  finish(r)
} catch (err) {
  fail(err)
}
