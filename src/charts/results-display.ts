/**
 * Notebook display of the other results: one run (`RunResult`), a
 * sensitivity analysis, Sobol indices and a scenario discovery — a short
 * text summary, the default SVG chart and its Vega-Lite spec, as MIME
 * bundles. `display.ts` installs them onto the results' prototypes.
 */
import { describeBox, type DiscoveryResult } from '../analysis/discovery/discover.js';
import { datesOf } from '../analysis/discovery/display.js';
import type { CartResult } from '../analysis/discovery/cart.js';
import type { PrimResult } from '../analysis/discovery/prim.js';
import type { SensitivityResult } from '../analysis/sensitivity.js';
import type { SobolResult } from '../analysis/sobol.js';
import type { RunResult } from '../model/result.js';
import type { MimeBundle } from '../montecarlo/display.js';
import { formatValue, shortInput } from './core.js';
import { boxSpec, boxSVG, tradeoffSpec, tradeoffSVG } from './discovery.js';
import { runSpec, runSVG } from './run-chart.js';
import { sobolSpec, sobolSVG } from './sobol.js';
import { tornadoSVG } from './svg.js';
import { tornadoSpec } from './vegalite.js';

/**
 * SVG documents stacked top to bottom in one SVG (each kept whole, as a
 * nested `<svg>`): how a result with two charts shows as one image.
 *
 * @example
 * stackSVG([tradeoffSVG(found), boxSVG(found.box)]); // '<svg …><svg y="0" …>…</svg><svg y="440" …>…</svg></svg>'
 */
export function stackSVG(svgs: readonly string[]): string {
  let y = 0, width = 0;
  const parts = svgs.map((svg) => {
    const w = Number(/\swidth="([\d.]+)"/.exec(svg)?.[1] ?? 720), h = Number(/\sheight="([\d.]+)"/.exec(svg)?.[1] ?? 400);
    const placed = svg.replace(/^<svg /, `<svg x="0" y="${y}" `);
    y += h; width = Math.max(width, w);
    return placed;
  });
  return [`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y}" viewBox="0 0 ${width} ${y}">`, ...parts, '</svg>'].join('\n');
}

/** One tornado entry per input (the widest first, at most 12) of a sensitivity's step. */
function tornadoEntries(s: SensitivityResult) {
  const step = s.at();
  return step.inputs.slice(0, 12).map((i) => ({ input: shortInput(s.labels?.[i.path] ?? i.path), low: i.lowMean, high: i.highMean, base: step.mean }));
}

/**
 * A sensitivity in a few lines: the output, the step, and the inputs with
 * the widest swings, their rank correlations with standard errors.
 *
 * @example
 * sensitivitySummary(s); // 'SensitivityResult: phones.share.apple at step 36 — 2,000 runs, seed 42\n  apple+alibaba · integration quality: swing +1.20 pp, rank correlation 0.41 ± 0.02; …'
 */
export function sensitivitySummary(s: SensitivityResult): string {
  const step = s.at();
  const unit = /share/i.test(s.output) ? 'pp' : 'number';
  const lines = [`SensitivityResult: ${s.output} at step ${step.step} — ${s.runs.toLocaleString('en-US')} runs, seed ${String(s.seed)}, R² ${step.r2.toFixed(2)}`];
  for (const i of step.inputs.slice(0, 6)) {
    const se = i.errors ? ` ± ${i.errors.rankCorrelation.se.toFixed(2)}` : '';
    lines.push(`  ${s.labels?.[i.path] ?? i.path}: swing ${formatValue(i.swing, unit)}, rank correlation ${i.rankCorrelation.toFixed(2)}${se}`);
  }
  return lines.join('\n');
}

/**
 * The MIME bundle of a sensitivity: summary and the tornado chart.
 *
 * @example
 * sensitivityMime(s)['image/svg+xml']; // => '<svg …'
 */
export function sensitivityMime(s: SensitivityResult): MimeBundle {
  const entries = tornadoEntries(s), options = { title: `${s.output} at step ${s.at().step}`, unit: /share/i.test(s.output) ? '%' : undefined, axisTitle: `${s.output}, mean over the runs` };
  const bundle: MimeBundle = { 'text/plain': sensitivitySummary(s) };
  if (entries.length) { bundle['image/svg+xml'] = tornadoSVG(entries, options); bundle['application/vnd.vegalite.v5+json'] = tornadoSpec(entries, options); }
  return bundle;
}

/**
 * Sobol indices in a few lines: per input (largest total first) S1 and ST with their intervals, at the first step.
 *
 * @example
 * sobolSummary(r); // 'SobolResult: phones.share.apple — n = 256, 1,536 runs\n  apple+alibaba · integration quality: S1 0.41 [0.35, 0.47], ST 0.52 [0.46, 0.58]; …'
 */
