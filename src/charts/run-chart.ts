/**
 * The chart of one run (a `RunResult`): each agent's series of one market
 * and metric over time, in SVG and as a Vega-Lite v5 spec. What a single
 * run shows in a notebook. Portable: strings and plain objects.
 */
import { RivalsimError } from '../errors.js';
import type { RunResult } from '../model/result.js';
import { agentColour, coord, dateTickSteps, escapeXML, formatTick, isShareMetric, linear, niceTicks, svgHeader } from './core.js';
import { VEGA_LITE_SCHEMA, type VegaLiteSpec } from './vegalite.js';

const MUTED = '#666', RULE = '#e5e5e5';

/**
 * Options of the run chart: the market (default the first), the metric
 * (default `share`) and the frame.
 *
 * @example
 * const options: RunChartOptions = { market: 'assistants', metric: 'users' };
 */
export interface RunChartOptions {
  market?: string;
  metric?: string;
  title?: string;
  width?: number;
  height?: number;
}

/** The run's rows `agent, step, date, value` of one market and metric. */
function runData(run: RunResult, options: RunChartOptions): { market: RunResult['markets'][number]; metric: string; rows: Array<{ agent: string; step: number; date: string; value: number }> } {
  const market = options.market === undefined ? run.markets[0] : run.markets.find((m) => m.id === options.market);
  if (!market) throw new RivalsimError('Unknown market', 'market', options.market, `one of ${run.markets.map((m) => m.id).join(', ')}`);
  const metric = options.metric ?? (market.metrics.includes('share') ? 'share' : market.metrics[0]);
  if (!market.metrics.includes(metric)) throw new RivalsimError(`Unknown metric in "${market.id}"`, 'metric', metric, `one of ${market.metrics.join(', ')}`);
  const T1 = run.dates.length, data = market.data[metric];
  const rows = market.agents.flatMap((agent, j) => Array.from({ length: T1 }, (_, t) => ({ agent, step: t, date: run.dates[t], value: data[j * T1 + t] })));
  return { market, metric, rows };
}

/**
 * One run's series in SVG: a line per agent of a market's metric (default:
 * the first market's share) over time.
 *
 * @example
 * runSVG(runScenario(scenarios.baseline, { seed: 1 })); // '<svg …' a line per phone maker
 */
export function runSVG(run: RunResult, options: RunChartOptions = {}): string {
  const { market, metric, rows } = runData(run, options);
  const width = options.width ?? 720, height = options.height ?? 400;
  const area = { left: 64, top: 58, right: width - 150, bottom: height - 40 };
  const unit = isShareMetric(metric) ? 'percent' : 'number';
  const finite = rows.map((r) => r.value).filter(Number.isFinite);
  const ticks = niceTicks(Math.min(...finite, 0), Math.max(...finite, 0), 6);
  const x = linear([0, Math.max(1, run.dates.length - 1)], [area.left, area.right]), y = linear(ticks.domain, [area.bottom, area.top]);
  const title = options.title ?? `${market.name}: ${metric}, one run`;
  const out = svgHeader(width, height, title, `Scenario ${run.scenario} · ${run.events.length} events logged`);
  out.push(`<g class="axis axis-y">${ticks.ticks.map((v) => `<line x1="${area.left}" x2="${area.right}" y1="${coord(y(v))}" y2="${coord(y(v))}" stroke="${RULE}"/><text x="${area.left - 6}" y="${coord(y(v))}" dy="0.32em" text-anchor="end" fill="${MUTED}">${escapeXML(formatTick(v, ticks.step, unit))}</text>`).join('')}</g>`);
  out.push(`<g class="axis axis-x">${dateTickSteps(run.dates.length).map((t) => `<text x="${coord(x(t))}" y="${area.bottom + 18}" text-anchor="middle" fill="${MUTED}">${escapeXML(run.dates[t])}</text>`).join('')}</g>`);
  market.agents.forEach((agent, j) => {
    const points = rows.filter((r) => r.agent === agent && Number.isFinite(r.value)).map((r) => `${coord(x(r.step))},${coord(y(r.value))}`);
    out.push(`<path class="series" data-agent="${escapeXML(agent)}" fill="none" stroke="${agentColour(j)}" stroke-width="2" d="M${points.join(' L')}"/>`);
    out.push(`<line x1="${area.right + 20}" x2="${area.right + 38}" y1="${area.top + 6 + 18 * j}" y2="${area.top + 6 + 18 * j}" stroke="${agentColour(j)}" stroke-width="2.5"/><text x="${area.right + 44}" y="${area.top + 6 + 18 * j}" dy="0.32em" fill="#333">${escapeXML(agent)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n');
}

/**
 * One run's series as a Vega-Lite spec: rows `agent, step, date, value`, a line per agent.
 *
 * @example
 * runSpec(run).data.values.length; // => agents × (horizon + 1)
 */
export function runSpec(run: RunResult, options: RunChartOptions = {}): VegaLiteSpec & { data: { values: Array<Record<string, unknown>> } } {
  const { market, metric, rows } = runData(run, options);
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: options.title ?? `${market.name}: ${metric}, one run`, subtitle: `Scenario ${run.scenario}` },
    width: 520, height: 300,
    data: { values: rows.map((r) => ({ ...r })) },
    mark: 'line',
    encoding: {
      x: { field: 'date', type: 'temporal', timeUnit: 'yearmonth', title: null, axis: { format: '%Y-%m' } },
      y: { field: 'value', type: 'quantitative', title: metric, axis: isShareMetric(metric) ? { format: '.0%' } : {} },
      color: { field: 'agent', type: 'nominal', title: 'Agent', scale: { domain: market.agents, range: market.agents.map((_, j) => agentColour(j)) } },
    },
  };
}
