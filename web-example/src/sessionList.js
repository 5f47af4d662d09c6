// Step 3: every session, as vault.listSessions() describes it, with the
// actions a person would try: sign in policy (verified here with viem), sign
// out of policy (refused by the vault, rule named), revoke, and, where a
// wallet is injected, send the enabling call from it.
import { formatEther } from 'viem'
import { $, copyable, dateTime, fill, h, relative, short } from './dom.js'
import { SessionSignerError, describeError } from './errors.js'
import { presetFor } from './schemes/index.js'

export function sessionList(app) {
  const list = $('#session-list')
  const count = $('#session-count')
  let sequence = 0
  const seen = new Map()

  /** Runs an action for one session, keeping its outcome for the next render. */
  const act = async (info, kind, action) => {
    let outcome
    try {
      outcome = await action()
    } catch (err) {
      outcome = { kind: 'refused', title: 'Failed', error: err }
    }
    // One outcome per kind of action, so an in-policy signature and a
    // refusal show side by side; seq tells a new outcome from the previous
    // one (the tests wait on it).
    const outcomes = app.results.get(info.id) ?? new Map()
    outcomes.set(kind, { ...outcome, action: kind, seq: ++sequence })
    app.results.set(info.id, outcomes)
    await app.refresh()
  }

  const signIn = (info, preset) =>
    act(info, 'sign', async () => {
      const { label, request } = preset.requests(info).inPolicy
      let signature
      try {
        signature = await app.vault.sign(info.id, request)
      } catch (err) {
        return { kind: 'refused', title: `Refused: ${label}`, error: err }
      }
      const check = await preset.verify(info, request, signature)
      return {
        kind: check.ok ? 'verified' : 'refused',
        title: check.ok ? `Signed and verified: ${label}` : `Signed, but the signature does NOT verify: ${label}`,
        facts: [...check.facts, ['result', signature]],
      }
    })

  const signOut = (info, preset) =>
    act(info, 'sign-out', async () => {
      const { label, request } = preset.requests(info).outOfPolicy
      try {
        const signature = await app.vault.sign(info.id, request)
        return { kind: 'refused', title: `Unexpectedly signed: ${label}`, facts: [['result', signature]] }
      } catch (err) {
        return { kind: 'refused', title: `Refused before signing: ${label}`, error: err }
      }
    })

  const revoke = (info) =>
    act(info, 'revoke', async () => {
      const revoked = await app.vault.revoke(info.id)
      const call = revoked.revokeCall ?? revoked.removeSessionCall
      return {
        kind: 'info',
        title: 'Revoked: the sealed key is wiped from storage.',
        facts: call ? [['on-chain revoke call', `to ${call.to}`], ['data', call.data]] : [['on-chain', 'nothing to revoke: no contract holds this session']],
      }
    })

  const sendWithWallet = (info, call) =>
    act(info, 'wallet', async () => {
      const hash = await app.wallet.send(info.chainId, call)
      return { kind: 'info', title: 'Enabling call sent from the wallet.', facts: [['transaction', hash]] }
    })

  return {
    render() {
      // Newest first; sessions created in the same second keep the order
      // this page first saw them in.
      for (const s of app.sessions) if (!seen.has(s.id)) seen.set(s.id, seen.size)
      const sessions = [...app.sessions].sort((a, b) => b.createdAt - a.createdAt || seen.get(b.id) - seen.get(a.id))
      count.textContent = sessions.length ? `(${sessions.length})` : ''
      if (sessions.length === 0) {
        fill(list, h('p', { class: 'empty' }, 'No sessions yet. Unlock the vault and create one with a preset.'))
        return
      }
      fill(
        list,
        sessions.map((info) => card(app, info, { signIn, signOut, revoke, sendWithWallet })),
      )
      if (app.justCreated) {
        list.querySelector(`[data-session-id="${app.justCreated}"]`)?.scrollIntoView({ block: 'nearest', behavior: 'smooth' })
        app.justCreated = null
      }
    },
  }
}

function card(app, info, actions) {
  const preset = presetFor(info)
  const active = info.status === 'active'
  const unlocked = app.vault?.state === 'unlocked'
  const requests = preset && active ? preset.requests(info) : null
  const enabling = preset?.enablingCall(info)

  return h(
    'article',
    { class: `card ${info.status}`, dataset: { sessionId: info.id, scheme: info.scheme, status: info.status } },
    h(
      'div',
      { class: 'card-head' },
      h('h3', {}, preset?.title ?? info.scheme),
      h('span', { class: 'scheme-tag' }, info.scheme),
      h('span', { class: `badge ${info.status}`, dataset: { role: 'status' } }, info.status),
    ),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, 'Signer'),
      h('dd', {}, copyable(info.signer, { label: 'signer' })),
      info.account || info.config?.account ? [h('dt', {}, 'Account'), h('dd', {}, h('code', {}, info.account ?? info.config.account))] : null,
      h('dt', {}, 'Chain'),
      h('dd', {}, info.chainId),
      h('dt', {}, info.status === 'expired' ? 'Expired' : 'Expires'),
      h('dd', {}, `${relative(info.expiresAt)} · ${dateTime(info.expiresAt)}`),
      info.usage && Object.keys(info.usage).length ? [h('dt', {}, 'Used so far'), h('dd', {}, usageText(info.usage))] : null,
    ),
    h('div', {}, h('strong', {}, 'May:'), h('ul', { class: 'permissions' }, info.permissions.map((p) => h('li', {}, p)))),
    onChain(app, info, preset, enabling, actions),
    active
      ? h(
          'div',
          { class: 'actions' },
          h(
            'button',
            { type: 'button', class: 'primary', dataset: { action: 'sign' }, disabled: !requests || !unlocked, onclick: () => actions.signIn(info, preset) },
            requests ? `Sign: ${requests.inPolicy.label}` : 'Sign in policy',
          ),
          h(
            'button',
            { type: 'button', dataset: { action: 'sign-out' }, disabled: !requests || !unlocked, onclick: () => actions.signOut(info, preset) },
            requests ? `Try: ${requests.outOfPolicy.label}` : 'Try out of policy',
          ),
          h('button', { type: 'button', class: 'danger', dataset: { action: 'revoke' }, onclick: () => actions.revoke(info) }, 'Revoke'),
          unlocked ? null : h('span', { class: 'note' }, 'Unlock the vault to sign.'),
        )
      : null,
    ['sign', 'sign-out', 'wallet', 'revoke'].map((kind) => result(app.results.get(info.id)?.get(kind))),
  )
}

