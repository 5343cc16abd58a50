/**
 * Self-contained SVG charts, written as strings: no DOM, no dependencies.
 * Each has width, height and viewBox, a title, axes with tick labels and a
 * legend; agents keep their palette colour by market order.
 */
import type { ComparisonResult } from '../montecarlo/compare.js';
import type { RunGroupView } from '../montecarlo/result.js';
import { coord, dateTickSteps, escapeXML, formatTick, formatValue, linear, niceTicks } from './core.js';
import {
  comparisonData, fanData, metricLabel, rankData, tornadoData, unitOf,
  type ComparisonChartOptions, type FanChartOptions, type RankBarsOptions, type TornadoEntry, type TornadoOptions,
} from './data.js';

interface Box { left: number; top: number; right: number; bottom: number }

const FONT = "system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif";
const AXIS = '#666';
const GRID = '#e5e5e5';

/** Opens an SVG document with a white background, a title and an optional subtitle. */
function open(width: number, height: number, title: string, subtitle?: string): string[] {
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXML(title)}" font-family="${FONT}" font-size="12">`,
    `<title>${escapeXML(title)}</title>`,
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text class="title" x="16" y="24" font-size="15" font-weight="600" fill="#222">${escapeXML(title)}</text>`,
  ];
  if (subtitle) out.push(`<text class="subtitle" x="16" y="42" font-size="11" fill="${AXIS}">${escapeXML(subtitle)}</text>`);
  return out;
}

/** Horizontal grid lines and y tick labels. */
function yAxis(ticks: number[], y: (v: number) => number, box: Box, label: (v: number) => string): string {
  const parts = ticks.map((v) => {
    const yy = coord(y(v));
    return `<line x1="${box.left}" x2="${box.right}" y1="${yy}" y2="${yy}" stroke="${GRID}"/>` +
      `<text x="${box.left - 6}" y="${yy}" dy="0.32em" text-anchor="end" fill="${AXIS}">${escapeXML(label(v))}</text>`;
  });
  return `<g class="axis axis-y">${parts.join('')}<line x1="${box.left}" x2="${box.left}" y1="${box.top}" y2="${box.bottom}" stroke="${AXIS}"/></g>`;
}

/** A time axis at the bottom, labelled with YYYY-MM dates. */
function dateAxis(dates: readonly string[], x: (t: number) => number, box: Box): string {
  const parts = dateTickSteps(dates.length).map((t) => {
    const xx = coord(x(t));
    return `<line x1="${xx}" x2="${xx}" y1="${box.bottom}" y2="${box.bottom + 5}" stroke="${AXIS}"/>` +
      `<text x="${xx}" y="${box.bottom + 18}" text-anchor="middle" fill="${AXIS}">${escapeXML(String(dates[t]).slice(0, 7))}</text>`;
  });
  return `<g class="axis axis-x">${parts.join('')}<line x1="${box.left}" x2="${box.right}" y1="${box.bottom}" y2="${box.bottom}" stroke="${AXIS}"/></g>`;
}

/** A value axis at the bottom (for horizontal bars), with vertical grid lines. */
function valueAxis(ticks: number[], x: (v: number) => number, box: Box, label: (v: number) => string): string {
  const parts = ticks.map((v) => {
    const xx = coord(x(v));
    return `<line x1="${xx}" x2="${xx}" y1="${box.top}" y2="${box.bottom}" stroke="${GRID}"/>` +
      `<text x="${xx}" y="${box.bottom + 16}" text-anchor="middle" fill="${AXIS}">${escapeXML(label(v))}</text>`;
  });
  return `<g class="axis axis-x">${parts.join('')}<line x1="${box.left}" x2="${box.right}" y1="${box.bottom}" y2="${box.bottom}" stroke="${AXIS}"/></g>`;
}

/** Axis titles: the x title centred under the tick labels, the y title rotated along the left edge. */
function axisTitles(box: Box, x?: string, y?: string): string {
  const parts: string[] = [];
  if (x) parts.push(`<text class="axis-title axis-title-x" x="${coord((box.left + box.right) / 2)}" y="${coord(box.bottom + 34)}" text-anchor="middle" fill="#333">${escapeXML(x)}</text>`);
  if (y) parts.push(`<text class="axis-title axis-title-y" transform="translate(14 ${coord((box.top + box.bottom) / 2)}) rotate(-90)" text-anchor="middle" fill="#333">${escapeXML(y)}</text>`);
  return `<g class="axis-titles">${parts.join('')}</g>`;
}

/** The y-axis title of a metric: its label and unit. */
function metricAxisTitle(metric: string, unit: 'percent' | 'pp' | 'number', difference = false): string {
  const label = metricLabel(metric);
  const what = difference ? `Difference in ${label.toLowerCase()}` : label;
  return unit === 'percent' ? `${what} (%)` : unit === 'pp' ? `${what} (pp)` : what;
}

interface LegendItem { label: string; colour: string; kind: 'line' | 'box'; opacity?: number }

/** A vertical legend starting at (x, y). */
function legend(items: LegendItem[], x: number, y: number): string {
  const parts = items.map((it, i) => {
    const yy = y + i * 18;
    const swatch = it.kind === 'line'
      ? `<line x1="${x}" x2="${x + 18}" y1="${yy}" y2="${yy}" stroke="${it.colour}" stroke-width="2.5"/>`
      : `<rect x="${x}" y="${yy - 6}" width="18" height="12" fill="${it.colour}" fill-opacity="${it.opacity ?? 1}"/>`;
    return `${swatch}<text x="${x + 24}" y="${yy}" dy="0.32em" fill="#333">${escapeXML(it.label)}</text>`;
  });
  return `<g class="legend">${parts.join('')}</g>`;
}

/** `M x,y L x,y …` through the finite points, starting a new segment after a gap. */
function linePath(points: Array<[number, number]>): string {
  const parts: string[] = [];
  let pen = false;
  for (const [x, y] of points) {
    if (!Number.isFinite(x) || !Number.isFinite(y)) { pen = false; continue; }
    parts.push(`${pen ? 'L' : 'M'}${coord(x)},${coord(y)}`);
    pen = true;
  }
  return parts.join(' ');
}

/** A closed area between an upper and a lower line (finite points only). */
function areaPath(xs: number[], upper: number[], lower: number[]): string {
  const ok = xs.map((_, i) => Number.isFinite(xs[i]) && Number.isFinite(upper[i]) && Number.isFinite(lower[i]));
  const top = xs.map((x, i) => [x, upper[i]] as [number, number]).filter((_, i) => ok[i]);
  const bottom = xs.map((x, i) => [x, lower[i]] as [number, number]).filter((_, i) => ok[i]).reverse();
  if (!top.length) return '';
  return [...top, ...bottom].map(([x, y], i) => `${i ? 'L' : 'M'}${coord(x)},${coord(y)}`).join(' ') + ' Z';
}

function extent(values: number[]): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (const v of values) if (Number.isFinite(v)) { if (v < lo) lo = v; if (v > hi) hi = v; }
  return lo <= hi ? [lo, hi] : [0, 1];
}

function runsNote(result: RunGroupView): string {
  const scenario = (result as { scenario?: unknown }).scenario;
  return `${typeof scenario === 'string' ? `Scenario ${scenario} · ` : ''}${result.runs.toLocaleString('en-US')} runs`;
}

/**
 * A fan chart of one market and metric: per agent over time, the median
 * line and the P25–P75 and P5–P95 bands. Shares are shown in %. Needs the
 * quantiles 0.05, 0.25, 0.5, 0.75 and 0.95 (the default) in the result.
 * Agents are named by their names (from the result's plan) in the legend.
 * Many agents read better with `highlight` (the others as thin grey
 * medians) or `panels: true` (small multiples, see {@link FanChartOptions}).
 *
 * @example
 * const result = await simulate(scenarios['apple-alibaba'], { runs: 2000, seed: 1 });
 * const svg = fanChartSVG(result, { market: 'phones', agents: ['apple', 'huawei', 'xiaomi'] });
 * // '<svg xmlns="http://www.w3.org/2000/svg" width="720" height="420" …'
 * fanChartSVG(result, { market: 'phones', highlight: ['apple'] }); // Apple in colour, the others grey
 * fanChartSVG(result, { market: 'phones', panels: true }); // one panel per agent
 */
export function fanChartSVG(result: RunGroupView, options: FanChartOptions): string {
  if (options.panels) return fanPanelsSVG(result, options);
  const data = fanData(result, options);
  const width = options.width ?? 720, height = options.height ?? 420;
  const unit = unitOf(data.metric);
  const box: Box = { left: 64, top: 58, right: width - 170, bottom: height - 52 };
  const T = result.horizon;
  const lit = data.agents.map((a) => !options.highlight || options.highlight.includes(a));
  const [lo, hi] = extent(data.rows.filter((r) => lit[data.agents.indexOf(r.agent)]).flatMap((r) => [r.p5, r.p95]).concat(data.rows.map((r) => r.p50)));
  const yt = niceTicks(lo, hi, 6);
  const x = linear([0, Math.max(1, T)], [box.left, box.right]);
  const y = linear(yt.domain, [box.bottom, box.top]);
  const title = options.title ?? `${data.market.name}: ${metricLabel(data.metric).toLowerCase()}`;
  const out = open(width, height, title, `Median, P25–P75 and P5–P95 · ${runsNote(result)}`);
  out.push(yAxis(yt.ticks, y, box, (v) => formatTick(v, yt.step, unit)));
  out.push(dateAxis(result.dates, x, box));
  out.push(axisTitles(box, 'Month', metricAxisTitle(data.metric, unit)));
  const byAgent = data.agents.map((a) => data.rows.filter((r) => r.agent === a));
  const xs = byAgent[0]?.map((r) => x(r.step)) ?? [];
  const band = (cls: string, upper: 'p95' | 'p75', lower: 'p5' | 'p25', opacity: number) => byAgent.map((rows, i) => !lit[i] ? '' :
    `<path class="band ${cls}" data-agent="${escapeXML(data.agents[i])}" fill="${data.colours[i]}" fill-opacity="${opacity}" stroke="none" d="${areaPath(xs, rows.map((r) => y(r[upper])), rows.map((r) => y(r[lower])))}"/>`).join('');
  out.push(`<g class="bands">${band('band-outer', 'p95', 'p5', 0.12)}${band('band-inner', 'p75', 'p25', 0.25)}</g>`);
  const median = (i: number) => `<path class="median${lit[i] ? '' : ' context'}" data-agent="${escapeXML(data.agents[i])}" fill="none" stroke="${lit[i] ? data.colours[i] : CONTEXT}" stroke-width="${lit[i] ? 2 : 1.2}" stroke-linejoin="round" d="${linePath(byAgent[i].map((r) => [x(r.step), y(r.p50)]))}"><title>${escapeXML(data.names[i])}</title></path>`;
  // Grey context first, so the highlighted agents draw on top.
  out.push(`<g class="medians">${[...data.agents.keys()].filter((i) => !lit[i]).map(median).join('')}${[...data.agents.keys()].filter((i) => lit[i]).map(median).join('')}</g>`);
  const others = lit.filter((l) => !l).length;
  out.push(legend([
    ...data.agents.flatMap((_, i) => lit[i] ? [{ label: data.names[i], colour: data.colours[i], kind: 'line' as const }] : []),
    ...(others ? [{ label: `Others (${others}), median`, colour: CONTEXT, kind: 'line' as const }] : []),
    { label: 'P25–P75', colour: '#555', kind: 'box', opacity: 0.35 },
    { label: 'P5–P95', colour: '#555', kind: 'box', opacity: 0.15 },
  ], box.right + 20, box.top + 6));
  out.push('</svg>');
  return out.join('\n');
}

/** Grey of the agents drawn for context only. */
const CONTEXT = '#c4c4c4';

/**
 * Small multiples of a fan chart: one panel per agent (its median, P25–P75
 * and P5–P95; the other agents' medians in grey), on one shared scale.
 */
function fanPanelsSVG(result: RunGroupView, options: FanChartOptions): string {
  const data = fanData(result, options);
  const n = data.agents.length, columns = Math.max(1, Math.min(n, Math.floor(options.columns ?? 3)));
  const rowsOfPanels = Math.ceil(n / columns);
  const width = options.width ?? 720;
  const panelH = 170, gapY = 34, top = 66, left = 58, gapX = 22, right = 14;
  const height = options.height ?? top + rowsOfPanels * (panelH + gapY) + 34;
  const panelW = (width - left - right - gapX * (columns - 1)) / columns;
  const unit = unitOf(data.metric);
  const T = result.horizon;
  const [lo, hi] = extent(data.rows.flatMap((r) => [r.p5, r.p95]));
  const yt = niceTicks(lo, hi, 4);
  const title = options.title ?? `${data.market.name}: ${metricLabel(data.metric).toLowerCase()}`;
  const out = open(width, height, title, `One panel per agent: median, P25–P75 and P5–P95; the others' medians in grey · ${runsNote(result)}`);
  const byAgent = data.agents.map((a) => data.rows.filter((r) => r.agent === a));
  const ends = [0, T].filter((t, k, a) => a.indexOf(t) === k);
  data.agents.forEach((agent, i) => {
    const c = i % columns, r = Math.floor(i / columns);
    const box: Box = { left: left + c * (panelW + gapX), right: left + c * (panelW + gapX) + panelW, top: top + r * (panelH + gapY) + 16, bottom: top + r * (panelH + gapY) + panelH };
    const x = linear([0, Math.max(1, T)], [box.left, box.right]);
    const y = linear(yt.domain, [box.bottom, box.top]);
    const xs = byAgent[i].map((row) => x(row.step));
    const parts = [`<text class="panel-title" x="${coord(box.left)}" y="${coord(box.top - 6)}" font-weight="600" fill="${data.colours[i]}">${escapeXML(data.names[i])}</text>`];
    parts.push(...yt.ticks.map((v) => `<line x1="${coord(box.left)}" x2="${coord(box.right)}" y1="${coord(y(v))}" y2="${coord(y(v))}" stroke="${GRID}"/>` +
      (c === 0 ? `<text x="${coord(box.left - 6)}" y="${coord(y(v))}" dy="0.32em" text-anchor="end" fill="${AXIS}">${escapeXML(formatTick(v, yt.step, unit))}</text>` : '')));
    parts.push(...ends.map((t, k) => `<text x="${coord(x(t))}" y="${coord(box.bottom + 14)}" text-anchor="${k === 0 ? 'start' : 'end'}" font-size="10" fill="${AXIS}">${escapeXML(String(result.dates[t]).slice(0, 7))}</text>`));
    parts.push(`<line x1="${coord(box.left)}" x2="${coord(box.right)}" y1="${coord(box.bottom)}" y2="${coord(box.bottom)}" stroke="${AXIS}"/>`);
    byAgent.forEach((rows, j) => { if (j !== i) parts.push(`<path class="median context" fill="none" stroke="${CONTEXT}" stroke-width="1" d="${linePath(rows.map((row) => [x(row.step), y(row.p50)]))}"/>`); });
    const rows = byAgent[i];
    parts.push(`<path class="band band-outer" data-agent="${escapeXML(agent)}" fill="${data.colours[i]}" fill-opacity="0.15" stroke="none" d="${areaPath(xs, rows.map((row) => y(row.p95)), rows.map((row) => y(row.p5)))}"/>`);
    parts.push(`<path class="band band-inner" data-agent="${escapeXML(agent)}" fill="${data.colours[i]}" fill-opacity="0.3" stroke="none" d="${areaPath(xs, rows.map((row) => y(row.p75)), rows.map((row) => y(row.p25)))}"/>`);
    parts.push(`<path class="median" data-agent="${escapeXML(agent)}" fill="none" stroke="${data.colours[i]}" stroke-width="2" stroke-linejoin="round" d="${linePath(rows.map((row) => [x(row.step), y(row.p50)]))}"/>`);
    const last = rows[rows.length - 1];
    if (last && Number.isFinite(last.p50)) parts.push(`<text x="${coord(box.right)}" y="${coord(box.top - 6)}" text-anchor="end" font-size="11" fill="#333">${escapeXML(`${formatValue(last.p50, unit)} at ${String(result.dates[T]).slice(0, 7)}`)}</text>`);
    out.push(`<g class="panel" data-agent="${escapeXML(agent)}">${parts.join('')}</g>`);
  });
  const all: Box = { left, right: width - right, top, bottom: top + rowsOfPanels * (panelH + gapY) - gapY };
  out.push(axisTitles({ ...all, bottom: all.bottom - 6 }, 'Month', metricAxisTitle(data.metric, unit)));
  out.push('</svg>');
  return out.join('\n');
}

