/**
 * The summaries' WebAssembly kernel (src/montecarlo/wasm): its committed
 * bytes are the assembled summary.wat, its bins are those of the JavaScript
 * drains for any double, and summaries drained by it hold bit for bit the
 * state of summaries drained in JavaScript, whatever the layout (odd
 * numbers of cells), the values (bin edges, signed zeros, subnormals,
 * negatives in positive metrics, shares past 1), the buffer fills, the
 * block boundaries and the merges.
 */
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MODULE_FILE, WAT_FILE, assemble, moduleSource } from '../../scripts/build-wasm.js';
import { BLOCK_RUNS } from '../../src/montecarlo/exact.js';
import { UNIT_BINS, positiveBin } from '../../src/montecarlo/histogram.js';
import { histogramKindOf, type MarketLayout, type SummaryState } from '../../src/montecarlo/layout.js';
import { Summary } from '../../src/montecarlo/summary.js';
import { compileKernel, createSummaryKernel, decodeBase64, summaryKernelAvailable } from '../../src/montecarlo/wasm/kernel.js';
import { SUMMARY_WASM } from '../../src/montecarlo/wasm/summary-wasm.js';

/** A small deterministic generator (LCG). */
function generator(seed: number): () => number {
  let s = seed >>> 0;
  return () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 2 ** 32; };
}

const ULP1 = 2 ** -52;
/** Values on the edges: bins, signs, exponents, the kernel's wrapping limit 2^20 of unit bins. */
const EDGES = [
  0, -0, 1, 1 - ULP1 / 2, 1 + ULP1, 1 + 1e-9, 1.5, 2047 / 2048, 2047 / 2048 - ULP1, 1 / 2048, 1 / 2048 - 2 ** -70, 0.5, 0.25, 3 / 2048,
  2 ** -16, 2 ** -16 - 2 ** -69, 2 ** -16 + 2 ** -68, 2 ** -17, 2 ** 24, 2 ** 24 - 2 ** -29, 2 ** 24 + 2, 2 ** 23, 2 ** -1,
  5e-324, 2 ** -1022, 2 ** -1022 - 5e-324, 1e-310, -5e-324, -1e-310, -1, -0.5, -(2 ** -16), -(2 ** 24), -1e-9,
  2 ** 20, 2 ** 20 - 2 ** -32, 2 ** 20 + 0.5, -(2 ** 20), -(2 ** 20) + 2 ** -32, -(2 ** 20) - 0.5, -1.5e6, -(2 ** 21) + 0.25, -3e6,
  2 ** 21, 2 ** 21 + 0.5, 2 ** 22 + 2 ** -10, 1e6, -1e6, 3e6, 2 ** 30, -(2 ** 30),
  3.999999, 1 + 1 / 128, 1 + 63 / 64, 1 + 1 / 64 - ULP1,
];

/** A value of a metric of kind `kind`: mostly typical, sometimes an edge (`edges` of the time), or an exact power of two. */
function sample(random: () => number, kind: string, edges: number): number {
  const r = random();
  if (r < edges) return EDGES[Math.floor(random() * EDGES.length)];
  if (r < edges * 1.3) return (random() < 0.2 ? -1 : 1) * 2 ** (Math.floor(random() * 50) - 24);
  if (kind === 'unit') return r < 0.9 ? random() : random() * 1.5 - 0.25;
  if (kind === 'positive') return (random() < 0.05 ? -1 : 1) * Math.exp(random() * 30 - 12);
  return (random() < 0.5 ? -1 : 1) * Math.exp(random() * 30 - 12);
}

const POOL = ['share', 'installedBaseShare', 'outages', 'users', 'sales', 'load', 'lead', 'gap'];

/** A layout from drawn sizes: `T1` steps, markets of `agents[i]` agents, metrics from `metrics[i]` (bit mask over POOL). */
function layoutOf(T1: number, agents: number[], metrics: number[]): { dates: string[]; markets: MarketLayout[] } {
  return {
    dates: Array.from({ length: T1 }, (_, t) => `20${25 + Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`),
    markets: agents.map((n, i) => ({
      id: `m${i}`, name: `M${i}`, kind: 'devices' as const,
      agents: Array.from({ length: n }, (_, j) => `a${j}`),
      metrics: POOL.filter((_, j) => metrics[i] & (1 << j)).concat(metrics[i] & 0xff ? [] : ['share']),
    })),
  };
}

