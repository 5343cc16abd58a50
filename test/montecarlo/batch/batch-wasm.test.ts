/**
 * The batch kernel's exp and log (src/montecarlo/batch/batch.wat): its
 * committed bytes are the assembled batch.wat, and its exp and log give the
 * bits of V8's Math.exp and Math.log — one value at a time or two lanes at
 * once, on any double (fast-check), on the ranges the model feeds them
 * (utility differences over λ in [-50, 0], sums of a logit in [1, 20]) and
 * on the edges of fdlibm's branches (signed zeros, subnormals, infinities,
 * NaN, the overflow and underflow thresholds, |x| near k·ln2/2, the
 * boundaries of the reductions), two-lane pairs mixing a lane of the fast
 * path with one of the scalar fallback.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BATCH_MODULE_FILE, BATCH_WAT_FILE, batchModuleSource } from '../../../scripts/build-batch-wasm.js';
import { assemble } from '../../../scripts/build-wasm.js';
import { BATCH_WASM } from '../../../src/montecarlo/batch/batch-wasm.js';
import { createBatchKernel, mathAgrees } from '../../../src/montecarlo/batch/kernel.js';
import { decodeBase64 } from '../../../src/montecarlo/wasm/kernel.js';

const kernel = createBatchKernel(1 << 20)!;
const memory = new Float64Array(kernel.memory.buffer);
/** Values per call of the array forms: three arrays (in, scalar out, two-lane out) fit the memory. */
const MAX = (1 << 20) / 8 / 3 - 2;

/** The double of 64 bits. */
const fromBits = (bits: bigint) => new Float64Array(new BigUint64Array([BigInt.asUintN(64, bits)]).buffer)[0];
/** The bits of a double. */
const bitsOf = (x: number) => new BigUint64Array(new Float64Array([x]).buffer)[0];
/** The doubles `steps` ulps either side of x (same sign), x included. */
const around = (x: number, steps = 2) => Array.from({ length: 2 * steps + 1 }, (_, i) => fromBits(bitsOf(x) + BigInt(i - steps)));

const LN2 = Math.LN2;
const EXP_EDGES = [
  0, -0, 1, -1, 2, 0.5, Infinity, -Infinity, NaN, Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, -Number.MIN_VALUE,
  2 ** -1022, -(2 ** -1022), 2 ** -1022 - Number.MIN_VALUE, -1e-310,
  ...around(7.09782712893383973096e+2, 3), ...around(-7.45133219101941108420e+2, 3), // overflow, underflow thresholds
  ...around(fromBits(0x40862e4200000000n)), ...around(-fromBits(0x40862e4200000000n)), // |x| >= 709.78 (high word 0x40862E42)
  ...around(704), ...around(-704), // the two-lane fast path's limit
  ...around(1024 * LN2), ...around(-1021 * LN2), ...around(-1022 * LN2), ...around(-1074 * LN2), ...around(-1075 * LN2), // k = 1024, -1021, …
  ...around(fromBits(0x3fd62e42fefa39efn)), ...around(fromBits(0x3fd62e4300000000n)), ...around(-fromBits(0x3fd62e4300000000n)), // 0.5 ln2
  ...around(fromBits(0x3ff0a2b200000000n)), ...around(-fromBits(0x3ff0a2b200000000n)), ...around(1.5 * LN2), ...around(-1.5 * LN2), // 1.5 ln2
  ...around(2 ** -28), ...around(-(2 ** -28)), ...around(1), ...around(-1),
  // near k ln2 / 2: where the reduction's k changes
  ...Array.from({ length: 161 }, (_, i) => (i - 100) * LN2 / 2).flatMap((x) => around(x, 1)),
];
const LOG_EDGES = [
  0, -0, 1, -1, 2, 0.5, Infinity, -Infinity, NaN, Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, -Number.MIN_VALUE,
  2 ** -1022, 2 ** -1022 - Number.MIN_VALUE, 1e-310, 3e-320, -1e-310, -(2 ** -1022),
  ...around(1, 4), ...around(1 + 2 ** -20), ...around(1 - 2 ** -20), ...around(2), ...around(0.5), ...around(Math.SQRT2), ...around(Math.SQRT1_2),
  ...around(20), ...around(2 ** 1023), ...around(2 ** -1022 * 1.5),
  // the mantissa boundaries of e_log.c: 0x95F64 (normalise x or x/2), 0x6147A and 0x6B851 (the two forms of log(1+f))
  // and around 0xFFFFF and 1 (|f| < 2^-20 where ((2 + hx) & 0xFFFFF) < 3), each ± 1, with 64 low words: the forms agree on most values
  ...[0x6a09c, 0x6147a, 0x6b851, 0xfffff, 1].flatMap((m) => [-1, 0, 1].flatMap((d) => [0x3ff, 0x400, 0x3fe, 0x7fe, 0x001].flatMap((e) =>
    Array.from({ length: 64 }, (_, i) => fromBits((BigInt(e) << 52n) | (BigInt(m + d) << 32n) | BigInt((Math.imul(i, 0x9e3779b1) >>> 0) * (i & 1))))))),
  // |f| < 2^-20 where fdlibm's small form and its general form s (f - R) round differently (found by search)
  0.9999991038106933, 0.9999990950405151, 0.9999991388380468, 1.0000007830762496, 1.0000008884721165, 1.0000004186496174,
  // 1 ± f with |f| about 2^-20, where ((2 + hx) & 0xFFFFF) < 3
  ...[0x3ff00000, 0x3ff00001, 0x3fefffff, 0x3feffffe, 0x3ff00002, 0x400fffff].map((hx) => fromBits(BigInt(hx) << 32n)),
];

