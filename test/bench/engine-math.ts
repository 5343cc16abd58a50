/**
 * Which exp and log this JavaScript engine's Math.exp and Math.log are:
 * on 10^5 arguments spread over [-50, 0] (exp) and [1, 20] (log), how many
 * give the bits of the batch kernel's fdlibm ports (V8 11, Node 20), and of
 * 4,000 of them how many are the correctly rounded value (60 significant
 * digits with mathjs's BigNumber). Prints whether the batch kernel is
 * usable here (`mathAgrees`). Runs in Node and in Deno:
 *
 *   npx tsx test/bench/engine-math.ts
 *   node_modules/.bin/deno run --sloppy-imports --allow-read --allow-env test/bench/engine-math.ts
 *
 * Measured: Node 20.20 (V8 11.3) agrees with fdlibm on all of them and is
 * correctly rounded on 90.3 % (exp) and 95.4 % (log); Deno 2.9.6 (V8 15.0)
 * is correctly rounded on all of them and agrees with fdlibm on 90.2 %
 * (exp) and 95.1 % (log): the two engines' Math.exp and Math.log differ.
 */
import { all, create } from 'mathjs';
import { BATCH_WASM } from '../../src/montecarlo/batch/batch-wasm.js';
import { mathAgrees } from '../../src/montecarlo/batch/kernel.js';
import { decodeBase64 } from '../../src/montecarlo/wasm/kernel.js';

const memory = new WebAssembly.Memory({ initial: 1, maximum: 1 });
const kernel = new WebAssembly.Instance(new WebAssembly.Module(decodeBase64(BATCH_WASM)), { env: { memory } }).exports as unknown as
  { exp(x: number): number; log(x: number): number };
const math = create(all, { number: 'BigNumber', precision: 60 });

/** The exact decimal value of a double (so the BigNumber is the double itself, not its shortest form). */
function exactDecimal(x: number): string {
  const b = new BigUint64Array(new Float64Array([x]).buffer)[0];
  const sign = b >> 63n ? '-' : '', e = Number((b >> 52n) & 0x7ffn);
  const m = (b & ((1n << 52n) - 1n)) | (e ? 1n << 52n : 0n), p = e ? e - 1075 : -1074;
  if (p >= 0) return sign + (m << BigInt(p)).toString();
  const digits = (m * 5n ** BigInt(-p)).toString().padStart(-p + 1, '0');
  return `${sign}${digits.slice(0, digits.length + p)}.${digits.slice(digits.length + p)}`;
}

const deno = (globalThis as { Deno?: { version: { deno: string; v8: string } } }).Deno;
const engine = deno ? `Deno ${deno.version.deno} (V8 ${deno.version.v8})` : `Node ${process.versions.node} (V8 ${process.versions.v8})`;
console.log(engine);
for (const [name, lo, hi] of [['exp', -50, 0], ['log', 1, 20]] as const) {
  const f = name === 'exp' ? Math.exp : Math.log, port = name === 'exp' ? kernel.exp : kernel.log, exact = name === 'exp' ? math.exp : math.log;
  let fdlibm = 0, rounded = 0;
  for (let i = 0; i < 100_000; i++) { const x = lo + (hi - lo) * (i + 0.5) / 100_000; if (Object.is(port(x), f(x))) fdlibm++; }
  for (let i = 0; i < 4000; i++) {
    const x = lo + (hi - lo) * (i + 0.37) / 4000;
    if (Number(exact(math.bignumber(exactDecimal(x))).toString()) === f(x)) rounded++;
  }
  console.log(`Math.${name}: fdlibm's bits on ${fdlibm} of 100000 arguments in [${lo}, ${hi}]; correctly rounded on ${rounded} of 4000`);
}
console.log(`the batch kernel is ${mathAgrees(kernel) ? 'usable' : 'not usable (its exp and log are not this engine\'s)'} here`);
