/**
 * Forecast scores: errors of the median, the continuous ranked
 * probability score of the whole forecast distribution, interval coverage
 * and how well the forecast orders the agents.
 */

/**
 * The continuous ranked probability score of an ensemble forecast x₁…x_R
 * for the outcome y, by the ensemble estimator (Gneiting & Raftery 2007,
 * "Strictly proper scoring rules, prediction, and estimation", JASA
 * 102:359–378, eq. 21):
 *
 *     CRPS = (1/R) Σᵢ |xᵢ − y| − (1/(2R²)) Σᵢ Σⱼ |xᵢ − xⱼ|,
 *
 * the second sum computed from the sorted members as
 * (2/R²) Σᵢ (2i − R − 1) x₍ᵢ₎. Lower is better; for a single member it is
 * the absolute error. `sorted` must be ascending.
 *
 * @example
 * crpsEnsemble([0, 1], 0); // => 0.25
 * crpsEnsemble([3], 1); // => 2
 */
export function crpsEnsemble(sorted: ArrayLike<number>, y: number): number {
  const R = sorted.length;
  let absolute = 0, spread = 0;
  for (let i = 0; i < R; i++) {
    absolute += Math.abs(sorted[i] - y);
    spread += (2 * (i + 1) - R - 1) * sorted[i];
  }
  return absolute / R - spread / (R * R);
}

/**
 * One forecast row to score: the outcome, the forecast's median and
 * central 50 % and 90 % intervals, and its CRPS.
 *
 * @example
 * const r: ScoredRow = { observed: 0.17, median: 0.16, p5: 0.13, p25: 0.15, p75: 0.17, p95: 0.19, crps: 0.006 };
 */
export interface ScoredRow {
  observed: number;
  median: number;
  p5: number;
  p25: number;
  p75: number;
  p95: number;
  crps: number;
}

/**
 * Summary scores of a set of forecast rows: MAE and RMSE of the median,
 * mean CRPS, the share of outcomes inside the 50 % and 90 % intervals
 * (NaN where a row has no interval), and the mean error (forecast −
 * observed).
 *
 * @example
 * summaryScores([{ observed: 1, median: 2, p5: 0, p25: 1, p75: 3, p95: 4, crps: 0.5 }]);
 * // => { n: 1, mae: 1, rmse: 1, crps: 0.5, coverage50: 1, coverage90: 1, bias: 1 }
 */
export function summaryScores(rows: readonly ScoredRow[]): { n: number; mae: number; rmse: number; crps: number; coverage50: number; coverage90: number; bias: number } {
  const n = rows.length;
  if (n === 0) return { n, mae: NaN, rmse: NaN, crps: NaN, coverage50: NaN, coverage90: NaN, bias: NaN };
  let abs = 0, sq = 0, crps = 0, bias = 0, in50 = 0, in90 = 0, intervals = 0;
  for (const r of rows) {
    const e = r.median - r.observed;
    abs += Math.abs(e); sq += e * e; crps += r.crps; bias += e;
    if (Number.isFinite(r.p5) && Number.isFinite(r.p95)) {
      intervals++;
      if (r.observed >= r.p25 && r.observed <= r.p75) in50++;
      if (r.observed >= r.p5 && r.observed <= r.p95) in90++;
    }
  }
  return {
    n, mae: abs / n, rmse: Math.sqrt(sq / n), crps: crps / n,
    coverage50: intervals ? in50 / intervals : NaN, coverage90: intervals ? in90 / intervals : NaN, bias: bias / n,
  };
}

/**
 * How well forecasts order agents: over every group (e.g. one source's
 * shares of one period), the share of agent pairs whose observed order the
 * forecasts get right (pairs tied in the outcome are skipped), and the
 * share of groups whose leader the forecasts name.
 *
 * @example
 * rankAccuracy([[{ forecast: 0.2, observed: 0.3 }, { forecast: 0.1, observed: 0.2 }]]); // => { pairs: 1, top: 1 }
 */
export function rankAccuracy(groups: ReadonlyArray<ReadonlyArray<{ forecast: number; observed: number }>>): { pairs: number; top: number } {
  let right = 0, total = 0, tops = 0, groupsWithTop = 0;
  for (const g of groups) {
    if (g.length < 2) continue;
    for (let i = 0; i < g.length; i++) {
      for (let j = i + 1; j < g.length; j++) {
        const o = g[i].observed - g[j].observed;
        if (o === 0) continue;
        total++;
        if (Math.sign(g[i].forecast - g[j].forecast) === Math.sign(o)) right++;
      }
    }
    const leader = (key: 'forecast' | 'observed') => g.reduce((best, x, i) => (x[key] > g[best][key] ? i : best), 0);
    groupsWithTop++;
    if (leader('forecast') === leader('observed')) tops++;
  }
  return { pairs: total ? right / total : NaN, top: groupsWithTop ? tops / groupsWithTop : NaN };
}
