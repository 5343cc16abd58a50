/**
 * The fitting results as text, as the command line prints them: a
 * calibration's fit table (`rivalsim calibrate`) and a backtest's tables
 * (`rivalsim backtest`). Portable: no Node APIs.
 */
import type { BacktestResult } from '../fitting/backtest.js';
import type { Posterior } from '../fitting/posterior.js';
import { num, pct } from './format.js';
import { textTable } from './text.js';

/**
 * What `rivalsim calibrate` prints: the fit's settings, each fitted input's
 * prior and posterior (mean, sd, P5, P50, P95), the fitted tracker noise and
 * the series fitted worst.
 *
 * @example
 * calibrationText(posterior).split('\n')[0]; // => 'synthetic — abc-smc fit on 39 figures (4,412 runs; reached 8 generations)'
 */
export function calibrationText(posterior: Posterior): string {
  const d = posterior.diagnostics;
  const out = [`${posterior.scenario} — ${posterior.method} fit on ${d.settings.observations} figures (${d.simulations.toLocaleString('en-US')} runs; ${d.stopped})`];
  if (Number(d.settings.skipped) > 0) out.push(`${d.settings.skipped} figures outside the simulated months were left out`);
  out.push(`Effective sample size ${num(d.effectiveSampleSize)}, median distance ${num(d.medianDistance)} (RMS relative error)`, '');
  out.push('Fitted inputs', textTable(['Input', 'Prior', 'Mean', 'sd', 'P5', 'P50', 'P95'], posterior.parameters.map((p) => [
    p.path, p.prior.dist, num(p.mean), num(p.sd), num(p.quantiles.p5), num(p.quantiles.p50), num(p.quantiles.p95),
  ])), '');
  out.push('Tracker noise (scale on the logit scale for shares, log scale for levels)',
    textTable(['Group', 'Figures', 'Scale', 'Bias'], posterior.noise.map((n) => [n.group, String(n.observations), num(n.scale), num(n.bias)])), '');
  const worst = [...d.series].sort((a, b) => b.rms - a.rms).slice(0, 8);
  out.push('Series fitted worst (residual = tracker − model, logit or log scale)', textTable(['Source', 'Market', 'Agent', 'Metric', 'Figures', 'Mean', 'RMS'], worst.map((s) => [
    s.source, s.market, s.agent, s.metric, String(s.observations), num(s.mean), num(s.rms),
  ])));
  return out.join('\n') + '\n';
}

/** Formats of a backtest's values and errors in its metric's unit (percentages and points for shares). */
function units(metric: string) {
  const value = (x: number) => (metric === 'share' ? pct(x) : num(x));
  const error = (x: number) => (!Number.isFinite(x) ? '–' : metric === 'share' ? `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)} pp` : num(x));
  return { value, error, size: (x: number) => error(x).replace('+', '') };
}

/**
 * The origin table of a backtest: one line per origin with the model's MAE
 * beside persistence's and mean reversion's on the same figures, the 50 %
 * and 90 % coverage, the CRPS and the pairs ranked right.
 *
 * @example
 * backtestSummaryText(result).split('\n')[0]; // => '  Origin              Figures  MAE     Persistence MAE  Mean-reversion MAE  50 % coverage  90 % coverage  CRPS    Pairs ranked right'
 */
export function backtestSummaryText(result: BacktestResult): string {
  const { size } = units(result.metric);
  return textTable(['Origin', 'Figures', 'MAE', 'Persistence MAE', 'Mean-reversion MAE', '50 % coverage', '90 % coverage', 'CRPS', 'Pairs ranked right'], result.origins.map((o) => [
    `${o.origin} → ${o.to}`, String(o.n), size(o.mae), size(o.persistenceMae), size(o.meanReversionMae), pct(o.coverage50, 0), pct(o.coverage90, 0), size(o.crps), pct(o.rankAccuracy, 0),
  ])) + '\n';
}

/**
 * What `rivalsim backtest` prints: per origin a row per held-back figure
 * (published, forecast median, P5–P95, error, the reference forecasts) and
 * its scores, then the origin table ({@link backtestSummaryText}).
 *
 * @example
 * backtestText(result).includes('MAE'); // => true
 */
export function backtestText(result: BacktestResult): string {
  const { value, error, size } = units(result.metric);
  const out: string[] = [];
  for (const o of result.origins) {
    out.push(`Backtest from ${o.origin} to ${o.to}: ${o.n} published ${result.metric} figures, ${result.runs} runs, seed ${JSON.stringify(result.seed)}${o.unscored ? ` (${o.unscored} without an earlier figure to compare, not scored)` : ''}`);
    if (o.rows.length) {
      out.push(textTable(['Source', 'Period', 'Agent', 'Published', 'Median', 'P5 – P95', 'Error', 'Persistence', 'Mean rev.'], o.rows.map((r) => [
        r.source, r.period, r.agent, value(r.observed), value(r.median), `${value(r.p5)} – ${value(r.p95)}`, error(r.error), value(r.persistence), value(r.meanReversion),
      ]), ['l', 'l', 'l', 'r', 'r', 'r', 'r', 'r', 'r']));
    }
    out.push(`  MAE ${size(o.mae)} (persistence ${size(o.persistenceMae)}, mean reversion ${size(o.meanReversionMae)}); RMSE ${size(o.rmse)}; CRPS ${size(o.crps)}; ` +
      `coverage 50 % ${pct(o.coverage50, 0)}, 90 % ${pct(o.coverage90, 0)}; pairs ranked right ${pct(o.rankAccuracy, 0)}`, '');
  }
  out.push(`Summary (${result.horizonMonths} months ahead; MAE of the median${result.metric === 'share' ? ' in percentage points' : ''}; lower is better)`, backtestSummaryText(result));
  return out.join('\n');
}
