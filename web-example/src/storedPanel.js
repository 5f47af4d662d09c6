// "What is stored": the raw records, read straight from IndexedDB or
// localStorage by this page, not through the module, and a check anyone can
// follow: every 32-byte value found in them is tried as a private key
// against every session's signer address. None may match.
import { privateKeyToAddress } from 'viem/accounts'
import { $, fill, h } from './dom.js'

/** Where the package keeps records (js/src/worker/storage/indexeddb.ts, js/src/page/storage/localstorage.ts). */
const dbName = 'sessionsigner'
const storeName = 'records'
const keyPrefix = 'sessionsigner:'

export function storedPanel(app) {
  const summary = $('#stored-summary')
  const records = $('#stored-records')
  const where = $('#stored-where')
  $('#refresh-stored').addEventListener('click', () => app.refresh())
  let generation = 0

  return {
    async render() {
      const mine = ++generation
      const kind = app.vault?.storage ?? app.storageChoice
      where.textContent = kind === 'localstorage' ? 'localStorage' : `IndexedDB (database "${dbName}", store "${storeName}")`
      let rows
      try {
        rows = kind === 'localstorage' ? readLocalStorage() : await readIndexedDB()
      } catch (err) {
        summary.textContent = `Could not read storage: ${err.message}`
        summary.className = 'scan bad'
        return
      }
      if (mine !== generation) return
      // The first session record starts open: it is the one people look for.
      const firstSession = rows.findIndex((r) => r.key.includes(':session/'))
      fill(records, rows.map((r, i) => recordView(r, i === firstSession)))
      const signers = new Set(app.sessions.map((s) => s.signer.toLowerCase()))
      const scan = await scanForKeys(rows, signers)
      if (mine !== generation) return
      summary.dataset.found = String(scan.found.length)
      summary.dataset.tried = String(scan.tried)
      if (rows.length === 0) {
        summary.className = 'scan'
        summary.textContent = 'Nothing stored yet: the vault is written on its first unlock.'
      } else if (scan.found.length) {
        summary.className = 'scan bad'
        summary.textContent = `PLAINTEXT KEY FOUND in ${scan.found.join(', ')}`
      } else {
        summary.className = 'scan ok'
        summary.textContent =
          `${rows.length} record${rows.length === 1 ? '' : 's'}. Tried all ${scan.tried} 32-byte values found in them as private keys ` +
          `against the ${signers.size} session signer${signers.size === 1 ? '' : 's'}: none opens a session. ` +
          `The keys exist only sealed ("sealedKey").`
      }
    },
  }
}

function recordView(row, open) {
  const text = decode(row.bytes)
  let shown = text
  try {
    shown = JSON.stringify(JSON.parse(text), null, 2)
  } catch {
    // Not JSON: show the text (or hex) as stored.
  }
  // The sealed key is highlighted: that line is all there is of the key.
  const lines = shown.split('\n').map((line) => (/"sealedKey"/.test(line) ? h('span', { class: 'sealed' }, line) : line))
  return h(
    'details',
    { class: 'record', open, dataset: { key: row.key } },
    h('summary', {}, h('code', {}, row.key), h('span', { class: 'size' }, `${row.bytes.length} bytes${row.note ? ` · ${row.note}` : ''}`)),
    h('pre', {}, lines.flatMap((l, i) => (i ? ['\n', l] : [l]))),
  )
}

function decode(bytes) {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return hex(bytes)
  }
}

function readLocalStorage() {
  const rows = []
  for (let i = 0; i < localStorage.length; i++) {
    const key = localStorage.key(i)
    if (!key?.startsWith(keyPrefix)) continue
    const value = localStorage.getItem(key) ?? ''
    rows.push({ key, bytes: fromBase64(value) ?? new TextEncoder().encode(value), note: 'base64 in localStorage, decoded' })
  }
  return rows.sort((a, b) => (a.key < b.key ? -1 : 1))
}

/**
 * Reads every record without ever creating the database: opening a missing
 * one would create it empty at version 1, and the package would then never
 * get its upgrade to create the object store.
 */
async function readIndexedDB() {
  const dbs = (await indexedDB.databases?.()) ?? []
  if (!dbs.some((d) => d.name === dbName)) return []
  const db = await new Promise((resolve, reject) => {
    const req = indexedDB.open(dbName)
    req.onsuccess = () => resolve(req.result)
    req.onerror = () => reject(req.error)
    req.onupgradeneeded = () => req.transaction.abort()
  })
  try {
    if (!db.objectStoreNames.contains(storeName)) return []
    return await new Promise((resolve, reject) => {
      const tx = db.transaction(storeName, 'readonly')
      const store = tx.objectStore(storeName)
      const keys = store.getAllKeys()
      const values = store.getAll()
      tx.oncomplete = () =>
        resolve(
          keys.result
            .map((key, i) => ({ key: String(key), bytes: asBytes(values.result[i]) }))
            .filter((r) => r.key.startsWith(keyPrefix)),
        )
      tx.onerror = () => reject(tx.error)
    })
  } finally {
    db.close()
  }
}

function asBytes(v) {
  if (v instanceof Uint8Array) return v
  if (v instanceof ArrayBuffer) return new Uint8Array(v)
  return new TextEncoder().encode(typeof v === 'string' ? v : JSON.stringify(v))
}

/**
 * Collects every string in the records that is hex or base64 of at least 32
 * bytes (or, for a record that is not JSON, its raw bytes), tries each 32-byte window of it as a secp256k1 private key, and
 * reports any that belongs to a session signer. Runs in slices so the page
 * stays responsive.
 */
async function scanForKeys(rows, signers) {
  const found = []
  let tried = 0
  for (const row of rows) {
    // A JSON record can only hold a key as a string (hex or base64); any
    // other record is tried byte window by byte window.
    const strings = stringsIn(decode(row.bytes))
    const blobs = strings ? strings.map(bytesOf).filter(Boolean) : [row.bytes]
    for (const blob of blobs) {
      for (let i = 0; i + 32 <= blob.length && i < 1024; i++) {
        tried++
        if (signers.has(addressOf(blob.subarray(i, i + 32)))) found.push(row.key)
        if (tried % 64 === 0) await new Promise((r) => setTimeout(r, 0))
      }
    }
  }
  return { found: [...new Set(found)], tried }
}

function addressOf(key32) {
  try {
    return privateKeyToAddress(hex(key32)).toLowerCase()
  } catch {
    return '' // zero or above the curve order: not a key
  }
}

function stringsIn(text) {
  try {
    const out = []
    const walk = (v) => {
      if (typeof v === 'string') out.push(v)
      else if (v && typeof v === 'object') Object.values(v).forEach(walk)
    }
    walk(JSON.parse(text))
    return out
  } catch {
    return null
  }
}

function bytesOf(s) {
  const h = s.startsWith('0x') ? s.slice(2) : s
  if (h.length >= 64 && h.length % 2 === 0 && /^[0-9a-fA-F]+$/.test(h)) {
    return Uint8Array.from(h.match(/../g), (b) => parseInt(b, 16))
  }
  if (s.length >= 44 && /^[A-Za-z0-9+/_-]+={0,2}$/.test(s)) return fromBase64(s)
  return null
}

function fromBase64(s) {
  try {
    const bin = atob(s.replace(/-/g, '+').replace(/_/g, '/'))
    return Uint8Array.from(bin, (c) => c.charCodeAt(0))
  } catch {
    return null
  }
}

function hex(bytes) {
  let s = '0x'
  for (const b of bytes) s += b.toString(16).padStart(2, '0')
  return s
}
