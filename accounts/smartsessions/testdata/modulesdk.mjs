// Differential oracle for accounts/smartsessions: computes, with the real
// @rhinestone/module-sdk 0.4.0, viem and solady, every encoding the Go
// package produces. Reads one JSON document on stdin, writes one on stdout.
// Offline: where module-sdk reads the chain (getSessionDigest, getNonce) a
// stub client answers with viem's hashStruct / the given nonce.
//
// Input:  { sessions: [SessionCase], flz: [hex], executes: [ExecuteCase] }
// Output: { sessions: [...], flz: [hex], executes: [hex] }
import { pathToFileURL } from 'node:url'
import { resolve } from 'node:path'
import {
  encodeAbiParameters,
  encodeFunctionData,
  encodePacked,
  hashStruct,
  hashTypedData,
  isHex,
  keccak256,
  padHex,
  recoverAddress,
  toFunctionSelector,
  toHex,
} from 'viem'
import {
  GLOBAL_CONSTANTS,
  SmartSessionMode,
  encodeSmartSessionSignature,
  encodeValidatorNonce,
  getEnableSessionDetails,
  getEnableSessionsAction,
  getOwnableValidator,
  getPermissionId,
  getRemoveSessionAction,
  getSmartSessionsValidator,
  getSpendingLimitsPolicy,
  getSudoPolicy,
  getTimeFramePolicy,
  getUniversalActionPolicy,
  getUsageLimitPolicy,
  getValueLimitPolicy,
  hashChainSessions,
} from '@rhinestone/module-sdk'
import { LibZip } from 'solady'

// module-sdk does not export its ABI module from the package root; load the
// file itself (the same module instance the SDK uses).
const { installSmartSessionsAbi } = await import(
  pathToFileURL(resolve('node_modules/@rhinestone/module-sdk/_esm/module/smart-sessions/abi.js')).href
)
const sessionTupleAbi = { ...installSmartSessionsAbi[0], type: 'tuple' }

const input = JSON.parse(await readStdin())

// The EIP-712 types of HashLib.sol, written out independently of
// module-sdk's hashChainSessions so the two can be compared.
const enableTypes = {
  PolicyData: [
    { name: 'policy', type: 'address' },
    { name: 'initData', type: 'bytes' },
  ],
  ActionData: [
    { name: 'actionTargetSelector', type: 'bytes4' },
    { name: 'actionTarget', type: 'address' },
    { name: 'actionPolicies', type: 'PolicyData[]' },
  ],
  ERC7739Context: [
    { name: 'appDomainSeparator', type: 'bytes32' },
    { name: 'contentName', type: 'string[]' },
  ],
  ERC7739Data: [
    { name: 'allowedERC7739Content', type: 'ERC7739Context[]' },
    { name: 'erc1271Policies', type: 'PolicyData[]' },
  ],
  SignedPermissions: [
    { name: 'permitGenericPolicy', type: 'bool' },
    { name: 'permitAdminAccess', type: 'bool' },
    { name: 'ignoreSecurityAttestations', type: 'bool' },
    { name: 'permitERC4337Paymaster', type: 'bool' },
    { name: 'userOpPolicies', type: 'PolicyData[]' },
    { name: 'erc7739Policies', type: 'ERC7739Data' },
    { name: 'actions', type: 'ActionData[]' },
  ],
  SignedSession: [
    { name: 'account', type: 'address' },
    { name: 'permissions', type: 'SignedPermissions' },
    { name: 'sessionValidator', type: 'address' },
    { name: 'sessionValidatorInitData', type: 'bytes' },
    { name: 'salt', type: 'bytes32' },
    { name: 'smartSession', type: 'address' },
    { name: 'nonce', type: 'uint256' },
  ],
  ChainSession: [
    { name: 'chainId', type: 'uint64' },
    { name: 'session', type: 'SignedSession' },
  ],
  MultiChainSession: [{ name: 'sessionsAndChainIds', type: 'ChainSession[]' }],
}

// The Rhinestone SDK's condition names, in ParamCondition order.
const conditions = ['equal', 'greaterThan', 'lessThan', 'greaterThanOrEqual', 'lessThanOrEqual', 'notEqual', 'inRange']
const zero32 = padHex('0x', { size: 32 })
const sdkAccountType = { safe: 'safe', nexus: 'nexus', kernel: 'kernel', erc7579: 'erc7579-implementation' }

