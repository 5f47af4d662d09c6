// Page load to first signature with viem, what a dApp without a vault does:
// load viem's account code, make a key (or read one kept in plain
// localStorage, which costs the same), sign a hash.
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { fail, finish, hashes, log } from './measure.js'

try {
  const start = performance.now()
  const account = privateKeyToAccount(generatePrivateKey())
  await account.sign({ hash: hashes(1)[0].hex })
  const signed = performance.now()
  log(`first signature at ${signed.toFixed(1)} ms after navigation`)
  finish({ scriptStart: start, firstSignature: signed })
} catch (err) {
  fail(err)
}
