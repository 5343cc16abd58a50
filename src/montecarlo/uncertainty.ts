/**
 * Monte Carlo error of the figures a study prints, from what the summaries
 * already keep (no extra pass over the runs):
 *
 * - quantiles: the Maritz–Jarrett standard error and a distribution-free
 *   binomial order-statistic interval, both read off a cell's histogram
 *   (its order statistics estimated as in `histogram.ts`, values spread
 *   evenly over their bin);
 * - event statistics: standard errors of `meanCount` and `meanFirstStep`
 *   from the count and first-step distributions an `EventStat` carries.
 *
 * References: Maritz, J. S. & Jarrett, R. G. (1978), A note on estimating
 * the variance of the sample median, Journal of the American Statistical
 * Association 73(361), 194–196 (as given by Wilcox, R. R. (2012),
 * Introduction to Robust Estimation and Hypothesis Testing, 3rd ed., §3.5);
 * the order-statistic interval: Conover, W. J. (1999), Practical
 * Nonparametric Statistics, 3rd ed., §3.2.
 */
import betainc from '@stdlib/math-base-special-betainc';
import { RivalsimError } from '../errors.js';
import type { EventStat } from './events.js';
import { binRange, binsOf, histogramQuantile, type HistogramKind } from './histogram.js';
import type { SummaryState } from './layout.js';

/**
 * One cell's histogram: `counts[offset + b · stride]` for bins b, with n
 * values in all and their exact min and max (as a summary keeps it).
 *
 * @example
 * const h: CellHistogram = { kind: 'unit', counts, offset: 0, n: 1000, min: 0.12, max: 0.21 };
 */
export interface CellHistogram {
  kind: HistogramKind;
  counts: ArrayLike<number>;
  offset: number;
  stride?: number;
  n: number;
  min: number;
  max: number;
}

/**
 * A quantile with its Monte Carlo error.
 *
 * @example
 * // { q: 0.5, estimate: 0.171, se: 0.0004, lower: 0.1702, upper: 0.1718, level: 0.9503 }
 */
export interface QuantileUncertainty {
  q: number;
  /** The histogram estimate (type 7, as `Summary.stat` reports it). */
  estimate: number;
  /** Maritz–Jarrett standard error. */
  se: number;
  /** Order-statistic interval, widened to whole bins (so it covers the histogram's rounding too). */
  lower: number;
  upper: number;
  /** Its exact binomial coverage (at least the level asked for, when n allows). */
  level: number;
}

/**
 * Estimates of the order statistics X₍ᵢ₎ (0-based ranks `from` … `to`) from a
 * histogram, each spread evenly within its bin and clamped to [min, max]
 * (the rule `histogramQuantile` uses); with `edges`, each rank's bin
 * bounds instead.
 */
function orderStatistics(h: CellHistogram, from: number, to: number): { values: Float64Array; low: Float64Array; high: Float64Array } {
  const count = to - from + 1, stride = h.stride ?? 1, bins = binsOf(h.kind);
  const values = new Float64Array(count), low = new Float64Array(count), high = new Float64Array(count);
  let before = 0, i = from;
  for (let b = 0; b < bins && i <= to; b++) {
    const c = h.counts[h.offset + b * stride];
    if (c === 0) continue;
    if (before + c > i) {
      const [lo, hi] = binRange(h.kind, b, h.min, h.max);
      for (; i <= to && i < before + c; i++) {
        const x = lo + ((i - before + 0.5) / c) * (hi - lo);
        values[i - from] = Math.min(h.max, Math.max(h.min, x));
        low[i - from] = Math.max(h.min, lo);
        high[i - from] = Math.min(h.max, hi);
      }
    }
    before += c;
  }
  for (; i <= to; i++) { values[i - from] = h.max; low[i - from] = h.max; high[i - from] = h.max; }
  return { values, low, high };
}

