import { SessionSignerError } from '../../shared/errors.js'
import { fromBase64url, randomBytes, sameBytes, toBase64url } from '../../shared/bytes.js'
import type { AddPasskeyOptions, SlotInfo } from '../../shared/types/slots.js'

/**
 * Passkeys as unlock methods, through WebAuthn's PRF extension. WebAuthn
 * exists only on the page (not in workers), so these run here; the only
 * thing that leaves this file is the 32-byte PRF output, which the caller
 * transfers to the worker and wipes. The PRF output is full-entropy: the
 * worker turns it into the slot's key with HKDF, no Argon2id.
 */

export interface PasskeySecret {
  /** Which slot it opens ('' when registering). */
  slotId: string
  credentialId: Uint8Array<ArrayBuffer>
  prfSalt: Uint8Array<ArrayBuffer>
  /** The PRF output: the caller transfers it to the worker and wipes it. */
  secret: Uint8Array<ArrayBuffer>
}

const noPrf = (what: string) =>
  new SessionSignerError(
    'UNSUPPORTED',
    `${what}: this authenticator or browser does not support the WebAuthn PRF extension; unlock with a passphrase or a wallet instead`,
  )

function webauthn(): CredentialsContainer {
  if (typeof navigator === 'undefined' || !navigator.credentials || typeof PublicKeyCredential === 'undefined') {
    throw new SessionSignerError('UNSUPPORTED', 'passkeys need WebAuthn, which this page does not have (a secure context in a browser); use another unlock method')
  }
  return navigator.credentials
}

/** Registers a discoverable passkey with PRF and returns its first PRF output. */
export async function registerPasskey(namespace: string, o: AddPasskeyOptions = {}): Promise<PasskeySecret> {
  const credentials = webauthn()
  const prfSalt = randomBytes(32)
  const user = o.userName ?? namespace
  let cred: PublicKeyCredential
  try {
    cred = (await credentials.create({
      publicKey: {
        rp: { name: o.rpName ?? location.hostname },
        user: { id: randomBytes(16), name: user, displayName: user },
        challenge: randomBytes(32),
        pubKeyCredParams: [
          { type: 'public-key', alg: -7 },
          { type: 'public-key', alg: -257 },
        ],
        authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
        extensions: { prf: { eval: { first: prfSalt } } } as AuthenticationExtensionsClientInputs,
      },
    })) as PublicKeyCredential
  } catch (err) {
    throw webauthnError('registering the passkey', err)
  }
  const credentialId = new Uint8Array(cred.rawId)
  const prf = (cred.getClientExtensionResults() as PrfOutputs).prf
  if (!prf?.enabled) throw noPrf('the new passkey has no PRF')
  const first = prf.results?.first
  if (first) return { slotId: '', credentialId, prfSalt, secret: takeBytes(first) }
  // Some authenticators enable PRF at creation but evaluate it only on get.
  const got = await evaluatePasskey([{ id: '', credentialId, prfSalt }])
  return { ...got, slotId: '' }
}

/** A slot that a passkey can open. */
interface PasskeyTarget {
  id: string
  credentialId: Uint8Array<ArrayBuffer>
  prfSalt: Uint8Array<ArrayBuffer>
}

/** Picks the passkey slots to offer: all of them, or the one credential asked for. */
export function passkeyTargets(slots: SlotInfo[], which: true | string): PasskeyTarget[] {
  const all = slots
    .filter((s) => s.kind === 'passkey' && s.credentialId && s.prfSalt && !s.expired)
    .map((s) => ({ id: s.id, credentialId: fromBase64url(s.credentialId!), prfSalt: fromBase64url(s.prfSalt!) }))
  if (which === true) return all
  const wanted = fromBase64url(which)
  return all.filter((t) => sameBytes(t.credentialId, wanted))
}

/** Asks the authenticator for the PRF output of one of targets' credentials. */
export async function evaluatePasskey(targets: PasskeyTarget[]): Promise<PasskeySecret> {
  const credentials = webauthn()
  const evalByCredential: Record<string, { first: Uint8Array<ArrayBuffer> }> = {}
  for (const t of targets) evalByCredential[toBase64url(t.credentialId)] = { first: t.prfSalt }
  let assertion: PublicKeyCredential
  try {
    assertion = (await credentials.get({
      publicKey: {
        challenge: randomBytes(32),
        allowCredentials: targets.map((t) => ({ type: 'public-key' as const, id: t.credentialId })),
        userVerification: 'preferred',
        extensions: { prf: { evalByCredential } } as AuthenticationExtensionsClientInputs,
      },
    })) as PublicKeyCredential
  } catch (err) {
    throw webauthnError('asking the passkey', err)
  }
  const used = new Uint8Array(assertion.rawId)
  const target = targets.find((t) => sameBytes(t.credentialId, used))
  const first = (assertion.getClientExtensionResults() as PrfOutputs).prf?.results?.first
  if (!first) throw noPrf('the passkey gave no PRF output')
  const secret = takeBytes(first)
  if (!target) {
    secret.fill(0)
    throw new SessionSignerError('WRONG_SECRET', 'that passkey is not one of this vault’s unlock methods')
  }
  return { slotId: target.id, credentialId: used, prfSalt: target.prfSalt, secret }
}

/** Copies a PRF result out and zeroes the browser's buffer. */
function takeBytes(src: BufferSource): Uint8Array<ArrayBuffer> {
  const view = src instanceof ArrayBuffer ? new Uint8Array(src) : new Uint8Array(src.buffer, src.byteOffset, src.byteLength)
  const out = view.slice()
  view.fill(0)
  return out
}

function webauthnError(what: string, err: unknown): SessionSignerError {
  const name = (err as { name?: string })?.name
  if (name === 'NotAllowedError') return new SessionSignerError('CANCELED', `${what} was cancelled or timed out; try again`, { cause: err })
  if (name === 'NotSupportedError') return noPrf(what)
  return new SessionSignerError('UNSUPPORTED', `${what} failed: ${(err as Error)?.message ?? err}`, { cause: err })
}

interface PrfOutputs {
  prf?: { enabled?: boolean; results?: { first?: BufferSource } }
}
