/**
 * The JavaScript drain and count of a {@link Summary}'s buffers: what the
 * WebAssembly kernel (./wasm/summary.wat) does where it is not available,
 * for signed metrics, and for summaries without histograms — the same
 * bits, cell by cell, each cell's runs in order.
 */
import { UNIT_BINS, binOf, positiveBin, type HistogramKind } from './histogram.js';

/**
 * The JavaScript drain (where the kernel is not available, for signed
 * metrics, and for summaries without histograms): adds the `count` buffered
 * values of the `nT` cells of one metric (`buf[at + s * nT + c]` for
 * buffered run s and cell c; the metric's cells start at `k0` in the
 * per-cell arrays), in run order, to their partial sums, min, max and sign
 * counts, and, given `bins`, writes their bins (`binOf(kind, v)`, with {@link unitBin}) to
 * `bins[(k0 + c) * stride + slot + s]`.
 */
export function drainValues(
  buf: Float64Array, at: number, nT: number, count: number, k0: number,
  ps: Float64Array, pq: Float64Array, min: Float64Array, max: Float64Array, positive: Float64Array, negative: Float64Array,
  bins: Uint16Array | undefined, stride: number, slot: number, kind: HistogramKind,
): void {
  const unit = kind === 'unit', logLinear = kind === 'positive';
  for (let c = 0; c < nT; c++) {
    const k = k0 + c;
    // Sign counts as small integers (at most `count`), added to the totals at the end: exact.
    let p = ps[k], q = pq[k], lo = min[k], hi = max[k], np = 0, nn = 0;
    let w = k * stride + slot;
    for (let o = at + c, end = o + count * nT; o < end; o += nT) {
      const v = buf[o];
      p += v; q += v * v;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
      if (v > 0) np++; else if (v < 0) nn++;
      if (bins) bins[w++] = unit ? unitBin(v) : logLinear ? positiveBin(v) : binOf('signed', v);
    }
    // + 0 turns −0 into +0: no signed zero reaches min and max, whose merges then cannot
    // depend on the order of shards (sums, counts and bins are the same for −0 and +0).
    ps[k] = p; pq[k] = q; min[k] = lo + 0; max[k] = hi + 0; positive[k] += np; negative[k] += nn;
  }
}

/**
 * The bin of `v` in a unit histogram as the drains (and the kernel) write
 * it: `binOf('unit', v)`, except that the truncation `| 0` (what summaries
 * always used) wraps for v ≥ 2^20, where 32-bit integers end (never a share).
 */
function unitBin(v: number): number {
  const b = (v * UNIT_BINS) | 0;
  return b >= UNIT_BINS ? UNIT_BINS - 1 : b < 0 ? 0 : b;
}

/**
 * Counts bins `bins[(k0 + c) * stride + s]`, s < filled, into histogram
 * `hist[c * width + b]` for the `nT` cells c of one metric (where the
 * kernel is not available): a cell's histogram stays in cache meanwhile.
 */
export function countMetric(bins: Uint16Array, k0: number, nT: number, stride: number, filled: number, hist: Uint32Array, width: number): void {
  for (let c = 0; c < nT; c++) {
    const h = c * width, r = (k0 + c) * stride;
    for (let s = 0; s < filled; s++) hist[h + bins[r + s]]++;
  }
}
