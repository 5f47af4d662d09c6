// `make worker-dev`: serves the server host on 127.0.0.1 with wrangler's
// local runtime until Ctrl-C. One app, "dev", with a key made for this run
// (or DEV_APP_KEY / DEV_MASTER_KEY from the environment, in hex), printed so
// a client can sign requests. State lives in a temporary folder and goes
// when the server stops.
import { randomKey, startWorker } from './wrangler.mjs'

const appKey = process.env.DEV_APP_KEY ?? randomKey()
const worker = await startWorker({ apps: { dev: appKey }, masterKey: process.env.DEV_MASTER_KEY ?? randomKey(), log: 'inherit' })
console.log(`
server host on ${worker.url} (started in ${(worker.elapsedMs / 1000).toFixed(1)} s)
  app: dev
  key: ${appKey}
  import { serverVault } from 'sessionsigner/server'
  const vault = serverVault({ url: '${worker.url}', app: 'dev', key: '<the key above>', vault: 'main' })
Ctrl-C stops it.`)
const stop = async () => {
  await worker.stop()
  process.exit(0)
}
process.removeAllListeners('SIGINT')
process.removeAllListeners('SIGTERM')
process.once('SIGINT', stop)
process.once('SIGTERM', stop)
setInterval(() => {}, 1 << 30)
