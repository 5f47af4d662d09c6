/**
 * Types of the 'smartsessions' scheme: Rhinestone Smart Sessions on an
 * ERC-7579 account. The config is the Rhinestone SDK's session shape
 * (actions with policies, session-wide policies); the session key becomes
 * the single owner of the OwnableValidator that is the session's validator.
 */
import type { ContractCall, Hex, Quantity, SessionInfo } from './base.js'

/** A universal-action rule condition: the SDK's name, the Solidity enum name, or its number (0–6). */
export type SmartSessionCondition =
  | 'equal'
  | 'greaterThan'
  | 'lessThan'
  | 'greaterThanOrEqual'
  | 'lessThanOrEqual'
  | 'notEqual'
  | 'inRange'
  | 'EQUAL'
  | 'GREATER_THAN'
  | 'LESS_THAN'
  | 'GREATER_THAN_OR_EQUAL'
  | 'LESS_THAN_OR_EQUAL'
  | 'NOT_EQUAL'
  | 'IN_RANGE'
  | 0 | 1 | 2 | 3 | 4 | 5 | 6

/** One universal-action rule on the 32-byte calldata word at byte 4 + calldataOffset. */
export interface SmartSessionRule {
  condition: SmartSessionCondition
  /** Bytes after the selector: 0 is the first argument, 32 the second. */
  calldataOffset: Quantity
  /** 0x-hex (left-padded to 32 bytes) or an integer. inRange: min (16 bytes) ‖ max (16 bytes). */
  referenceValue: Hex | Quantity
  /** Cap on the sum of this word over all calls. */
  usageLimit?: Quantity
}

/** A policy, by the SDK's type name. Time frames are unix SECONDS. */
export type SmartSessionPolicy =
  | { type: 'sudo' }
  | { type: 'universal-action'; rules: SmartSessionRule[]; valueLimitPerUse?: Quantity }
  | { type: 'spending-limits'; limits: { token: Hex; amount: Quantity }[] }
  | { type: 'time-frame'; validUntil: Quantity; validAfter?: Quantity }
  | { type: 'usage-limit'; limit: Quantity }
  | { type: 'value-limit'; limit: Quantity }

/** May call `function` (or `selector`) on `target` under `policies`. */
export interface SmartSessionAction {
  target: Hex
  selector?: Hex
  /** Canonical signature such as 'transfer(address,uint256)'. */
  function?: string
  /** At least one, unless allowSudo (then none means "any arguments"). */
  policies?: SmartSessionPolicy[]
}

/** createSession({ scheme: 'smartsessions', … }). The session validator's owner is the fresh key the vault makes. */
export interface SmartSessionParams {
  scheme: 'smartsessions'
  chainId: Quantity
  /** Unix seconds (number or bigint) or a Date. */
  expiresAt: number | bigint | Date
  /** The ERC-7579 smart account. */
  account: Hex
  /** Picks the nonce key and the owner-signature format: default 'safe'. */
  accountType?: 'safe' | 'nexus' | 'kernel' | 'erc7579'
  /** At least one, unless allowSudo (then none means "call anything"). */
  actions?: SmartSessionAction[]
  /** Per-user-operation policies (usage-limit, value-limit, time-frame, …); default sudo, i.e. none. */
  policies?: SmartSessionPolicy[]
  /** 32 bytes; default zero. Different salts give different permissionIds. */
  salt?: Hex
  /** Allow a session without actions, or an action without policies (the SDK's silent sudo). */
  allowSudo?: boolean
  /** Default true, as in the SDK. */
  permitERC4337Paymaster?: boolean
  /** The account's validator that checks the owner's ENABLE signature; default the OwnableValidator. */
  ownerValidator?: Hex
  /** SmartSession's enable nonce for the account on this chain (for the ENABLE digest); default 0. */
  nonce?: Quantity
  /** Further chains of a multichain enable, each with its nonce. */
  chains?: { chainId: Quantity; nonce?: Quantity }[]
}

/** module-sdk's PolicyData. */
export interface SmartSessionPolicyData {
  policy: Hex
  initData: Hex
}

