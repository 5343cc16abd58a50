/**
 * One market's accumulators in a {@link Summary}: exact sums and sums of
 * squares, min, max, sign counts and histograms per cell (metric × agent ×
 * step), how they are made, merged, restored from a state and read as a
 * cell's statistics. The Summary buffers and drains runs into them.
 */
import { BlockedSums } from './exact.js';
import { binsOf, histogramQuantile, type HistogramKind } from './histogram.js';
import { histogramKindOf, type CellStat, type MarketLayout, type SummaryState } from './layout.js';
import type { Summary } from './summary.js';

/** A market's accumulators (see the module comment). */
export interface MarketAccumulator {
  layout: MarketLayout;
  nT: number;
  /** metrics × nT. */
  cells: number;
  sum: BlockedSums;
  sq: BlockedSums;
  min: Float64Array;
  max: Float64Array;
  positive: Float64Array;
  negative: Float64Array;
  kinds: HistogramKind[];
  /** Per metric, cell-major: `hist[m][c * bins + b]`. */
  hist: Uint32Array[] | undefined;
  /** Has unit or positive metrics (drained by the WebAssembly kernel, where there is one)? */
  kernelKinds: boolean;
}

/**
 * Empty accumulators for market `layout` over `T1` steps (with histograms unless told).
 *
 * @example
 * newAccumulator({ id: 'phones', agents: ['apple'], metrics: ['share'] }, 37, true).cells; // => 37
 */
export function newAccumulator(layout: MarketLayout, T1: number, histograms: boolean): MarketAccumulator {
  const nT = layout.agents.length * T1;
  const cells = layout.metrics.length * nT;
  const kinds = layout.metrics.map(histogramKindOf);
  return {
    layout, nT, cells,
    sum: new BlockedSums(cells), sq: new BlockedSums(cells),
    min: new Float64Array(cells).fill(Infinity), max: new Float64Array(cells).fill(-Infinity),
    positive: new Float64Array(cells), negative: new Float64Array(cells), kinds,
    hist: histograms ? kinds.map((k) => new Uint32Array(nT * binsOf(k))) : undefined,
    kernelKinds: kinds.some((k) => k !== 'signed'),
  };
}

/**
 * Adds the state `x` of the same market's accumulators into `a`, exactly.
 *
 * @example
 * mergeAccumulator(mine, theirState.acc[0]);
 */
export function mergeAccumulator(a: MarketAccumulator, x: SummaryState['acc'][number]): void {
  const add = (to: Float64Array, from: ArrayLike<number>) => { for (let k = 0; k < to.length; k++) to[k] += from[k]; };
  add(a.sum.exact.limbs, x.sum);
  add(a.sq.exact.limbs, x.sq);
  add(a.positive, x.positive);
  add(a.negative, x.negative);
  for (let k = 0; k < a.min.length; k++) {
    if (x.min[k] < a.min[k]) a.min[k] = x.min[k];
    if (x.max[k] > a.max[k]) a.max[k] = x.max[k];
  }
  if (a.hist && x.hist) a.hist.forEach((h, m) => { const o = x.hist![m]; for (let k = 0; k < h.length; k++) h[k] += o[k]; });
}

/**
 * Sets empty accumulators `a` to state `x`; with `handedOver` (a state
 * moved from a worker, never used again) its arrays are adopted rather than copied.
 *
 * @example
 * restoreAccumulator(newAccumulator(layout, T1, true), state.acc[0], false);
 */
export function restoreAccumulator(a: MarketAccumulator, x: SummaryState['acc'][number], handedOver: boolean): void {
  a.sum.exact.limbs.set(x.sum);
  a.sq.exact.limbs.set(x.sq);
  if (handedOver) {
    // The state's arrays are the summary's from now on (no second copy of the histograms).
    a.min = adopt(a.min, x.min); a.max = adopt(a.max, x.max);
    a.positive = adopt(a.positive, x.positive); a.negative = adopt(a.negative, x.negative);
    if (a.hist && x.hist) a.hist = a.hist.map((h, m) => adopt(h, x.hist![m]));
  } else {
    a.min.set(x.min); a.max.set(x.max); a.positive.set(x.positive); a.negative.set(x.negative);
    if (a.hist && x.hist) a.hist.forEach((h, m) => h.set(x.hist![m]));
  }
}

/**
 * Statistics of cell `c` (agent-major within the metric) of metric `m`
 * over `n` runs (the accumulators flushed).
 *
 * @example
 * cellStat(acc, 0, 36, 1000, [0.5]).quantiles; // => [the median]
 */
export function cellStat(a: MarketAccumulator, m: number, c: number, n: number, quantiles: readonly number[]): CellStat {
  const k = m * a.nT + c;
  if (n === 0) return { n, mean: NaN, sd: NaN, se: NaN, min: NaN, max: NaN, quantiles: quantiles.map(() => NaN), positive: NaN, negative: NaN };
  const sum = a.sum.value(k), sq = a.sq.value(k);
  const mean = sum / n;
  // The fixed-point sums resolve squares to ~1e-12, so values that differ by
  // a rounding would show an sd of ~1e-7; Popoviciu's inequality caps the
  // sample variance by the range: s² ≤ n/(n−1) · (max − min)² / 4.
  const range = a.max[k] - a.min[k];
  const variance = n > 1 && range > 0 ? Math.min(Math.max(0, (sq - sum * mean) / (n - 1)), (n / (n - 1)) * range * range / 4) : 0;
  const sd = Math.sqrt(variance);
  const kind = a.kinds[m];
  const qs = a.hist
    ? quantiles.map((q) => histogramQuantile(kind, a.hist![m], c * binsOf(kind), n, q, a.min[k], a.max[k]))
    : quantiles.map(() => NaN);
  return { n, mean, sd, se: sd / Math.sqrt(n), min: a.min[k], max: a.max[k], quantiles: qs, positive: a.positive[k] / n, negative: a.negative[k] / n };
}

/** `theirs` when it is an array of the same kind and length as `mine` (adopted as it is), else `mine` holding a copy of it. */
function adopt<A extends Float64Array | Uint32Array>(mine: A, theirs: ArrayLike<number>): A {
  if (theirs instanceof mine.constructor && theirs.length === mine.length) return theirs as A;
  mine.set(theirs);
  return mine;
}
