/**
 * The scored rows and the per-origin table of a backtest: the model's
 * ensemble forecast and the two reference forecasts, each scored on the
 * same held-back figures.
 */
import { probit } from '../random/quantile.js';
import { untransformed } from './likelihood.js';
import type { ObservationRow, PublishedFigure } from './observations.js';
import type { Posterior, PosteriorParameter, NoiseEstimate } from './posterior.js';
import type { ReferenceForecast, ReferenceModels } from './references.js';
import { crpsEnsemble, rankAccuracy, summaryScores, type ScoredRow } from './scores.js';
import { quantileSorted } from './weighted.js';

/**
 * One held-back figure: what was published, the model's forecast (median,
 * mean, P5–P95, error of the median, CRPS) and the reference forecasts.
 *
 * @example
 * // { source: 'idc', market: 'phones', agent: 'apple', period: '2024', metric: 'share', observed: 0.156,
 * //   median: 0.161, mean: 0.162, p5: 0.14, p25: 0.152, p75: 0.17, p95: 0.184, error: 0.005, crps: 0.004,
 * //   persistence: 0.173, persistenceFrom: '2023', persistenceError: 0.017, meanReversion: 0.168, meanReversionError: 0.012, … }
 */
export interface BacktestRow extends PublishedFigure {
  median: number;
  mean: number;
  p5: number;
  p25: number;
  p75: number;
  p95: number;
  /** Median − observed. */
  error: number;
  crps: number;
  persistence: number;
  /** The period persistence carried forward. */
  persistenceFrom: string;
  persistenceError: number;
  persistenceCrps: number;
  meanReversion: number;
  meanReversionError: number;
  meanReversionCrps: number;
  reference?: string;
}

/**
 * One origin's table: the summary scores of the model and of the two
 * reference forecasts on the same rows, and the rows.
 *
 * @example
 * // { origin: '2024-01', to: '2024-12', n: 18, mae: 0.011, persistenceMae: 0.016, meanReversionMae: 0.014,
 * //   coverage50: 0.5, coverage90: 0.89, crps: 0.007, rows: [...] }
 */
export interface BacktestOrigin {
  origin: string;
  /** The last month forecast. */
  to: string;
  /** Rows scored; `unscored` held-back rows had no reference forecast (no earlier figure of that source). */
  n: number;
  unscored: number;
  mae: number;
  rmse: number;
  crps: number;
  coverage50: number;
  coverage90: number;
  /** Mean error of the median (forecast − observed). */
  bias: number;
  /** Share of agent pairs (within one source's period) ordered right, and of leaders named right. */
  rankAccuracy: number;
  topAccuracy: number;
  persistenceMae: number;
  persistenceRmse: number;
  persistenceCrps: number;
  persistenceCoverage50: number;
  persistenceCoverage90: number;
  persistenceRankAccuracy: number;
  meanReversionMae: number;
  meanReversionRmse: number;
  meanReversionCrps: number;
  meanReversionCoverage50: number;
  meanReversionCoverage90: number;
  meanReversionRankAccuracy: number;
  /** The fitted mean-reversion coefficient and the year-on-year pairs it rests on. */
  meanReversionPhi: number;
  referencePairs: number;
  /** With `calibrate`: the posterior's parameter summaries and tracker noise. */
  calibration?: { parameters: PosteriorParameter[]; noise: NoiseEstimate[]; stopped: string; simulations: number };
  rows: BacktestRow[];
}

/** Members of a reference forecast's distribution (quantiles of its normal on the comparison scale), for its CRPS and intervals. */
function referenceMembers(f: ReferenceForecast, share: boolean, K = 200): Float64Array {
  if (!Number.isFinite(f.sd) || f.sd <= 0) return Float64Array.of(f.value);
  return Float64Array.from({ length: K }, (_, k) => untransformed(f.mean + f.sd * probit((k + 0.5) / K), share));
}

/** Scores of a sorted ensemble; `median` overrides the ensemble's (a reference forecast's exact median). */
function scored(sorted: Float64Array, observed: number, median = quantileSorted(sorted, 0.5)): ScoredRow {
  const one = sorted.length === 1;
  const q = (p: number) => (one ? NaN : quantileSorted(sorted, p));
  return { observed, median, p5: q(0.05), p25: q(0.25), p75: q(0.75), p95: q(0.95), crps: crpsEnsemble(sorted, observed) };
}

