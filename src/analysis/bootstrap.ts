/**
 * Bootstrap standard errors and percentile intervals (Efron & Tibshirani
 * 1993) for statistics of per-run data, and for the sensitivity measures
 * `sensitivity` reports: Spearman rank correlations, standardised
 * regression coefficients and tornado swings. Resampling is seeded, so the
 * same data and seed give the same intervals.
 *
 * Reference: Efron, B. & Tibshirani, R. J. (1993), An Introduction to the
 * Bootstrap, Chapman & Hall (§6 for standard errors, §13 for percentile
 * intervals).
 */
import { RivalsimError } from '../errors.js';
import { createRandomSource, type Seed } from '../random/source.js';
import { percentileSorted, spearman, standardisedRegression } from './stats.js';
import { sortedOrder, weightedMeasures } from './weighted-measures.js';

/**
 * Options of the bootstrap.
 *
 * @example
 * const options: BootstrapOptions = { resamples: 500, seed: 7, level: 0.9 };
 */
export interface BootstrapOptions {
  /** Resamples (an integer ≥ 10). Default 200. */
  resamples?: number;
  /** Seed of the resampling. Default 0. */
  seed?: Seed;
  /** Level of the percentile intervals, in (0, 1). Default 0.95. */
  level?: number;
}

/**
 * A statistic with its bootstrap standard error and percentile interval.
 *
 * @example
 * // { estimate: 0.62, se: 0.03, lower: 0.56, upper: 0.68 }
 */
export interface BootstrapEstimate {
  /** The statistic on the data as they are. */
  estimate: number;
  /** Standard deviation of the resampled statistics (NaN ones left out). */
  se: number;
  lower: number;
  upper: number;
}

/**
 * Bootstraps a vector-valued statistic of `n` rows: `statistic(rows)` gets
 * the row indices of a sample (0 … n − 1 for the data as they are; drawn
 * with replacement for each resample) and returns its values.
 *
 * @example
 * const x = [3, 1, 4, 1, 5, 9, 2, 6];
 * bootstrap(x.length, (rows) => [rows.reduce((s, r) => s + x[r], 0) / rows.length], { seed: 1 })[0];
 * // => { estimate: 3.875, se: 0.90…, lower: 2.375, upper: 5.75… }
 */
export function bootstrap(n: number, statistic: (rows: Int32Array) => ArrayLike<number>, options: BootstrapOptions = {}): BootstrapEstimate[] {
  const point = Array.from(statistic(Int32Array.from({ length: n }, (_, i) => i)));
  return resampled(n, point, (rows) => statistic(rows), options);
}

/**
 * The bootstrap of a statistic with estimate `point`: `resample(rows,
 * weights)` gets each resample's rows (drawn with replacement from the
 * stream of `${seed}|bootstrap`) and how many times each run was drawn.
 */
function resampled(n: number, point: number[], resample: (rows: Int32Array, weights: Int32Array) => ArrayLike<number>, options: BootstrapOptions): BootstrapEstimate[] {
  const { resamples = 200, seed = 0, level = 0.95 } = options;
  if (!Number.isInteger(n) || n < 2) throw new RivalsimError('Too few runs to bootstrap', 'runs', n, 'at least 2 runs');
  if (!Number.isInteger(resamples) || resamples < 10) throw new RivalsimError('Invalid resamples', 'resamples', resamples, 'an integer ≥ 10');
  if (typeof level !== 'number' || !(level > 0 && level < 1)) throw new RivalsimError('Invalid level', 'level', level, 'a probability in (0, 1)');
  const samples = point.map(() => new Float64Array(resamples));
  const random = createRandomSource(`${seed}|bootstrap`);
  const rows = new Int32Array(n), weights = new Int32Array(n);
  for (let b = 0; b < resamples; b++) {
    weights.fill(0);
    for (let i = 0; i < n; i++) { rows[i] = Math.floor(random() * n); weights[rows[i]]++; }
    const values = resample(rows, weights);
    for (let k = 0; k < point.length; k++) samples[k][b] = values[k];
  }
  return point.map((estimate, k) => summarise(estimate, samples[k], level));
}

