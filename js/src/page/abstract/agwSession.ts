import type { Hex } from '../../shared/types/base.js'
import type { AbstractLimitOut, AbstractSessionConfig, AbstractSessionInfo } from '../../shared/types/abstract.js'

/** agw-client's Limit: bigints, and LimitType's numeric value. */
export interface AgwLimit {
  limitType: 0 | 1 | 2
  limit: bigint
  period: bigint
}

/** agw-client's SessionConfig, structurally: what its createSessionClient takes as `session`. */
export interface AgwSessionConfig {
  signer: Hex
  expiresAt: bigint
  feeLimit: AgwLimit
  callPolicies: {
    target: Hex
    selector: Hex
    valueLimit: AgwLimit
    maxValuePerUse: bigint
    constraints: { index: bigint; condition: number; refValue: Hex; limit: AgwLimit }[]
  }[]
  transferPolicies: { target: Hex; maxValuePerUse: bigint; valueLimit: AgwLimit }[]
}

/**
 * The session's config as agw-client's SessionConfig (bigints), for
 * `createSessionClient({ session, signer: await toViemAccount(vault, info), … })`.
 * It is exactly the config whose hash is the session's sessionHash.
 */
export function toAgwSessionConfig(session: AbstractSessionInfo | AbstractSessionConfig): AgwSessionConfig {
  const c = 'sessionHash' in session ? session.config : session
  return {
    signer: c.signer,
    expiresAt: BigInt(c.expiresAt),
    feeLimit: limit(c.feeLimit),
    callPolicies: c.callPolicies.map((p) => ({
      target: p.target,
      selector: p.selector,
      valueLimit: limit(p.valueLimit),
      maxValuePerUse: BigInt(p.maxValuePerUse),
      constraints: p.constraints.map((k) => ({ index: BigInt(k.index), condition: k.condition, refValue: k.refValue, limit: limit(k.limit) })),
    })),
    transferPolicies: c.transferPolicies.map((p) => ({ target: p.target, maxValuePerUse: BigInt(p.maxValuePerUse), valueLimit: limit(p.valueLimit) })),
  }
}

function limit(l: AbstractLimitOut): AgwLimit {
  return { limitType: l.limitType, limit: BigInt(l.limit), period: BigInt(l.period) }
}