// policyData maps one policy of the create request to PolicyData with the
// module-sdk helper for its type, converting the Rhinestone SDK's fields as
// its getPolicyData does.
function policyData(p) {
  switch (p.type) {
    case 'sudo':
      return getSudoPolicy()
    case 'universal-action': {
      const rules = p.rules.map((r) => ({
        condition: typeof r.condition === 'number' ? r.condition : conditions.indexOf(r.condition),
        offset: BigInt(r.calldataOffset),
        isLimited: r.usageLimit !== undefined,
        ref: isHex(r.referenceValue) ? padHex(r.referenceValue, { size: 32 }) : toHex(BigInt(r.referenceValue), { size: 32 }),
        usage: { limit: BigInt(r.usageLimit ?? 0), used: 0n },
      }))
      while (rules.length < 16) {
        rules.push({ condition: 0, offset: 0n, isLimited: false, ref: zero32, usage: { limit: 0n, used: 0n } })
      }
      return getUniversalActionPolicy({
        valueLimitPerUse: BigInt(p.valueLimitPerUse ?? 0),
        paramRules: { length: BigInt(p.rules.length), rules },
      })
    }
    case 'spending-limits':
      return getSpendingLimitsPolicy(p.limits.map((l) => ({ token: l.token, limit: BigInt(l.amount) })))
    case 'time-frame':
      return getTimeFramePolicy({ validUntil: Number(p.validUntil), validAfter: Number(p.validAfter ?? 0) })
    case 'usage-limit':
      return getUsageLimitPolicy({ limit: BigInt(p.limit) })
    case 'value-limit':
      return getValueLimitPolicy({ limit: BigInt(p.limit) })
  }
  throw new Error(`unknown policy type ${p.type}`)
}

const asPolicyData = (p) => ({ policy: p.policy, initData: p.initData })

// buildSession maps a create request to module-sdk's Session the way the
// Rhinestone SDK's getSmartSessionData does (no actions -> fallback action
// with sudo; no policies -> [sudo]), minus its orchestrator extras.
function buildSession(c) {
  const validator = getOwnableValidator({ threshold: 1, owners: [c.signer] })
  const actions = (c.params.actions?.length ? c.params.actions : [
    { target: GLOBAL_CONSTANTS.SMART_SESSIONS_FALLBACK_TARGET_FLAG, selector: GLOBAL_CONSTANTS.SMART_SESSIONS_FALLBACK_TARGET_SELECTOR_FLAG },
  ]).map((a) => ({
    actionTargetSelector: a.selector ?? toFunctionSelector(a.function),
    actionTarget: a.target,
    actionPolicies: (a.policies?.length ? a.policies : [{ type: 'sudo' }]).map(policyData).map(asPolicyData),
  }))
  return {
    validator,
    session: {
      sessionValidator: validator.address,
      sessionValidatorInitData: validator.initData,
      salt: c.params.salt ?? zero32,
      userOpPolicies: (c.params.policies?.length ? c.params.policies : [{ type: 'sudo' }]).map(policyData).map(asPolicyData),
      erc7739Policies: { allowedERC7739Content: [], erc1271Policies: [] },
      actions,
      permitERC4337Paymaster: c.params.permitERC4337Paymaster ?? true,
      chainId: BigInt(c.chainId),
    },
  }
}

// The flags HashLib derives (never caller input: module-sdk #144).
function flags(session, mode) {
  const fallback = GLOBAL_CONSTANTS.SMART_SESSIONS_FALLBACK_TARGET_FLAG.toLowerCase()
  const onFallback = (sel) =>
    session.actions.some((a) => a.actionTarget.toLowerCase() === fallback && a.actionTargetSelector.toLowerCase() === sel)
  return {
    permitGenericPolicy: onFallback('0x00000001'),
    permitAdminAccess: onFallback('0x00000002'),
    ignoreSecurityAttestations: mode === SmartSessionMode.UNSAFE_ENABLE,
  }
}

function signedSession(session, account, nonce, mode) {
  return {
    account,
    permissions: {
      ...flags(session, mode),
      permitERC4337Paymaster: session.permitERC4337Paymaster,
      userOpPolicies: session.userOpPolicies,
      erc7739Policies: session.erc7739Policies,
      actions: session.actions,
    },
    sessionValidator: session.sessionValidator,
    sessionValidatorInitData: session.sessionValidatorInitData,
    salt: session.salt,
    smartSession: GLOBAL_CONSTANTS.SMART_SESSIONS_ADDRESS,
    nonce,
  }
}

