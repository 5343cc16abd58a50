/**
 * The report sections of fitting: "How well does this model forecast?"
 * (a backtest's tables and its forecast-versus-observed chart) and "How
 * well does the model fit the history?" (a calibration's fitted-versus-
 * observed chart, parameters and tracker noise). Each returns an HTML
 * fragment with inline SVG, no external URL; `backtestReport` and
 * `calibrationReport` make whole pages of them. Portable (no DOM, no Node).
 */
import { agentColour, coord, escapeXML, formatTick, formatValue, linear, niceTicks } from '../charts/core.js';
import type { BacktestResult } from '../fitting/backtest.js';
import type { Posterior } from '../fitting/posterior.js';
import { num, pct } from './format.js';
import { figure, htmlTable, page } from './html-parts.js';

/**
 * One point of a forecast-versus-observed chart: the published figure, the
 * forecast (or fitted) median and its P5–P95.
 *
 * @example
 * const p: ForecastPoint = { agent: 'apple', label: 'IDC 2024', observed: 0.156, forecast: 0.161, low: 0.14, high: 0.184 };
 */
export interface ForecastPoint {
  agent: string;
  label: string;
  observed: number;
  forecast: number;
  low: number;
  high: number;
}

/**
 * Options of {@link forecastChartSVG}.
 *
 * @example
 * const o: ForecastChartOptions = { title: 'Forecast vs published, 2024', unit: 'percent' };
 */
export interface ForecastChartOptions {
  title: string;
  subtitle?: string;
  /** `percent` for shares, `number` for units and users. Default `percent`. */
  unit?: 'percent' | 'number';
  width?: number;
  height?: number;
  /** Display names of agents (default: their ids). */
  agentNames?: Record<string, string>;
}

const FONT = "system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif";
const AXIS = '#666';
const GRID = '#e5e5e5';

/**
 * A scatter of forecast (y, with P5–P95 whiskers) against published (x)
 * figures, one colour per agent, with the diagonal where forecast equals
 * outcome: points above it were forecast too high.
 *
 * @example
 * forecastChartSVG(points, { title: 'Forecast vs published' }); // => '<svg …'
 */
