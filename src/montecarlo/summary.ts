/**
 * Streaming, mergeable summaries of many runs: per market, metric, agent and
 * step, the count, exact sums (→ mean, sd, standard error), exact min and
 * max, the numbers of positive and negative values, and a fixed histogram (→ quantiles).
 * Memory is fixed by the layout (markets × metrics × agents × steps), never
 * by the number of runs: about 8 KB per cell for unit metrics, 10 KB per
 * cell for positive ones and 20 KB for signed (custom) ones (histograms),
 * plus 100 bytes for the sums.
 */
import { ASSISTANT_METRICS, DEVICE_METRICS } from '../model/result.js';
import { BlockedSums } from './exact.js';
import { UNIT_BINS, binOf, binsOf, histogramQuantile, type HistogramKind } from './histogram.js';

/** Metrics whose values lie in [0, 1]. */
const UNIT_METRICS = new Set(['share', 'installedBaseShare', 'outages']);
/** Built-in metrics: never negative. */
const BUILT_IN = new Set<string>([...DEVICE_METRICS, ...ASSISTANT_METRICS]);

/**
 * The histogram kind used for a metric: `unit` for shares and flags,
 * `positive` for the other built-in metrics, `signed` for custom metrics
 * (any other name: their values may be negative).
 *
 * @example
 * histogramKindOf('share'); // => 'unit'
 * histogramKindOf('users'); // => 'positive'
 * histogramKindOf('appleLead'); // => 'signed' (a custom metric)
 */
export function histogramKindOf(metric: string): HistogramKind {
  return UNIT_METRICS.has(metric) ? 'unit' : BUILT_IN.has(metric) ? 'positive' : 'signed';
}

/** Plain-data state of a {@link Summary} (see `toState`). */
export interface SummaryState {
  n: number;
  dates: string[];
  markets: MarketLayout[];
  histograms: boolean;
  acc: Array<{
    sum: Float64Array; sq: Float64Array; min: Float64Array; max: Float64Array;
    positive: Float64Array; negative: Float64Array; hist: Uint32Array[] | undefined;
  }>;
}

/** What a summary covers in one market. */
export interface MarketLayout {
  id: string;
  name: string;
  kind: 'devices' | 'assistants';
  agents: readonly string[];
  metrics: readonly string[];
}

/**
 * Statistics of one cell (market, metric, agent, step) over the runs.
 *
 * @example
 * // { n: 1000, mean: 0.171, sd: 0.012, se: 0.00038, min: 0.13, max: 0.21, quantiles: [0.152, …] }
 */
export interface CellStat {
  /** Runs summarised. */
  n: number;
  mean: number;
  /** Sample standard deviation (n − 1). */
  sd: number;
  /** Monte Carlo standard error of the mean, sd / √n. */
  se: number;
  min: number;
  max: number;
  /** The requested quantiles, in the order asked. */
  quantiles: number[];
  /** Share of runs where the value is > 0. */
  positive: number;
  /** Share of runs where the value is < 0. */
  negative: number;
}

interface MarketAccumulator {
  layout: MarketLayout;
  nT: number;
  sum: BlockedSums;
  sq: BlockedSums;
  min: Float64Array;
  max: Float64Array;
  positive: Float64Array;
  negative: Float64Array;
  kinds: HistogramKind[];
  hist: Uint32Array[] | undefined;
}

/**
 * A mergeable summary. Feed runs in increasing run order with
 * {@link Summary.add}; {@link Summary.flush} before reading or merging.
 *
 * @example
 * const s = new Summary(dates, layouts);
 * s.add(0, [[shareSeries, …]]); s.flush();
 * s.stat('phones', 'share', 'apple', 36, [0.5]);
 */
export class Summary {
  /** Runs added. */
  n = 0;
  private readonly acc: MarketAccumulator[];
  readonly T1: number;

  constructor(
    /** `'YYYY-MM'` per step. */
    readonly dates: readonly string[],
    /** Markets covered. */
    readonly markets: readonly MarketLayout[],
    /** Keep histograms (quantiles)? Comparisons of differences do not. */
    readonly histograms = true,
  ) {
    this.T1 = dates.length;
    this.acc = markets.map((layout) => {
      const nT = layout.agents.length * this.T1;
      const cells = layout.metrics.length * nT;
      const kinds = layout.metrics.map(histogramKindOf);
      return {
        layout, nT,
        sum: new BlockedSums(cells), sq: new BlockedSums(cells),
        min: new Float64Array(cells).fill(Infinity), max: new Float64Array(cells).fill(-Infinity),
        positive: new Float64Array(cells), negative: new Float64Array(cells), kinds,
        hist: histograms ? kinds.map((k) => new Uint32Array(nT * binsOf(k))) : undefined,
      };
    });
  }

