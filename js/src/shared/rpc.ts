import { SessionSignerError, toErrorData, type ErrorData } from './errors.js'

/**
 * A small two-way RPC over a message port. The page calls the worker (unlock,
 * sign, ...) and the worker calls the page (localStorage and custom storage,
 * host functions): the same class serves both ends, so a call in either
 * direction has one code path and one error shape.
 *
 * Errors cross as plain {code, rule, message} objects, because structured
 * cloning keeps an Error's message but drops its other fields.
 */

/** What both a Worker, a worker's global scope and a MessagePort offer. */
export interface PortLike {
  postMessage(message: unknown, transfer?: Transferable[]): void
  onmessage: ((event: MessageEvent) => void) | null
}

export type Handler = (...params: any[]) => unknown

type Message =
  | { t: 'req'; id: number; method: string; params: unknown[] }
  | { t: 'res'; id: number; ok: true; value: unknown }
  | { t: 'res'; id: number; ok: false; error: ErrorData }
  | { t: 'evt'; name: string; data: unknown }

interface Pending {
  resolve(value: unknown): void
  reject(err: SessionSignerError): void
}

export class Endpoint {
  private nextId = 1
  private readonly pending = new Map<number, Pending>()
  private closed: ErrorData | null = null

  constructor(
    private readonly port: PortLike,
    private readonly handlers: Record<string, Handler>,
    private readonly onEvent: (name: string, data: unknown) => void = () => {},
  ) {
    port.onmessage = (event) => this.receive(event.data as Message)
  }

  /** Calls method on the other end; transfer moves buffers instead of copying them. */
  call<T>(method: string, params: unknown[] = [], transfer: Transferable[] = []): Promise<T> {
    if (this.closed) return Promise.reject(SessionSignerError.fromData(this.closed))
    const id = this.nextId++
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject })
      try {
        this.port.postMessage({ t: 'req', id, method, params } satisfies Message, transfer)
      } catch (err) {
        this.pending.delete(id)
        reject(new SessionSignerError('INTERNAL', `cannot send ${method}: ${toErrorData(err).message}`))
      }
    })
  }

  /** Sends a one-way notice (progress, warnings, readiness); false once this end is closed. */
  emit(name: string, data?: unknown): boolean {
    if (this.closed) return false
    this.port.postMessage({ t: 'evt', name, data } satisfies Message)
    return true
  }

  /** Rejects every call in flight and every later one with err (the other end is gone). */
  close(err: ErrorData): void {
    if (this.closed) return
    this.closed = err
    for (const p of this.pending.values()) p.reject(SessionSignerError.fromData(err))
    this.pending.clear()
    this.port.onmessage = null
  }

  private receive(msg: Message): void {
    if (!msg || typeof msg !== 'object') return
    switch (msg.t) {
      case 'req':
        void this.serve(msg.id, msg.method, msg.params)
        return
      case 'res': {
        const p = this.pending.get(msg.id)
        if (!p) return
        this.pending.delete(msg.id)
        if (msg.ok) p.resolve(msg.value)
        else p.reject(SessionSignerError.fromData(msg.error))
        return
      }
      case 'evt':
        this.onEvent(msg.name, msg.data)
        return
    }
  }

  private async serve(id: number, method: string, params: unknown[]): Promise<void> {
    let reply: Message
    try {
      const handler = Object.hasOwn(this.handlers, method) ? this.handlers[method] : undefined
      if (!handler) throw new SessionSignerError('INTERNAL', `no handler for ${method}`)
      reply = { t: 'res', id, ok: true, value: await handler(...params) }
    } catch (err) {
      reply = { t: 'res', id, ok: false, error: toErrorData(err) }
    }
    if (this.closed) return
    try {
      this.port.postMessage(reply)
    } catch (err) {
      this.port.postMessage({ t: 'res', id, ok: false, error: toErrorData(err) } satisfies Message)
    }
  }
}