function values(random: () => number, markets: MarketLayout[], T1: number, edges: number): Float64Array[][] {
  return markets.map((m) => m.metrics.map((k) => Float64Array.from({ length: m.agents.length * T1 }, () => sample(random, histogramKindOf(k), edges))));
}

/** A summary drained by the kernel (`wasm`) or in JavaScript. */
function summary(wasm: boolean, dates: string[], markets: MarketLayout[]): Summary {
  return new Summary(dates, markets, true, wasm);
}

/** Does `s` drain with the kernel (after its first add)? */
const usesKernel = (s: Summary) => (s as unknown as { kernel?: object }).kernel !== undefined;

/**
 * A state as plain data: its typed arrays by their bytes (so −0, +0 and
 * every bit count), hashed, the rest as it is.
 */
function plain(state: SummaryState): string {
  return JSON.stringify(state, (_, x) => (ArrayBuffer.isView(x)
    ? `${x.constructor.name}:${createHash('sha256').update(new Uint8Array(x.buffer, x.byteOffset, x.byteLength)).digest('hex')}`
    : x));
}

afterEach(() => { vi.unstubAllGlobals(); });

describe('the kernel module', () => {
  it('is summary.wat assembled (npm run build:wasm): the committed bytes and module are those wabt makes now', async () => {
    const bytes = await assemble(readFileSync(WAT_FILE, 'utf8'));
    expect(decodeBase64(SUMMARY_WASM)).toEqual(bytes);
    expect(readFileSync(MODULE_FILE, 'utf8')).toBe(moduleSource(bytes));
  });

  it('decodes base64 as Node does', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
      expect(decodeBase64(Buffer.from(bytes).toString('base64'))).toEqual(bytes);
    }));
  });

  it('compiles here (Node has SIMD), and is left out where WebAssembly is missing or does not validate it', () => {
    expect(summaryKernelAvailable()).toBe(true);
    expect(compileKernel(decodeBase64(SUMMARY_WASM))).toBeInstanceOf(WebAssembly.Module);
    expect(compileKernel(Uint8Array.of(0, 97, 115, 109, 1, 0, 0, 0, 99))).toBeUndefined();
    vi.stubGlobal('WebAssembly', undefined);
    expect(compileKernel(decodeBase64(SUMMARY_WASM))).toBeUndefined();
  });

  it('summaries use it when enabled, keep the JavaScript drains when not, and without histograms', () => {
    const { dates, markets } = layoutOf(3, [2], [0b1001]);
    const v = values(generator(1), markets, 3, 0);
    const [w, j] = [summary(true, dates, markets), summary(false, dates, markets)];
    const flat = new Summary(dates, markets, false);
    for (const s of [w, j, flat]) s.add(0, v);
    expect([usesKernel(w), usesKernel(j), usesKernel(flat)]).toEqual([true, false, false]);
  });

  it('bins any double as the JavaScript drains do (unit: ⌊2048 v⌋ with ToInt32 wrapping, clamped; positive: positiveBin)', () => {
    const kernel = createSummaryKernel(1 << 16)!;
    const double = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.constantFrom(...EDGES, 1e300, -1e300, 2 ** 31 / 2048, 2 ** 32 / 2048, 2 ** 52, 2 ** 84, 8.8e304, -8.8e304, Number.MAX_VALUE, -Number.MAX_VALUE),
      fc.integer({ min: -(2 ** 20), max: 2 ** 21 }).map((k) => k / 2048),
      fc.integer({ min: -(2 ** 34), max: 2 ** 34 }).map((k) => k / 2048),
    );
    fc.assert(fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 9 }), fc.array(double, { minLength: 45, maxLength: 45 }), (nT, count, xs) => {
      for (const kind of ['unit', 'positive'] as const) {
        const memory = kernel.memory.buffer, f64 = new Float64Array(memory), u16 = new Uint16Array(memory);
        // Values at 0 (count rows of nT), accumulators at 1024 (6 arrays of 8), bins at 2048 (rows of 16).
        for (let s = 0; s < count; s++) for (let c = 0; c < nT; c++) f64[s * nT + c] = xs[(s * nT + c) % xs.length];
        for (let c = 0; c < 8; c++) { f64[128 + c] = 0; f64[136 + c] = 0; f64[144 + c] = Infinity; f64[152 + c] = -Infinity; f64[160 + c] = 0; f64[168 + c] = 0; }
        u16.fill(7, 1024, 1024 + 8 * 16);
        kernel[kind](0, nT, count, 1024, 64, 2048, 32);
        for (let c = 0; c < nT; c++) {
          let lo = Infinity, hi = -Infinity, np = 0, nn = 0;
          for (let s = 0; s < count; s++) {
            const v = f64[s * nT + c], b0 = (v * UNIT_BINS) | 0;
            const bin = kind === 'unit' ? (b0 > UNIT_BINS - 1 ? UNIT_BINS - 1 : b0 < 0 ? 0 : b0) : positiveBin(v);
            expect(u16[1024 + c * 16 + s], `${kind} bin of ${v}`).toBe(bin);
            if (v < lo) lo = v;
            if (v > hi) hi = v;
            if (v > 0) np++; else if (v < 0) nn++;
          }
          expect(u16[1024 + c * 16 + count], 'past the last run').toBe(7);
          expect([f64[144 + c], f64[152 + c], f64[160 + c], f64[168 + c]]).toEqual([lo + 0, hi + 0, np, nn]);
          expect(Object.is(f64[144 + c], lo + 0) && Object.is(f64[152 + c], hi + 0)).toBe(true);
        }
        expect(u16[1024 + nT * 16], 'past the last cell').toBe(7);
      }
    }), { numRuns: 300 });
  });
});

