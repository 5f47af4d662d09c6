// The demo page: what a dApp does with sessionsigner, as buttons. It uses
// the package exactly as an app would, through the bundler:
//
//   import { openVault } from 'sessionsigner'
//
// and Vite emits the worker and the .wasm beside the page.
import { openVault } from 'sessionsigner'
import { createPanel } from './createPanel.js'
import { methodsPanel } from './methodsPanel.js'
import { $ } from './dom.js'
import { describeError } from './errors.js'
import { sessionList } from './sessionList.js'
import { storedPanel } from './storedPanel.js'
import { vaultPanel } from './vaultPanel.js'
import { wallet } from './wallet.js'
import './style.css'

const namespace = 'sessionsigner-demo'
const storagePreference = 'sessionsigner-demo.storage'

/**
 * ?kdf=min is for the automated test only: NEW vaults get the weakest
 * Argon2id the module accepts (19 MiB, t=2, p=1), so a test run stays quick.
 * The page says so in a banner; without the flag the default (64 MiB, t=3,
 * p=4) applies. An existing vault always keeps its own parameters.
 */
const testKdf = new URLSearchParams(location.search).get('kdf') === 'min' ? { memoryKiB: 19456, time: 2, threads: 1 } : undefined

/**
 * The pattern js/README.md recommends: start opening the vault at page load
 * and await it where it is first needed. Here the panels are built while
 * the worker starts and the module compiles; reopen awaits this first one.
 */
const vaultOptions = (storage) => ({
  namespace,
  storage,
  ...(testKdf ? { kdf: testKdf } : {}),
  onProgress: (p) => panels.vault.onProgress(p),
  onWarning: (message) => panels.vault.say(message),
})
const initialStorage = localStorage.getItem(storagePreference) === 'localstorage' ? 'localstorage' : 'indexeddb'
let opening = openVault(vaultOptions(initialStorage))
opening.catch(() => {}) // reported by reopen, where it is awaited

const app = {
  vault: null,
  storageChoice: initialStorage,
  sessions: [],
  /** The last outcome per session id (sign, refusal, revoke), kept across renders. */
  results: new Map(),
  justCreated: null,
  wallet: null,
  async reopen(storage) {
    app.vault?.close()
    app.vault = null
    app.sessions = []
    app.results.clear()
    app.storageChoice = storage
    localStorage.setItem(storagePreference, storage)
    app.render()
    try {
      const first = opening
      opening = null
      if (first && storage !== initialStorage) first.then((v) => v.close(), () => {})
      app.vault = await (first && storage === initialStorage ? first : openVault(vaultOptions(storage)))
    } catch (err) {
      panels.vault.say(describeError(err), 'bad')
    }
    await app.refresh()
  },
  async refresh() {
    if (app.vault) {
      try {
        await app.vault.refresh()
        app.sessions = await app.vault.listSessions()
      } catch (err) {
        panels.vault.say(describeError(err), 'bad')
      }
    }
    app.render()
    await panels.stored.render()
  },
  render() {
    panels.vault.render()
    void panels.methods.render()
    panels.create.render()
    panels.sessions.render()
  },
}

if (testKdf) {
  const banner = $('#test-banner')
  banner.hidden = false
  banner.textContent =
    'TEST MODE (?kdf=min): new vaults use the weakest Argon2id the module accepts (19 MiB, t=2, p=1). Not for real secrets.'
}

const panels = {
  vault: vaultPanel(app),
  methods: methodsPanel(app),
  create: createPanel(app),
  sessions: sessionList(app),
  stored: storedPanel(app),
}
app.wallet = wallet(app)

await app.reopen(app.storageChoice)
document.body.dataset.ready = 'true'