export function forecastChartSVG(points: readonly ForecastPoint[], options: ForecastChartOptions): string {
  const width = options.width ?? 560, height = options.height ?? 420, unit = options.unit ?? 'percent';
  const agents = [...new Set(points.map((p) => p.agent))];
  const box = { left: 64, top: options.subtitle ? 56 : 40, right: width - 130, bottom: height - 48 };
  const values = points.flatMap((p) => [p.observed, p.forecast, p.low, p.high]).filter(Number.isFinite);
  const { domain, ticks, step } = niceTicks(values.length ? Math.min(...values) : 0, values.length ? Math.max(...values) : 1, 5);
  const x = linear(domain, [box.left, box.right]), y = linear(domain, [box.bottom, box.top]);
  const label = (v: number) => formatTick(v, step, unit);
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXML(options.title)}" font-family="${FONT}" font-size="12">`,
    `<title>${escapeXML(options.title)}</title>`,
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text class="title" x="16" y="24" font-size="15" font-weight="600" fill="#222">${escapeXML(options.title)}</text>`,
  ];
  if (options.subtitle) out.push(`<text class="subtitle" x="16" y="42" font-size="11" fill="${AXIS}">${escapeXML(options.subtitle)}</text>`);
  out.push(`<g class="grid">${ticks.map((t) => `<line x1="${box.left}" x2="${box.right}" y1="${coord(y(t))}" y2="${coord(y(t))}" stroke="${GRID}"/>` +
    `<line x1="${coord(x(t))}" x2="${coord(x(t))}" y1="${box.top}" y2="${box.bottom}" stroke="${GRID}"/>` +
    `<text x="${box.left - 6}" y="${coord(y(t))}" dy="0.32em" text-anchor="end" fill="${AXIS}">${escapeXML(label(t))}</text>` +
    `<text x="${coord(x(t))}" y="${box.bottom + 16}" text-anchor="middle" fill="${AXIS}">${escapeXML(label(t))}</text>`).join('')}</g>`);
  out.push(`<line class="diagonal" x1="${coord(x(domain[0]))}" y1="${coord(y(domain[0]))}" x2="${coord(x(domain[1]))}" y2="${coord(y(domain[1]))}" stroke="#999" stroke-dasharray="4 3"/>`);
  out.push(`<text x="${coord((box.left + box.right) / 2)}" y="${height - 12}" text-anchor="middle" fill="${AXIS}">published</text>`);
  out.push(`<text transform="translate(16 ${coord((box.top + box.bottom) / 2)}) rotate(-90)" text-anchor="middle" fill="${AXIS}">forecast (median, P5–P95)</text>`);
  out.push('<g class="points">');
  for (const p of points) {
    const c = agentColour(agents.indexOf(p.agent)), cx = coord(x(p.observed));
    const tip = `${options.agentNames?.[p.agent] ?? p.agent} ${p.label}: published ${formatValue(p.observed, unit)}, forecast ${formatValue(p.forecast, unit)} (${formatValue(p.low, unit)}–${formatValue(p.high, unit)})`;
    const whisker = Number.isFinite(p.low) && Number.isFinite(p.high) ? `<line x1="${cx}" x2="${cx}" y1="${coord(y(p.low))}" y2="${coord(y(p.high))}" stroke="${c}" stroke-opacity="0.55"/>` : '';
    out.push(`<g>${whisker}<circle cx="${cx}" cy="${coord(y(p.forecast))}" r="3.5" fill="${c}"><title>${escapeXML(tip)}</title></circle></g>`);
  }
  out.push('</g>');
  out.push(`<g class="legend">${agents.map((a, i) => `<rect x="${box.right + 16}" y="${box.top + i * 18}" width="10" height="10" fill="${agentColour(i)}"/>` +
    `<text x="${box.right + 32}" y="${box.top + i * 18 + 9}" fill="#222">${escapeXML(options.agentNames?.[a] ?? a)}</text>`).join('')}</g>`);
  out.push('</svg>');
  return out.join('\n');
}

/** A value in the metric's unit: a share in %, a level with 4 digits. */
function value(x: number, metric: string): string {
  return metric === 'share' ? pct(x) : Number.isFinite(x) ? num(x) : '–';
}

/** An error in the metric's unit: percentage points for shares. */
function error(x: number, metric: string): string {
  if (!Number.isFinite(x)) return '–';
  return metric === 'share' ? `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)} pp` : `${x >= 0 ? '+' : ''}${num(x)}`;
}

/**
 * The "How well does this model forecast?" section of a report: a summary
 * table (one line per origin: MAE of the model, persistence and mean
 * reversion, CRPS, 50 % and 90 % coverage, rank accuracy), then per origin
 * the forecast-versus-published chart and the row table.
 *
 * @example
 * const html = backtestSection(await backtest(scenarioAt, history, { origins: ['2023-01', '2024-01'] }));
 * html.startsWith('<section class="backtest">'); // => true
 */
export function backtestSection(result: BacktestResult, options: { agentNames?: Record<string, string> } = {}): string {
  const m = result.metric;
  const out = ['<section class="backtest">', '<h2>How well does this model forecast?</h2>',
    `<p class="note">Each origin's scenario was built from the figures published before it; its forecasts of the next ${result.horizonMonths} months (${result.runs} runs, tracker noise included) are scored against what the trackers then published, beside two reference forecasts on the same figures: persistence (the same tracker's figure a year earlier) and a mean reversion fitted on the earlier figures. MAE is the mean absolute error of the median${m === 'share' ? ' in percentage points' : ''}; CRPS scores the whole forecast distribution (lower is better); coverage is the share of published figures inside the forecast's central 50 % and 90 % intervals.</p>`];
  const summary = result.origins.map((o) => [
    `${o.origin} → ${o.to}`, String(o.n), error(o.mae, m).replace('+', ''), error(o.persistenceMae, m).replace('+', ''), error(o.meanReversionMae, m).replace('+', ''),
    error(o.crps, m).replace('+', ''), pct(o.coverage50, 0), pct(o.coverage90, 0), pct(o.rankAccuracy, 0),
  ]);
  out.push(htmlTable(['Origin', 'Figures', 'MAE model', 'MAE persistence', 'MAE mean reversion', 'CRPS', '50 % coverage', '90 % coverage', 'Pairs ranked right'], summary));
  for (const o of result.origins) {
    out.push(`<h3>Forecast from ${escapeXML(o.origin)}</h3>`);
    if (!o.rows.length) { out.push('<p class="note">No published figure to score in this window.</p>'); continue; }
    const points = o.rows.map((r) => ({ agent: r.agent, label: `${r.source} ${r.period}`, observed: r.observed, forecast: r.median, low: r.p5, high: r.p95 }));
    out.push(figure(forecastChartSVG(points, { title: `Forecast vs published, ${o.origin} → ${o.to}`, subtitle: `${o.n} figures; MAE ${error(o.mae, m).replace('+', '')} (persistence ${error(o.persistenceMae, m).replace('+', '')})`, unit: m === 'share' ? 'percent' : 'number', agentNames: options.agentNames }), 'forecast'));
    out.push(htmlTable(['Source', 'Period', 'Agent', 'Published', 'Median', 'P5 – P95', 'Error', 'Persistence', 'Mean reversion'], o.rows.map((r) => [
      r.source, r.period, options.agentNames?.[r.agent] ?? r.agent, value(r.observed, m), value(r.median, m), `${value(r.p5, m)} – ${value(r.p95, m)}`,
      error(r.error, m), value(r.persistence, m), value(r.meanReversion, m),
    ]), 'backtest-rows', [0, 1, 2]));
    if (o.unscored) out.push(`<p class="note">${o.unscored} held-back figure${o.unscored === 1 ? '' : 's'} had no earlier figure of the same tracker to carry forward and ${o.unscored === 1 ? 'is' : 'are'} not scored.</p>`);
  }
  out.push('</section>');
  return out.join('\n');
}