/**
 * Rank probability bars of one market at a step (default: the horizon):
 * P(rank 1) per agent, or with `stacked: true` the probability of every rank.
 *
 * @example
 * const svg = rankBarsSVG(result, { market: 'phones' });
 * const stacked = rankBarsSVG(result, { market: 'phones', step: 36, stacked: true });
 */
export function rankBarsSVG(result: RunGroupView, options: RankBarsOptions): string {
  const data = rankData(result, options);
  const n = data.agents.length;
  const ranks = options.stacked ? n : 1;
  const labelWidth = Math.min(180, 16 + 7 * Math.max(4, ...data.names.map((a) => a.length)));
  const width = options.width ?? 720, height = options.height ?? 124 + 28 * n;
  const box: Box = { left: labelWidth, top: 58, right: width - (options.stacked ? 110 : 60), bottom: height - 50 };
  const x = linear([0, 1], [box.left, box.right]);
  const rowH = (box.bottom - box.top) / Math.max(1, n);
  const title = options.title ?? `${data.market.name}: ${options.stacked ? 'rank probabilities' : 'P(rank 1)'} at ${result.dates[data.step]}`;
  const out = open(width, height, title, `Rank by share · ${runsNote(result)}`);
  out.push(valueAxis([0, 0.25, 0.5, 0.75, 1], x, box, (v) => formatTick(v, 0.25, 'percent')));
  out.push(axisTitles(box, options.stacked ? `Probability of each rank at ${result.dates[data.step]}` : `Probability of rank 1 at ${result.dates[data.step]}`));
  const rankColour = (r: number) => `hsl(212, 55%, ${Math.round(28 + (52 * (r - 1)) / Math.max(1, ranks - 1))}%)`;
  const bars: string[] = [];
  data.agents.forEach((agent, i) => {
    const y0 = box.top + i * rowH + rowH * 0.15, h = rowH * 0.7;
    bars.push(`<text x="${box.left - 8}" y="${coord(y0 + h / 2)}" dy="0.32em" text-anchor="end" fill="#333">${escapeXML(data.names[i])}</text>`);
    let acc = 0;
    for (let r = 1; r <= ranks; r++) {
      const p = data.rows.find((row) => row.agent === agent && row.rank === r)!.probability;
      const w = Number.isFinite(p) ? x(acc + p) - x(acc) : 0;
      const fill = options.stacked ? rankColour(r) : data.colours[i];
      bars.push(`<rect class="bar" data-agent="${escapeXML(agent)}" data-rank="${r}" x="${coord(x(acc))}" y="${coord(y0)}" width="${coord(Math.max(0, w))}" height="${coord(h)}" fill="${fill}"><title>${escapeXML(`${data.names[i]}: P(rank ${r}) = ${formatValue(p, 'percent')}`)}</title></rect>`);
      acc += Number.isFinite(p) ? p : 0;
    }
    if (!options.stacked) {
      const p = data.rows.find((row) => row.agent === agent)!.probability;
      bars.push(`<text x="${coord(x(Number.isFinite(p) ? p : 0) + 5)}" y="${coord(y0 + h / 2)}" dy="0.32em" fill="#333">${escapeXML(formatValue(p, 'percent'))}</text>`);
    }
  });
  out.push(`<g class="bars">${bars.join('')}</g>`);
  if (options.stacked) {
    out.push(legend(Array.from({ length: ranks }, (_, k) => ({ label: `Rank ${k + 1}`, colour: rankColour(k + 1), kind: 'box' as const })), box.right + 16, box.top + 6));
  }
  out.push('</svg>');
  return out.join('\n');
}

