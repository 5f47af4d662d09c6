/**
 * Types of the 'abstract' scheme: Abstract Global Wallet (AGW) session keys,
 * enforced on-chain by the SessionKeyValidator. The shapes follow
 * agw-client's SessionConfig; on input, quantities may be bigint, decimal
 * or 0x-hex strings, and enums their names or numbers; on output, quantities
 * are decimal strings and enums numbers (agw-client's LimitType and
 * ConstraintCondition values).
 */
import type { ContractCall, Hex, Quantity, SessionInfo } from './base.js'

/** agw-client's LimitType: 0 Unlimited, 1 Lifetime, 2 Allowance (per `period` seconds). */
export type AbstractLimitType = 'Unlimited' | 'Lifetime' | 'Allowance' | 0 | 1 | 2

/**
 * agw-client's ConstraintCondition, by name or number (0 Unconstrained, 1 Equal,
 * 2 Greater, 3 Less, 4 GreaterEqual, 5 LessEqual, 6 NotEqual).
 */
export type AbstractCondition =
  | 'Unconstrained'
  | 'Equal'
  | 'Greater'
  | 'Less'
  | 'GreaterEqual'
  | 'LessEqual'
  | 'NotEqual'
  | 0 | 1 | 2 | 3 | 4 | 5 | 6

/** A usage limit. `period` (seconds) matters only for Allowance. */
export interface AbstractLimit {
  limitType: AbstractLimitType
  limit?: Quantity
  period?: Quantity
}

/** A rule on one 32-byte ABI argument word (`index` 0 is the first argument). */
export interface AbstractConstraint {
  index: Quantity
  condition: AbstractCondition
  /** 32 bytes, compared as an unsigned big-endian word. */
  refValue: Hex
  /** Cumulative limit on the argument's value. */
  limit: AbstractLimit
}

/** May call `selector` (or `function`) on `target`. */
export interface AbstractCallPolicy {
  target: Hex
  /** 4-byte selector; or give `function`. */
  selector?: Hex
  /** Canonical signature such as 'mint(address,uint256)'; kept for the permission text. */
  function?: string
  maxValuePerUse: Quantity
  valueLimit: AbstractLimit
  constraints?: AbstractConstraint[]
}

/** May send ETH to `target` (calls with less than 4 bytes of data). */
export interface AbstractTransferPolicy {
  target: Hex
  maxValuePerUse: Quantity
  valueLimit: AbstractLimit
}

/** createSession({ scheme: 'abstract', … }). The signer is the fresh key the vault makes. */
export interface AbstractSessionParams {
  scheme: 'abstract'
  /** 2741 (Abstract), 11124 (Abstract testnet), 324 or 300. */
  chainId: Quantity
  /** Unix seconds (number or bigint) or a Date. */
  expiresAt: number | bigint | Date
  /** The Abstract Global Wallet the session acts for. */
  account: Hex
  /** Cap on fees the session pays (not counted when a paymaster pays). Unlimited is refused. */
  feeLimit: AbstractLimit
  callPolicies?: AbstractCallPolicy[]
  transferPolicies?: AbstractTransferPolicy[]
  /**
   * Whether the account already lists the validator among its hooks (see
   * readAbstractAccount). Picks the enabling call: createSession on the
   * validator (true, the default) or addModule on the account (false).
   */
  moduleInstalled?: boolean
  /**
   * On Abstract mainnet, ask the host function 'abstract.registryCheck' (see
   * abstractRegistryCheck) to confirm every policy with the policy registry,
   * and refuse the session otherwise (default true). A vault with no host
   * functions refuses mainnet sessions unless this is false; the session's
   * permissions then say its policies were not checked.
   */
  registryCheck?: boolean
}

/** A limit as stored: numbers and decimal strings. */
export interface AbstractLimitOut {
  limitType: 0 | 1 | 2
  limit: string
  period: string
}

/** agw-client's SessionConfig with decimal strings (see toAgwSessionConfig for bigints), plus the account. */
export type AbstractSessionConfig = {
  signer: Hex
  expiresAt: string
  feeLimit: AbstractLimitOut
  callPolicies: {
    target: Hex
    selector: Hex
    function?: string
    valueLimit: AbstractLimitOut
    maxValuePerUse: string
    constraints: { index: string; condition: number; refValue: Hex; limit: AbstractLimitOut }[]
  }[]
  transferPolicies: { target: Hex; maxValuePerUse: string; valueLimit: AbstractLimitOut }[]
  account: Hex
  moduleInstalled: boolean
}

/** One policy-registry view call agw-client makes before enabling a session on mainnet. */
export interface AbstractRegistryCheck {
  policyType: 'Call' | 'Transfer' | 'ApprovalTarget'
  /** The address agw-client names: the policy's target, or the approved spender. */
  target: Hex
  /** ApprovalTarget: the token. */
  token?: Hex
  selector?: Hex
  /** The eth_call to make. */
  to: Hex
  data: Hex
}

/** What createSession returns for an 'abstract' session. */
export interface AbstractSessionInfo extends SessionInfo {
  scheme: 'abstract'
  config: AbstractSessionConfig
  /** getSessionHash(config): the session's id on-chain (also configHash). */
  sessionHash: Hex
  /** The owner sends this to enable the session (createSession, or addModule). */
  enableCall: ContractCall
  /** eth_call that answers sessionStatus(account, sessionHash): 0 NotInitialized, 1 Active, 2 Closed, 3 Expired. */
  statusCall: ContractCall
  /** Empty off mainnet. */
  registryChecks: AbstractRegistryCheck[]
  account: Hex
}

/**
 * A zkSync EIP-712 (0x71) transaction from the wallet, as viem's
 * signTransaction takes it. `from`, when given, must be the wallet.
 */
export type AbstractTransaction = {
  type?: 'eip712'
  to: Hex
  from?: Hex
  value?: Quantity
  data?: Hex
  nonce: Quantity
  gas: Quantity
  maxFeePerGas: Quantity
  maxPriorityFeePerGas?: Quantity
  /** Default 50000. */
  gasPerPubdata?: Quantity
  paymaster?: Hex
  paymasterInput?: Hex
  factoryDeps?: Hex[]
  chainId?: Quantity
}

/**
 * sign(id, { type: 'transaction', transaction, validationHooks? }) for an
 * 'abstract' session: the result is the signed 0x71 transaction, ready for
 * eth_sendRawTransaction. validationHooks is the account's listHooks(true)
 * in order (readAbstractAccount); default: the session validator alone.
 */
export type AbstractTransactionRequest = {
  type: 'transaction'
  transaction: AbstractTransaction
  validationHooks?: readonly Hex[]
}
