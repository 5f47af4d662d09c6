// Differential oracle for package ethsign: computes with viem what the Go
// code computes, so the Go test compares against the real library at test
// time. Reads {"cases":[...]} on stdin, writes {"results":[...]} on stdout.
// Offline: only local node_modules are used.
import {
  hashMessage,
  hashTypedData,
  keccak256,
  serializeTransaction,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'

const input = JSON.parse(await new Promise((resolve, reject) => {
  let s = ''
  process.stdin.setEncoding('utf8')
  process.stdin.on('data', (c) => { s += c })
  process.stdin.on('end', () => resolve(s))
  process.stdin.on('error', reject)
}))

// JSON carries integers as decimal or hex strings; viem wants bigint for
// intN/uintN values. Walk the value along its EIP-712 type and convert.
const integerRE = /^u?int[0-9]+$/
function convert(types, type, value) {
  if (value === undefined || value === null) return value
  if (type.endsWith(']')) {
    const inner = type.slice(0, type.lastIndexOf('['))
    return value.map((v) => convert(types, inner, v))
  }
  if (Object.hasOwn(types, type)) {
    const out = { ...value }
    for (const f of types[type]) out[f.name] = convert(types, f.type, value[f.name])
    return out
  }
  if (integerRE.test(type)) return BigInt(value)
  return value
}

const standardDomain = [
  { name: 'name', type: 'string' },
  { name: 'version', type: 'string' },
  { name: 'chainId', type: 'uint256' },
  { name: 'verifyingContract', type: 'address' },
  { name: 'salt', type: 'bytes32' },
]

function typedDataForViem(td) {
  const types = { EIP712Domain: standardDomain, ...td.types }
  const out = { types: td.types, primaryType: td.primaryType }
  if (td.domain !== undefined) out.domain = convert(types, 'EIP712Domain', td.domain)
  if (td.primaryType !== 'EIP712Domain') out.message = convert(types, td.primaryType, td.message)
  return out
}

function txForViem(tx) {
  const chainId = BigInt(tx.chainId)
  const out = { type: 'eip1559', chainId: chainId <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(chainId) : chainId }
  for (const k of ['value', 'gas', 'maxFeePerGas', 'maxPriorityFeePerGas', 'nonce']) {
    if (tx[k] !== undefined && tx[k] !== null) out[k] = BigInt(tx[k])
  }
  // viem types nonce as a number; keep a bigint where a number would round.
  if (out.nonce !== undefined && out.nonce <= BigInt(Number.MAX_SAFE_INTEGER)) out.nonce = Number(out.nonce)
  if (tx.to) out.to = tx.to
  const data = tx.data ?? tx.input
  if (data !== undefined) out.data = data
  if (tx.accessList !== undefined) out.accessList = tx.accessList
  return out
}

const results = []
for (const c of input.cases) {
  const account = privateKeyToAccount(c.privateKey)
  const r = { address: account.address }
  switch (c.kind) {
    case 'hash':
      r.hash = c.hash
      r.signature = await account.sign({ hash: c.hash })
      break
    case 'message':
      r.hash = hashMessage(c.message)
      r.signature = await account.signMessage({ message: c.message })
      break
    case 'typedData': {
      const td = typedDataForViem(c.typedData)
      r.hash = hashTypedData(td)
      r.signature = await account.signTypedData(td)
      break
    }
    case 'transaction': {
      const tx = txForViem(c.transaction)
      r.hash = keccak256(serializeTransaction(tx))
      r.serialized = await account.signTransaction(tx)
      break
    }
    default:
      throw new Error(`unknown case kind ${c.kind}`)
  }
  results.push(r)
}
process.stdout.write(JSON.stringify({ results }))
