// Page load to first signature with sessionsigner, in a fresh browser
// context (nothing cached): load the page and the package, start the worker
// (fetch, compile and start the .wasm, open IndexedDB), create the vault
// (Argon2id at the floor parameters, so the default's ~1 s, measured on its
// own in the suite, does not swamp the rest), create a session, sign a hash.
import { openVault } from 'sessionsigner'
import { fail, finish, floorKdf, freshNamespace, hashes, log, secret, sessionParams } from './measure.js'

try {
  const start = performance.now()
  const vault = await openVault({ namespace: freshNamespace('first'), storage: 'indexeddb', kdf: floorKdf })
  const ready = performance.now()
  await vault.unlock(secret)
  const unlocked = performance.now()
  const session = await vault.createSession(sessionParams())
  const created = performance.now()
  await vault.sign(session.id, { type: 'hash', hash: hashes(1)[0].hex })
  const signed = performance.now()
  log(`first signature at ${signed.toFixed(1)} ms after navigation`)
  // The module's download on its own (Resource Timing: request to last byte).
  const download = performance.getEntriesByType('resource').find((e) => /sessionsigner[^/]*\.wasm$/.test(new URL(e.name).pathname))
  vault.close()
  // A second worker in the same page: the .wasm now comes from the HTTP
  // cache (and Chromium may reuse its compiled code), which tells the
  // download and compile apart from the module's own start.
  const again = performance.now()
  const second = await openVault({ namespace: freshNamespace('first-again'), storage: 'indexeddb', kdf: floorKdf })
  const workerReadyWarm = performance.now() - again
  second.close()
  finish({
    workerReadyWarm,
    scriptStart: start,
    workerReady: ready - start,
    unlockFloor: unlocked - ready,
    createSession: created - unlocked,
    sign: signed - created,
    firstSignature: signed,
    moduleRequested: download?.startTime ?? NaN,
    moduleDownloaded: download ? download.responseEnd - download.startTime : NaN,
  })
} catch (err) {
  fail(err)
}
