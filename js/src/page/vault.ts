import { SessionSignerError } from '../shared/errors.js'
import { toGoJSON } from '../shared/json.js'
import { checkId, createSessionJSON } from '../shared/params.js'
import type { Reply } from '../shared/protocol.js'
import type { Endpoint } from '../shared/rpc.js'
import { secretBytes, wipe } from './secret.js'
import type { Connection } from './transport.js'
import type { AbstractSessionInfo, AbstractSessionParams } from '../shared/types/abstract.js'
import type { SmartSessionInfo, SmartSessionParams } from '../shared/types/smartsessions.js'
import { withSessionChainId } from './smartsessions/sessionChain.js'
import type { Hex, SessionInfo } from '../shared/types/base.js'
import type { CreateSessionParams, RevokedSessionInfo, SignRequest, StorageKind, VaultState } from '../shared/types/vault.js'
import { ExpiryWatch, sessionsChannel, VaultEvents, type VaultEventType, type VaultListener } from './events.js'
import { deleteDevice, deviceSecret, deviceSeconds, newDeviceSecret, readDevice, writeDevice } from './slots/device.js'
import { fromSlotJSON, slotParamsJSON } from './slots/json.js'
import { methodSecret, newSlotSecret, type MethodContext, type NewSlotSecret } from './slots/methods.js'
import type {
  AddPasskeyOptions,
  AddWalletOptions,
  NewSlot,
  ProvenMethod,
  RememberDeviceOptions,
  SlotInfo,
  SlotKind,
  SlotParams,
  UnlockMethod,
} from '../shared/types/slots.js'

/**
 * A vault opened with openVault. Every method forwards to the Go module in
 * the worker and rejects with SessionSignerError. `state` is refreshed after
 * every call, so it also notices a vault another tab created.
 */
export class Vault {
  #state: VaultState
  #rpc: Endpoint
  #connection: Connection
  #closed = false
  #events: VaultEvents
  #channel: { post(): void; close(): void }
  #expiry: ExpiryWatch
  /**
   * Whether the browser granted persistent storage (navigator.storage.persist(),
   * asked when this tab created the vault); undefined if not asked.
   */
  persisted: boolean | undefined