/** Standard error and percentile interval of resampled values (NaN ones left out). */
function summarise(estimate: number, values: Float64Array, level: number): BootstrapEstimate {
  const finite = values.filter(Number.isFinite).sort();
  const m = finite.length;
  if (m < 2) return { estimate, se: NaN, lower: NaN, upper: NaN };
  let mean = 0;
  for (const v of finite) mean += v;
  mean /= m;
  let ss = 0;
  for (const v of finite) ss += (v - mean) ** 2;
  return {
    estimate, se: Math.sqrt(ss / (m - 1)),
    lower: percentileSorted(finite, (1 - level) / 2), upper: percentileSorted(finite, (1 + level) / 2),
  };
}

/**
 * The sensitivity measures of each input column against the output `y`
 * over the given rows, as `sensitivity` computes them: Spearman rank
 * correlation, standardised regression coefficient (all columns together)
 * and the tornado swing (mean output with the input at or above its P90
 * minus the mean with it at or below its P10).
 *
 * @example
 * sensitivityMeasures([[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]], [2, 4, 6, 8, 10, 12, 14, 16, 18, 20]);
 * // => { rankCorrelation: [1], src: [1], swing: [18] }
 */
export function sensitivityMeasures(
  columns: ArrayLike<number>[], y: ArrayLike<number>, rows?: Int32Array,
): { rankCorrelation: number[]; src: number[]; swing: number[] } {
  const pick = (v: ArrayLike<number>) => (rows ? Float64Array.from(rows, (r) => v[r]) : Float64Array.from(v));
  const ys = pick(y), xs = columns.map(pick);
  const src = standardisedRegression(xs, ys).coefficients;
  const swing = xs.map((x) => {
    const sorted = Float64Array.from(x).sort();
    const low = percentileSorted(sorted, 0.1), high = percentileSorted(sorted, 0.9);
    let lowSum = 0, lowRuns = 0, highSum = 0, highRuns = 0;
    for (let r = 0; r < x.length; r++) {
      if (x[r] <= low) { lowSum += ys[r]; lowRuns++; }
      if (x[r] >= high) { highSum += ys[r]; highRuns++; }
    }
    return highSum / highRuns - lowSum / lowRuns;
  });
  return { rankCorrelation: xs.map((x) => spearman(x, ys)), src, swing };
}

/**
 * Bootstrap standard errors and percentile intervals of the sensitivity
 * measures (see {@link sensitivityMeasures}) of each input column: the
 * runs are resampled with replacement and all measures recomputed.
 *
 * @example
 * const b = bootstrapSensitivity([approvalProbability, integrationQuality], appleShare, { resamples: 200, seed: 1 });
 * b[1].rankCorrelation; // => { estimate: 0.41, se: 0.02, lower: 0.37, upper: 0.45 }
 */
export function bootstrapSensitivity(
  columns: ArrayLike<number>[], y: ArrayLike<number>, options: BootstrapOptions = {},
): Array<{ rankCorrelation: BootstrapEstimate; src: BootstrapEstimate; swing: BootstrapEstimate }> {
  const n = y.length;
  columns.forEach((c, i) => {
    if (c.length !== n) throw new RivalsimError('Input column does not fit the output', `columns[${i}]`, c.length, `one value per run (${n})`);
  });
  const k = columns.length;
  const flat = (m: ReturnType<typeof sensitivityMeasures>) => [...m.rankCorrelation, ...m.src, ...m.swing];
  // Each resample from the runs' weights over orders sorted once (weighted-measures.ts): the same measures, much faster.
  const orders = columns.map(sortedOrder), yOrder = sortedOrder(y);
  const all = resampled(n, flat(sensitivityMeasures(columns, y)), (_, weights) => flat(weightedMeasures(columns, orders, y, yOrder, weights)), options);
  return columns.map((_, i) => ({ rankCorrelation: all[i], src: all[k + i], swing: all[2 * k + i] }));
}
