// Argon2id by hash-wasm (a WebAssembly build of the reference C code), for
// keystore's DeriveKey differential test.
//
// stdin:  {"cases": [{"secret": hex, "salt": hex, "memoryKiB", "time", "threads"}]}
// stdout: {"keys": [hex, ...]}
//
// The salt is the vault's raw salt; the vault-key label of the keystore
// format is prepended here, written out independently of the Go constant.
import { argon2id } from 'hash-wasm';

const label = new TextEncoder().encode('sessionsigner.v1/argon2id-vault-key\0');

const fromHex = (h) => Uint8Array.from(h.match(/../g) ?? [], (b) => parseInt(b, 16));

process.stdin.setEncoding('utf8');
let text = '';
for await (const chunk of process.stdin) text += chunk;
const { cases } = JSON.parse(text);

const keys = [];
for (const c of cases) {
  const salt = new Uint8Array([...label, ...fromHex(c.salt)]);
  keys.push(
    await argon2id({
      password: fromHex(c.secret),
      salt,
      memorySize: c.memoryKiB,
      iterations: c.time,
      parallelism: c.threads,
      hashLength: 32,
      outputType: 'hex',
    }),
  );
}
process.stdout.write(JSON.stringify({ keys }));