/** Formats tornado values by the option's unit. */
function tornadoFormat(unit: string | undefined): { tick: (v: number, step: number) => string; value: (v: number) => string } {
  if (unit === '%') return { tick: (v, s) => formatTick(v, s, 'percent'), value: (v) => formatValue(v, 'percent') };
  if (unit === 'pp') return { tick: (v, s) => formatTick(v, s, 'pp'), value: (v) => formatValue(v, 'pp') };
  const suffix = unit ? ` ${unit}` : '';
  return { tick: (v, s) => formatTick(v, s, 'number') + suffix, value: (v) => formatValue(v, 'number') + suffix };
}

/**
 * A tornado chart: one horizontal bar per input from the output at the
 * input's low value to the output at its high value, widest swing on top.
 * Give inputs readable names (`inputLabel`, or a sensitivity's `labels`).
 * With a base (per entry or in the options) each bar is split at the base:
 * blue towards the low input's output, orange towards the high input's.
 *
 * @example
 * const svg = tornadoSVG([
 *   { input: 'approval probability', low: 0.15, high: 0.19, base: 0.17 },
 *   { input: 'AI launch month', low: 0.165, high: 0.175, base: 0.17 },
 * ], { title: 'Apple phone share at 2028-01', unit: '%' });
 */
export function tornadoSVG(entries: readonly TornadoEntry[], options: TornadoOptions = {}): string {
  const rows = tornadoData(entries, options);
  const fmt = tornadoFormat(options.unit);
  const n = rows.length;
  const labelWidth = Math.min(320, 16 + 6.6 * Math.max(4, ...rows.map((r) => r.input.length)));
  const width = options.width ?? 760, height = options.height ?? 124 + 30 * Math.max(1, n);
  const box: Box = { left: labelWidth, top: 58, right: width - 130, bottom: height - 50 };
  const [lo, hi] = extent(rows.flatMap((r) => [r.low, r.high, r.base ?? NaN]));
  const pad = (hi - lo) * 0.12; // room for the value labels at the bar ends
  const xt = niceTicks(lo - pad, hi + pad, 6);
  const x = linear(xt.domain, [box.left, box.right]);
  const rowH = (box.bottom - box.top) / Math.max(1, n);
  const title = options.title ?? 'Sensitivity';
  const out = open(width, height, title, 'Output at each input’s low and high value, widest swing first');
  out.push(valueAxis(xt.ticks, x, box, (v) => fmt.tick(v, xt.step)));
  out.push(axisTitles(box, options.axisTitle ?? `Output${options.unit === '%' ? ' (%)' : options.unit ? ` (${options.unit})` : ''}, mean over the runs`));
  const LOW = '#4e79a7', HIGH = '#f28e2b';
  const bars: string[] = [];
  rows.forEach((r, i) => {
    const y0 = box.top + i * rowH + rowH * 0.15, h = rowH * 0.7, yc = coord(y0 + h / 2);
    bars.push(`<text x="${box.left - 8}" y="${yc}" dy="0.32em" text-anchor="end" fill="#333">${escapeXML(r.input)}</text>`);
    const rect = (a: number, b: number, fill: string, side: string) => Number.isFinite(a) && Number.isFinite(b)
      ? `<rect class="bar bar-${side}" data-input="${escapeXML(r.input)}" x="${coord(x(Math.min(a, b)))}" y="${coord(y0)}" width="${coord(Math.abs(x(b) - x(a)))}" height="${coord(h)}" fill="${fill}"/>`
      : '';
    if (r.base !== undefined && Number.isFinite(r.base)) {
      bars.push(rect(r.base, r.low, LOW, 'low'), rect(r.base, r.high, HIGH, 'high'));
    } else {
      bars.push(rect(r.low, r.high, LOW, 'range'));
    }
    const left = r.low <= r.high ? r.low : r.high, right = r.low <= r.high ? r.high : r.low;
    if (Number.isFinite(left)) bars.push(`<text x="${coord(x(Math.min(left, r.base ?? left)) - 4)}" y="${yc}" dy="0.32em" text-anchor="end" font-size="10" fill="${AXIS}">${escapeXML(fmt.value(left))}</text>`);
    if (Number.isFinite(right)) bars.push(`<text x="${coord(x(Math.max(right, r.base ?? right)) + 4)}" y="${yc}" dy="0.32em" font-size="10" fill="${AXIS}">${escapeXML(fmt.value(right))}</text>`);
  });
  out.push(`<g class="bars">${bars.join('')}</g>`);
  const bases = [...new Set(rows.map((r) => r.base).filter((b): b is number => b !== undefined && Number.isFinite(b)))];
  if (bases.length === 1) {
    const bx = coord(x(bases[0]));
    out.push(`<line class="base" x1="${bx}" x2="${bx}" y1="${box.top - 4}" y2="${box.bottom}" stroke="#222" stroke-dasharray="3,3"/>`);
  }
  out.push(legend(bases.length
    ? [{ label: 'Low input', colour: LOW, kind: 'box' }, { label: 'High input', colour: HIGH, kind: 'box' }, ...(bases.length === 1 ? [{ label: `Base ${fmt.value(bases[0])}`, colour: '#222', kind: 'line' as const }] : [])]
    : [{ label: 'Low to high input', colour: LOW, kind: 'box' }], box.right + 16, box.top + 6));
  out.push('</svg>');
  return out.join('\n');
}

