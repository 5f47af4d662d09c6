// The presets the demo offers, one per session scheme. Each one knows its
// form fields, the createSession params they make, an in-policy and an
// out-of-policy request for a created session, and how to verify what the
// vault signed with viem (never with the module itself).
import { abstract } from './abstract.js'
import { local } from './local.js'
import { smartsessions } from './smartsessions.js'

export const presets = [abstract, smartsessions, local]

/** The preset that made a session (by its scheme). */
export function presetFor(info) {
  return presets.find((p) => p.scheme === info.scheme) ?? null
}
