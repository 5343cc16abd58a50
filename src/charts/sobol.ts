/**
 * The Sobol chart, in SVG and as a Vega-Lite v5 spec: first-order (S1)
 * and total-order (ST) indices with their bootstrap 95 % intervals — at
 * one step a dot-and-whisker row per input, over several steps one line
 * per input with its interval as a band, S1 and ST side by side.
 * Portable: strings and plain objects.
 */
import type { SobolIndex, SobolResult } from '../analysis/sobol.js';
import { agentColour, coord, escapeXML, linear, niceTicks, svgHeader } from './core.js';
import { VEGA_LITE_SCHEMA, type VegaLiteSpec } from './vegalite.js';

const MUTED = '#666', RULE = '#e5e5e5';

/**
 * Options of the Sobol chart.
 *
 * @example
 * const options: SobolChartOptions = { top: 5, title: 'What drives Apple’s share' };
 */
export interface SobolChartOptions {
  title?: string;
  width?: number;
  height?: number;
  /** Inputs drawn: those with the largest total index (at any step). Default 8. */
  top?: number;
}

/** One row of the chart's data: an input's index of one order at one step. */
interface SobolRow { input: string; step: number; date: string; order: 'S1' | 'ST'; value: number; lower: number; upper: number }

/** The inputs drawn (largest ST first) and the rows. */
function sobolData(result: SobolResult, top: number): { inputs: string[]; rows: SobolRow[] } {
  const best = new Map<string, number>();
  for (const s of result.steps) for (const i of [...s.inputs, ...(s.noise ? [s.noise] : [])]) best.set(i.path, Math.max(best.get(i.path) ?? -Infinity, i.total));
  const paths = [...best.keys()].sort((a, b) => best.get(b)! - best.get(a)!).slice(0, top);
  const label = (path: string) => result.labels?.[path] ?? path;
  const inputs = paths.map(label);
  const rows: SobolRow[] = [];
  for (const s of result.steps) {
    const date = result.dates?.[s.step] ?? `month ${s.step}`;
    const byPath = new Map<string, SobolIndex>([...s.inputs, ...(s.noise ? [s.noise] : [])].map((i) => [i.path, i]));
    for (const path of paths) {
      const i = byPath.get(path), input = label(path);
      if (!i) continue;
      rows.push({ input, step: s.step, date, order: 'S1', value: i.first, lower: i.firstCI[0], upper: i.firstCI[1] });
      rows.push({ input, step: s.step, date, order: 'ST', value: i.total, lower: i.totalCI[0], upper: i.totalCI[1] });
    }
  }
  return { inputs, rows };
}

/** The value axis's domain: [0, 1] widened to what the estimates and intervals reach. */
function domainOf(rows: readonly SobolRow[]): [number, number] {
  const finite = rows.flatMap((r) => [r.value, r.lower, r.upper]).filter(Number.isFinite);
  return [Math.min(0, ...finite), Math.max(1, ...finite)];
}

