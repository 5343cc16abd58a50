/**
 * A summary as tidy rows (one per market, metric, agent and step, with the
 * metric's unit) and as CSV.
 */
import { metricUnit } from '../model/result.js';
import { csvField, csvNumber } from './csv.js';
import type { Group } from './group.js';

/**
 * One tidy row of a summary: a market, metric, agent and step, and the
 * metric's unit (see `metricUnit`).
 *
 * @example
 * // { scenario: 'apple-alibaba', market: 'phones', metric: 'share', agent: 'apple', step: 36, date: '2028-01',
 * //   mean: 0.17, sd: 0.01, se: 0.0001, p5: 0.15, p25: 0.16, p50: 0.17, p75: 0.18, p95: 0.19, unit: 'fraction' }
 */
export interface SummaryRow {
  scenario: string;
  market: string;
  metric: string;
  agent: string;
  step: number;
  date: string;
  mean: number;
  sd: number;
  se: number;
  [quantile: `p${string}`]: number;
  /** The metric's unit: `fraction`, `million users`, … (`''` for a custom metric). */
  unit: string;
}

/**
 * Column name of a quantile: `p5` for 0.05, `p2.5` for 0.025.
 *
 * @example
 * quantileName(0.95); // => 'p95'
 */
export function quantileName(q: number): `p${string}` {
  return `p${Number((q * 100).toPrecision(12))}`;
}

/**
 * The tidy rows of a group of runs (see `RunGroupView.rows`).
 *
 * @example
 * summaryRows(group, [0.05, 0.5, 0.95]).find((r) => r.agent === 'apple' && r.step === 36)?.p50; // => 0.17…
 */
export function summaryRows(group: Group, quantiles: readonly number[]): SummaryRow[] {
  const out: SummaryRow[] = [];
  const names = quantiles.map(quantileName);
  const { id, dates, horizon } = group.plan;
  const T1 = horizon + 1;
  group.summary.markets.forEach((m, i) => {
    m.metrics.forEach((metric, k) => {
      const unit = metricUnit(metric);
      m.agents.forEach((agent, j) => {
        for (let t = 0; t < T1; t++) {
          const s = group.summary.cell(i, k, j * T1 + t, quantiles);
          const row = { scenario: id, market: m.id, metric, agent, step: t, date: dates[t], mean: s.mean, sd: s.sd, se: s.se } as SummaryRow;
          names.forEach((name, q) => { row[name] = s.quantiles[q]; });
          row.unit = unit;
          out.push(row);
        }
      });
    });
  });
  return out;
}

/**
 * Rows as CSV: header `scenario,market,metric,agent,step,date,mean,sd,se,`
 * then a column per quantile, then `unit` (see `RunGroupView.toCSV`).
 *
 * @example
 * summaryCSV(rows, [0.5]).split('\n')[0]; // => 'scenario,market,metric,agent,step,date,mean,sd,se,p50,unit'
 */
export function summaryCSV(rows: readonly SummaryRow[], quantiles: readonly number[]): string {
  const names = quantiles.map(quantileName);
  const lines = [['scenario', 'market', 'metric', 'agent', 'step', 'date', 'mean', 'sd', 'se', ...names, 'unit'].join(',')];
  for (const r of rows) {
    lines.push([csvField(r.scenario), csvField(r.market), csvField(r.metric), csvField(r.agent), String(r.step), r.date,
      csvNumber(r.mean), csvNumber(r.sd), csvNumber(r.se), ...names.map((n) => csvNumber(r[n])), csvField(r.unit)].join(','));
  }
  return lines.join('\n') + '\n';
}