/**
 * The on-chain Session struct in module-sdk's shape: assignable to its
 * `Session`, chainId included (the session's chain, added on the page).
 */
export interface SmartSessionStruct {
  sessionValidator: Hex
  sessionValidatorInitData: Hex
  salt: Hex
  userOpPolicies: SmartSessionPolicyData[]
  erc7739Policies: {
    allowedERC7739Content: { appDomainSeparator: Hex; contentName: string[] }[]
    erc1271Policies: SmartSessionPolicyData[]
  }
  actions: { actionTargetSelector: Hex; actionTarget: Hex; actionPolicies: SmartSessionPolicyData[] }[]
  permitERC4337Paymaster: boolean
  /** The session's chain (module-sdk's Session has it; not part of the on-chain struct or the permissionId). */
  chainId: bigint
}

/** What createSession returns for a 'smartsessions' session. */
export interface SmartSessionInfo extends SessionInfo {
  scheme: 'smartsessions'
  session: SmartSessionStruct
  /** keccak256(abi.encode(sessionValidator, initData, salt)): what USE signatures name. */
  permissionId: Hex
  /** The account calls this (SmartSession.enableSessions([session])) to enable it. */
  enableSessionsCall: ContractCall
  /** SmartSession's install data with this session, if the module is not installed yet. */
  installData: Hex
  /** What the account owner signs for an ENABLE-mode user operation (and the UNSAFE_ENABLE variant). */
  enableDigest: Hex
  unsafeEnableDigest: Hex
  /** Decimal strings: the chains the enable digest covers, in order. */
  enableChains: string[]
  /** The account calls this to disable the session on-chain. */
  removeSessionCall: ContractCall
  smartSession: Hex
  sessionValidator: Hex
  /** Decimal string: the ERC-4337 nonce key that routes a user operation to SmartSession. */
  nonceKey: string
}

/** An ERC-4337 v0.7/v0.8 user operation, as viem carries it (`signature` is ignored). */
export type UserOperationInput = {
  sender: Hex
  nonce: Quantity
  factory?: Hex
  factoryData?: Hex
  callData: Hex
  callGasLimit: Quantity
  verificationGasLimit: Quantity
  preVerificationGas: Quantity
  maxFeePerGas: Quantity
  maxPriorityFeePerGas: Quantity
  paymaster?: Hex
  paymasterVerificationGasLimit?: Quantity
  paymasterPostOpGasLimit?: Quantity
  paymasterData?: Hex
  signature?: Hex
}

/**
 * With `enable`, the result is an ENABLE-mode signature that enables the
 * session in the same user operation, carrying the owner's signature of
 * enableDigest (or unsafeEnableDigest for mode 'unsafe-enable').
 */
export interface SmartSessionEnable {
  ownerSignature: Hex
  /** The account's validator that checks ownerSignature; default the session's ownerValidator. */
  validator?: Hex
  mode?: 'enable' | 'unsafe-enable'
  chainId?: Quantity
}

/**
 * sign(id, { type: 'userOperation', … }) for a 'smartsessions' session: the
 * result is 0x00 ‖ permissionId ‖ signature (USE mode), or the ENABLE-mode
 * signature with `enable`. Prefer the full user operation: the module
 * computes its hash and checks the sender and the calls it makes. The
 * hash-only form checks `callData` on trust (nothing ties it to the hash).
 */
export type UserOperationRequest =
  | {
      type: 'userOperation'
      userOperation: UserOperationInput
      /** Default '0.7'. */
      entryPointVersion?: '0.7' | '0.8'
      /** Default the canonical EntryPoint of that version. */
      entryPointAddress?: Hex
      /** If given, must equal the computed hash. */
      userOpHash?: Hex
      /** The chain the operation runs on (one of the session's chains); default the session's. */
      chainId?: Quantity
      enable?: SmartSessionEnable
    }
  | {
      type: 'userOperation'
      userOpHash: Hex
      callData: Hex
      chainId?: Quantity
      enable?: SmartSessionEnable
    }