/** One step: a row per input, S1 (hollow) and ST (filled) with whiskers. */
function oneStep(out: string[], data: ReturnType<typeof sobolData>, width: number): void {
  const labelWidth = Math.round(Math.min(340, 24 + 6.4 * Math.max(10, ...data.inputs.map((i) => i.length))));
  const area = { left: labelWidth, right: width - 110, top: 62 }, rowH = 30;
  const ticks = niceTicks(...domainOf(data.rows), 5);
  const x = linear(ticks.domain, [area.left, area.right]);
  const bottom = area.top + rowH * data.inputs.length;
  out.push(`<g class="axis">${ticks.ticks.map((v) => `<line x1="${coord(x(v))}" x2="${coord(x(v))}" y1="${area.top}" y2="${bottom}" stroke="${RULE}"/><text x="${coord(x(v))}" y="${bottom + 16}" text-anchor="middle" fill="${MUTED}">${escapeXML(String(Number(v.toFixed(2))))}</text>`).join('')}</g>`);
  out.push(`<text class="axis-title axis-title-x" x="${coord((area.left + area.right) / 2)}" y="${bottom + 34}" text-anchor="middle" fill="#333">Share of the output's variance (Sobol index)</text>`);
  data.inputs.forEach((input, k) => {
    const mid = area.top + k * rowH + rowH / 2;
    const parts = [`<text x="${area.left - 10}" y="${coord(mid)}" dy="0.32em" text-anchor="end" fill="#333">${escapeXML(input)}</text>`];
    for (const r of data.rows.filter((row) => row.input === input)) {
      const y = mid + (r.order === 'S1' ? -5 : 5), colour = r.order === 'S1' ? '#4e79a7' : '#e15759';
      if (Number.isFinite(r.lower) && Number.isFinite(r.upper)) parts.push(`<line class="interval ${r.order}" x1="${coord(x(r.lower))}" x2="${coord(x(r.upper))}" y1="${coord(y)}" y2="${coord(y)}" stroke="${colour}" stroke-width="1.5"/>`);
      parts.push(`<circle class="index ${r.order}" cx="${coord(x(r.value))}" cy="${coord(y)}" r="4" fill="${r.order === 'S1' ? '#fff' : colour}" stroke="${colour}" stroke-width="1.5"><title>${escapeXML(`${input} ${r.order} ${r.value.toFixed(3)} [${r.lower.toFixed(3)}, ${r.upper.toFixed(3)}]`)}</title></circle>`);
    }
    out.push(`<g class="input" data-input="${escapeXML(input)}">${parts.join('')}</g>`);
  });
  out.push(`<g class="legend"><circle cx="${area.right + 20}" cy="${area.top + 8}" r="4" fill="#fff" stroke="#4e79a7" stroke-width="1.5"/><text x="${area.right + 30}" y="${area.top + 8}" dy="0.32em" fill="#333">S1 first</text>` +
    `<circle cx="${area.right + 20}" cy="${area.top + 26}" r="4" fill="#e15759" stroke="#e15759"/><text x="${area.right + 30}" y="${area.top + 26}" dy="0.32em" fill="#333">ST total</text></g>`);
}

/** Several steps: two panels (S1, ST), a line per input over the steps and its interval as a band. */
function overTime(out: string[], data: ReturnType<typeof sobolData>, steps: number[], width: number, height: number): void {
  const legendWidth = 190, gap = 50, panelW = (width - 60 - legendWidth - gap) / 2;
  const ticks = niceTicks(...domainOf(data.rows), 5);
  const top = 62, bottom = height - 56;
  const y = linear(ticks.domain, [bottom, top]);
  out.push(`<text class="axis-title axis-title-y" transform="translate(16 ${coord((top + bottom) / 2)}) rotate(-90)" text-anchor="middle" fill="#333">Sobol index</text>`,
    `<text class="axis-title axis-title-x" x="${coord((60 + width - legendWidth) / 2)}" y="${bottom + 36}" text-anchor="middle" fill="#333">Month</text>`);
  (['S1', 'ST'] as const).forEach((order, p) => {
    const left = 60 + p * (panelW + gap), right = left + panelW;
    const x = linear([Math.min(...steps), Math.max(Math.max(...steps), Math.min(...steps) + 1)], [left, right]);
    const parts = [`<text x="${coord((left + right) / 2)}" y="${top - 6}" text-anchor="middle" font-weight="600" fill="#333">${order === 'S1' ? 'First order (S1)' : 'Total order (ST)'}</text>`];
    parts.push(...ticks.ticks.map((v) => `<line x1="${left}" x2="${right}" y1="${coord(y(v))}" y2="${coord(y(v))}" stroke="${RULE}"/><text x="${left - 6}" y="${coord(y(v))}" dy="0.32em" text-anchor="end" fill="${MUTED}">${Number(v.toFixed(2))}</text>`));
    const labelled = steps.filter((_, i) => i === 0 || i === steps.length - 1 || i % Math.ceil(steps.length / 5) === 0);
    for (const s of labelled) {
      const date = data.rows.find((r) => r.step === s)?.date ?? String(s);
      parts.push(`<text x="${coord(x(s))}" y="${bottom + 16}" text-anchor="middle" fill="${MUTED}">${escapeXML(date)}</text>`);
    }
    data.inputs.forEach((input, k) => {
      const rows = data.rows.filter((r) => r.input === input && r.order === order).sort((a, b) => a.step - b.step);
      const colour = agentColour(k);
      const band = [...rows.map((r) => `${coord(x(r.step))},${coord(y(r.upper))}`), ...rows.slice().reverse().map((r) => `${coord(x(r.step))},${coord(y(r.lower))}`)];
      if (rows.every((r) => Number.isFinite(r.lower) && Number.isFinite(r.upper))) parts.push(`<path class="band" fill="${colour}" fill-opacity="0.15" stroke="none" d="M${band.join(' L')} Z"/>`);
      parts.push(`<path class="line ${order}" data-input="${escapeXML(input)}" fill="none" stroke="${colour}" stroke-width="2" d="M${rows.map((r) => `${coord(x(r.step))},${coord(y(r.value))}`).join(' L')}"/>`);
    });
    out.push(`<g class="panel ${order}">${parts.join('')}</g>`);
  });
  const lx = width - legendWidth + 10;
  out.push(`<g class="legend">${data.inputs.map((input, k) => `<line x1="${lx}" x2="${lx + 18}" y1="${top + 8 + 18 * k}" y2="${top + 8 + 18 * k}" stroke="${agentColour(k)}" stroke-width="2.5"/><text x="${lx + 24}" y="${top + 8 + 18 * k}" dy="0.32em" fill="#333">${escapeXML(input.length > 30 ? `${input.slice(0, 29)}…` : input)}</text>`).join('')}</g>`);
}

