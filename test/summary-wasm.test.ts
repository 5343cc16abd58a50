/**
 * The summaries' WebAssembly kernel (src/montecarlo/wasm): its committed
 * bytes are the assembled summary.wat, and its bins, min, max and sign
 * counts are those of the JavaScript drains for any double.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MODULE_FILE, WAT_FILE, assemble, moduleSource } from '../scripts/build-wasm.js';
import { UNIT_BINS, positiveBin } from '../src/montecarlo/histogram.js';
import { compileSummaryKernel, createSummaryKernel, decodeBase64, summaryKernelAvailable } from '../src/montecarlo/wasm/kernel.js';
import { SUMMARY_WASM } from '../src/montecarlo/wasm/summary-wasm.js';

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
    expect(compileSummaryKernel(decodeBase64(SUMMARY_WASM))).toBeInstanceOf(WebAssembly.Module);
    expect(compileSummaryKernel(Uint8Array.of(0, 97, 115, 109, 1, 0, 0, 0, 99))).toBeUndefined();
    vi.stubGlobal('WebAssembly', undefined);
    expect(compileSummaryKernel(decodeBase64(SUMMARY_WASM))).toBeUndefined();
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