/** Each of `xs` through the kernel's scalar function, its scalar array loop and its two-lane loop (odd counts padded). */
function throughKernel(kind: 'exp' | 'log', xs: readonly number[]): { one: number[]; scalar: number[]; simd: number[] } {
  const count = xs.length + (xs.length & 1), out = { one: [] as number[], scalar: [] as number[], simd: [] as number[] };
  for (let from = 0; from < count; from += MAX) {
    const part = xs.slice(from, from + MAX), c = part.length + (part.length & 1);
    memory.fill(0, 0, 3 * c);
    memory.set(part, 0);
    if (kind === 'exp') { kernel.expScalar(0, c * 8, c); kernel.expSimd(0, 2 * c * 8, c); } else { kernel.logScalar(0, c * 8, c); kernel.logSimd(0, 2 * c * 8, c); }
    for (let i = 0; i < part.length; i++) {
      out.one.push(kind === 'exp' ? kernel.exp(part[i]) : kernel.log(part[i]));
      out.scalar.push(memory[c + i]);
      out.simd.push(memory[2 * c + i]);
    }
  }
  return out;
}

/** The values among xs where a kernel form differs from Math's function (Object.is: signed zeros count; any NaN is NaN). */
function mismatches(kind: 'exp' | 'log', xs: readonly number[]): Array<{ x: number; form: string; got: number; want: number }> {
  const f = kind === 'exp' ? Math.exp : Math.log, got = throughKernel(kind, xs), bad = [];
  for (let i = 0; i < xs.length; i++) {
    const want = f(xs[i]);
    for (const form of ['one', 'scalar', 'simd'] as const) if (!Object.is(got[form][i], want)) bad.push({ x: xs[i], form, got: got[form][i], want });
  }
  return bad;
}

