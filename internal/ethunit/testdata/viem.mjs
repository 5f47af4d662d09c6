// Oracle for package ethunit: viem's formatEther of each amount. Reads
// {"wei":["decimal", ...]} on stdin, writes {"ether":["...", ...]}.
import { formatEther } from 'viem'

let s = ''
process.stdin.setEncoding('utf8')
for await (const chunk of process.stdin) s += chunk
const { wei } = JSON.parse(s)
process.stdout.write(JSON.stringify({ ether: wei.map((w) => formatEther(BigInt(w))) }))
