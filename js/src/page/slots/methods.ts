import { SessionSignerError } from '../../shared/errors.js'
import type { NewSlot, ProvenMethod, SlotInfo, SlotKind, SlotParams } from '../../shared/types/slots.js'
import { secretBytes, wipe } from '../secret.js'
import { sameBytes } from '../../shared/bytes.js'
import { deviceSecret, readDevice } from './device.js'
import { evaluatePasskey, passkeyTargets, registerPasskey } from './passkey.js'
import { walletAddress, walletSignature } from './wallet.js'

/**
 * Unlock methods turned into the bytes the worker needs, on the page (where
 * WebAuthn and the wallet are). One place for unlock, the add* calls and
 * replaceSlot, so each method asks the user the same way whichever call
 * needs it. The secrets returned are fresh copies: the caller transfers them
 * to the worker and wipes them.
 */

/** The secret that opens an existing slot, and which slot ('' = any of its kind). */
export interface MethodSecret {
  kind: SlotKind
  slotId: string
  secret: Uint8Array
}

/** What the page knows about the vault that collecting a secret needs. */
export interface MethodContext {
  namespace: string
  /** This browser's remembered-device record id. */
  deviceId: string
  slots(): Promise<SlotInfo[]>
}

/** Asks for the secret of an existing method: a passphrase, a passkey, a wallet signature, a server key, or this browser's device key. */
export async function methodSecret(m: ProvenMethod, c: MethodContext): Promise<MethodSecret> {
  if (typeof m === 'string' || m instanceof Uint8Array) return { kind: 'passphrase', slotId: '', secret: secretBytes(m) }
  if (m && typeof m === 'object') {
    if ('passkey' in m) {
      const targets = passkeyTargets(await c.slots(), m.passkey)
      if (targets.length === 0) {
        throw new SessionSignerError('WRONG_SECRET', m.passkey === true
          ? 'this vault has no passkey: unlock another way, then add one with addPasskey'
          : 'that passkey is not one of this vault’s unlock methods')
      }
      const p = await evaluatePasskey(targets)
      return { kind: 'passkey', slotId: p.slotId, secret: p.secret }
    }
    if ('wallet' in m) {
      const address = await walletAddress(m.wallet, m.address)
      const slot = (await c.slots()).find((s) => s.kind === 'wallet' && s.address === address)
      if (!slot) throw new SessionSignerError('WRONG_SECRET', `account ${address} is not one of this vault’s unlock methods`)
      return { kind: 'wallet', slotId: slot.id, secret: await walletSignature(m.wallet, c.namespace, address) }
    }
    if ('server' in m && m.server instanceof Uint8Array) return { kind: 'server', slotId: m.slotId ?? '', secret: m.server.slice() }
    if ('device' in m && m.device === true) {
      const r = await readDevice(c.deviceId)
      if (!r) throw new SessionSignerError('WRONG_SECRET', 'this browser is not remembered for this vault: use another unlock method')
      return { kind: 'device', slotId: r.slotId, secret: await deviceSecret(r) }
    }
  }
  throw new SessionSignerError('INVALID_REQUEST', 'an unlock method is a passphrase, { passkey }, { wallet }, { server } or { device: true }')
}

/** A new slot's secret and public fields. */
export interface NewSlotSecret {
  kind: SlotKind
  secret: Uint8Array
  params: SlotParams
}

/**
 * Makes the secret of a new method: registers a passkey, asks the wallet to
 * sign twice (a wallet that signs differently each time cannot unlock
 * anything: UNSUPPORTED), or copies a passphrase or server key.
 */
export async function newSlotSecret(n: NewSlot, namespace: string): Promise<NewSlotSecret> {
  if (n && typeof n === 'object') {
    if ('passphrase' in n) return { kind: 'passphrase', secret: secretBytes(n.passphrase, 'passphrase'), params: { name: n.name } }
    if ('passkey' in n) {
      const o = n.passkey === true ? {} : n.passkey
      const p = await registerPasskey(namespace, o)
      return { kind: 'passkey', secret: p.secret, params: { name: o.name ?? 'passkey', credentialId: p.credentialId, prfSalt: p.prfSalt } }
    }
    if ('wallet' in n) {
      const address = await walletAddress(n.wallet, n.address)
      return { kind: 'wallet', secret: await deterministicSignature(n.wallet, namespace, address), params: { name: n.name ?? 'wallet', address } }
    }
    if ('server' in n) {
      if (!(n.server instanceof Uint8Array)) throw new SessionSignerError('INVALID_REQUEST', 'a server key is a Uint8Array of at least 32 random bytes')
      return { kind: 'server', secret: n.server.slice(), params: { name: n.name ?? 'server key' } }
    }
  }
  throw new SessionSignerError('INVALID_REQUEST', 'a new unlock method is { passphrase }, { passkey }, { wallet } or { server }')
}

/** The unlock signature, asked twice; refused unless both are the same. */
async function deterministicSignature(wallet: Parameters<typeof walletSignature>[0], namespace: string, address: string): Promise<Uint8Array> {
  const a = await walletSignature(wallet, namespace, address)
  const b = await walletSignature(wallet, namespace, address).catch((err) => {
    wipe(a)
    throw err
  })
  const same = sameBytes(a, b)
  wipe(b)
  if (!same) {
    wipe(a)
    throw new SessionSignerError('UNSUPPORTED',
      'this wallet signed the same message differently twice (some smart-contract and MPC wallets do), so its signature cannot unlock the vault; use a passkey or a passphrase')
  }
  return a
}