/**
 * The difference b − a of a comparison over time: per agent, the mean
 * difference and its 95 % confidence band, with a zero line. Differences of
 * shares are in percentage points.
 *
 * @example
 * const c = await compare(scenarios.baseline, scenarios['apple-alibaba'], { runs: 2000, seed: 1 });
 * const svg = comparisonChartSVG(c, { market: 'phones', agents: ['apple', 'huawei'] });
 */
export function comparisonChartSVG(comparison: ComparisonResult, options: ComparisonChartOptions): string {
  const data = comparisonData(comparison, options);
  const width = options.width ?? 720, height = options.height ?? 420;
  const unit = unitOf(data.metric, true);
  const box: Box = { left: 72, top: 58, right: width - 200 - 4 * data.agents.length, bottom: height - 52 };
  const T = comparison.a.horizon;
  const [lo, hi] = extent([0, ...data.rows.flatMap((r) => [r.ciLow, r.ciHigh, r.mean])]);
  const yt = niceTicks(lo, hi, 6);
  const x = linear([0, Math.max(1, T)], [box.left, box.right]);
  const y = linear(yt.domain, [box.bottom, box.top]);
  const title = options.title ?? `${comparison.markets.find((m) => m.id === options.market)!.name}: ${metricLabel(data.metric).toLowerCase()}, ${comparison.b.scenario} − ${comparison.a.scenario}`;
  const out = open(width, height, title, `Mean difference with its 95% CI (band; at ${String(comparison.a.dates[T]).slice(0, 7)} also as whiskers, the legend giving the mean there) · ${comparison.a.runs.toLocaleString('en-US')} paired runs`);
  out.push(yAxis(yt.ticks, y, box, (v) => formatTick(v, yt.step, unit)));
  out.push(dateAxis(comparison.a.dates, x, box));
  out.push(axisTitles(box, 'Month', metricAxisTitle(data.metric, unit, true)));
  const zero = coord(y(0));
  out.push(`<line class="zero" x1="${box.left}" x2="${box.right}" y1="${zero}" y2="${zero}" stroke="#222" stroke-dasharray="4,3"/>`);
  const byAgent = data.agents.map((a) => data.rows.filter((r) => r.agent === a));
  const xs = byAgent[0]?.map((r) => x(r.step)) ?? [];
  // The CI as a band with its edges drawn (a narrow CI on common random numbers stays visible),
  // and at the horizon as a whisker with caps; the legend gives the difference there with its CI.
  out.push(`<g class="bands">${byAgent.map((rows, i) =>
    `<path class="band band-ci" data-agent="${escapeXML(data.agents[i])}" fill="${data.colours[i]}" fill-opacity="0.25" stroke="none" d="${areaPath(xs, rows.map((r) => y(r.ciHigh)), rows.map((r) => y(r.ciLow)))}"/>` +
    `<path class="ci-edge" fill="none" stroke="${data.colours[i]}" stroke-width="0.8" stroke-dasharray="2,2" d="${linePath(rows.map((r) => [x(r.step), y(r.ciHigh)]))} ${linePath(rows.map((r) => [x(r.step), y(r.ciLow)]))}"/>`).join('')}</g>`);
  out.push(`<g class="means">${byAgent.map((rows, i) =>
    `<path class="mean" data-agent="${escapeXML(data.agents[i])}" fill="none" stroke="${data.colours[i]}" stroke-width="2" stroke-linejoin="round" d="${linePath(rows.map((r) => [x(r.step), y(r.mean)]))}"/>`).join('')}</g>`);
  const lastOf = byAgent.map((rows) => rows[rows.length - 1]);
  out.push(`<g class="whiskers">${lastOf.map((r, i) => {
    if (!r || !Number.isFinite(r.ciLow) || !Number.isFinite(r.ciHigh)) return '';
    const xx = coord(x(r.step) + 6 + 4 * i), a = coord(y(r.ciLow)), b = coord(y(r.ciHigh));
    return `<g class="whisker" data-agent="${escapeXML(data.agents[i])}" stroke="${data.colours[i]}" stroke-width="1.5"><line x1="${xx}" x2="${xx}" y1="${a}" y2="${b}"/>` +
      `<line x1="${coord(Number(xx) - 3)}" x2="${coord(Number(xx) + 3)}" y1="${a}" y2="${a}"/><line x1="${coord(Number(xx) - 3)}" x2="${coord(Number(xx) + 3)}" y1="${b}" y2="${b}"/>` +
      `<title>${escapeXML(`${data.names[i]} at ${comparison.a.dates[r.step]}: ${formatValue(r.mean, unit)} [${formatValue(r.ciLow, unit)}, ${formatValue(r.ciHigh, unit)}]`)}</title></g>`;
  }).join('')}</g>`);
  out.push(legend([
    ...data.agents.map((_, i) => ({ label: lastOf[i] ? `${data.names[i]} ${formatValue(lastOf[i].mean, unit)}` : data.names[i], colour: data.colours[i], kind: 'line' as const })),
    { label: '95% CI', colour: '#555', kind: 'box', opacity: 0.3 },
  ], box.right + 20 + 4 * data.agents.length, box.top + 6));
  out.push('</svg>');
  return out.join('\n');
}
