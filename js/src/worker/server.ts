import { SessionSignerError } from '../shared/errors.js'
import { Endpoint, type PortLike } from '../shared/rpc.js'
import type { OpenMessage, Reply } from '../shared/protocol.js'
import type { GoMethods, GoVault } from './goapi.js'
import { goCalls } from './calls.js'
import { startRuntime, type Runtime } from './runtime.js'
import { selectStorage } from './storage/select.js'
import { keepCoherent, type Coherence } from './coherence.js'

/**
 * Serves one vault on a port: the worker's own global scope by default, or
 * one end of a MessageChannel when the module runs in the page's thread (and
 * under Node). The page talks to it only through messages either way, so
 * both modes run the same code.
 */
export function serve(port: PortLike): void {
  let runtime: Runtime | null = null
  let vault: GoVault | null = null
  let coherence: Coherence | null = null
  let secretLock = ''
  let canReplace = true

  /**
   * Runs fn holding this vault's "secret" Web Lock, shared by every tab of
   * the same storage and namespace. Unlock may finish or undo an interrupted
   * change of secret and changeSecret reseals every record: two tabs doing
   * either at once could undo each other's half-done work, so they take
   * turns. Where Web Locks don't exist (Node), there are no other tabs.
   */
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    const locks = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator?.locks
    return locks && secretLock ? locks.request(secretLock, fn) : fn()
  }

  /**
   * The vault's calls run one at a time, in the order the page made them (a
   * FIFO per vault): each waits for the one before to settle, whatever its
   * outcome. Without it, unlock (which first waits for the Web Lock below)
   * could run after a lock() the app made later, leaving the vault
   * unlocked; with it, `unlock(); lock()` always ends locked, and every
   * reply's state is the state after exactly that call. The Web Lock is
   * taken inside the queued task, so a call waiting for another tab waits
   * in its place. The cost: a call also waits for any slow call made
   * before it on the same vault (a host answer during createSession).
   */
  let queue: Promise<unknown> = Promise.resolve()
  const inOrder = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task, task)
    queue = run.catch(() => undefined)
    return run
  }

  /** The module the page sends after 'open' when it was still compiling it (OpenMessage.moduleFollows). */
  let moduleArrived: (m: WebAssembly.Module | undefined) => void = () => {}
  const pageModule = new Promise<WebAssembly.Module | undefined>((resolve) => (moduleArrived = resolve))

  /** The vault's calls into Go and their answers (calls.ts). */
  const calls = goCalls()
  /** Runs a Go call, failing it (instead of hanging) if the Go program dies. */
  const go = async <M extends keyof GoMethods>(method: M, ...args: GoMethods[M]['args']): Promise<Reply<GoMethods[M]['value']>> => {
    if (!vault || !runtime) throw new SessionSignerError('CLOSED', 'the vault is not open')
    const { value, state } = await Promise.race([calls.call(vault, method, ...args), runtime.exited])
    return { value, state }
  }

  /**
   * Another tab wrote the vault header: if it destroyed the vault or changed
   * its key, the vault locks here (session.Vault.Recheck), and the page hears
   * the state at once, not at its next call. In order with the page's calls.
   */
  const recheck = (): void => {
    inOrder(() => go('recheck')).then(
      ({ state }) => page.emit('state', state),
      () => {}, // a failed read: the next call reports it
    )
  }

  const page: Endpoint = new Endpoint(port, {
    async open(m: OpenMessage) {
      if (vault) throw new SessionSignerError('INTERNAL', 'this worker already serves a vault')
      const warn = (message: string) => page.emit('warning', message)
      // A lost IndexedDB connection (site data cleared): forget everything cached.
      const lost = () => coherence?.changed(null)
      // Storage opens while the page finishes compiling the module and Go
      // starts: IndexedDB's open is answered by the browser meanwhile (a new
      // database took 9-34 ms after Go was up when it began only then).
      const module = m.moduleFollows ? pageModule : Promise.resolve(m.module)
      const [started, storage] = await Promise.all([
        module.then((compiled) => startRuntime(m.wasmUrl, compiled)),
        selectStorage(m.storage, m.namespace, page, warn, { add: m.customCanAdd, replace: m.customCanReplace === true }, lost),
      ])
      runtime = started
      coherence = keepCoherent(storage, m.namespace, m.cache !== false, recheck)
      canReplace = typeof storage.adapter.replace === 'function'
      secretLock = `sessionsigner:${storage.kind}:${encodeURIComponent(m.namespace)}:secret`
      const host =
        m.hostMethods.length === 0
          ? null
          : (method: string, paramsJSON: string) => page.call<string>('host', [method, paramsJSON])
      const progress = m.progress
        ? (stage: string, done: number, total: number) => page.emit('progress', { stage, done, total })
        : null
      vault = await Promise.race([
        runtime.api.open(JSON.stringify({ ...m.options, cache: coherence.cache }), coherence.adapter, host, progress, calls.answer),
        runtime.exited,
      ])
      coherence.attach(vault)
      const { state } = await go('state')
      return { storage: storage.kind, state }
    },
    state: () => inOrder(() => go('state')),
    async unlock(secret: Uint8Array) {
      try {
        return await inOrder(() => exclusive(() => go('unlock', secret)))
      } finally {
        secret.fill(0)
      }
    },
    lock: () => inOrder(() => go('lock')),
    createSession: (paramsJSON: string) => inOrder(() => go('createSession', paramsJSON)),
    getSession: (id: string) => inOrder(() => go('getSession', id)),
    listSessions: () => inOrder(() => go('listSessions')),
    sign: (id: string, requestJSON: string) => inOrder(() => go('sign', id, requestJSON)),
    signMany: (id: string, requestsJSON: string) => inOrder(() => go('signMany', id, requestsJSON)),
    // Without replace (an app's adapter), the tombstone is a plain write:
    // taking the vault's Web Lock keeps it from landing in the middle of
    // another tab's change of secret, which could write the record back
    // sealed.
    revoke: (id: string) => inOrder(() => (canReplace ? go('revoke', id) : exclusive(() => go('revoke', id)))),
    async changeSecret(oldSecret: Uint8Array, newSecret: Uint8Array) {
      try {
        return await inOrder(() => exclusive(() => go('changeSecret', oldSecret, newSecret)))
      } finally {
        oldSecret.fill(0)
        newSecret.fill(0)
      }
    },
    /**
     * Most unlocks only read the header: they run without the Web Lock, a
     * round trip through the browser's lock manager that a busy machine
     * makes slow (measured up to tens of ms). One that must write (create
     * the vault, finish or undo a change of secret, upgrade a v1 header)
     * is declined by Go before any work and runs again under the lock. A
     * change of secret another tab makes meanwhile locks this tab when it
     * is written (recheck above).
     */
    async unlockWith(kind: string, slotId: string, secret: Uint8Array) {
      try {
        return await inOrder(async (): Promise<Reply<null>> => {
          const read = await go('unlockWith', kind, slotId, secret, true)
          if (read.value) return { value: null, state: read.state }
          const { state } = await exclusive(() => go('unlockWith', kind, slotId, secret))
          return { value: null, state }
        })
      } finally {
        secret.fill(0)
      }
    },
    async addSlot(kind: string, secret: Uint8Array, paramsJSON: string) {
      try {
        return await inOrder(() => exclusive(() => go('addSlot', kind, secret, paramsJSON)))
      } finally {
        secret.fill(0)
      }
    },
    async replaceSlot(oldKind: string, oldSlotId: string, oldSecret: Uint8Array, nextKind: string, nextSecret: Uint8Array, paramsJSON: string) {
      try {
        return await inOrder(() => exclusive(() => go('replaceSlot', oldKind, oldSlotId, oldSecret, nextKind, nextSecret, paramsJSON)))
      } finally {
        oldSecret.fill(0)
        nextSecret.fill(0)
      }
    },
    removeSlot: (id: string) => inOrder(() => exclusive(() => go('removeSlot', id))),
    slots: () => inOrder(() => go('slots')),
    destroy: (forgotSecret: boolean) => inOrder(() => exclusive(() => go('destroy', forgotSecret))),
    prune: (before: number) => inOrder(() => go('prune', before)),
    close() {
      vault?.close()
      vault = null
      coherence?.close()
    },
  }, (name, data) => {
    // The page saw another tab change localStorage (a storage event).
    if (name === 'storage.changed') coherence?.changed(data)
    else if (name === 'module') moduleArrived(data instanceof WebAssembly.Module ? data : undefined)
  })
  page.emit('ready')
}

/** The part of the Web Locks API used here (navigator.locks). */
interface LockManagerLike {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>
}
