/**
 * The WebAssembly SIMD kernel of the summaries' drains (summary.wat,
 * assembled into summary-wasm.ts by `npm run build:wasm`): compiled
 * synchronously the first time a summary wants it, once per module, and
 * instantiated once per summary, on a memory of its own that never grows
 * (so views on it stay valid). Where `WebAssembly` is missing, or does not
 * validate the module (no SIMD), summaries keep their JavaScript drains.
 * Plain ECMAScript: no file reads, nothing Node-only.
 */
import { SUMMARY_WASM } from './summary-wasm.js';

/** Bytes of a WebAssembly page. */
const PAGE = 65536;
/** Most bytes of a kernel's memory: the summaries' kernel compares addresses as signed 32-bit integers. */
const MAX_BYTES = 2 ** 31 - PAGE;

/**
 * One instance of the kernel and its memory. Both drains take byte
 * addresses in `memory`: the metric's buffered values (`count` rows of
 * `nT` f64), its cells' six f64 accumulators (partial sums, partial sums
 * of squares, min, max, positive and negative counts, `stride` bytes
 * apart) and its cells' u16 bin rows (`binStride` bytes apart).
 *
 * @example
 * const k = createSummaryKernel(1 << 20);
 * if (k) k.unit(valuesAt, nT, count, accAt, cells * 8, binsAt, binRuns * 2);
 */
export interface SummaryKernel {
  readonly memory: WebAssembly.Memory;
  /** drainValues of summary.ts for a unit metric: bins ⌊2048 v⌋ clamped to [0, 2047] (unitBin). */
  unit(values: number, nT: number, count: number, acc: number, stride: number, bins: number, binStride: number): void;
  /** drainValues of summary.ts for a positive metric: log-linear bins (positiveBin). */
  positive(values: number, nT: number, count: number, acc: number, stride: number, bins: number, binStride: number): void;
  /**
   * countMetric of summary.ts: adds the first `filled` bins of the `nT` bin
   * rows from `bins` (`binStride` bytes apart, a multiple of 4) to the cells'
   * histograms of `width` u32 counts each, from `hist` (cell-major).
   */
  count(bins: number, nT: number, binStride: number, filled: number, hist: number, width: number): void;
}

/**
 * Decodes base64 (standard alphabet, `=` padding), without `atob` or
 * Node's Buffer.
 *
 * @example
 * decodeBase64('AGFzbQ=='); // => Uint8Array [0, 97, 115, 109]
 */
export function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const digits = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const value = new Uint8Array(128);
  for (let i = 0; i < 64; i++) value[digits.charCodeAt(i)] = i;
  const n = text.replace(/=+$/, '').length;
  const out = new Uint8Array((n * 3) >> 2);
  for (let i = 0, o = 0; i < n; i += 4) {
    const x = (value[text.charCodeAt(i)] << 18) | (value[text.charCodeAt(i + 1)] << 12)
      | ((i + 2 < n ? value[text.charCodeAt(i + 2)] : 0) << 6) | (i + 3 < n ? value[text.charCodeAt(i + 3)] : 0);
    out[o++] = x >> 16;
    if (o < out.length) out[o++] = (x >> 8) & 255;
    if (o < out.length) out[o++] = x & 255;
  }
  return out;
}

/**
 * Compiles a kernel module from its bytes, synchronously, or `undefined`
 * where `WebAssembly` is missing or does not validate them (no SIMD).
 *
 * @example
 * compileKernel(decodeBase64(SUMMARY_WASM)); // => WebAssembly.Module (where SIMD is supported)
 * compileKernel(Uint8Array.of(1, 2, 3)); // => undefined
 */
export function compileKernel(bytes: Uint8Array<ArrayBuffer>): WebAssembly.Module | undefined {
  if (typeof WebAssembly !== 'object' || WebAssembly === null || typeof WebAssembly.validate !== 'function') return undefined;
  try {
    return WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : undefined;
  } catch {
    return undefined;
  }
}

/** The compiled kernel (a deliberate cache: compiled once, shared): undefined until first wanted, null where unavailable. */
let compiled: WebAssembly.Module | null | undefined;

/**
 * Whether the kernel can be had here: compiled (compiles it the first
 * time; the compiled module is a deliberate cache, the same for every
 * summary).
 *
 * @example
 * summaryKernelAvailable(); // => true in Node 20, Deno and current browsers
 */
export function summaryKernelAvailable(): boolean {
  if (compiled === undefined) compiled = compileKernel(decodeBase64(SUMMARY_WASM)) ?? null;
  return compiled !== null;
}

/**
 * A new instance of the kernel with a memory of at least `bytes` bytes
 * (fixed: it never grows), or `undefined` where the kernel is unavailable
 * or the memory cannot be had (the caller keeps its JavaScript drains).
 *
 * @example
 * const k = createSummaryKernel(3 * 2 ** 20);
 * k?.memory.buffer.byteLength; // => 3145728
 */
export function createSummaryKernel(bytes: number): SummaryKernel | undefined {
  if (!summaryKernelAvailable()) return undefined;
  const instance = instantiateKernel(compiled!, bytes);
  if (!instance) return undefined;
  const { memory, exports } = instance;
  return {
    memory, unit: exports.unit as SummaryKernel['unit'], positive: exports.positive as SummaryKernel['positive'],
    count: exports.count as SummaryKernel['count'],
  };
}

/**
 * A new instance of a compiled kernel with its own memory of at least
 * `bytes` bytes (whole pages, fixed: it never grows, so views on it stay
 * valid), or `undefined` where the memory cannot be had.
 *
 * @example
 * instantiateKernel(compileKernel(decodeBase64(SUMMARY_WASM))!, 2 ** 20)?.memory.buffer.byteLength; // => 1048576
 */
export function instantiateKernel(module: WebAssembly.Module, bytes: number): { memory: WebAssembly.Memory; exports: WebAssembly.Exports } | undefined {
  if (!(bytes <= MAX_BYTES)) return undefined;
  try {
    const pages = Math.max(1, Math.ceil(bytes / PAGE));
    const memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
    return { memory, exports: new WebAssembly.Instance(module, { env: { memory } }).exports };
  } catch {
    return undefined;
  }
}
