import { fromBase64, toBase64, toBase64url } from '../../shared/bytes.js'
import type { SlotInfo, SlotParams } from '../../shared/types/slots.js'

/** A slot as the worker lists it (Go's JSON: byte fields in standard base64) to SlotInfo (base64url, as WebAuthn writes ids). */
export function fromSlotJSON(raw: unknown): SlotInfo {
  const s = raw as SlotInfo
  return {
    ...s,
    ...(s.credentialId ? { credentialId: toBase64url(fromBase64(s.credentialId)) } : {}),
    ...(s.prfSalt ? { prfSalt: toBase64url(fromBase64(s.prfSalt)) } : {}),
  }
}

/** A new slot's public fields as the worker takes them. */
export function slotParamsJSON(p: SlotParams): string {
  return JSON.stringify({
    ...(p.name ? { name: p.name } : {}),
    ...(p.expiresAt ? { expiresAt: p.expiresAt } : {}),
    ...(p.credentialId ? { credentialId: toBase64(p.credentialId) } : {}),
    ...(p.prfSalt ? { prfSalt: toBase64(p.prfSalt) } : {}),
    ...(p.address ? { address: p.address } : {}),
  })
}
