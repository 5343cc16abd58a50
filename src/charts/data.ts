/**
 * The data behind each chart, taken from a result once and shared by the SVG
 * and the Vega-Lite versions.
 */
import { RivalsimError } from '../errors.js';
import type { ComparisonResult } from '../montecarlo/compare.js';
import type { RunGroupView } from '../montecarlo/result.js';
import type { ChartFrame, FanChartLayout, SeriesChartOptions } from '../montecarlo/display.js';
import type { MarketLayout } from '../montecarlo/layout.js';
import { agentColour, isShareMetric } from './core.js';

export type { ChartFrame, FanChartLayout, SeriesChartOptions };

/**
 * Options of the fan chart ({@link fanChartSVG}, {@link fanChartSpec}).
 *
 * @example
 * const options: FanChartOptions = { market: 'phones', metric: 'share', agents: ['apple', 'huawei'] };
 */
export interface FanChartOptions extends SeriesChartOptions, FanChartLayout {}

/**
 * Options of the rank probability bars ({@link rankBarsSVG}, {@link rankBarsSpec}).
 *
 * @example
 * const options: RankBarsOptions = { market: 'phones', step: 36, stacked: true };
 */
export interface RankBarsOptions extends ChartFrame {
  /** Market id. */
  market: string;
  /** Step (a rank step of the result), default the horizon. */
  step?: number;
  /** Stack the probabilities of every rank instead of showing P(rank 1) only. */
  stacked?: boolean;
}

/**
 * Options of the comparison chart ({@link comparisonChartSVG}, {@link comparisonSpec}).
 *
 * @example
 * const options: ComparisonChartOptions = { market: 'phones', metric: 'share', agents: ['apple'] };
 */
export type ComparisonChartOptions = SeriesChartOptions;

/**
 * One bar of a tornado chart: the output at the input's low and high values
 * (e.g. its P10 and P90), and optionally the base output.
 *
 * @example
 * const entry: TornadoEntry = { input: 'approvalProbability', low: 0.15, high: 0.19, base: 0.17 };
 */
export interface TornadoEntry {
  input: string;
  low: number;
  high: number;
  base?: number;
}

/**
 * Options of the tornado chart ({@link tornadoSVG}, {@link tornadoSpec}).
 *
 * @example
 * const options: TornadoOptions = { title: 'Apple phone share, 2028-01', unit: '%' };
 */
export interface TornadoOptions {
  title?: string;
  /** Unit of the output: `'%'` shows fractions in %, `'pp'` in percentage points, anything else is appended to values. */
  unit?: string;
  /** Title of the value axis (default: "Output, mean over the runs", with the unit). */
  axisTitle?: string;
  /** Base output (the line the bars swing around), if the entries carry none. */
  base?: number;
  width?: number;
  height?: number;
}

/** A fan chart's row: one agent at one step. */
export interface FanRow {
  agent: string;
  step: number;
  date: string;
  mean: number;
  p5: number;
  p25: number;
  p50: number;
  p75: number;
  p95: number;
}

/** A comparison chart's row: b − a for one agent at one step. */
export interface ComparisonRow {
  agent: string;
  step: number;
  date: string;
  mean: number;
  ciLow: number;
  ciHigh: number;
  pGreater: number;
}

/** A rank bar's row: P(agent has rank `rank`). */
export interface RankRow {
  agent: string;
  rank: number;
  probability: number;
}

/** What the charts of one market share: the layout, the agents drawn, their names (for legends and labels) and colours. */
export interface ChartSeries {
  market: MarketLayout;
  agents: string[];
  names: string[];
  colours: string[];
}

/**
 * The names of agents (`Apple` for `apple`) from a result's plan, where it
 * has one; ids otherwise.
 *
 * @example
 * agentNames(result, ['apple', 'huawei']); // => ['Apple', 'Huawei']
 */
export function agentNames(source: unknown, agents: readonly string[]): string[] {
  let plan: { agents?: ReadonlyArray<{ id: string; name?: string }> } | undefined;
  try { plan = (source as { plan?: typeof plan } | undefined)?.plan; } catch { plan = undefined; }
  return agents.map((a) => plan?.agents?.find((x) => x.id === a)?.name || a);
}

/** The market `id` of a list of layouts, with a clear error otherwise. */
export function findMarket(markets: readonly MarketLayout[], id: string): MarketLayout {
  const m = markets.find((x) => x.id === id);
  if (!m) throw new RivalsimError('Unknown market', 'market', id, `one of ${markets.map((x) => x.id).join(', ')}`);
  return m;
}

