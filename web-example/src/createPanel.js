// Step 2: pick a preset, adjust its few fields, create the session. The
// preview shows the exact object the page passes to vault.createSession,
// which is what a dApp's own code would pass.
import { $, fill, h } from './dom.js'
import { describeError } from './errors.js'
import { presets } from './schemes/index.js'

export function createPanel(app) {
  const tabs = $('#presets')
  const summary = $('#preset-summary')
  const fields = $('#fields')
  const preview = $('#params-preview')
  const message = $('#create-message')
  const create = $('#create')
  let current = presets[0]
  const inputs = new Map()

  const say = (text, kind = '') => {
    message.textContent = text
    message.className = `message ${kind}`
  }

  const values = () => {
    const v = {}
    for (const [name, input] of inputs) v[name] = input.type === 'checkbox' ? input.checked : input.value.trim()
    return v
  }

  const updatePreview = () => {
    try {
      preview.textContent = JSON.stringify(current.params(values()), null, 2)
    } catch (err) {
      preview.textContent = `// ${err.message}`
    }
  }

  const select = (preset) => {
    current = preset
    for (const b of tabs.children) b.setAttribute('aria-selected', String(b.dataset.preset === preset.id))
    summary.textContent = preset.summary
    inputs.clear()
    fill(fields, preset.fields.map((f) => field(f, inputs, app)))
    say('')
    updatePreview()
  }

  fill(
    tabs,
    presets.map((p) =>
      h('button', { type: 'button', role: 'tab', dataset: { preset: p.id }, 'aria-selected': 'false', onclick: () => select(p) }, p.title),
    ),
  )
  fields.addEventListener('input', updatePreview)
  fields.addEventListener('change', updatePreview)

  $('#create-form').addEventListener('submit', async (event) => {
    event.preventDefault()
    let params
    try {
      params = current.params(values())
    } catch (err) {
      say(err.message, 'bad')
      return
    }
    create.disabled = true
    say('Generating a fresh key in the worker and sealing it…')
    try {
      const info = await app.vault.createSession(params)
      say(`Created: signer ${info.signer}.`, 'ok')
      app.justCreated = info.id
    } catch (err) {
      say(describeError(err), 'bad')
    } finally {
      create.disabled = false
      await app.refresh()
    }
  })

  select(current)

  return {
    render() {
      create.disabled = !app.vault || app.vault.state !== 'unlocked'
      create.title = create.disabled ? 'Unlock the vault to create sessions' : ''
      for (const b of fields.querySelectorAll('button[data-wallet]')) b.hidden = !app.wallet?.address
    },
  }
}

function field(f, inputs, app) {
  if (f.type === 'checkbox') {
    const input = h('input', { type: 'checkbox', name: f.name, checked: f.value })
    inputs.set(f.name, input)
    return h('label', { class: 'field checkbox' }, input, h('span', {}, f.label))
  }
  const isHex = typeof f.value === 'string' && f.value.startsWith('0x')
  const input = h('input', { name: f.name, value: f.value, class: isHex ? 'mono' : undefined, spellcheck: 'false' })
  inputs.set(f.name, input)
  const label = h('span', {}, f.label, f.hint ? h('span', { class: 'field-hint' }, ` · ${f.hint}`) : null)
  if (!f.wallet) return h('label', { class: 'field' }, label, input)
  const use = h(
    'button',
    {
      type: 'button',
      class: 'small',
      dataset: { wallet: 'use' },
      hidden: !app.wallet?.address,
      title: 'Use the address of the connected wallet',
      onclick: () => {
        input.value = app.wallet.address
        input.dispatchEvent(new Event('input', { bubbles: true }))
      },
    },
    'use wallet',
  )
  return h('label', { class: 'field' }, label, h('span', { class: 'with-button' }, input, use))
}
