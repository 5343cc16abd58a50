/**
 * Draws the charts of docs/calibration.md: the default China landscape's
 * fit to the trackers' phone shares of 2022–2024, fitted against published,
 * one chart for the annual figures (docs/img/calibration-annual.svg) and
 * one for the quarterly ones (docs/img/calibration-quarterly.svg). It reads
 * the bundled posterior (src/data/china/posterior.json, written by
 * scripts/calibrate-china.ts) and runs no model: each point is one tracker's
 * figure, at the posterior's weighted median of the model's figure with its
 * P5–P95 over the posterior's particles (`diagnostics.fit`). Prints each
 * chart's number of figures and the mean absolute error of the medians.
 *
 * Run (after a refit, to redraw): npx tsx scripts/calibration-charts.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { chinaPosterior, forecastChartSVG } from '../src/index.js';

const fit = chinaPosterior().diagnostics.fit;
const names = { apple: 'Apple', huawei: 'Huawei', honor: 'Honor', vivo: 'vivo', xiaomi: 'Xiaomi', oppo: 'OPPO' };
const dir = new URL('../docs/img/', import.meta.url);
mkdirSync(dir, { recursive: true });
const charts = [
  ['annual', /^\d{4}$/, 'Annual shares 2022–2024: fitted (median, P5–P95 of the posterior runs) vs published'],
  ['quarterly', /Q/, 'Quarterly shares 2022–2024: fitted vs published'],
] as const;
for (const [kind, period, title] of charts) {
  const points = fit.filter((r) => period.test(r.period))
    .map((r) => ({ agent: r.agent, label: `${r.source} ${r.period}`, observed: r.observed, forecast: r.fitted, low: r.p5, high: r.p95 }));
  const subtitle = `${points.length} tracker figures (IDC, Canalys, Counterpoint); the diagonal is a perfect fit`;
  writeFileSync(new URL(`calibration-${kind}.svg`, dir), forecastChartSVG(points, { title, subtitle, agentNames: names }));
  const err = points.reduce((s, p) => s + Math.abs(p.forecast - p.observed), 0) / points.length;
  console.log(kind, points.length, 'mean abs error', (100 * err).toFixed(2), 'pp');
}
