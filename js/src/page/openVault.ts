import { compileOnPage } from './compile.js'
import { SessionSignerError, toErrorData } from '../shared/errors.js'
import { pageHandlers, watchPageRestore } from './handlers.js'
import type { OpenMessage, RequestedStorage } from '../shared/protocol.js'
import { Endpoint } from '../shared/rpc.js'
import { startInline, startWorker, workersAvailable, type Connection } from './transport.js'
import type { OpenVaultOptions, Progress, StorageAdapter, StorageKind, VaultState } from '../shared/types/vault.js'
import { Vault } from './vault.js'

/**
 * Starts the module (in a dedicated Web Worker unless told otherwise), opens
 * the vault in the chosen storage and resolves once it is ready to unlock.
 *
 *     const vault = await openVault({ namespace: 'my-dapp' })
 *     await vault.unlock(secret)
 */
export async function openVault(options: OpenVaultOptions): Promise<Vault> {
  const { namespace } = options
  if (typeof namespace !== 'string' || namespace === '') {
    throw new SessionSignerError('INVALID_CONFIG', 'namespace must be a non-empty string naming the app')
  }
  const storage = options.storage ?? 'indexeddb'
  const requested = requestedStorage(storage)
  const wasmUrl = String(options.wasmUrl ?? new URL('./sessionsigner.wasm', import.meta.url))
  const useWorker = options.worker ?? workersAvailable()

  // The module compiles here while the worker boots (compile.ts).
  const compiled = useWorker ? compileOnPage(wasmUrl) : Promise.resolve(undefined)
  const connection = await connect(useWorker, options.workerUrl)
  let readyResolve!: () => void
  let readyReject!: (err: SessionSignerError) => void
  const ready = new Promise<void>((resolve, reject) => {
    readyResolve = resolve
    readyReject = reject
  })

  const handlers = pageHandlers(requested === 'custom' ? (storage as StorageAdapter) : null, options.host, (key) =>
    rpc.emit('storage.changed', key),
  )
  const warn = options.onWarning ?? ((message: string) => console.warn(`sessionsigner: ${message}`))
  let vault: Vault | undefined
  const rpc = new Endpoint(connection.port, handlers, (name, data) => {
    if (name === 'ready') readyResolve()
    else if (name === 'progress') notify(() => options.onProgress?.(data as Progress))
    else if (name === 'warning') notify(() => warn(String(data)))
    else if (name === 'state') vault?.workerState(data)
  })
  connection.onFailure((message) => {
    const err = { code: 'INTERNAL' as const, message }
    readyReject(SessionSignerError.fromData(err))
    rpc.close(err)
  })

  // The worker script is small; if it has not said hello by now, it is the
  // wrong file or it cannot run here.
  const readyTimer = setTimeout(
    () => readyReject(new SessionSignerError('INTERNAL', `the sessionsigner worker did not start within ${readyTimeoutMs / 1000} s (check workerUrl)`)),
    readyTimeoutMs,
  )
  try {
    await ready.finally(() => clearTimeout(readyTimer))
    // The worker opens storage while the page's compile finishes: 'open'
    // goes now, and the module follows in its own message.
    const stillCompiling = Symbol('compiling')
    const module = await Promise.race([compiled, Promise.resolve(stillCompiling)])
    const moduleFollows = module === stillCompiling
    const open: OpenMessage = {
      namespace,
      storage: requested,
      customCanAdd: requested === 'custom' && typeof (storage as StorageAdapter).add === 'function',
      customCanReplace: requested === 'custom' && typeof (storage as StorageAdapter).replace === 'function',
      wasmUrl,
      module: moduleFollows ? undefined : module,
      moduleFollows,
      options: {
        ...(options.kdf ? { kdf: options.kdf } : {}),
        ...(options.maxLifetimeSeconds !== undefined ? { maxLifetimeSeconds: options.maxLifetimeSeconds } : {}),
      },
      hostMethods: Object.keys(options.host ?? {}),
      progress: options.onProgress !== undefined,
      cache: options.cache !== false,
    }
    const opening = rpc.call<{ storage: StorageKind; state: VaultState }>('open', [open])
    if (moduleFollows) void compiled.then((m) => rpc.emit('module', m))
    const opened = await opening
    watchPageRestore((key) => rpc.emit('storage.changed', key))
    vault = new Vault(rpc, connection, opened.state, opened.storage, namespace, options.expiringLeadSeconds)
    // A remembered device (vault.rememberDevice) opens the vault without a prompt while its slot is valid.
    await vault.unlockRememberedDevice()
    return vault
  } catch (err) {
    rpc.close({ code: 'CLOSED', message: 'the vault failed to open' })
    connection.terminate()
    throw err instanceof SessionSignerError ? err : SessionSignerError.fromData(toErrorData(err))
  }
}

const readyTimeoutMs = 30_000


/** Runs an app's listener; its bug must not break the message channel. */
function notify(listener: () => void): void {
  try {
    listener()
  } catch (err) {
    console.error('sessionsigner: a listener threw', err)
  }
}

function requestedStorage(storage: OpenVaultOptions['storage']): RequestedStorage {
  if (storage === 'indexeddb' || storage === 'localstorage' || storage === 'memory') return storage
  if (
    storage &&
    typeof storage === 'object' &&
    ['get', 'put', 'delete', 'list'].every((m) => typeof (storage as unknown as Record<string, unknown>)[m] === 'function')
  ) {
    return 'custom'
  }
  throw new SessionSignerError(
    'INVALID_CONFIG',
    `storage must be 'indexeddb', 'localstorage', 'memory' or an adapter with get, put, delete and list`,
  )
}

/**
 * Starts the worker, or the module in this thread. A page that may not start
 * workers (an opaque origin, a strict CSP) is told so; it is not silently
 * moved into the page's thread, where key bytes would share the page's heap.
 */
async function connect(useWorker: boolean, workerUrl: string | URL | undefined): Promise<Connection> {
  try {
    return useWorker ? startWorker(workerUrl) : await startInline(workerUrl)
  } catch (err) {
    const reason = toErrorData(err).message
    throw new SessionSignerError(
      'INTERNAL',
      useWorker
        ? `cannot start the sessionsigner worker: ${reason} (check workerUrl and the page's Content-Security-Policy, or pass worker: false to run in this thread)`
        : `cannot load the sessionsigner worker module: ${reason} (check workerUrl)`,
      { cause: err },
    )
  }
}