/**
 * The Maritz–Jarrett standard error of the q-quantile from a histogram:
 * with m = ⌊qn + ½⌋ (kept within 2 … n − 1), weights
 * Wᵢ = I_{i/n}(m − 1, n − m) − I_{(i−1)/n}(m − 1, n − m) (the regularized
 * incomplete beta function) and the order statistics X₍ᵢ₎,
 * SE = √(Σ Wᵢ X₍ᵢ₎² − (Σ Wᵢ X₍ᵢ₎)²). Weights beyond ten standard deviations
 * of the rank are below 1e-20 and are skipped. NaN for n < 3.
 *
 * @example
 * // 1000 values spread evenly over [0, 1) (a unit histogram): the median's SE ≈ √(0.25 / 1000) = 0.0158
 * quantileStandardError(h, 0.5); // => 0.0158…
 */
export function quantileStandardError(h: CellHistogram, q: number): number {
  const n = h.n;
  if (!(n >= 3) || !(q > 0 && q < 1) || h.min === h.max) return n >= 3 && h.min === h.max ? 0 : NaN;
  const m = Math.min(n - 1, Math.max(2, Math.floor(q * n + 0.5)));
  const a = m - 1, b = n - m;
  const spread = Math.sqrt(n * q * (1 - q));
  const first = Math.max(1, Math.floor(m - 10 * spread - 10)), last = Math.min(n, Math.ceil(m + 10 * spread + 10));
  const { values } = orderStatistics(h, first - 1, last - 1);
  const centre = values[m - first];
  let previous = betainc((first - 1) / n, a, b), weight = 0, s1 = 0, s2 = 0;
  for (let i = first; i <= last; i++) {
    const current = betainc(i / n, a, b);
    const w = current - previous, d = values[i - first] - centre;
    weight += w; s1 += w * d; s2 += w * d * d;
    previous = current;
  }
  s1 /= weight; s2 /= weight;
  return Math.sqrt(Math.max(0, s2 - s1 * s1));
}

/** P(B ≤ k) for B ~ Binomial(n, q) (1 for k ≥ n, 0 for k < 0). */
function binomialCdf(k: number, n: number, q: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  return betainc(1 - q, n - k, k + 1);
}

/** The smallest k in [0, n] with P(B ≤ k) ≥ p. */
function binomialQuantile(p: number, n: number, q: number): number {
  let lo = 0, hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (binomialCdf(mid, n, q) >= p) hi = mid; else lo = mid + 1;
  }
  return lo;
}

/**
 * A distribution-free interval for the q-quantile: [X₍ᵣ₎, X₍ₛ₎] (1-based
 * ranks) with r − 1 the largest k where P(B ≤ k) ≤ (1 − level)/2 and
 * s − 1 the smallest k where P(B ≤ k) ≥ (1 + level)/2, B ~ Binomial(n, q),
 * so it covers the quantile with probability P(r ≤ B ≤ s − 1) ≥ level
 * (reported as `level`; smaller when n is too small to reach it). The
 * bounds are the outer edges of the bins holding X₍ᵣ₎ and X₍ₛ₎.
 *
 * @example
 * quantileInterval(h, 0.5); // => { lower: 0.468, upper: 0.532, ranks: [469, 532], level: 0.9537 } for 1000 evenly spread values
 */
export function quantileInterval(h: CellHistogram, q: number, level = 0.95): { lower: number; upper: number; ranks: [number, number]; level: number } {
  const n = h.n;
  if (!(n >= 1) || !(q > 0 && q < 1) || !(level > 0 && level < 1)) return { lower: NaN, upper: NaN, ranks: [0, 0], level: NaN };
  const tail = (1 - level) / 2;
  // r − 1 = the largest k with F(k) ≤ tail: one less than the smallest k with F(k) > tail.
  let r = binomialQuantile(tail, n, q);
  if (binomialCdf(r, n, q) <= tail) r++;
  r = Math.max(1, r);
  const s = Math.min(n, binomialQuantile(1 - tail, n, q) + 1);
  const lowStat = orderStatistics(h, r - 1, r - 1), highStat = orderStatistics(h, s - 1, s - 1);
  return {
    lower: lowStat.low[0], upper: highStat.high[0], ranks: [r, s],
    level: binomialCdf(s - 1, n, q) - binomialCdf(r - 1, n, q),
  };
}

/**
 * The histogram of one cell of a summary's state (`Summary.toState()`),
 * or undefined when the summary keeps no histograms.
 *
 * @example
 * cellHistogram(result.groups().main.summary.toState(), 'phones', 'share', 'apple', 36)?.n; // => runs
 */
