import { SessionSignerError } from '../../shared/errors.js'
import { stubEcdsa } from '../smartsessions/stubSignature.js'
import type { Hex } from '../../shared/types/base.js'
import { ABSTRACT_SESSION_VALIDATOR } from './chain.js'
import type { AbstractLimitOut, AbstractSessionInfo } from '../../shared/types/abstract.js'

/** What getAbstractStubSignature reads of a transaction: where it goes and its calldata. */
export interface AbstractStubTransaction {
  to: Hex
  data?: Hex
}

export interface AbstractStubOptions {
  /** The account's listHooks(true), in order, as given to sign; default the session validator alone. */
  validationHooks?: readonly Hex[]
  /** Unix seconds the period ids are computed for; default now (as sign does). */
  now?: number
}

/**
 * The customSignature a zkSync 0x71 transaction from an 'abstract' session
 * carries while eth_estimateGas runs: abi.encode(bytes signature, address
 * validator, bytes[] hookData) with the session validator's hook data
 * (the session config and the period ids of the policy this transaction
 * matches) exactly as vault.sign builds it, and a placeholder 65-byte ECDSA
 * part. Its length, which the fee depends on, is the real one's. It is
 * built here from the session info: it signs nothing and needs no unlocked
 * vault (and adds nothing to the WebAssembly module).
 *
 * A transaction that no policy of the session allows is INVALID_REQUEST:
 * the vault would refuse to sign it anyway.
 */
export function getAbstractStubSignature(info: AbstractSessionInfo, transaction: AbstractStubTransaction, options: AbstractStubOptions = {}): Hex {
  if (info?.scheme !== 'abstract' || !info.config || !info.enableCall) {
    throw new SessionSignerError('INVALID_REQUEST', 'getAbstractStubSignature needs the info of an abstract session (from createSession or getSession)')
  }
  const ids = periodIds(info, transaction, options.now ?? Math.floor(Date.now() / 1000))
  const spec = encodedSpec(info)
  // abi.encode(SessionSpec, uint64[]): two offsets, the spec's tuple, the array.
  const specTail = spec.slice(64)
  const sessionData = word(64) + word(64 + specTail.length / 2) + specTail + word(ids.length) + ids.map(word).join('')
  const validator = ABSTRACT_SESSION_VALIDATOR.toLowerCase()
  const hooks = (options.validationHooks ?? [validator]).map((h) => (h.toLowerCase() === validator ? sessionData : ''))
  return `0x${encodeCustomSignature(stubEcdsa.slice(2), validator, hooks)}` as Hex
}

/** agw-client's period ids: the fee limit's, the matched policy's value limit's, then each constraint's (a call). */
function periodIds(info: AbstractSessionInfo, tx: AbstractStubTransaction, now: number): bigint[] {
  const c = info.config
  const to = String(tx?.to ?? '').toLowerCase()
  const data = String(tx?.data ?? '0x').toLowerCase()
  const ids = [periodId(c.feeLimit, now)]
  if (data.length >= 10) {
    const p = c.callPolicies.find((p) => p.target.toLowerCase() === to && p.selector.toLowerCase() === data.slice(0, 10))
    if (!p) throw new SessionSignerError('INVALID_REQUEST', `no call policy of this session allows selector ${data.slice(0, 10)} on ${to}: the vault would not sign it`)
    return [...ids, periodId(p.valueLimit, now), ...p.constraints.map((k) => periodId(k.limit, now))]
  }
  const p = c.transferPolicies.find((p) => p.target.toLowerCase() === to)
  if (!p) throw new SessionSignerError('INVALID_REQUEST', `no transfer policy of this session allows sending to ${to}: the vault would not sign it`)
  return [...ids, periodId(p.valueLimit, now)]
}

/** now / period for an Allowance (type 2), 0 otherwise (ignored on-chain). */
function periodId(l: AbstractLimitOut, now: number): bigint {
  return Number(l.limitType) === 2 ? BigInt(now) / BigInt(l.period) : 0n
}

/**
 * abi.encode(SessionSpec) as hex without 0x, read from the enabling call:
 * createSession(spec) carries it after the selector; addModule(validator ‖
 * abi.encode(spec)) inside its bytes argument.
 */
function encodedSpec(info: AbstractSessionInfo): string {
  const args = info.enableCall.data.slice(10)
  if (info.config.moduleInstalled) return args
  const length = Number(BigInt(`0x${args.slice(64, 128)}`))
  return args.slice(128 + 40, 128 + length * 2)
}

function encodeCustomSignature(sig: string, validator: string, hooks: string[]): string {
  const sigTail = word(sig.length / 2) + padded(sig)
  // bytes[]: its length, one offset per element (from after the length), then each element.
  const elements = hooks.map((h) => word(h.length / 2) + padded(h))
  let offset = 32 * hooks.length
  const offsets = elements.map((e) => {
    const o = word(offset)
    offset += e.length / 2
    return o
  })
  const hooksTail = word(hooks.length) + offsets.join('') + elements.join('')
  return word(96) + word(BigInt(`0x${validator.slice(2)}`)) + word(96 + sigTail.length / 2) + sigTail + hooksTail
}

/** One 32-byte ABI word. */
function word(n: number | bigint): string {
  return BigInt(n).toString(16).padStart(64, '0')
}

/** Hex right-padded with zeros to whole 32-byte words. */
function padded(hex: string): string {
  return hex.padEnd(Math.ceil(hex.length / 64) * 64, '0')
}