describe('the batch kernel module', () => {
  it('is batch.wat as assembled', async () => {
    const bytes = await assemble(readFileSync(BATCH_WAT_FILE, 'utf8'), 'batch.wat');
    expect(Buffer.from(decodeBase64(BATCH_WASM)).equals(Buffer.from(bytes))).toBe(true);
    expect(readFileSync(BATCH_MODULE_FILE, 'utf8')).toBe(batchModuleSource(bytes));
  });

  afterEach(() => { vi.restoreAllMocks(); });

  it('finds that this engine\'s Math.exp and Math.log are its own, and not an engine\'s whose exp or log rounds otherwise', () => {
    expect(mathAgrees(kernel)).toBe(true);
    // Another exp or log (here: a result one ulp off wherever its last bit is set) is found.
    const exp = Math.exp, log = Math.log, nudge = (y: number) => (bitsOf(y) & 1n ? fromBits(bitsOf(y) + 1n) : y);
    vi.spyOn(Math, 'exp').mockImplementation((x) => nudge(exp(x)));
    expect(mathAgrees(kernel)).toBe(false);
    vi.restoreAllMocks();
    vi.spyOn(Math, 'log').mockImplementation((x) => nudge(log(x)));
    expect(mathAgrees(kernel)).toBe(false);
  });

  it('gives no kernel for a memory past 2^31 bytes', () => {
    expect(createBatchKernel(2 ** 31 + 1)).toBeUndefined();
    expect(createBatchKernel(65536)?.memory.buffer.byteLength).toBe(65536);
  });
});

describe.each(['exp', 'log'] as const)('the kernel\'s %s', (kind) => {
  const edges = kind === 'exp' ? EXP_EDGES : LOG_EDGES;

  it('computes (a check that compares nothing cannot fail)', () => {
    // The kernel's functions are not the identity nor a constant: they compute what Math's do.
    expect(throughKernel(kind, [0.25, 3]).simd).toEqual([Math[kind](0.25), Math[kind](3)]);
    expect(kernel[kind](0.25)).not.toBe(kernel[kind](3));
    // exp(1) is fdlibm's special case (E); without it the algorithm's last bit would differ.
    if (kind === 'exp') expect(kernel.exp(1)).toBe(Math.E);
  });

  it('gives Math\'s bits on the edges of fdlibm\'s branches, alone and in two lanes with a lane of the fast path or of the fallback', () => {
    expect(mismatches(kind, edges)).toEqual([]);
    const partners = [0.3, -2.5, 7, 1e-300, NaN, -0, Infinity, -Infinity, 800, -800, -1e-310, 1e-310, 1, 0];
    const pairs = edges.flatMap((a) => partners.flatMap((b) => [a, b, b, a]));
    expect(mismatches(kind, pairs)).toEqual([]);
  });

  it('gives Math\'s bits on any double', () => {
    fc.assert(fc.property(fc.array(fc.double(), { minLength: 1, maxLength: 64 }), (xs) => {
      expect(mismatches(kind, xs)).toEqual([]);
    }), { seed: 14, numRuns: 2000 });
  });

  it('gives Math\'s bits on the range the model feeds it', () => {
    const range = kind === 'exp' ? { min: -50, max: 0 } : { min: 1, max: 20 };
    fc.assert(fc.property(fc.array(fc.double({ ...range, noNaN: true }), { minLength: 1, maxLength: 64 }), (xs) => {
      expect(mismatches(kind, xs)).toEqual([]);
    }), { seed: 14, numRuns: 2000 });
    // And a dense sweep: 10^5 evenly spread values and their neighbours.
    const sweep = Array.from({ length: 100_000 }, (_, i) => range.min + (range.max - range.min) * (i + 0.5) / 100_000).flatMap((x) => around(x, 1));
    expect(mismatches(kind, sweep)).toEqual([]);
  });

  it('gives Math\'s bits across the exponents (any sign, |x| from 2^-1074 to 2^1023)', () => {
    fc.assert(fc.property(fc.array(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), { minLength: 1, maxLength: 64 }), (bits) => {
      expect(mismatches(kind, bits.map(fromBits))).toEqual([]);
    }), { seed: 14, numRuns: 2000 });
  });
});