describe('summaries drained by the kernel equal those drained in JavaScript, bit for bit', () => {
  /** Sizes of a layout: steps, agents per market (one or two markets), metrics per market. */
  const layoutArb = fc.record({
    T1: fc.integer({ min: 1, max: 6 }),
    agents: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 2 }),
    metrics: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 2, maxLength: 2 }),
  });

  it('for any layout, values, run numbers (across blocks of 256, gaps, jumps back) and reads part way', () => {
    fc.assert(fc.property(
      layoutArb, fc.integer({ min: 1, max: 700 }), fc.integer({ min: 0, max: 3 * BLOCK_RUNS }), fc.integer(), fc.double({ min: 0, max: 0.5, noNaN: true }),
      fc.array(fc.integer({ min: 0, max: 700 }), { maxLength: 3 }),
      ({ T1, agents, metrics }, runs, start, seed, edges, reads) => {
        const { dates, markets } = layoutOf(T1, agents, metrics);
        const w = summary(true, dates, markets), j = summary(false, dates, markets);
        const random = generator(seed);
        let run = start;
        for (let r = 0; r < runs; r++) {
          const jump = random();
          run = Math.max(0, run + (jump < 0.8 ? 1 : jump < 0.97 ? 1 + Math.floor(random() * 40) : -Math.floor(random() * 300)));
          const v = values(random, markets, T1, edges);
          w.add(run, v); j.add(run, v);
          if (reads.includes(r)) expect(w.cell(0, 0, 0, [0.5])).toEqual(j.cell(0, 0, 0, [0.5]));
        }
        // Only signed (custom) metrics: nothing for the kernel.
        expect(usesKernel(w)).toBe(markets.some((m) => m.metrics.some((k) => histogramKindOf(k) !== 'signed')));
        expect(plain(w.toState())).toBe(plain(j.toState()));
      },
    ), { numRuns: 60 });
  });

  it('merged either way, from states, and added to after a restore', () => {
    fc.assert(fc.property(layoutArb, fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 200 }), fc.integer(), ({ T1, agents, metrics }, blocks, extra, seed) => {
      const { dates, markets } = layoutOf(T1, agents, metrics);
      const random = generator(seed);
      const runs = blocks * BLOCK_RUNS + extra, split = Math.min(blocks, 1 + Math.floor(random() * blocks)) * BLOCK_RUNS;
      const all = Array.from({ length: runs }, () => values(random, markets, T1, 0.2));
      const states = [true, false].map((wasm) => {
        const first = summary(wasm, dates, markets), second = summary(wasm, dates, markets);
        all.forEach((v, r) => (r < split ? first : second).add(r, v));
        const a = Summary.fromState(first.toState());
        a.merge(second);
        const b = Summary.fromState(second.toState());
        b.mergeState(first.toState());
        // A restored summary drains new runs (a later block) on top of what it was given.
        for (let r = 0; r < 70; r++) b.add(4 * BLOCK_RUNS + r, all[r]);
        // A summary that drained runs takes in another's state (into its kernel memory, when it has one).
        const c = summary(wasm, dates, markets);
        all.forEach((v, r) => { if (r < split) c.add(r, v); });
        c.mergeState(second.toState());
        return [plain(a.toState()), plain(b.toState()), plain(c.toState())];
      });
      expect(states[0]).toEqual(states[1]);
    }), { numRuns: 15 });
  });

  it('hands out states that own their arrays: moved to another thread (as workers do), they leave its kernel memory whole', () => {
    const { dates, markets } = layoutOf(4, [3, 2], [0b1011001, 0b100110]);
    const [w, j] = [summary(true, dates, markets), summary(false, dates, markets)];
    const random = generator(7);
    for (let r = 0; r < 300; r++) { const v = values(random, markets, 4, 0.1); w.add(r, v); j.add(r, v); }
    const state = w.toState(), memory = (w as unknown as { kernel: { memory: WebAssembly.Memory } }).kernel.memory;
    const buffers = new Set<ArrayBuffer>();
    state.acc.forEach((a) => [a.sum, a.sq, a.min, a.max, a.positive, a.negative, ...a.hist!].forEach((x) => buffers.add(x.buffer as ArrayBuffer)));
    expect(buffers.has(memory.buffer)).toBe(false);
    const size = memory.buffer.byteLength;
    const moved = structuredClone(state, { transfer: [...buffers] });
    expect(plain(moved)).toBe(plain(j.toState()));
    expect(memory.buffer.byteLength).toBe(size);
  });

  it('when the kernel is wanted but its memory cannot be had, in JavaScript (the same state), also after a restore', () => {
    const { dates, markets } = layoutOf(5, [3, 2], [0b1011001, 0b100110]);
    const random = generator(11);
    const all = Array.from({ length: 300 }, () => values(random, markets, 5, 0.1));
    const j = summary(false, dates, markets);
    all.forEach((v, r) => j.add(r, v));
    // Wanted (decided at construction), then every WebAssembly memory refused, as when the kernel would pass 2 GiB.
    const w = summary(true, dates, markets), restored = summary(true, dates, markets);
    vi.stubGlobal('WebAssembly', { ...WebAssembly, Memory: function Memory() { throw new RangeError('WebAssembly.Memory(): could not allocate memory'); } });
    // Read part way (which changes nothing), and restored at a block's end (a restored summary starts a new block).
    all.forEach((v, r) => { if (r < BLOCK_RUNS) w.add(r, v); if (r === 120) w.toState(); });
    const again = Summary.fromState(w.toState());
    all.forEach((v, r) => { if (r >= BLOCK_RUNS) { w.add(r, v); again.add(r, v); } });
    restored.mergeState(j.toState());
    vi.unstubAllGlobals();
    expect([usesKernel(w), usesKernel(again), usesKernel(restored)]).toEqual([false, false, false]);
    for (const s of [w, again, restored]) expect(plain(s.toState())).toBe(plain(j.toState()));
    expect(w.cell(0, 0, 7, [0.1, 0.5, 0.9])).toEqual(j.cell(0, 0, 7, [0.1, 0.5, 0.9]));
  });

  it('with many cells (buffers of fewer runs than 64, bins of fewer than 256)', () => {
    const { dates, markets } = layoutOf(37, [25, 3], [0b10111001, 0b1000]);
    const w = summary(true, dates, markets), j = summary(false, dates, markets);
    const random = generator(9);
    for (let r = 0; r < 300; r++) { const v = values(random, markets, 37, 0.05); w.add(r, v); j.add(r, v); }
    expect((w as unknown as { capacity: number }).capacity).toBeLessThan(64);
    expect((w as unknown as { binCapacity: number }).binCapacity).toBeLessThan(256);
    expect(usesKernel(w)).toBe(true);
    expect(plain(w.toState())).toBe(plain(j.toState()));
  });
});
