/**
 * What a summary covers and holds: the layout of a market (agents and
 * metrics), the histogram kind of each metric, the statistics of a cell,
 * and the plain-data state of a summary (in memory or, with other number
 * types, in a shard file).
 */
import { ASSISTANT_METRICS, DEVICE_METRICS, FLOW_PREFIX } from '../model/result.js';
import type { HistogramKind } from './histogram.js';

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
 * histogramKindOf('flow:apple'); // => 'positive' (buyers a month)
 * histogramKindOf('appleLead'); // => 'signed' (a custom metric)
 */
export function histogramKindOf(metric: string): HistogramKind {
  return UNIT_METRICS.has(metric) ? 'unit' : BUILT_IN.has(metric) || metric.startsWith(FLOW_PREFIX) ? 'positive' : 'signed';
}

/**
 * Plain-data state of a {@link Summary} (see `toState`). Per market: the
 * exact sums' limbs (`[cell * 4 + limb]`), min, max and the positive and
 * negative counts per cell (`[metric * agents * steps + agent * steps + step]`),
 * and one histogram per metric, cell-major: `hist[metric][cell * bins + bin]`
 * with `cell = agent * steps + step` (shard files write it bin-major).
 *
 * @example
 * const state = summary.toState(); // { n: 1000, dates, markets, histograms: true, acc: [{ sum, sq, min, max, positive, negative, hist }, …] }
 * Summary.fromState(state).n; // => 1000
 */
export type SummaryState = SummaryStateOf<Float64Array, Uint32Array[] | undefined>;

/**
 * The shape of a summary's state, whatever holds its numbers: typed arrays
 * in memory ({@link SummaryState}), JSON in a shard file.
 */
export interface SummaryStateOf<Values, Histograms> {
  n: number;
  dates: string[];
  markets: MarketLayout[];
  histograms: boolean;
  acc: Array<{
    sum: Values; sq: Values; min: Values; max: Values;
    positive: Values; negative: Values; hist: Histograms;
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