/** The agents to draw (all by default), their names (from `source`'s plan, see {@link agentNames}) and their colours by market order. */
export function seriesOf(markets: readonly MarketLayout[], id: string, metric: string | undefined, agents?: readonly string[], source?: unknown): ChartSeries {
  const market = findMarket(markets, id);
  if (metric !== undefined && !market.metrics.includes(metric)) {
    throw new RivalsimError('Unknown metric', 'metric', metric, `one of ${market.metrics.join(', ')} (market ${id})`);
  }
  const chosen = agents ? [...agents] : [...market.agents];
  for (const a of chosen) {
    if (!market.agents.includes(a)) throw new RivalsimError('Unknown agent', 'agents', a, `one of ${market.agents.join(', ')} (market ${id})`);
  }
  return { market, agents: chosen, names: agentNames(source, chosen), colours: chosen.map((a) => agentColour(market.agents.indexOf(a))) };
}

/** The fan chart quantiles, in order. */
export const FAN_QUANTILES = [0.05, 0.25, 0.5, 0.75, 0.95] as const;

/**
 * Whether a result keeps the quantiles a fan chart draws ({@link FAN_QUANTILES}).
 *
 * @example
 * hasFanQuantiles(await simulate(s, { runs: 100, quantiles: [] })); // => false
 */
export function hasFanQuantiles(result: { quantiles: readonly number[] }): boolean {
  return FAN_QUANTILES.every((q) => result.quantiles.some((x) => Math.abs(x - q) < 1e-9));
}

/** Rows of a fan chart: agents × steps (agent-major). */
export function fanData(result: RunGroupView, options: FanChartOptions): ChartSeries & { metric: string; rows: FanRow[] } {
  const metric = options.metric ?? 'share';
  const series = seriesOf(result.markets, options.market, metric, options.agents, result);
  for (const a of options.highlight ?? []) {
    if (!series.agents.includes(a)) throw new RivalsimError('Unknown agent to highlight', 'highlight', a, `one of ${series.agents.join(', ')}`);
  }
  const at = FAN_QUANTILES.map((q) => result.quantiles.findIndex((x) => Math.abs(x - q) < 1e-9));
  if (at.some((i) => i < 0)) {
    throw new RivalsimError('A fan chart needs the quantiles P5, P25, P50, P75 and P95', 'quantiles', result.quantiles,
      'quantiles including 0.05, 0.25, 0.5, 0.75 and 0.95 (the default)', 'Simulate with the default quantiles or add the missing ones.');
  }
  const rows: FanRow[] = [];
  for (const agent of series.agents) {
    for (let t = 0; t <= result.horizon; t++) {
      const s = result.stat(options.market, metric, agent, t);
      const q = at.map((i) => s.quantiles[i]);
      rows.push({ agent, step: t, date: result.dates[t], mean: s.mean, p5: q[0], p25: q[1], p50: q[2], p75: q[3], p95: q[4] });
    }
  }
  return { ...series, metric, rows };
}

/** Rows of the rank bars at a step: P(rank 1) per agent, or every rank when stacked. */
export function rankData(result: RunGroupView, options: RankBarsOptions): ChartSeries & { step: number; rows: RankRow[] } {
  const series = seriesOf(result.markets, options.market, undefined, undefined, result);
  const step = options.step ?? result.horizon;
  const ranks = options.stacked ? series.agents.length : 1;
  const rows: RankRow[] = [];
  for (const agent of series.agents) {
    for (let r = 1; r <= ranks; r++) rows.push({ agent, rank: r, probability: result.rankProbability(options.market, agent, r, step).probability });
  }
  return { ...series, step, rows };
}

/** Rows of a comparison chart: agents × steps (agent-major). */
export function comparisonData(comparison: ComparisonResult, options: ComparisonChartOptions): ChartSeries & { metric: string; rows: ComparisonRow[] } {
  const metric = options.metric ?? 'share';
  const series = seriesOf(comparison.markets, options.market, metric, options.agents, comparison.a);
  const rows: ComparisonRow[] = [];
  for (const agent of series.agents) {
    for (let t = 0; t <= comparison.a.horizon; t++) {
      const d = comparison.difference(options.market, metric, agent, t);
      rows.push({ agent, step: t, date: comparison.a.dates[t], mean: d.mean, ciLow: d.ciLow, ciHigh: d.ciHigh, pGreater: d.pGreater });
    }
  }
  return { ...series, metric, rows };
}

/** Tornado entries sorted by swing, widest first, with their base. */
export function tornadoData(entries: readonly TornadoEntry[], options: TornadoOptions = {}): Array<TornadoEntry & { swing: number }> {
  if (!Array.isArray(entries)) throw new RivalsimError('Invalid tornado entries', 'entries', entries, 'an array of { input, low, high, base? }');
  return entries
    .map((e) => ({ ...e, base: e.base ?? options.base, swing: Math.abs(e.high - e.low) }))
    .sort((a, b) => (b.swing || 0) - (a.swing || 0));
}

/** Human label of a metric. */
export function metricLabel(metric: string): string {
  const spaced = metric.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** The value unit of a metric: shares in %, differences of shares in pp. */
export function unitOf(metric: string, difference = false): 'percent' | 'pp' | 'number' {
  return isShareMetric(metric) ? (difference ? 'pp' : 'percent') : 'number';
}
