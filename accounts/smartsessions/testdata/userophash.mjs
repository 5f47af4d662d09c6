// Differential oracle for accounts/smartsessions' userOpHash: viem's
// getUserOperationHash (viem/account-abstraction) for EntryPoint v0.7 and
// v0.8. Reads one JSON document on stdin, writes one on stdout. Offline.
//
// Input:  { cases: [{ userOperation, entryPointVersion, entryPointAddress?, chainId }] }
//         quantities in userOperation are decimal strings; an absent
//         entryPointAddress means viem's canonical one for the version.
// Output: { hashes: [hex], entryPoints: [address] }
import {
  entryPoint07Address,
  entryPoint08Address,
  getUserOperationHash,
} from 'viem/account-abstraction'

const quantities = [
  'nonce',
  'callGasLimit',
  'verificationGasLimit',
  'preVerificationGas',
  'maxFeePerGas',
  'maxPriorityFeePerGas',
  'paymasterVerificationGasLimit',
  'paymasterPostOpGasLimit',
]

const input = JSON.parse(await readStdin())
const output = { hashes: [], entryPoints: [] }
for (const c of input.cases) {
  const userOperation = { ...c.userOperation }
  for (const k of quantities) {
    if (userOperation[k] !== undefined) userOperation[k] = BigInt(userOperation[k])
  }
  const entryPointAddress =
    c.entryPointAddress ?? (c.entryPointVersion === '0.8' ? entryPoint08Address : entryPoint07Address)
  output.entryPoints.push(entryPointAddress)
  output.hashes.push(
    getUserOperationHash({
      userOperation,
      entryPointAddress,
      entryPointVersion: c.entryPointVersion,
      chainId: Number(c.chainId),
    }),
  )
}
process.stdout.write(JSON.stringify(output))

async function readStdin() {
  const chunks = []
  for await (const chunk of process.stdin) chunks.push(chunk)
  return Buffer.concat(chunks).toString('utf8')
}