export function cellHistogram(state: SummaryState, market: string, metric: string, agent: string, step: number): CellHistogram | undefined {
  const i = state.markets.findIndex((m) => m.id === market);
  if (i < 0) throw new RivalsimError('Unknown market', 'market', market, `one of ${state.markets.map((m) => m.id).join(', ')}`);
  const layout = state.markets[i], acc = state.acc[i];
  const m = layout.metrics.indexOf(metric), j = layout.agents.indexOf(agent), T1 = state.dates.length;
  if (m < 0) throw new RivalsimError(`Unknown metric in "${market}"`, 'metric', metric, `one of ${layout.metrics.join(', ')}`);
  if (j < 0) throw new RivalsimError(`Unknown agent in "${market}"`, 'agent', agent, `one of ${layout.agents.join(', ')}`);
  if (!Number.isInteger(step) || step < 0 || step >= T1) throw new RivalsimError('Step outside the study', 'step', step, `an integer in 0…${T1 - 1}`);
  if (!acc.hist) return undefined;
  const kind = histogramKindOfState(acc.hist[m].length / (layout.agents.length * T1));
  const cell = j * T1 + step, k = m * layout.agents.length * T1 + cell;
  return { kind, counts: acc.hist[m], offset: cell * binsOf(kind), n: state.n, min: acc.min[k], max: acc.max[k] };
}

/** The histogram kind with `bins` bins per cell. */
function histogramKindOfState(bins: number): HistogramKind {
  const kind = (['unit', 'positive', 'signed'] as const).find((k) => binsOf(k) === bins);
  if (!kind) throw new RangeError(`No histogram layout has ${bins} bins per cell`);
  return kind;
}

/**
 * Quantiles of one cell with their Monte Carlo error (see
 * {@link quantileStandardError} and {@link quantileInterval}).
 *
 * @example
 * quantileUncertainty(cellHistogram(state, 'phones', 'share', 'apple', 36)!, [0.05, 0.5, 0.95]);
 * // => [{ q: 0.05, estimate: 0.151, se: 0.0006, lower: 0.1496, upper: 0.1526, level: 0.95 }, …]
 */
export function quantileUncertainty(h: CellHistogram, quantiles: readonly number[], level = 0.95): QuantileUncertainty[] {
  return quantiles.map((q) => {
    const estimate = histogramQuantile(h.kind, h.counts as Uint32Array, h.offset, h.n, q, h.min, h.max, h.stride ?? 1);
    const interval = quantileInterval(h, q, level);
    return { q, estimate, se: quantileStandardError(h, q), lower: interval.lower, upper: interval.upper, level: interval.level };
  });
}

/**
 * Standard errors of an event statistic's means, from the distributions it
 * carries: `meanCount` over all runs (the count's sample sd / √runs; counts
 * above the horizon share its last bin, as in the mean itself) and
 * `meanFirstStep` over the runs where it happened (the first step's sample
 * sd / √those runs; NaN when fewer than two).
 *
 * @example
 * eventStatErrors(result.event('approved', 'apple+alibaba')); // => { meanCountSE: 0.0047, meanFirstStepSE: 0.03 }
 */
export function eventStatErrors(stat: EventStat): { meanCountSE: number; meanFirstStepSE: number } {
  const n = stat.runs;
  let happened = 0, firstSum = 0, firstSq = 0, countSq = 0;
  stat.firstStep.forEach((share, t) => { const runs = Math.round(share * n); happened += runs; firstSum += runs * t; firstSq += runs * t * t; });
  stat.countDistribution.forEach((share, k) => { countSq += Math.round(share * n) * k * k; });
  const mc = stat.meanCount;
  const countVar = n > 1 ? Math.max(0, (countSq - n * mc * mc) / (n - 1)) : NaN;
  const mf = happened > 0 ? firstSum / happened : NaN;
  const firstVar = happened > 1 ? Math.max(0, (firstSq - happened * mf * mf) / (happened - 1)) : NaN;
  return { meanCountSE: Math.sqrt(countVar / n), meanFirstStepSE: Math.sqrt(firstVar / happened) };
}