async function enable(c, session, mode) {
  const chains = [{ chainId: c.chainId, nonce: c.params.nonce ?? '0' }, ...(c.params.chains ?? [])]
  const sessions = chains.map((ch) => ({ ...session, chainId: BigInt(ch.chainId) }))
  const nonces = chains.map((ch) => BigInt(ch.nonce ?? 0))
  // Stub clients: getSessionDigest is SmartSession's on-chain recomputation.
  const clients = chains.map((ch, i) => ({
    chain: { id: Number(ch.chainId) },
    readContract: async ({ functionName, args }) => {
      if (functionName !== 'getSessionDigest') throw new Error(`offline stub: unexpected ${functionName}`)
      const [, account, s, m] = args
      return hashStruct({ types: enableTypes, primaryType: 'SignedSession', data: signedSession(s, account, nonces[i], toHex(m, { size: 1 })) })
    },
  }))
  const account = { address: c.params.account, type: sdkAccountType[c.params.accountType ?? 'safe'], deployedOnChains: [] }
  const details = await getEnableSessionDetails({
    sessions,
    sessionIndex: c.enableChainIndex,
    enableMode: mode,
    account,
    clients,
    enableValidatorAddress: c.params.ownerValidator ?? GLOBAL_CONSTANTS.OWNABLE_VALIDATOR_ADDRESS,
    ...flags(session, mode),
    sessionNonces: nonces,
  })
  const viemDigest = hashTypedData({
    domain: { name: 'SmartSession', version: '1' },
    types: enableTypes,
    primaryType: 'MultiChainSession',
    message: {
      sessionsAndChainIds: sessions.map((s, i) => ({ chainId: s.chainId, session: signedSession(s, c.params.account, nonces[i], mode) })),
    },
  })
  const sdkDigest = hashChainSessions(
    sessions.map((s, i) => ({ chainId: s.chainId, session: signedSession(s, c.params.account, nonces[i], mode) })),
  )
  details.enableSessionData.enableSession.permissionEnableSig = c.ownerSignature
  const signature = encodeSmartSessionSignature({
    mode,
    permissionId: details.permissionId,
    signature: c.useSig,
    enableSessionData: details.enableSessionData,
  })
  return {
    digestViem: viemDigest,
    digestSdk: sdkDigest,
    digestDetails: details.permissionEnableHash,
    signature,
    payload: LibZip.flzDecompress('0x' + signature.slice(4)),
  }
}

async function sessionCase(c) {
  const { validator, session } = buildSession(c)
  const permissionId = getPermissionId({ session })
  const enableCall = getEnableSessionsAction({ sessions: [session] })
  const removeCall = getRemoveSessionAction({ permissionId })
  const account = { address: c.params.account, type: sdkAccountType[c.params.accountType ?? 'safe'], deployedOnChains: [] }
  return {
    ownableInitData: validator.initData,
    userOpPolicies: session.userOpPolicies,
    actions: session.actions,
    sessionEncoding: encodeAbiParameters([sessionTupleAbi], [session]),
    configHash: keccak256(encodeAbiParameters([sessionTupleAbi], [session])),
    permissionId,
    enableSessionsCall: { to: enableCall.to, data: enableCall.data },
    removeSessionCall: { to: removeCall.to, data: removeCall.data },
    installData: getSmartSessionsValidator({ sessions: [session] }).initData,
    installDataUnsafe: getSmartSessionsValidator({ sessions: [session], useRegistry: false }).initData,
    nonceKey: encodeValidatorNonce({ account, validator: GLOBAL_CONSTANTS.SMART_SESSIONS_ADDRESS }).toString(),
    useSignature: encodeSmartSessionSignature({ mode: SmartSessionMode.USE, permissionId, signature: c.useSig }),
    recovered: await recoverAddress({ hash: c.userOpHash, signature: c.useSig }),
    enable: await enable(c, session, SmartSessionMode.ENABLE),
    unsafeEnable: await enable(c, session, SmartSessionMode.UNSAFE_ENABLE),
  }
}

const executeAbi = [{
  type: 'function',
  name: 'execute',
  inputs: [{ name: 'mode', type: 'bytes32' }, { name: 'executionCalldata', type: 'bytes' }],
  outputs: [],
}]

// executeCase encodes ERC-7579 execute calldata as the account SDKs do.
function executeCase(e) {
  const calls = e.calls.map((c) => ({ target: c.to, value: BigInt(c.value), callData: c.data }))
  const exec = e.batch
    ? encodeAbiParameters([{ type: 'tuple[]', components: [{ name: 'target', type: 'address' }, { name: 'value', type: 'uint256' }, { name: 'callData', type: 'bytes' }] }], [calls])
    : encodePacked(['address', 'uint256', 'bytes'], [calls[0].target, calls[0].value, calls[0].callData])
  return encodeFunctionData({ abi: executeAbi, functionName: 'execute', args: [e.mode, exec] })
}

const output = { sessions: [], flz: [], executes: [] }
for (const c of input.sessions ?? []) output.sessions.push(await sessionCase(c))
for (const hex of input.flz ?? []) output.flz.push(LibZip.flzCompress(hex))
for (const e of input.executes ?? []) output.executes.push(executeCase(e))
process.stdout.write(JSON.stringify(output, (_, v) => (typeof v === 'bigint' ? v.toString() : v)))

async function readStdin() {
  const chunks = []
  for await (const chunk of process.stdin) chunks.push(chunk)
  return Buffer.concat(chunks).toString('utf8')
}
