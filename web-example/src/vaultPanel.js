// Step 1: choose the storage, unlock (Argon2id in the worker, with a
// progress bar), lock.
import { $ } from './dom.js'
import { describeError } from './errors.js'

/** The worker's progress stages, in words. */
const stageNames = {
  'derive-key': 'Argon2id: deriving the vault key',
  reseal: 'Re-sealing the session keys',
}

export function vaultPanel(app) {
  const storage = $('#storage')
  const secret = $('#secret')
  const unlock = $('#unlock')
  const lock = $('#lock')
  const state = $('#state')
  const message = $('#vault-message')
  const progress = $('#progress')
  const bar = $('#progress-bar')
  const progressText = $('#progress-text')

  let stage = ''
  let share = '' // ' · 42 %' once the stage reports done of total
  const say = (text, kind = '') => {
    message.textContent = text
    message.className = `message ${kind}`
  }

  storage.value = app.storageChoice
  storage.addEventListener('change', async () => {
    say('')
    await app.reopen(storage.value)
  })

  $('#unlock-form').addEventListener('submit', async (event) => {
    event.preventDefault()
    if (!app.vault) return
    if (secret.value === '') {
      say('Type a secret first.', 'bad')
      secret.focus()
      return
    }
    const creating = app.vault.state === 'new'
    unlock.disabled = true
    lock.disabled = true
    // Indeterminate until the worker reports its first Argon2id slice, then
    // the share of slices done (4 per pass); the elapsed time ticks on the
    // page meanwhile, which also shows that Argon2 is not blocking it.
    bar.removeAttribute('value')
    stage = 'Argon2id'
    share = ''
    progress.hidden = false
    say(creating ? 'Creating the vault: deriving its key with Argon2id…' : 'Deriving the vault key with Argon2id…')
    const started = performance.now()
    const tick = setInterval(() => {
      progressText.textContent = `${stage}${share} · ${((performance.now() - started) / 1000).toFixed(1)} s`
    }, 100)
    try {
      await app.vault.unlock(secret.value)
      const seconds = ((performance.now() - started) / 1000).toFixed(2)
      secret.value = ''
      say(`${creating ? 'Vault created and unlocked' : 'Unlocked'} in ${seconds} s. Session keys can sign now.`, 'ok')
    } catch (err) {
      say(describeError(err), 'bad')
    } finally {
      clearInterval(tick)
      progress.hidden = true
      await app.refresh()
    }
  })

  lock.addEventListener('click', async () => {
    try {
      await app.vault.lock()
      say('Locked: the vault key is forgotten; sessions stay listed.', '')
    } catch (err) {
      say(describeError(err), 'bad')
    }
    await app.refresh()
  })

  return {
    // Argon2id reports each slice of each pass (done of total, climbing to
    // total), re-sealing each session: the bar shows done of total.
    onProgress(p) {
      stage = stageNames[p.stage] ?? p.stage
      if (p.total > 0 && p.done > 0) {
        bar.max = p.total
        bar.value = p.done
        share = ` · ${Math.round((100 * p.done) / p.total)} %`
      } else {
        bar.removeAttribute('value')
        share = ''
      }
    },

    render() {
      const s = app.vault?.state ?? 'opening'
      state.textContent = s === 'new' ? 'no vault yet' : s
      state.className = `badge ${s}`
      state.dataset.state = s
      unlock.textContent = s === 'new' ? 'Create vault' : 'Unlock'
      unlock.disabled = !app.vault || s === 'unlocked'
      lock.disabled = !app.vault || s !== 'unlocked'
      secret.disabled = !app.vault || s === 'unlocked'
      storage.disabled = !app.vault
    },

    say,
  }
}
