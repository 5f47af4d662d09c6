// Tiny DOM helpers: the page is plain HTML built with h(), no framework.
// Everything is text nodes (never innerHTML), so nothing a session or a
// stored record contains can inject markup, and the strict CSP holds.

/** h('p', { class: 'x', onclick }, 'text', child) builds an element. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag)
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === undefined || v === null || v === false) continue
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v)
    else if (k === 'dataset') Object.assign(el.dataset, v)
    else el.setAttribute(k, v === true ? '' : String(v))
  }
  append(el, children)
  return el
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue
    el.append(c instanceof Node ? c : document.createTextNode(String(c)))
  }
}

/** Replaces an element's children. */
export function fill(el, ...children) {
  el.replaceChildren()
  append(el, children)
  return el
}

export const $ = (selector) => document.querySelector(selector)

/** 0x123456…abcdef (keep hex digits at each end) */
export function short(hex, keep = 6) {
  if (typeof hex !== 'string' || hex.length <= 2 + 2 * keep) return hex
  return `${hex.slice(0, 2 + keep)}…${hex.slice(-keep)}`
}

/** "in 23 h 59 min", "3 min ago" */
export function relative(unixSeconds, now = Date.now() / 1000) {
  const d = Math.round(unixSeconds - now)
  const a = Math.abs(d)
  const minutes = Math.round(a / 60)
  const text =
    a < 90 ? `${a} s` : minutes < 90 ? `${minutes} min` : a < 172800 ? `${Math.floor(minutes / 60)} h ${minutes % 60} min` : `${Math.round(a / 86400)} days`
  return d >= 0 ? `in ${text}` : `${text} ago`
}

export function dateTime(unixSeconds) {
  return new Date(unixSeconds * 1000).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })
}

/** A monospace value with a copy button. */
export function copyable(value, { shorten = 0, label } = {}) {
  const text = String(value)
  const button = h('button', { type: 'button', class: 'copy', title: 'Copy to clipboard', 'aria-label': `Copy ${label ?? 'value'}` }, 'copy')
  button.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(text)
      button.textContent = 'copied'
    } catch {
      button.textContent = 'select it'
    }
    setTimeout(() => (button.textContent = 'copy'), 1200)
  })
  return h('span', { class: 'copyable' }, h('code', { title: text }, shorten ? short(text, shorten) : text), button)
}
