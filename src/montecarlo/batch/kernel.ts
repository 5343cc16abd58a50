/**
 * The batched engine's WebAssembly kernel (batch.wat, assembled into
 * batch-wasm.ts by scripts/build-batch-wasm.ts): exp and log bit-identical
 * to V8's `Math.exp` and `Math.log`, one value or two lanes at a time, and
 * the device market's nested logit over a batch of runs. Compiled
 * synchronously the first time it is wanted, once per module; each
 * instance owns a memory that never grows (so views on it stay valid).
 * Where `WebAssembly` is missing or does not validate the module (no
 * SIMD), `createBatchKernel` gives `undefined` and the caller keeps its
 * JavaScript. Plain ECMAScript: no file reads, nothing Node-only.
 */
import { compileKernel, decodeBase64, instantiateKernel } from '../wasm/kernel.js';
import { BATCH_WASM } from './batch-wasm.js';

/**
 * One instance of the kernel and its memory. Addresses are byte offsets in
 * `memory`, 16-byte aligned for the two-lane forms; counts of values.
 *
 * @example
 * const k = createBatchKernel(1 << 16)!;
 * k.exp(1); // => 2.718281828459045, as Math.exp(1)
 * new Float64Array(k.memory.buffer, 0, 2).set([0.5, -3]);
 * k.expSimd(0, 16, 2); // memory at 16: [Math.exp(0.5), Math.exp(-3)]
 */
export interface BatchKernel {
  readonly memory: WebAssembly.Memory;
  /** Math.exp(x), bit for bit. */
  exp(x: number): number;
  /** Math.log(x), bit for bit. */
  log(x: number): number;
  /** dst[i] = Math.exp(src[i]) for i < count, one value at a time. */
  expScalar(src: number, dst: number, count: number): void;
  /** The same two at a time (count even). */
  expSimd(src: number, dst: number, count: number): void;
  /** dst[i] = Math.log(src[i]) for i < count, one value at a time. */
  logScalar(src: number, dst: number, count: number): void;
  /** The same two at a time (count even). */
  logSimd(src: number, dst: number, count: number): void;
  /**
   * `deviceChoice` of model/world/devices.ts over `B` runs (B even) of a
   * market of `n` brands and `K` tiers, each array a row of B doubles per
   * slot (`[slot][run]`, rows `B * 8` bytes apart) at the given address:
   * reads util (n rows), alpha (n·K, slot j·K + k), tierUtil (K), active
   * (n rows of 1 or 0), lambda and gamma (one row each); writes cond (n·K),
   * inclusive (K), tierProb ((K+1)·K, slot s·K + k) and dest ((K+1)·n, slot s·n + j).
   */
  deviceChoice(
    n: number, K: number, B: number, util: number, alpha: number, tierUtil: number, active: number, lambda: number, gamma: number,
    cond: number, inclusive: number, tierProb: number, dest: number,
  ): void;
}

/** The compiled kernel (a deliberate cache: compiled once, shared): undefined until first wanted, null where unavailable. */
let compiled: WebAssembly.Module | null | undefined;
/** Whether this engine's Math.exp and Math.log are the kernel's (a deliberate cache, as `compiled`): undefined until checked. */
let agrees: boolean | undefined;

/**
 * Whether a kernel's exp and log give the bits of this engine's Math.exp
 * and Math.log on 3 × 128 probes: spread over [-50, 0] and [-700, 700]
 * for exp, [1, 20] and 10^±300 for log. The kernel ports fdlibm as V8 11
 * (Node 20) runs it; an engine whose Math.exp or Math.log is another
 * function (correctly rounded, as V8's log after its move to LLVM's libc;
 * or fdlibm compiled with fused multiply-adds) differs from fdlibm on
 * some of them: a correctly rounded log on 4.6 % of [1, 20], exp on 9.6 %
 * of [-50, 0] (measured against 60-digit values), so 128 probes miss such
 * a log with a probability about 10^-3, such an exp about 10^-6.
 *
 * @example
 * mathAgrees(kernel); // => true on Node 20
 */
export function mathAgrees(kernel: Pick<BatchKernel, 'exp' | 'log'>): boolean {
  for (let i = 0; i < 128; i++) {
    const u = (i + 0.3819660112501051) / 128;
    const xs = [-50 * u, 1400 * u - 700], ys = [1 + 19 * u, 10 ** (600 * u - 300)];
    if (xs.some((x) => !Object.is(kernel.exp(x), Math.exp(x))) || ys.some((y) => !Object.is(kernel.log(y), Math.log(y)))) return false;
  }
  return true;
}

/**
 * A new instance of the kernel with a fixed memory of at least `bytes`
 * bytes, or `undefined` where the kernel or the memory cannot be had, or
 * where this engine's Math.exp or Math.log is not the kernel's (see
 * {@link mathAgrees}; checked once).
 *
 * @example
 * createBatchKernel(3 * 2 ** 16)?.memory.buffer.byteLength; // => 196608
 * createBatchKernel(2 ** 40); // => undefined
 */
export function createBatchKernel(bytes: number): BatchKernel | undefined {
  if (compiled === undefined) compiled = compileKernel(decodeBase64(BATCH_WASM)) ?? null;
  const instance = compiled === null ? undefined : instantiateKernel(compiled, bytes);
  if (!instance) return undefined;
  const x = instance.exports as unknown as Omit<BatchKernel, 'memory'>;
  if (agrees === undefined) agrees = mathAgrees(x);
  if (!agrees) return undefined;
  return {
    memory: instance.memory, exp: x.exp, log: x.log, expScalar: x.expScalar, expSimd: x.expSimd, logScalar: x.logScalar, logSimd: x.logSimd,
    deviceChoice: x.deviceChoice,
  };
}
