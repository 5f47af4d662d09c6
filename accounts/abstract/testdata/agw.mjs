// Differential oracle for accounts/abstract: computes, with the real
// @abstract-foundation/agw-client and viem, everything the Go package
// produces, so the Go test compares byte for byte. Reads one JSON document
// on stdin, writes one on stdout, never touches the network: every RPC goes
// to the in-process mock transport below.
//
// Input:  { configs: [ConfigCase], signs: [SignCase], errors: ErrorCases }
// Output: { configs: [...], signs: [...], errors: {...}, approvalBasedSelector }

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import {
  createClient, createPublicClient, custom, decodeFunctionData, encodeAbiParameters, encodeFunctionData,
  encodeFunctionResult, multicall3Abi, parseAbi, BaseError,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { abstract, abstractTestnet } from "viem/chains";
import { getApprovalBasedPaymasterInput } from "viem/zksync";
import {
  createSessionClient, encodeSession, getSessionHash, prepareCreateSessionCall, SessionKeyValidatorAbi,
} from "@abstract-foundation/agw-client/sessions";
import { getSessionStatus } from "@abstract-foundation/agw-client/actions";

// Internal helpers that the package does not export: load them from the same
// module file its exports use, so they are the very functions it runs.
const require = createRequire(import.meta.url);
const agwRoot = require.resolve("@abstract-foundation/agw-client/sessions").replace(/exports\/sessions\.js$/, "");
const internal = await import(pathToFileURL(agwRoot + "sessions.js").href);
const { SESSION_KEY_VALIDATOR_ADDRESS, SESSION_KEY_POLICY_REGISTRY_ADDRESS } = await import(pathToFileURL(agwRoot + "constants.js").href);
const { revokeSessions } = await import(pathToFileURL(agwRoot + "actions/revokeSessions.js").href);

const chains = { [abstract.id]: abstract, [abstractTestnet.id]: abstractTestnet };
const listHooksAbi = parseAbi(["function listHooks(bool) view returns (address[])"]);
const uint8Out = [{ type: "uint8" }];

// revive turns the Go config JSON (decimal strings) into agw-client's
// SessionConfig (bigints and numbers).
function revive(c) {
  const limit = (l) => ({ limitType: Number(l.limitType), limit: BigInt(l.limit), period: BigInt(l.period) });
  return {
    signer: c.signer,
    expiresAt: BigInt(c.expiresAt),
    feeLimit: limit(c.feeLimit),
    callPolicies: c.callPolicies.map((p) => ({
      target: p.target,
      selector: p.selector,
      valueLimit: limit(p.valueLimit),
      maxValuePerUse: BigInt(p.maxValuePerUse),
      constraints: p.constraints.map((k) => ({
        index: BigInt(k.index), condition: Number(k.condition), refValue: k.refValue, limit: limit(k.limit),
      })),
    })),
    transferPolicies: c.transferPolicies.map((p) => ({
      target: p.target, maxValuePerUse: BigInt(p.maxValuePerUse), valueLimit: limit(p.valueLimit),
    })),
  };
}

// mockTransport answers the few RPCs agw-client makes while signing or
// preparing calls. hooks: what listHooks(true) returns (null: not deployed).
// statuses: the registry answer per multicall entry. record: collects the
// multicall's inner calls and other eth_calls.
function mockTransport({ chainId, hooks, statuses = [], record = {} }) {
  record.multicall = record.multicall ?? [];
  record.calls = record.calls ?? [];
  return custom({
    async request({ method, params }) {
      switch (method) {
        case "eth_sendTransaction":
          record.sent = params[0];
          return "0x" + "11".repeat(32);
        case "eth_chainId":
          return "0x" + chainId.toString(16);
        case "eth_getCode":
          return hooks === null ? "0x" : "0x6080";
        case "eth_call": {
          const { to, data } = params[0];
          record.calls.push({ to, data });
          if (data.startsWith("0xdb8a323f")) {
            return encodeFunctionResult({ abi: listHooksAbi, functionName: "listHooks", result: hooks ?? [] });
          }
          if (data.startsWith("0x59130708")) {
            return encodeAbiParameters(uint8Out, [1]);
          }
          const { functionName, args } = decodeFunctionData({ abi: multicall3Abi, data });
          if (functionName !== "aggregate3") throw new Error("mock: unexpected eth_call " + data.slice(0, 10));
          const results = args[0].map((call, i) => {
            record.multicall.push({ to: call.target, data: call.callData });
            return { success: true, returnData: encodeAbiParameters(uint8Out, [statuses[i] ?? 1]) };
          });
          return encodeFunctionResult({ abi: multicall3Abi, functionName: "aggregate3", result: results });
        }
        default:
          throw new Error("mock: unexpected RPC " + method);
      }
    },
  });
}

function sessionClient({ chainId, account, privateKey, session, hooks, statuses, record }) {
  return createSessionClient({
    account,
    chain: chains[chainId],
    signer: privateKeyToAccount(privateKey),
    session,
    transport: mockTransport({ chainId, hooks, statuses, record }),
  });
}

function big(v) {
  return v === undefined ? undefined : BigInt(v);
}

async function messageOf(fn) {
  try {
    await fn();
    return null;
  } catch (e) {
    return e instanceof BaseError ? e.shortMessage : String(e.message);
  }
}

// registryCalls signs, as the session client, a createSession transaction for
// session `created` and returns the registry calls agw-client made (or its
// error). The signing session allows exactly that call.
async function registryCalls({ chainId, account, privateKey, created, statuses }) {
  const createSelector = "0x5a0694d2";
  const signing = revive({
    ...created,
    callPolicies: [{
      target: SESSION_KEY_VALIDATOR_ADDRESS, selector: createSelector, maxValuePerUse: "0",
      valueLimit: { limitType: 0, limit: "0", period: "0" }, constraints: [],
    }],
    transferPolicies: [],
  });
  const record = {};
  const client = sessionClient({
    chainId, account, privateKey, session: signing, hooks: [SESSION_KEY_VALIDATOR_ADDRESS], statuses, record,
  });
  const error = await messageOf(() => client.signTransaction({
    to: SESSION_KEY_VALIDATOR_ADDRESS,
    data: encodeFunctionData({ abi: SessionKeyValidatorAbi, functionName: "createSession", args: [revive(created)] }),
    nonce: 0, gas: 1000000n, maxFeePerGas: 25000000n, maxPriorityFeePerGas: 0n,
  }));
  return { calls: record.multicall, error };
}

async function configCase(k) {
  const session = revive(k.session);
  const out = { encoded: encodeSession(session), hash: getSessionHash(session) };
  const plain = createClient({ chain: chains[k.chainId], transport: mockTransport({ chainId: k.chainId, hooks: null }) });
  out.addModuleCall = await prepareCreateSessionCall(k.account, plain, session);
  const installed = createClient({
    chain: chains[k.chainId],
    transport: mockTransport({ chainId: k.chainId, hooks: [SESSION_KEY_VALIDATOR_ADDRESS] }),
  });
  out.createSessionCall = await prepareCreateSessionCall(k.account, installed, session);
  for (const c of [out.addModuleCall, out.createSessionCall]) c.value = c.value.toString();
  const record = {};
  const owner = createClient({
    account: k.account, chain: chains[k.chainId], transport: mockTransport({ chainId: k.chainId, hooks: [], record }),
  });
  await revokeSessions(owner, { session });
  out.revokeCall = { to: record.sent.to, data: record.sent.data };
  const pub = createPublicClient({ chain: chains[k.chainId], transport: mockTransport({ chainId: k.chainId, hooks: [], record }) });
  await getSessionStatus(pub, k.account, session);
  out.statusCall = record.calls.find((c) => c.data.startsWith("0x59130708"));
  out.periodIds = k.periodQueries.map((q) => {
    try {
      return internal.getPeriodIdsForTransaction({
        sessionConfig: session, target: q.target, selector: q.selector, timestamp: BigInt(q.timestamp),
      }).map(String);
    } catch (e) {
      return String(e.message);
    }
  });
  out.hookData = k.periodQueries.map((q) => {
    try {
      const ids = internal.getPeriodIdsForTransaction({
        sessionConfig: session, target: q.target, selector: q.selector, timestamp: BigInt(q.timestamp),
      });
      return internal.encodeSessionWithPeriodIds(session, ids);
    } catch {
      return null;
    }
  });
  if (k.chainId === abstract.id) {
    out.registry = await registryCalls({ ...k, created: k.session, statuses: [] });
  }
  return out;
}

async function signCase(k) {
  const session = revive(k.session);
  const realNow = Date.now;
  Date.now = () => k.nowMs;
  try {
    const client = sessionClient({ ...k, session });
    if (k.typedData) {
      return { result: await client.signTypedData(k.typedData) };
    }
    const t = k.tx;
    return {
      result: await client.signTransaction({
        to: t.to, data: t.data, value: big(t.value), nonce: Number(t.nonce), gas: big(t.gas),
        maxFeePerGas: big(t.maxFeePerGas), maxPriorityFeePerGas: big(t.maxPriorityFeePerGas),
        gasPerPubdata: big(t.gasPerPubdata), paymaster: t.paymaster, paymasterInput: t.paymasterInput,
        factoryDeps: t.factoryDeps,
      }),
    };
  } finally {
    Date.now = realNow;
  }
}

async function errorCases(e) {
  const out = {};
  // assertSessionKeyPolicies, reached through its public path: a session
  // client on mainnet signing a createSession call.
  out.registry = [];
  for (const k of e.registry) out.registry.push(await registryCalls(k));
  // sessionClient.signTypedData with typed data that is not a transaction.
  const k = e.typedData;
  const client = sessionClient({ ...k, session: revive(k.session) });
  out.typedData = await messageOf(() => client.signTypedData(k.typedData));
  // viem's encoder on malformed selectors, refValues and addresses.
  out.encode = [];
  for (const s of e.encode) out.encode.push(await messageOf(() => encodeSession(revive(s))));
  return out;
}

const input = JSON.parse(readFileSync(0, "utf8"));
const output = {
  validator: SESSION_KEY_VALIDATOR_ADDRESS,
  registry: SESSION_KEY_POLICY_REGISTRY_ADDRESS,
  configs: [],
  signs: [],
  errors: await errorCases(input.errors),
  approvalBasedSelector: getApprovalBasedPaymasterInput({
    innerInput: "0x", minAllowance: 1n, token: "0x0000000000000000000000000000000000000001",
  }).slice(0, 10),
};
for (const k of input.configs) output.configs.push(await configCase(k));
for (const k of input.signs) output.signs.push(await signCase(k));
process.stdout.write(JSON.stringify(output));
