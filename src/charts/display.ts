/**
 * Notebook display of results: a short text summary, a default SVG chart and
 * its Vega-Lite spec, as a MIME bundle for Jupyter kernels (Deno's
 * `Symbol.for('Jupyter.display')`, IJavascript-style `_toMime()`, tslab's
 * `toSVG()`). The results of the Monte Carlo engine know nothing of charts:
 * {@link installDisplay} (called by the package's entry) gives them these
 * methods from here, the presentation layer.
 */
import { DiscoveryDisplay, SensitivityDisplay, SobolDisplay } from '../analysis/displayable.js';
import type { CartResult } from '../analysis/discovery/cart.js';
import type { PrimResult } from '../analysis/discovery/prim.js';
import type { SensitivityResult } from '../analysis/sensitivity.js';
import { RunResult } from '../model/result.js';
import { ComparisonResult } from '../montecarlo/compare.js';
import { SimulationResult } from '../montecarlo/result.js';
import { JUPYTER_DISPLAY, type MimeBundle } from '../montecarlo/display.js';
import { formatValue } from './core.js';

export { JUPYTER_DISPLAY, type MimeBundle };
import { hasFanQuantiles, type ComparisonChartOptions, type FanChartOptions } from './data.js';
import { comparisonChartSVG, fanChartSVG, rankBarsSVG } from './svg.js';
import { comparisonSpec, fanChartSpec, rankBarsSpec } from './vegalite.js';
import { discoveryMime, discoverySVG, runMime, sensitivityMime, sobolMime } from './results-display.js';
import { runSVG, type RunChartOptions } from './run-chart.js';
import { sobolSVG } from './sobol.js';

// One run shows itself in notebooks too: its class is the model's, the methods come from here.
declare module '../model/result.js' {
  interface RunResult {
    /** The run's series of a market (default: the first market's share) in SVG. */
    toSVG(options?: RunChartOptions): string;
    /** Notebook display (IJavascript-style kernels). */
    _toMime(): MimeBundle;
    /** Notebook display (Deno's Jupyter kernel). */
    [JUPYTER_DISPLAY](): MimeBundle;
  }
}


/** Market part of a summary line: top agents by mean at the horizon. */
function top<T>(items: T[], key: (x: T) => number, n = 6): T[] {
  return [...items].sort((a, b) => (key(b) || 0) - (key(a) || 0)).slice(0, n);
}

/**
 * A short readable summary of a simulation: scenario, runs, calendar and,
 * per market, the leading agents' share at the horizon (mean [P5–P95]).
 *
 * @example
 * simulationSummary(result);
 * // 'SimulationResult: apple-alibaba — 10,000 runs, seed 42, 2025-01 → 2028-01 (36 months)\n  Smartphones — share at 2028-01: huawei 19.1% [17.0–21.2%], …'
 */
export function simulationSummary(result: SimulationResult): string {
  const lines = [`SimulationResult: ${result.scenario} — ${result.runs.toLocaleString('en-US')} runs, seed ${String(result.seed)}, ${result.dates[0]} → ${result.dates[result.horizon]} (${result.horizon} months)`];
  const lo = result.quantiles.findIndex((q) => Math.abs(q - 0.05) < 1e-9), hi = result.quantiles.findIndex((q) => Math.abs(q - 0.95) < 1e-9);
  for (const m of result.markets) {
    if (!m.metrics.includes('share')) continue;
    const stats = m.agents.map((a) => ({ a, s: result.stat(m.id, 'share', a) }));
    const parts = top(stats, (x) => x.s.mean).map(({ a, s }) => `${a} ${formatValue(s.mean, 'percent')}` +
      (lo >= 0 && hi >= 0 ? ` [${(s.quantiles[lo] * 100).toFixed(1)}–${formatValue(s.quantiles[hi], 'percent')}]` : ''));
    const more = m.agents.length > parts.length ? `, … (${m.agents.length - parts.length} more)` : '';
    lines.push(`  ${m.name} — share at ${result.dates[result.horizon]}, mean${lo >= 0 && hi >= 0 ? ' [P5–P95]' : ''}: ${parts.join(', ')}${more}`);
  }
  return lines.join('\n');
}

/**
 * A short readable summary of a comparison: b − a of each market's share at
 * the horizon for the agents that moved most (mean [95 % CI]).
 *
 * @example
 * comparisonSummary(c);
 * // 'ComparisonResult: apple-alibaba − baseline — 10,000 paired runs, …\n  Smartphones — share at 2028-01: apple +1.20 pp [+1.15 pp, +1.25 pp], …'
 */
export function comparisonSummary(comparison: ComparisonResult): string {
  const { a, b } = comparison;
  const lines = [`ComparisonResult: ${b.scenario} − ${a.scenario} — ${a.runs.toLocaleString('en-US')} paired runs, seed ${String(a.seed)}, ${a.dates[0]} → ${a.dates[a.horizon]} (${a.horizon} months)`];
  for (const m of comparison.markets) {
    if (!m.metrics.includes('share')) continue;
    const stats = m.agents.map((agent) => ({ agent, d: comparison.difference(m.id, 'share', agent) }));
    const parts = top(stats, (x) => Math.abs(x.d.mean)).map(({ agent, d }) => `${agent} ${formatValue(d.mean, 'pp')} [${formatValue(d.ciLow, 'pp')}, ${formatValue(d.ciHigh, 'pp')}]`);
    lines.push(`  ${m.name} — share at ${a.dates[a.horizon]}, b − a [95% CI]: ${parts.join(', ')}`);
  }
  return lines.join('\n');
}

/**
 * The default fan chart options of a result: its first market's share (or
 * first metric); a market of more than four agents, drawn whole and with
 * no highlight, as small multiples (one panel per agent).
 */