  /**
   * Adds run `run`: `values[market][metric]` is the run's flat series,
   * agent-major (`[slot * steps + step]`), in the layout's order.
   */
  add(run: number, values: ReadonlyArray<ReadonlyArray<ArrayLike<number>>>): void {
    this.n++;
    for (let i = 0; i < this.acc.length; i++) {
      const a = this.acc[i];
      const ps = a.sum.enter(run), pq = a.sq.enter(run);
      const { min, max, positive, negative, nT } = a;
      for (let m = 0; m < a.kinds.length; m++) {
        const x = values[i][m];
        const base = m * nT;
        const kind = a.kinds[m];
        const hist = a.hist?.[m];
        const unit = kind === 'unit';
        for (let c = 0; c < nT; c++) {
          // + 0 turns −0 into +0: no signed zero reaches min and max, whose merges then
          // cannot depend on the order of shards; sums and bins are the same either way.
          const v = x[c] + 0;
          if (v - v !== 0) throw new RangeError(`Non-finite value ${v} in ${a.layout.id}.${a.layout.metrics[m]}`);
          const k = base + c;
          ps[k] += v;
          pq[k] += v * v;
          if (v < min[k]) min[k] = v;
          if (v > max[k]) max[k] = v;
          if (v > 0) positive[k]++;
          else if (v < 0) negative[k]++;
          if (hist) {
            // Bin-major layout: neighbouring cells (the same agent's next steps) usually
            // fall in the same bin, so their counters share cache lines.
            let b: number;
            if (unit) { b = (v * UNIT_BINS) | 0; if (b >= UNIT_BINS) b = UNIT_BINS - 1; else if (b < 0) b = 0; } else b = binOf(kind, v);
            hist[b * nT + c]++;
          }
        }
      }
    }
  }

  /** Flushes the current block's partial sums (call before reading or merging). */
  flush(): void {
    for (const a of this.acc) { a.sum.flush(); a.sq.flush(); }
  }

  /**
   * Adds another summary of the same layout, exactly (no block split
   * between them).
   */
  merge(other: Summary): void {
    if (other.acc.length !== this.acc.length || other.T1 !== this.T1) throw new RangeError('Cannot merge summaries of different layouts');
    this.mergeState(other.toState());
  }

  /**
   * The summary's complete state as plain data (typed arrays), for
   * workers and shard files; {@link Summary.fromState} restores it.
   */
  toState(): SummaryState {
    this.flush();
    return {
      n: this.n, dates: [...this.dates], markets: this.markets.map((m) => ({ ...m, agents: [...m.agents], metrics: [...m.metrics] })),
      histograms: this.histograms,
      acc: this.acc.map((a) => ({
        sum: a.sum.exact.limbs, sq: a.sq.exact.limbs, min: a.min, max: a.max, positive: a.positive, negative: a.negative,
        hist: a.hist,
      })),
    };
  }

  /**
   * Adds a state of the same layout (from a worker or a shard), exactly,
   * without building a second summary.
   */
  mergeState(state: SummaryState): void {
    this.flush();
    if (state.acc.length !== this.acc.length) throw new RangeError('Cannot merge summaries of different layouts');
    this.n += state.n;
    this.acc.forEach((a, i) => {
      const x = state.acc[i];
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
    });
  }

  /** A summary from {@link Summary.toState}'s data. */
  static fromState(state: SummaryState): Summary {
    const s = new Summary(state.dates, state.markets, state.histograms);
    s.n = state.n;
    s.acc.forEach((a, i) => {
      const x = state.acc[i];
      a.sum.exact.limbs.set(x.sum);
      a.sq.exact.limbs.set(x.sq);
      a.min.set(x.min); a.max.set(x.max); a.positive.set(x.positive); a.negative.set(x.negative);
      if (a.hist && x.hist) a.hist.forEach((h, m) => h.set(x.hist![m]));
    });
    return s;
  }

  /** Index of market `id`, or −1. */
  marketIndex(id: string): number {
    return this.markets.findIndex((m) => m.id === id);
  }

  /**
   * Statistics of one cell.
   *
   * @example
   * summary.stat('phones', 'share', 'apple', 36, [0.05, 0.5, 0.95]).mean; // => 0.17…
   */
  stat(market: string, metric: string, agent: string, step: number, quantiles: readonly number[]): CellStat {
    const i = this.marketIndex(market);
    if (i < 0) throw new RangeError(`Unknown market "${market}": expected one of ${this.markets.map((m) => m.id).join(', ')}`);
    const a = this.acc[i];
    const m = a.layout.metrics.indexOf(metric);
    if (m < 0) throw new RangeError(`Unknown metric "${metric}" in "${market}": expected one of ${a.layout.metrics.join(', ')}`);
    const j = a.layout.agents.indexOf(agent);
    if (j < 0) throw new RangeError(`Unknown agent "${agent}" in "${market}": expected one of ${a.layout.agents.join(', ')}`);
    if (!Number.isInteger(step) || step < 0 || step >= this.T1) throw new RangeError(`Step ${step} outside 0…${this.T1 - 1}`);
    return this.cell(i, m, j * this.T1 + step, quantiles);
  }

  /** Statistics of cell `c` (agent-major within the metric) of metric `m` of market `i`. */
  cell(i: number, m: number, c: number, quantiles: readonly number[]): CellStat {
    this.flush();
    const a = this.acc[i];
    const k = m * a.nT + c;
    const n = this.n;
    if (n === 0) return { n, mean: NaN, sd: NaN, se: NaN, min: NaN, max: NaN, quantiles: quantiles.map(() => NaN), positive: NaN, negative: NaN };
    const sum = a.sum.value(k), sq = a.sq.value(k);
    const mean = sum / n;
    // Equal values have no spread (the sums' rounding would otherwise leave ~1e-7).
    const variance = n > 1 && a.min[k] !== a.max[k] ? Math.max(0, (sq - sum * mean) / (n - 1)) : 0;
    const sd = Math.sqrt(variance);
    const kind = a.kinds[m];
    const qs = a.hist
      ? quantiles.map((q) => histogramQuantile(kind, a.hist![m], c, n, q, a.min[k], a.max[k], a.nT))
      : quantiles.map(() => NaN);
    return { n, mean, sd, se: sd / Math.sqrt(n), min: a.min[k], max: a.max[k], quantiles: qs, positive: a.positive[k] / n, negative: a.negative[k] / n };
  }
}