/**
 * Scores one held-back row: the model's sorted ensemble and the reference forecasts.
 *
 * @example
 * scoreRow(observation, sortedEnsemble, refs.persistence(observation)!, refs.meanReversion(observation)!).crps; // => 0.004
 */
export function scoreRow(row: ObservationRow, sorted: Float64Array, persistence: ReferenceForecast, meanReversion: ReferenceForecast): BacktestRow & { scores: ScoredRow[] } {
  const share = row.metric === 'share';
  const model = scored(sorted, row.value);
  const p = scored(referenceMembers(persistence, share), row.value, persistence.value);
  const m = scored(referenceMembers(meanReversion, share), row.value, meanReversion.value);
  let mean = 0;
  for (const v of sorted) mean += v;
  return {
    source: row.source, market: row.market, agent: row.agent, period: row.period, metric: row.metric, observed: row.value,
    median: model.median, mean: mean / sorted.length, p5: model.p5, p25: model.p25, p75: model.p75, p95: model.p95,
    error: model.median - row.value, crps: model.crps,
    persistence: persistence.value, persistenceFrom: persistence.from, persistenceError: persistence.value - row.value, persistenceCrps: p.crps,
    meanReversion: meanReversion.value, meanReversionError: meanReversion.value - row.value, meanReversionCrps: m.crps,
    ...(row.reference ? { reference: row.reference } : {}),
    scores: [model, p, m],
  };
}

function rankGroups(rows: readonly BacktestRow[], forecast: (r: BacktestRow) => number): Array<Array<{ forecast: number; observed: number }>> {
  const groups = new Map<string, Array<{ forecast: number; observed: number }>>();
  for (const r of rows) {
    if (r.agent === 'total') continue;
    const key = [r.source, r.market, r.period, r.metric].join('|');
    (groups.get(key) ?? groups.set(key, []).get(key)!).push({ forecast: forecast(r), observed: r.observed });
  }
  return [...groups.values()];
}

/**
 * The table of one origin from its scored rows.
 *
 * @example
 * scoreOrigin('2024-01', '2024-12', rows, 0, refs).mae; // => 0.011
 */
export function scoreOrigin(
  origin: string, to: string, rows: ReadonlyArray<BacktestRow & { scores: ScoredRow[] }>, unscored: number, refs: ReferenceModels, posterior?: Posterior,
): BacktestOrigin {
  const [model, persistence, meanReversion] = [0, 1, 2].map((k) => summaryScores(rows.map((r) => r.scores[k])));
  const ranks = rankAccuracy(rankGroups(rows, (r) => r.median));
  const out: BacktestOrigin = {
    origin, to, n: model.n, unscored,
    mae: model.mae, rmse: model.rmse, crps: model.crps, coverage50: model.coverage50, coverage90: model.coverage90, bias: model.bias,
    rankAccuracy: ranks.pairs, topAccuracy: ranks.top,
    persistenceMae: persistence.mae, persistenceRmse: persistence.rmse, persistenceCrps: persistence.crps,
    persistenceCoverage50: persistence.coverage50, persistenceCoverage90: persistence.coverage90,
    persistenceRankAccuracy: rankAccuracy(rankGroups(rows, (r) => r.persistence)).pairs,
    meanReversionMae: meanReversion.mae, meanReversionRmse: meanReversion.rmse, meanReversionCrps: meanReversion.crps,
    meanReversionCoverage50: meanReversion.coverage50, meanReversionCoverage90: meanReversion.coverage90,
    meanReversionRankAccuracy: rankAccuracy(rankGroups(rows, (r) => r.meanReversion)).pairs,
    meanReversionPhi: refs.phi, referencePairs: refs.pairs,
    rows: rows.map(({ scores: _, ...r }) => r),
  };
  if (posterior) {
    out.calibration = { parameters: posterior.parameters, noise: posterior.noise, stopped: posterior.diagnostics.stopped, simulations: posterior.diagnostics.simulations };
  }
  return out;
}

/**
 * A backtest as JSON text: `{ "origins": [ { "origin", "mae", "persistenceMae",
 * "meanReversionMae", "coverage50", "coverage90", "crps", "rows": [...] } ] }`
 * plus the other scores and settings (non-finite numbers as null).
 *
 * @example
 * JSON.parse(backtestToJSON(bt)).origins[0].mae; // => 0.011
 */
export function backtestToJSON(result: { metric: string; horizonMonths: number; runs: number; seed: unknown; origins: BacktestOrigin[] }): string {
  return JSON.stringify(result, (_, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 1);
}