function fanDefaults(result: SimulationResult, options: Partial<FanChartOptions>): FanChartOptions {
  const market = result.markets.find((m) => m.id === options.market) ?? result.markets[0];
  const panels = options.panels ?? (!options.agents && !options.highlight && market.agents.length > 4);
  return { ...options, market: options.market ?? market.id, metric: options.metric ?? (market.metrics.includes('share') ? 'share' : market.metrics[0]), panels };
}

/**
 * The SVG a simulation shows by default: a fan chart of its first market's
 * share, as one panel per agent when it has more than four (any
 * {@link FanChartOptions} override it).
 *
 * @example
 * simulationSVG(result, { market: 'assistants', metric: 'users' });
 */
export function simulationSVG(result: SimulationResult, options: Partial<FanChartOptions> = {}): string {
  return fanChartSVG(result, fanDefaults(result, options));
}

/**
 * The SVG a comparison shows by default: b − a of its first market's share over time.
 *
 * @example
 * comparisonSVG(c, { market: 'phones', agents: ['apple'] });
 */
export function comparisonSVG(comparison: ComparisonResult, options: Partial<ComparisonChartOptions> = {}): string {
  const market = comparison.markets.find((m) => m.id === options.market) ?? comparison.markets[0];
  return comparisonChartSVG(comparison, { ...options, market: market.id, metric: options.metric ?? (market.metrics.includes('share') ? 'share' : market.metrics[0]) });
}

/**
 * The MIME bundle of a simulation: summary text, the default fan chart (or
 * rank bars, without the fan quantiles) as SVG and as a Vega-Lite spec.
 *
 * @example
 * simulationMime(result)['application/vnd.vegalite.v5+json'].$schema; // => 'https://vega.github.io/schema/vega-lite/v5.json'
 */
export function simulationMime(result: SimulationResult): MimeBundle {
  const bundle: MimeBundle = { 'text/plain': simulationSummary(result) };
  if (!result.markets.length) return bundle;
  if (hasFanQuantiles(result)) {
    const options = fanDefaults(result, {});
    bundle['image/svg+xml'] = fanChartSVG(result, options);
    bundle['application/vnd.vegalite.v5+json'] = fanChartSpec(result, options);
  } else if (result.rankSteps.includes(result.horizon)) {
    const options = { market: result.markets[0].id };
    bundle['image/svg+xml'] = rankBarsSVG(result, options);
    bundle['application/vnd.vegalite.v5+json'] = rankBarsSpec(result, options);
  }
  return bundle;
}

/**
 * The MIME bundle of a comparison: summary text and b − a of the first
 * market's share over time, as SVG and as a Vega-Lite spec.
 *
 * @example
 * comparisonMime(c)['image/svg+xml']; // => '<svg …'
 */
export function comparisonMime(comparison: ComparisonResult): MimeBundle {
  const bundle: MimeBundle = { 'text/plain': comparisonSummary(comparison) };
  const market = comparison.markets[0];
  if (!market) return bundle;
  const metric = market.metrics.includes('share') ? 'share' : market.metrics[0];
  bundle['image/svg+xml'] = comparisonChartSVG(comparison, { market: market.id, metric });
  bundle['application/vnd.vegalite.v5+json'] = comparisonSpec(comparison, { market: market.id, metric });
  return bundle;
}


/**
 * Gives the instances of `proto` their display: `toSVG(options)` from
 * `svg`, and `_toMime()` and `[Symbol.for('Jupyter.display')]()` from
 * `mime`, as ordinary (non-enumerable, writable) methods.
 */
function displayAs<T, O>(proto: object, svg: (self: T, options?: O) => string, mime: (self: T) => MimeBundle): void {
  const methods: Record<PropertyKey, unknown> = {
    toSVG(this: T, options?: O) { return svg(this, options); },
    [JUPYTER_DISPLAY](this: T) { return mime(this); },
    _toMime(this: T) { return mime(this); },
  };
  for (const key of Reflect.ownKeys(methods)) {
    Object.defineProperty(proto, key, { value: methods[key as string], writable: true, configurable: true, enumerable: false });
  }
}

/**
 * Gives simulation and comparison results, single runs, sensitivity
 * analyses, Sobol indices and discoveries their notebook display —
 * `toSVG()`, `_toMime()` and `[Symbol.for('Jupyter.display')]()` — from the
 * presentation layer. The package's entry calls it once as it loads (a
 * call, not a bare import, so bundlers keep it); calling it again changes
 * nothing.
 *
 * @example
 * installDisplay();
 * typeof (await simulate(scenarios.baseline, { runs: 100 })).toSVG; // => 'function'
 */
export function installDisplay(): void {
  displayAs(SimulationResult.prototype, simulationSVG, simulationMime);
  displayAs(ComparisonResult.prototype, comparisonSVG, comparisonMime);
  displayAs(RunResult.prototype, runSVG, runMime);
  displayAs(SensitivityDisplay.prototype, (r: SensitivityResult) => sensitivityMime(r)['image/svg+xml'] ?? '', sensitivityMime);
  displayAs(SobolDisplay.prototype, sobolSVG, sobolMime);
  displayAs(DiscoveryDisplay.prototype, (r: PrimResult | CartResult) => discoverySVG(r), discoveryMime);
}

/**
 * `f` itself, once results display themselves ({@link installDisplay}).
 * The package's entry exports the functions that return results through
 * it, so that a bundler which keeps any of them keeps the installation too
 * (a bare side-effect import would be dropped under `"sideEffects": false`).
 *
 * @example
 * export const compare = displaying(compareRuns); // compare === compareRuns
 */
export function displaying<F>(f: F): F {
  installDisplay();
  return f;
}