/**
 * The "How well does the model fit the history?" section: the fitted-versus-
 * published chart of the calibration's observations (posterior median and
 * P5–P95 of the model's figure), the fitted inputs (prior and posterior)
 * and the tracker noise.
 *
 * @example
 * calibrationSection(posterior).includes('<svg'); // => true
 */
export function calibrationSection(posterior: Posterior, options: { agentNames?: Record<string, string> } = {}): string {
  const out = ['<section class="calibration">', '<h2>How well does the model fit the history?</h2>',
    `<p class="note">Fitted by ${posterior.method === 'abc-smc' ? 'ABC-SMC' : 'maximum a posteriori with a Laplace posterior'} on ${posterior.diagnostics.settings.observations} published figures (${posterior.diagnostics.simulations.toLocaleString('en-US')} model runs; ${escapeXML(posterior.diagnostics.stopped)}).</p>`];
  for (const metric of ['share', 'units', 'users'] as const) {
    const rows = posterior.diagnostics.fit.filter((r) => r.metric === metric);
    if (!rows.length) continue;
    const points = rows.map((r) => ({ agent: r.agent, label: `${r.source} ${r.period}`, observed: r.observed, forecast: r.fitted, low: r.p5, high: r.p95 }));
    out.push(figure(forecastChartSVG(points, { title: `Fitted vs published ${metric}`, subtitle: 'posterior median and P5–P95 of the model’s figure', unit: metric === 'share' ? 'percent' : 'number', agentNames: options.agentNames }), 'forecast'));
  }
  out.push(htmlTable(['Input', 'Posterior mean', 'sd', 'P5 – P95'], posterior.parameters.map((p) => [p.path, num(p.mean), num(p.sd), `${num(p.quantiles.p5)} – ${num(p.quantiles.p95)}`])));
  out.push(htmlTable(['Tracker noise', 'Figures', 'Scale (logit or log)', 'Bias'], posterior.noise.map((n) => [n.group, String(n.observations), num(n.scale), num(n.bias)])));
  out.push('</section>');
  return out.join('\n');
}

/**
 * Options of {@link backtestReport} and {@link calibrationReport}.
 *
 * @example
 * const o: FittingReportOptions = { title: 'China backtest', agentNames: { apple: 'Apple' } };
 */
export interface FittingReportOptions {
  /** Page title (default: "Backtest" or "Calibration" with the scenario's id). */
  title?: string;
  /** Display names of agents (default: their ids). */
  agentNames?: Record<string, string>;
  /** A calibration to show before the backtest (backtestReport only). */
  posterior?: Posterior;
}

/**
 * One self-contained HTML page of a backtest: the settings, then "How well
 * does this model forecast?" (and, when given, the calibration's fit first).
 *
 * @example
 * const html = backtestReport(await backtest(scenarioAt, history, { origins: ['2023-01', '2024-01'] }), { title: 'China' });
 * html.includes('How well does this model forecast?'); // => true
 */
export function backtestReport(result: BacktestResult, options: FittingReportOptions = {}): string {
  const title = options.title ?? 'Backtest';
  const body = ['<header>', `<h1>${escapeXML(title)}</h1>`,
    `<p class="meta">${escapeXML(result.metric)} figures · ${escapeXML(result.origins.map((o) => o.origin).join(', '))} · ${escapeXML(result.horizonMonths)} months ahead · ` +
    `${escapeXML(result.runs.toLocaleString('en-US'))} runs · seed ${escapeXML(JSON.stringify(result.seed))}</p>`, '</header>'];
  if (options.posterior) body.push(calibrationSection(options.posterior, options));
  body.push(backtestSection(result, options));
  return page(title, body);
}

/**
 * One self-contained HTML page of a calibration: "How well does the model
 * fit the history?" (fitted-versus-published charts, inputs, tracker noise).
 *
 * @example
 * calibrationReport(posterior).includes('How well does the model fit the history?'); // => true
 */
export function calibrationReport(posterior: Posterior, options: FittingReportOptions = {}): string {
  const title = options.title ?? `Calibration of ${posterior.scenario}`;
  return page(title, ['<header>', `<h1>${escapeXML(title)}</h1>`, '</header>', calibrationSection(posterior, options)]);
}
