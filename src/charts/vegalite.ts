/**
 * Vega-Lite v5 specs of the charts: plain JSON objects with inline data, for
 * notebooks (`application/vnd.vegalite.v5+json`) and vega-embed on the web.
 */
import type { ComparisonResult } from '../montecarlo/compare.js';
import type { RunGroupView } from '../montecarlo/result.js';
import { PALETTE } from './core.js';
import {
  comparisonData, fanData, metricLabel, rankData, tornadoData, unitOf,
  type ComparisonChartOptions, type FanChartOptions, type RankBarsOptions, type TornadoEntry, type TornadoOptions,
} from './data.js';

/** The Vega-Lite v5 schema URL every spec carries. */
export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';

/**
 * A Vega-Lite v5 spec: a plain, JSON-serialisable object.
 *
 * @example
 * const spec: VegaLiteSpec = fanChartSpec(result, { market: 'phones' });
 * JSON.stringify(spec);
 */
export interface VegaLiteSpec {
  $schema: typeof VEGA_LITE_SCHEMA;
  [key: string]: unknown;
}

function axisFormat(unit: 'percent' | 'pp' | 'number'): Record<string, unknown> {
  return unit === 'percent' ? { format: '.0%' } : unit === 'pp' ? { format: '+.1%' } : { format: '~s' };
}

/** Colour encoding keeping the market's agent colours, the legend naming agents by name (rows carry `name`). */
function colour(d: { names: string[]; colours: string[] }) {
  return { field: 'name', type: 'nominal', title: 'Agent', scale: { domain: d.names, range: d.colours } };
}

/** Rows with each agent's name next to its id. */
function named<R extends { agent: string }>(d: { agents: string[]; names: string[]; rows: R[] }): Array<Record<string, unknown> & R & { name: string }> {
  return d.rows.map((r) => ({ ...r, name: d.names[d.agents.indexOf(r.agent)] ?? r.agent }));
}

/** A time chart's plot size: the page width less room for the legend (`margin`), or the defaults. */
function plotSize(options: { width?: number; height?: number }, width = 520, margin = 200): { width: number; height: number } {
  return { width: options.width ? Math.max(100, options.width - margin) : width, height: options.height ? Math.max(100, options.height - 120) : 300 };
}

const X_DATE = { field: 'date', type: 'temporal', timeUnit: 'yearmonth', title: 'Month', axis: { format: '%Y-%m' } };

/**
 * The fan chart as a Vega-Lite spec: one data row per agent and step
 * (`agent, step, date, mean, p5, p25, p50, p75, p95`), layered P5–P95 and
 * P25–P75 areas and a median line.
 *
 * @example
 * const spec = fanChartSpec(result, { market: 'phones', agents: ['apple', 'huawei'] });
 * spec.data.values.length; // => 2 × (horizon + 1)
 */
export function fanChartSpec(result: RunGroupView, options: FanChartOptions): VegaLiteSpec & { data: { values: Array<Record<string, unknown>> } } {
  const d = fanData(result, options);
  const unit = unitOf(d.metric);
  const title = options.title ?? `${d.market.name}: ${metricLabel(d.metric).toLowerCase()}`;
  const y = (field: string) => ({ field, type: 'quantitative', title: metricLabel(d.metric), axis: axisFormat(unit), scale: { zero: false } });
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: title, subtitle: 'Median, P25–P75 and P5–P95' },
    ...plotSize(options),
    data: { values: named(d) },
    encoding: { x: X_DATE, color: colour(d) },
    layer: [
      { mark: { type: 'area', opacity: 0.12 }, encoding: { y: y('p5'), y2: { field: 'p95' } } },
      { mark: { type: 'area', opacity: 0.25 }, encoding: { y: y('p25'), y2: { field: 'p75' } } },
      {
        mark: { type: 'line', strokeWidth: 2 },
        encoding: {
          y: y('p50'),
          tooltip: [{ field: 'name', title: 'Agent' }, { field: 'date' }, ...['p5', 'p25', 'p50', 'p75', 'p95'].map((f) => ({ field: f, type: 'quantitative', format: unit === 'percent' ? '.1%' : '.3~s' }))],
        },
      },
    ],
  };
}

/**
 * Rank probability bars as a Vega-Lite spec: rows `agent, rank, probability`
 * (rank 1 only, or every rank when `stacked`).
 *
 * @example
 * const spec = rankBarsSpec(result, { market: 'phones', stacked: true });
 */