function onChain(app, info, preset, call, actions) {
  const extra = [
    ['sessionHash', info.sessionHash],
    ['permissionId', info.permissionId],
    ['enableDigest', info.enableDigest],
  ].filter(([, v]) => typeof v === 'string')
  if (!call) {
    return h('div', { class: 'onchain' }, h('span', { class: 'title' }, 'On-chain'), h('span', { class: 'note' }, preset?.onChainNote ?? ''))
  }
  const bytes = (call.data.length - 2) / 2
  const active = info.status === 'active'
  return h(
    active ? 'div' : 'details',
    { class: 'onchain', dataset: { enabling: call.name } },
    h(active ? 'span' : 'summary', { class: 'title' }, `Enabling call (${call.name})${active ? '' : `: not needed, the session is ${info.status}`}`),
    h('span', { class: 'note' }, preset.onChainNote),
    h(
      'dl',
      { class: 'facts' },
      call.from ? [h('dt', {}, 'from'), h('dd', {}, h('code', {}, call.from))] : null,
      h('dt', {}, 'to'),
      h('dd', {}, h('code', {}, call.to)),
      h('dt', {}, 'data'),
      h('dd', {}, copyable(call.data, { shorten: 10, label: 'calldata' }), ` ${bytes} bytes, selector ${call.data.slice(0, 10)}`),
      extra.map(([k, v]) => [h('dt', {}, k), h('dd', {}, copyable(v, { shorten: 8, label: k }))]),
    ),
    app.wallet?.available && active
      ? h('div', { class: 'actions' }, h('button', { type: 'button', class: 'small', dataset: { action: 'wallet-send' }, onclick: () => actions.sendWithWallet(info, call) }, 'Send it with my wallet'))
      : null,
  )
}

function result(r) {
  if (!r) return null
  const lines = []
  if (r.error) {
    const e = r.error
    if (e instanceof SessionSignerError) {
      lines.push(
        h(
          'div',
          { class: 'refusal' },
          h('span', { class: 'error-code', dataset: { code: e.code } }, e.code),
          e.rule ? [' rule ', h('span', { class: 'error-code', dataset: { rule: e.rule } }, e.rule)] : null,
        ),
        h('div', {}, e.message),
      )
    } else {
      lines.push(h('div', {}, describeError(e)))
    }
  }
  if (r.facts?.length) {
    lines.push(
      h(
        'dl',
        { class: 'facts' },
        r.facts.map(([k, v]) => [h('dt', {}, k), h('dd', {}, typeof v === 'string' && v.startsWith('0x') && v.length > 66 ? copyable(v, { shorten: 12, label: k }) : h('code', {}, v))]),
      ),
    )
  }
  return h('div', { class: `result ${r.kind}`, dataset: { action: r.action, result: r.kind, seq: r.seq, code: r.error?.code, rule: r.error?.rule } }, h('div', { class: 'headline' }, r.title), lines)
}


/**
 * Usage counters in a line: "uses 2 · fee this period 0.0000125 ETH · spent 0x036C…CF7e 100000000".
 * A decimal key is the id of the current period (only that one is kept) and
 * "lifetime" the total; fee and value counters are wei, shown in ETH.
 */
function usageText(usage) {
  const parts = []
  const walk = (v, path) => {
    if (v === null || v === undefined) return
    if (typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) walk(x, Array.isArray(v) ? path : [...path, k])
      return
    }
    if (path.at(-1) === 'version') return
    const wei = /fee|value/i.test(path[0] ?? '') && /^\d+$/.test(String(v))
    const words = path.map((p) => {
      if (/^0x[0-9a-fA-F]{40}/.test(p)) return short(p.slice(0, 42), 4) + p.slice(42)
      if (/^\d+$/.test(p)) return 'this period'
      if (p === 'lifetime') return 'in total'
      return p
    })
    parts.push(`${words.join(' ')} ${wei ? `${formatEther(BigInt(v))} ETH` : v}`)
  }
  walk(usage, [])
  return parts.join(' · ') || 'nothing yet'
}
