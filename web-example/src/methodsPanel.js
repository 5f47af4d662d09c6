// The vault's unlock methods side by side: unlock with a passkey or the
// wallet, add a passkey, a wallet or this device, and the list of slots with
// a remove button each (the last one cannot be removed).
import { $, dateTime, fill, h, relative, short } from './dom.js'
import { describeError } from './errors.js'

const kindNames = { passphrase: 'Passphrase', passkey: 'Passkey', wallet: 'Wallet', device: 'This device', server: 'Server key' }

export function methodsPanel(app) {
  const list = $('#slot-list')
  const message = $('#methods-message')
  const buttons = {
    unlockPasskey: $('#unlock-passkey'),
    unlockWallet: $('#unlock-wallet'),
    addPasskey: $('#add-passkey'),
    addWallet: $('#add-wallet'),
    remember: $('#remember-device'),
    forget: $('#forget-device'),
  }
  const say = (text, kind = '') => {
    message.textContent = text
    message.className = `message ${kind}`
  }
  const provider = () => globalThis.ethereum

  /** Runs an action, reports its outcome, refreshes the page. */
  const act = (button, work, done) =>
    button.addEventListener('click', async () => {
      if (!app.vault) return
      button.disabled = true
      const started = performance.now()
      try {
        await work()
        say(`${done} (${(performance.now() - started).toFixed(0)} ms)`, 'ok')
      } catch (err) {
        say(describeError(err), 'bad')
      } finally {
        button.disabled = false
        await app.refresh()
      }
    })

  act(buttons.unlockPasskey, () => app.vault.unlock({ passkey: true }), 'Unlocked with the passkey')
  act(buttons.unlockWallet, () => app.vault.unlock({ wallet: provider() }), 'Unlocked with the wallet signature')
  act(buttons.addPasskey, () => app.vault.addPasskey({ rpName: 'sessionsigner demo', name: 'passkey' }), 'Passkey added')
  act(buttons.addWallet, () => app.vault.addWallet({ wallet: provider(), name: 'wallet' }), 'Wallet added (it signed twice, identically)')
  act(buttons.remember, () => app.vault.rememberDevice(), 'This device is remembered for 12 h')
  act(buttons.forget, () => app.vault.forgetDevice(), 'This device is forgotten')

  async function remove(id) {
    try {
      await app.vault.removeSlot(id)
      say('Unlock method removed.', 'ok')
    } catch (err) {
      say(describeError(err), 'bad')
    }
    await app.refresh()
  }

  return {
    async render() {
      const s = app.vault?.state
      const unlocked = s === 'unlocked'
      const hasWallet = Boolean(provider()?.request)
      buttons.unlockPasskey.disabled = s !== 'locked'
      buttons.unlockWallet.disabled = s !== 'locked' || !hasWallet
      buttons.addPasskey.disabled = !(unlocked || s === 'new')
      buttons.addWallet.disabled = !unlocked || !hasWallet
      buttons.remember.disabled = !unlocked
      buttons.forget.disabled = !app.vault
      if (!app.vault) return fill(list)
      let slots = []
      try {
        slots = await app.vault.slots()
      } catch (err) {
        say(describeError(err), 'bad')
      }
      fill(
        list,
        slots.map((slot) =>
          h(
            'li',
            { dataset: { kind: slot.kind } },
            h('strong', {}, kindNames[slot.kind] ?? slot.kind),
            slot.name ? ` “${slot.name}”` : '',
            slot.address ? [' ', h('code', {}, short(slot.address, 4))] : '',
            ` · added ${dateTime(slot.createdAt)}`,
            slot.expiresAt ? ` · ${slot.expired ? 'expired' : 'expires'} ${relative(slot.expiresAt)}` : '',
            ' ',
            h('button', { type: 'button', class: 'small', disabled: !unlocked || slots.length < 2, onclick: () => remove(slot.id) }, 'Remove'),
          ),
        ),
      )
    },
  }
}