export function rankBarsSpec(result: RunGroupView, options: RankBarsOptions): VegaLiteSpec & { data: { values: Array<Record<string, unknown>> } } {
  const d = rankData(result, options);
  const title = options.title ?? `${d.market.name}: ${options.stacked ? 'rank probabilities' : 'P(rank 1)'} at ${result.dates[d.step]}`;
  return {
    $schema: VEGA_LITE_SCHEMA,
    title,
    width: plotSize(options, 480).width,
    data: { values: named(d).map((r) => ({ ...r, date: result.dates[d.step], step: d.step })) },
    mark: { type: 'bar' },
    encoding: {
      y: { field: 'name', type: 'nominal', sort: d.names, title: null },
      x: { field: 'probability', type: 'quantitative', stack: 'zero', scale: { domain: [0, 1] }, axis: { format: '.0%' }, title: options.stacked ? 'Probability' : 'P(rank 1)' },
      color: options.stacked
        ? { field: 'rank', type: 'ordinal', title: 'Rank', scale: { scheme: 'blues', reverse: true } }
        : colour(d),
      order: { field: 'rank', type: 'ordinal' },
      tooltip: [{ field: 'name', title: 'Agent' }, { field: 'rank' }, { field: 'probability', type: 'quantitative', format: '.1%' }],
    },
  };
}

/**
 * A tornado chart as a Vega-Lite spec: rows `input, low, high, base, swing`,
 * a bar from low to high per input (widest swing on top) and a rule at the base.
 *
 * @example
 * const spec = tornadoSpec([{ input: 'approval probability', low: 0.15, high: 0.19, base: 0.17 }], { title: 'Apple share', unit: '%' });
 */
export function tornadoSpec(entries: readonly TornadoEntry[], options: TornadoOptions = {}): VegaLiteSpec & { data: { values: Array<Record<string, unknown>> } } {
  const rows = tornadoData(entries, options);
  const format = options.unit === '%' ? '.1%' : options.unit === 'pp' ? '+.2%' : '.3~s';
  const order = rows.map((r) => r.input);
  const hasBase = rows.some((r) => r.base !== undefined && Number.isFinite(r.base));
  const xTitle = options.unit && options.unit !== '%' && options.unit !== 'pp' ? `Output (${options.unit})` : 'Output';
  const y = { field: 'input', type: 'nominal', sort: order, title: null };
  const layer: unknown[] = hasBase
    ? [
        { mark: { type: 'bar', color: PALETTE[0] }, encoding: { x: { field: 'base', type: 'quantitative', title: xTitle, axis: { format }, scale: { zero: false } }, x2: { field: 'low' }, y } },
        { mark: { type: 'bar', color: PALETTE[1] }, encoding: { x: { field: 'base', type: 'quantitative' }, x2: { field: 'high' }, y } },
        { mark: { type: 'rule', color: '#222', strokeDash: [3, 3] }, encoding: { x: { aggregate: 'mean', field: 'base', type: 'quantitative' } } },
      ]
    : [{ mark: { type: 'bar', color: PALETTE[0] }, encoding: { x: { field: 'low', type: 'quantitative', title: xTitle, axis: { format }, scale: { zero: false } }, x2: { field: 'high' }, y } }];
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: options.title ?? 'Sensitivity',
    width: plotSize(options, 480, 240).width,
    data: { values: rows.map((r) => ({ input: r.input, low: r.low, high: r.high, base: r.base ?? null, swing: r.swing })) },
    layer,
  };
}

/**
 * A comparison (b − a over time) as a Vega-Lite spec: rows
 * `agent, step, date, mean, ciLow, ciHigh, pGreater`, a 95 % CI area, a mean
 * line and a zero rule.
 *
 * @example
 * const spec = comparisonSpec(comparison, { market: 'phones', agents: ['apple'] });
 */
export function comparisonSpec(comparison: ComparisonResult, options: ComparisonChartOptions): VegaLiteSpec & { data: { values: Array<Record<string, unknown>> } } {
  const d = comparisonData(comparison, options);
  const unit = unitOf(d.metric, true);
  const title = options.title ?? `${d.market.name}: ${metricLabel(d.metric).toLowerCase()}, ${comparison.b.scenario} − ${comparison.a.scenario}`;
  const y = (field: string) => ({ field, type: 'quantitative', title: `Difference in ${metricLabel(d.metric).toLowerCase()}`, axis: axisFormat(unit) });
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: title, subtitle: 'Mean difference with its 95% CI' },
    ...plotSize(options),
    data: { values: named(d) },
    layer: [
      { mark: { type: 'area', opacity: 0.3 }, encoding: { x: X_DATE, y: y('ciLow'), y2: { field: 'ciHigh' }, color: colour(d) } },
      { mark: { type: 'line', strokeWidth: 2 }, encoding: { x: X_DATE, y: y('mean'), color: colour(d), tooltip: [{ field: 'name', title: 'Agent' }, { field: 'date' }, ...['mean', 'ciLow', 'ciHigh'].map((f) => ({ field: f, type: 'quantitative', format: unit === 'number' ? '.3~s' : '+.2%' })), { field: 'pGreater', type: 'quantitative', format: '.0%', title: 'P(b > a)' }] } },
      { mark: { type: 'rule', color: '#222', strokeDash: [4, 3] }, data: { values: [{ zero: 0 }] }, encoding: { y: { field: 'zero', type: 'quantitative' } } },
    ],
  };
}