export function sobolSummary(r: SobolResult): string {
  const step = r.at();
  const lines = [`SobolResult: ${r.output} at step ${step.step}${r.steps.length > 1 ? ` (and ${r.steps.length - 1} more steps)` : ''} — n = ${r.n.toLocaleString('en-US')}, ${r.runs.toLocaleString('en-US')} runs`];
  const f = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : '–');
  for (const i of [...step.inputs].sort((a, b) => b.total - a.total).slice(0, 6)) {
    lines.push(`  ${r.labels?.[i.path] ?? i.path}: S1 ${f(i.first)} [${f(i.firstCI[0])}, ${f(i.firstCI[1])}], ST ${f(i.total)} [${f(i.totalCI[0])}, ${f(i.totalCI[1])}]`);
  }
  return lines.join('\n');
}

/**
 * The MIME bundle of Sobol indices: summary and the Sobol chart.
 *
 * @example
 * Object.keys(sobolMime(r)); // => ['text/plain', 'image/svg+xml', 'application/vnd.vegalite.v5+json']
 */
export function sobolMime(r: SobolResult): MimeBundle {
  return { 'text/plain': sobolSummary(r), 'image/svg+xml': sobolSVG(r), 'application/vnd.vegalite.v5+json': sobolSpec(r) };
}

/**
 * A discovery in a few lines: the method, the cases of interest, the
 * chosen box (PRIM) or densest leaf (CART) with its coverage, density and
 * support, and its restrictions.
 *
 * @example
 * discoverySummary(found);
 * // 'DiscoveryResult (PRIM): 812 of 4,000 runs are cases of interest (20.3%)\n  box: coverage 71.0%, density 88.2%, support 16.3%\n  apple+alibaba · decision ∈ {approved} (p = 1e-39)'
 */
export function discoverySummary(found: DiscoveryResult | PrimResult | CartResult): string {
  const { rows, hits } = found;
  const box = found.method === 'prim' ? found.box : found.leaves[0];
  const lines = [`DiscoveryResult (${found.method.toUpperCase()}): ${hits.toLocaleString('en-US')} of ${rows.toLocaleString('en-US')} runs are cases of interest (${formatValue(hits / rows, 'percent')})`,
    `  ${found.method === 'prim' ? 'box' : 'densest leaf'}: coverage ${formatValue(box.coverage, 'percent')}, density ${formatValue(box.density, 'percent')}, support ${formatValue(box.support, 'percent')}`];
  const described = describeBox(found as DiscoveryResult, datesOf(found));
  lines.push(...(described.length ? described.map((d) => `  ${d}`) : ['  (no input restricted)']));
  return lines.join('\n');
}

/**
 * The SVG of a discovery: PRIM's trade-off curve above its chosen box, or
 * CART's densest leaf.
 *
 * @example
 * discoverySVG(found); // '<svg …' (two charts stacked for PRIM)
 */
export function discoverySVG(found: PrimResult | CartResult): string {
  const dates = datesOf(found);
  if (found.method === 'prim') return stackSVG([tradeoffSVG(found), boxSVG(found.box, { dates, title: 'Chosen box' })]);
  return boxSVG(found.leaves[0], { dates, title: 'Densest leaf' });
}

/**
 * The MIME bundle of a discovery: summary, the charts as SVG and the box as a Vega-Lite spec.
 *
 * @example
 * discoveryMime(found)['text/plain'].split('\n')[0]; // => 'DiscoveryResult (PRIM): …'
 */
export function discoveryMime(found: PrimResult | CartResult): MimeBundle {
  const dates = datesOf(found);
  return {
    'text/plain': discoverySummary(found), 'image/svg+xml': discoverySVG(found),
    'application/vnd.vegalite.v5+json': found.method === 'prim' ? tradeoffSpec(found) : boxSpec(found.leaves[0], { dates }),
  };
}

/**
 * One run in a few lines: the scenario, its calendar, each market's
 * leader at the horizon and how many events happened.
 *
 * @example
 * runSummary(run); // 'RunResult: baseline — 2025-01 → 2028-01, 14 events\n  Smartphones (China): huawei 19.1%, apple 16.0%, …'
 */
export function runSummary(run: RunResult): string {
  const T = run.dates.length - 1;
  const lines = [`RunResult: ${run.scenario} — ${run.dates[0]} → ${run.dates[T]}, ${run.events.length} events`];
  for (const m of run.markets) {
    if (!m.metrics.includes('share')) continue;
    const shares = m.agents.map((a, j) => [a, m.data.share[j * (T + 1) + T]] as const).sort((a, b) => b[1] - a[1]).slice(0, 6);
    lines.push(`  ${m.name}: ${shares.map(([a, v]) => `${a} ${formatValue(v, 'percent')}`).join(', ')}`);
  }
  return lines.join('\n');
}

/**
 * The MIME bundle of one run: summary and its first market's shares over time.
 *
 * @example
 * runMime(run)['image/svg+xml']; // => '<svg …'
 */
export function runMime(run: RunResult): MimeBundle {
  const bundle: MimeBundle = { 'text/plain': runSummary(run) };
  if (run.markets.length) { bundle['image/svg+xml'] = runSVG(run); bundle['application/vnd.vegalite.v5+json'] = runSpec(run); }
  return bundle;
}
