import type { SessionInfo } from '../shared/types/base.js'
import type { VaultState } from '../shared/types/vault.js'

/**
 * The vault's events:
 * - 'statechange' {state}: new / locked / unlocked changed (after any call).
 * - 'sessionschange' {source: 'this-tab' | 'other-tab'}: sessions were created,
 *   revoked, pruned or destroyed, here or in another tab of the same vault.
 * - 'expiring' {session}: an active session expires within the lead time set
 *   with openVault({ expiringLeadSeconds }) (default 5 minutes); once per session.
 */
export interface VaultEventMap {
  statechange: { state: VaultState }
  sessionschange: { source: 'this-tab' | 'other-tab' }
  expiring: { session: SessionInfo }
}
export type VaultEventType = keyof VaultEventMap
export type VaultListener<K extends VaultEventType> = (detail: VaultEventMap[K]) => void

/** A small typed event hub; a throwing listener does not stop the others. */
export class VaultEvents {
  #listeners = new Map<VaultEventType, Set<(d: unknown) => void>>()
  #onChange: () => void

  constructor(onChange: () => void) {
    this.#onChange = onChange
  }

  add<K extends VaultEventType>(type: K, fn: VaultListener<K>): void {
    let set = this.#listeners.get(type)
    if (!set) this.#listeners.set(type, (set = new Set()))
    set.add(fn as (d: unknown) => void)
    this.#onChange()
  }

  remove<K extends VaultEventType>(type: K, fn: VaultListener<K>): void {
    this.#listeners.get(type)?.delete(fn as (d: unknown) => void)
    this.#onChange()
  }

  has(type: VaultEventType): boolean {
    return (this.#listeners.get(type)?.size ?? 0) > 0
  }

  emit<K extends VaultEventType>(type: K, detail: VaultEventMap[K]): void {
    for (const fn of [...(this.#listeners.get(type) ?? [])]) {
      try {
        fn(detail)
      } catch (err) {
        console.error(`sessionsigner: a ${type} listener threw`, err)
      }
    }
  }
}

/**
 * Tells other tabs of the same vault that its sessions changed, and hears
 * them (BroadcastChannel; absent under Node, where there are no other tabs).
 */
export function sessionsChannel(name: string, onOther: () => void): { post(): void; close(): void } {
  if (typeof BroadcastChannel === 'undefined') return { post() {}, close() {} }
  const ch = new BroadcastChannel(name)
  ch.onmessage = () => onOther()
  // Node has BroadcastChannel too; an open one must not keep its process alive.
  ;(ch as { unref?: () => void }).unref?.()
  return { post: () => ch.postMessage('sessionschange'), close: () => ch.close() }
}

/** Polls for sessions about to expire while someone listens for 'expiring'. */
export class ExpiryWatch {
  #timer: ReturnType<typeof setInterval> | null = null
  #told = new Set<string>()

  constructor(
    private readonly leadSeconds: number,
    private readonly list: () => Promise<SessionInfo[]>,
    private readonly tell: (s: SessionInfo) => void,
  ) {}

  update(active: boolean): void {
    if (active && !this.#timer) {
      const every = Math.min(30_000, Math.max(1000, (this.leadSeconds * 1000) / 2))
      this.#timer = setInterval(() => void this.check(), every)
      void this.check()
    } else if (!active && this.#timer) {
      clearInterval(this.#timer)
      this.#timer = null
    }
  }

  /** Checks now if someone listens (sessions changed). */
  poke(): void {
    if (this.#timer) void this.check()
  }

  async check(): Promise<void> {
    let sessions: SessionInfo[]
    try {
      sessions = await this.list()
    } catch {
      return
    }
    const soon = Date.now() / 1000 + this.leadSeconds
    for (const s of sessions) {
      const exp = Number((s as { expiresAt?: unknown }).expiresAt ?? Infinity)
      if (s.status === 'active' && exp <= soon && !this.#told.has(s.id)) {
        this.#told.add(s.id)
        this.tell(s)
      }
    }
  }

  stop(): void {
    this.update(false)
  }
}