  /** @internal use openVault */
  constructor(rpc: Endpoint, connection: Connection, state: VaultState, readonly storage: StorageKind, readonly namespace: string, expiringLeadSeconds = 300) {
    this.#rpc = rpc
    this.#connection = connection
    this.#state = state
    this.#expiry = new ExpiryWatch(expiringLeadSeconds, () => this.listSessions(), (session) => this.#events.emit('expiring', { session }))
    this.#events = new VaultEvents(() => this.#expiry.update(this.#events.has('expiring')))
    this.#channel = sessionsChannel(`sessionsigner:${storage}:${namespace}:sessions`, () => {
      this.#events.emit('sessionschange', { source: 'other-tab' })
      this.#expiry.poke()
    })
  }

  /** Listens for 'statechange', 'sessionschange' or 'expiring' (see events.ts). */
  addEventListener<K extends VaultEventType>(type: K, listener: VaultListener<K>): void {
    this.#events.add(type, listener)
  }

  removeEventListener<K extends VaultEventType>(type: K, listener: VaultListener<K>): void {
    this.#events.remove(type, listener)
  }

  /** addEventListener that returns the function to stop listening. */
  on<K extends VaultEventType>(type: K, listener: VaultListener<K>): () => void {
    this.addEventListener(type, listener)
    return () => this.removeEventListener(type, listener)
  }

  /** 'new' (unlock will create the vault), 'locked' or 'unlocked'. */
  get state(): VaultState {
    return this.#state
  }

  /**
   * Opens the vault with a passphrase (Argon2id; creates the vault on first
   * use), or with another of its unlock methods: `{ passkey: true }` (or a
   * credential id), `{ wallet }` (an EIP-1193 provider or viem wallet
   * client), `{ server: bytes }`. Only the resulting secret bytes go to the
   * worker, and they are wiped after use.
   */
  async unlock(secret: string | Uint8Array | UnlockMethod): Promise<void> {
    if (typeof secret === 'object' && !(secret instanceof Uint8Array)) return this.#unlockWith(secret)
    const bytes = secretBytes(secret)
    try {
      await this.#call('unlock', [bytes], [bytes.buffer])
    } finally {
      wipe(bytes)
    }
  }

  async #unlockWith(m: UnlockMethod): Promise<void> {
    const { kind, slotId, secret } = await methodSecret(m, this.#methodContext)
    return this.#sendSecret('unlockWith', [kind, slotId, secret], secret)
  }

  get #methodContext(): MethodContext {
    return { namespace: this.namespace, deviceId: this.#deviceId, slots: () => this.slots() }
  }

  /** Calls method with params, which include bytes: transferred to the worker, then wiped here whatever happens. */
  async #sendSecret<T = void>(method: string, params: unknown[], bytes: Uint8Array): Promise<T> {
    const before = this.#state
    try {
      const out = await this.#call<T>(method, params, [bytes.buffer])
      if (before === 'new' && this.#state === 'unlocked') await this.#askPersist()
      return out
    } finally {
      wipe(bytes)
    }
  }

  /** On creation: ask the browser not to evict the vault's storage under pressure. */
  async #askPersist(): Promise<void> {
    const storage = (globalThis as { navigator?: { storage?: { persist?: () => Promise<boolean> } } }).navigator?.storage
    try {
      this.persisted = storage?.persist ? await storage.persist() : undefined
    } catch {
      this.persisted = false
    }
  }

  /** The vault's unlock methods (works while locked). */
  async slots(): Promise<SlotInfo[]> {
    return (JSON.parse(await this.#call<string>('slots')) as unknown[]).map(fromSlotJSON)
  }

  /** Adds a slot of kind for secret (the worker creates the vault if it is new). */
  async #addSlot(kind: SlotKind, secret: Uint8Array, params: SlotParams): Promise<SlotInfo> {
    return fromSlotJSON(JSON.parse(await this.#sendSecret<string>('addSlot', [kind, secret, slotParamsJSON(params)], secret)))
  }

  /** Makes the new method's secret on the page and adds its slot. */
  async #addNew(n: NewSlot): Promise<SlotInfo> {
    const { kind, secret, params } = await newSlotSecret(n, this.namespace)
    return this.#addSlot(kind, secret, params)
  }

  /**
   * Registers a passkey (WebAuthn, with the PRF extension) as an unlock
   * method. On a new vault it creates the vault; otherwise the vault must be
   * unlocked. Rejects with UNSUPPORTED when the authenticator has no PRF.
   */
  async addPasskey(options: AddPasskeyOptions = {}): Promise<SlotInfo> {
    return this.#addNew({ passkey: options })
  }

  /**
   * Adds the user's wallet as an unlock method: it signs a fixed EIP-712
   * message naming this app and origin, twice; if the two signatures differ
   * the wallet cannot be used (UNSUPPORTED). See the README's phishing caveat.
   */
  async addWallet(options: AddWalletOptions): Promise<SlotInfo> {
    return this.#addNew(options)
  }

  /**
   * Adds a server-held key (at least 32 random bytes, kept by the app outside
   * this origin's storage) as an unlock method: unlock({ server: key }).
   */
  async addServerKey(key: Uint8Array, options: { name?: string } = {}): Promise<SlotInfo> {
    if (!(key instanceof Uint8Array)) throw new SessionSignerError('INVALID_REQUEST', 'addServerKey takes a Uint8Array of at least 32 random bytes')
    return this.#addNew({ server: key, name: options.name })
  }

  /**
   * Replaces one unlock method with another, as Go's ReplaceSlot does:
   * `old` proves the method being replaced even when the vault is unlocked
   * (a passphrase, `{ passkey }`, `{ wallet }`, `{ server }`, or
   * `{ device: true }` for this browser's remembered-device key); `next` is
   * the new one (`{ passphrase }`, `{ passkey: options }`, `{ wallet }` as
   * for addWallet, or `{ server }`). The old secret is asked for first, then
   * the new one; the vault is unlocked afterwards. On a vault with one
   * method every session moves to a new vault key, as changeSecret does;
   * with several, the vault key stays (remove the others first to cut off a
   * leaked secret). A wrong old secret changes nothing, but a passkey
   * registered for `next` stays on the authenticator.
   */
  async replaceSlot(old: ProvenMethod, next: NewSlot): Promise<SlotInfo> {
    const o = await methodSecret(old, this.#methodContext)
    let n: NewSlotSecret
    try {
      n = await newSlotSecret(next, this.namespace)
    } catch (err) {
      wipe(o.secret)
      throw err
    }
    try {
      const params = [o.kind, o.slotId, o.secret, n.kind, n.secret, slotParamsJSON(n.params)]
      const slot = fromSlotJSON(JSON.parse(await this.#call<string>('replaceSlot', params, [o.secret.buffer, n.secret.buffer])))
      if (o.kind === 'device') await deleteDevice(this.#deviceId).catch(() => {})
      return slot
    } finally {
      wipe(o.secret, n.secret)
    }
  }

  /**
   * Remembers this browser for `for` seconds (default 12 h, at most 30 days):
   * the next openVault in this profile resolves already unlocked. Needs an
   * unlocked vault. Replaces a device slot this browser already had.
   */
  async rememberDevice(options: RememberDeviceOptions = {}): Promise<SlotInfo> {
    const seconds = deviceSeconds(options.for)
    if (this.#state !== 'unlocked') throw new SessionSignerError('LOCKED', 'unlock the vault before remembering this device')
    await this.forgetDevice()
    // Expired device slots (of any browser) can no longer open anything: tidy them away.
    for (const s of await this.slots()) if (s.kind === 'device' && s.expired) await this.removeSlot(s.id)
    const expiresAt = Math.floor(Date.now() / 1000) + seconds
    const { secret, record } = await newDeviceSecret(expiresAt)
    const slot = await this.#addSlot('device', secret, { name: 'this device', expiresAt })
    await writeDevice(this.#deviceId, { ...record, slotId: slot.id })
    return slot
  }

  /** Forgets this browser: deletes its key, and its slot when the vault is unlocked. */
  async forgetDevice(): Promise<void> {
    const r = await readDevice(this.#deviceId)
    if (!r) return
    await deleteDevice(this.#deviceId)
    if (this.#state === 'unlocked') {
      await this.removeSlot(r.slotId).catch((err) => {
        if (!(err instanceof SessionSignerError && err.code === 'NOT_FOUND')) throw err
      })
    }
  }

  /** @internal openVault: unlocks with this browser's remembered-device key, if valid. */
  async unlockRememberedDevice(): Promise<void> {
    if (this.#state !== 'locked' || typeof indexedDB === 'undefined') return
    const r = await readDevice(this.#deviceId).catch(() => null)
    if (!r) return
    if (r.expiresAt <= Date.now() / 1000) {
      await deleteDevice(this.#deviceId).catch(() => {})
      return
    }
    try {
      const secret = await deviceSecret(r)
      await this.#sendSecret('unlockWith', ['device', r.slotId, secret], secret)
    } catch (err) {
      // Expired, removed in another tab, or the key no longer decrypts: forget it, stay locked.
      // Anything else (storage busy, a key the browser cannot use): stay locked and keep the key for next time.
      if (err instanceof SessionSignerError && ['EXPIRED', 'WRONG_SECRET', 'NOT_FOUND'].includes(err.code)) {
        await deleteDevice(this.#deviceId).catch(() => {})
      }
    }
  }

  get #deviceId(): string {
    return `${this.storage}:${this.namespace}`
  }

  /** Removes an unlock method (needs an unlocked vault; the last one stays). */
  async removeSlot(id: string): Promise<void> {
    await this.#call('removeSlot', [checkId(id)])
  }

  /**
   * Deletes every session and the vault itself. Needs an unlocked vault,
   * unless `{ forgotSecret: true }` says the user lost every way in (then
   * nothing is lost that anyone could still open).
   */
  async destroy(options: { forgotSecret?: boolean } = {}): Promise<void> {
    await this.#call('destroy', [options.forgotSecret === true])
    await deleteDevice(this.#deviceId).catch(() => {})
    this.#sessionsChanged()
  }

  /** Deletes tombstones of sessions revoked or expired before `before`; returns how many. */
  async prune(options: { before: Date | number }): Promise<number> {
    const b = options?.before
    const seconds = b instanceof Date ? b.getTime() / 1000 : b
    if (typeof seconds !== 'number' || !Number.isFinite(seconds)) {
      throw new SessionSignerError('INVALID_REQUEST', 'prune needs { before: Date | unix seconds }')
    }
    const n = await this.#call<number>('prune', [Math.floor(seconds)])
    if (n > 0) this.#sessionsChanged()
    return n
  }

  #sessionsChanged(): void {
    this.#channel.post()
    this.#events.emit('sessionschange', { source: 'this-tab' })
    this.#expiry.poke()
  }

  /** Forgets the vault key; sessions stay listed, signing needs unlock again. */
  async lock(): Promise<void> {
    await this.#call('lock')
  }

  /** Re-reads the vault's state (e.g. after another tab created or changed it). */
  async refresh(): Promise<VaultState> {
    return this.#call<VaultState>('state')
  }

  /**
   * Creates a session with a fresh key under the given policy. The info
   * carries the scheme's on-chain artifacts (for 'abstract' the session hash
   * and enabling call, for 'smartsessions' the permissionId and
   * enableSessions call).
   */
  createSession(params: AbstractSessionParams): Promise<AbstractSessionInfo>
  createSession(params: SmartSessionParams): Promise<SmartSessionInfo>
  createSession(params: CreateSessionParams): Promise<SessionInfo>
  async createSession(params: CreateSessionParams): Promise<SessionInfo> {
    const info = withSessionChainId(parseJSON<SessionInfo>(await this.#call<string>('createSession', [createSessionJSON(params)])))
    this.#sessionsChanged()
    return info
  }

  /** Every session in the vault (works while locked). */
  async listSessions(): Promise<SessionInfo[]> {
    return parseJSON<SessionInfo[]>(await this.#call<string>('listSessions')).map(withSessionChainId)
  }

  async getSession(id: string): Promise<SessionInfo> {
    return withSessionChainId(parseJSON<SessionInfo>(await this.#call<string>('getSession', [checkId(id)])))
  }

  /** Signs a request if the session's policy allows it; returns 0x-hex (a signature, or a serialized signed transaction). */
  async sign(id: string, request: SignRequest): Promise<Hex> {
    return this.#call<Hex>('sign', [checkId(id), toGoJSON(request, 'INVALID_REQUEST')])
  }

  /**
   * Signs many requests with one session in one call, in order, each checked
   * against the policy and the usage left by the ones before it; the usage
   * of all of them is stored at once, before any signature is made. Resolves
   * to the signatures in request order. If a request is refused, rejects
   * with its error (code, rule) plus `index` (which request) and
   * `signatures` (the ones made before it: valid, and counted in the usage);
   * the requests after it were not tried. At most 1,024 requests.
   */
  async signMany(id: string, requests: SignRequest[]): Promise<Hex[]> {
    if (!Array.isArray(requests)) throw new SessionSignerError('INVALID_REQUEST', 'signMany takes an array of requests')
    const json = `[${requests.map((r) => toGoJSON(r, 'INVALID_REQUEST')).join(',')}]`
    return parseJSON<Hex[]>(await this.#call<string>('signMany', [checkId(id), json]))
  }

  /** Wipes the session's key; the info carries the scheme's on-chain revoke call, if any. */
  async revoke(id: string): Promise<RevokedSessionInfo> {
    const info = withSessionChainId(parseJSON<RevokedSessionInfo>(await this.#call<string>('revoke', [checkId(id)])))
    this.#sessionsChanged()
    return info
  }

  /** Re-seals the vault under a new secret; a wrong old secret changes nothing. */
  async changeSecret(oldSecret: string | Uint8Array, newSecret: string | Uint8Array): Promise<void> {
    const a = secretBytes(oldSecret, 'oldSecret')
    const b = secretBytes(newSecret, 'newSecret')
    try {
      await this.#call('changeSecret', [a, b], [a.buffer, b.buffer])
    } finally {
      wipe(a, b)
    }
  }

  /**
   * Locks the vault and stops its worker; later calls reject with CLOSED.
   * The worker is asked to lock first (in this thread, nothing else would
   * wipe the key) and is stopped once it answers, or after a second.
   */
  close(): void {
    if (this.#closed) return
    this.#closed = true
    this.#setState('locked')
    this.#expiry.stop()
    this.#channel.close()
    const finish = () => {
      clearTimeout(timer)
      this.#rpc.close({ code: 'CLOSED', message: 'the vault was closed' })
      this.#connection.terminate()
    }
    const timer = setTimeout(finish, 1000)
    this.#rpc.call('close').then(finish, finish)
  }

  async #call<T = void>(method: string, params: unknown[] = [], transfer: Transferable[] = []): Promise<T> {
    if (this.#closed) throw new SessionSignerError('CLOSED', 'the vault was closed: open it again with openVault')
    try {
      const reply = await this.#rpc.call<Reply<T>>(method, params, transfer)
      this.#setState(reply.state)
      return reply.value
    } catch (err) {
      if (err instanceof SessionSignerError && err.code === 'LOCKED') this.#setState('locked')
      throw err
    }
  }

  /** @internal openVault: the worker's state after another tab changed the vault (destroyed it, changed its key). */
  workerState(state: unknown): void {
    if (!this.#closed && (state === 'new' || state === 'locked' || state === 'unlocked')) this.#setState(state)
  }

  #setState(state: VaultState): void {
    if (state === this.#state) return
    this.#state = state
    this.#events.emit('statechange', { state })
  }
}

function parseJSON<T>(text: string): T {
  return JSON.parse(text) as T
}