/**
 * The Sobol chart in SVG: S1 and ST with their 95 % intervals — a row per
 * input at one step, or lines over the steps (`steps` in `sobol`'s options).
 *
 * @example
 * sobolSVG(await sobol(s, { output: { market: 'phones', metric: 'share', agent: 'apple' }, n: 256, seed: 1 }));
 * // '<svg xmlns="http://www.w3.org/2000/svg" …' with a row per input
 */
export function sobolSVG(result: SobolResult, options: SobolChartOptions = {}): string {
  const data = sobolData(result, options.top ?? 8);
  const steps = result.steps.map((s) => s.step);
  const single = steps.length === 1;
  const width = options.width ?? 760, height = options.height ?? (single ? 118 + 30 * Math.max(1, data.inputs.length) : 460);
  const subtitle = `Sobol indices with bootstrap 95% intervals · n = ${result.n.toLocaleString('en-US')}, ${result.runs.toLocaleString('en-US')} runs`;
  const out = svgHeader(width, height, options.title ?? `Sobol indices of ${result.output}`, subtitle);
  if (single) oneStep(out, data, width); else overTime(out, data, steps, width, height);
  out.push('</svg>');
  return out.join('\n');
}

/**
 * The Sobol chart as a Vega-Lite spec: rows `input, step, date, order
 * (S1|ST), value, lower, upper`; points with error bars at one step, lines
 * with bands over several, faceted by order.
 *
 * @example
 * sobolSpec(result).data.values[0]; // => { input: 'apple+alibaba · integration quality', step: 36, date: '2028-01', order: 'S1', value: 0.41, lower: 0.35, upper: 0.47 }
 */
export function sobolSpec(result: SobolResult, options: SobolChartOptions = {}): VegaLiteSpec & { data: { values: Array<Record<string, unknown>> } } {
  const data = sobolData(result, options.top ?? 8);
  const single = result.steps.length === 1;
  const values = data.rows.map((r) => ({ ...r }));
  const title = { text: options.title ?? `Sobol indices of ${result.output}`, subtitle: 'S1 and ST with bootstrap 95% intervals' };
  if (single) {
    const y = { field: 'input', type: 'nominal', sort: data.inputs, title: null };
    return {
      $schema: VEGA_LITE_SCHEMA, title, data: { values },
      encoding: { y, yOffset: { field: 'order' }, color: { field: 'order', type: 'nominal', title: 'Index' } },
      layer: [
        { mark: 'rule', encoding: { x: { field: 'lower', type: 'quantitative', title: 'Index' }, x2: { field: 'upper' } } },
        { mark: { type: 'point', filled: true }, encoding: { x: { field: 'value', type: 'quantitative' } } },
      ],
    };
  }
  return {
    $schema: VEGA_LITE_SCHEMA, title, data: { values },
    facet: { column: { field: 'order', type: 'nominal', title: null } },
    spec: {
      width: 260, height: 240,
      encoding: { x: { field: 'step', type: 'quantitative', title: 'Step' }, color: { field: 'input', type: 'nominal', sort: data.inputs, title: 'Input' } },
      layer: [
        { mark: { type: 'area', opacity: 0.15 }, encoding: { y: { field: 'lower', type: 'quantitative', title: 'Index' }, y2: { field: 'upper' } } },
        { mark: 'line', encoding: { y: { field: 'value', type: 'quantitative' } } },
      ],
    },
  };
}
