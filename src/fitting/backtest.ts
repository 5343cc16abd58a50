/**
 * `backtest`: how well would the model have forecast? For each origin,
 * build the scenario from the data before it only, forecast the held-back
 * figures of the next `horizonMonths`, and score the forecasts — and two
 * reference forecasts on the same rows (`references.ts`).
 */
import { RivalsimError } from '../errors.js';
import { MAX_HORIZON, prepareScenario } from '../model/compile.js';
import type { ScenarioSpec } from '../model/types.js';
import type { Seed } from '../random/source.js';
import type { CalibrationProgress } from './abc.js';
import { calibrate, type CalibrateOptions } from './calibrate.js';
import { forecastFigures } from './forecast.js';
import { noiseFromDisagreement } from './noise.js';
import { observationsBefore, type ObservationRow, type ObservationMetric } from './observations.js';
import { lastMonth, periodOf, type PeriodKind } from '../model/periods.js';
import { monthIndex, monthLabel } from '../model/time.js';
import type { Posterior } from './posterior.js';
import { referenceModels } from './references.js';
import { scoreOrigin, scoreRow, type BacktestOrigin } from './backtest-scores.js';

export type { BacktestOrigin, BacktestRow } from './backtest-scores.js';

/**
 * Builds the scenario that starts at `origin` (`'YYYY-MM'`) from the
 * observations published before it — and nothing later.
 *
 * @example
 * const scenarioAt: ScenarioAt = (origin) => ({ id: 'bt', landscape: myLandscape(origin), horizon: 12 });
 */
export type ScenarioAt = (origin: string, observationsBefore: ObservationRow[]) => ScenarioSpec | Promise<ScenarioSpec>;

/**
 * Options of {@link backtest}.
 *
 * @example
 * const o: BacktestOptions = { origins: ['2023-01', '2024-01'], horizonMonths: 12, runs: 500, seed: 42, periods: ['year'] };
 */
export interface BacktestOptions {
  /** Forecast origins, `'YYYY-MM'`: the first month forecast. */
  origins: string[];
  /** Months forecast from each origin. Default 12. */
  horizonMonths?: number;
  /** Runs per forecast. Default 500. */
  runs?: number;
  seed?: Seed;
  /** The metric scored. Default `share`. */
  metric?: ObservationMetric;
  /** Only these markets, agents, sources and period kinds (default all). */
  markets?: string[];
  agents?: string[];
  sources?: string[];
  periods?: PeriodKind[];
  /**
   * Fit before forecasting: the scenario `scenarioAt(from, …)` is
   * calibrated on the rows from `from` to the origin, and the forecast runs
   * on its posterior. Default: no fit (the landscape as built).
   */
  calibrate?: CalibrateOptions & { from: string };
  /**
   * Tracker noise added to the forecasts: `'disagreement'` (default: each
   * tracker's scale estimated from how the trackers disagreed before the
   * origin — tracker error alone, since the ensemble already carries the
   * model's own uncertainty), `'fitted'` (the posterior's noise scales, which
   * also absorb the model's misfit in the fitting window), or `false` (none).
   * `true` means `'disagreement'`.
   */
  trackerNoise?: boolean | 'disagreement' | 'fitted';
  onProgress?: (p: { origin: string; stage: 'calibrate' | 'forecast'; done: number; total: number; calibration?: CalibrationProgress }) => void;
  signal?: AbortSignal;
}

/**
 * The result of {@link backtest}: one scored table per origin.
 *
 * @example
 * const bt = await backtest(scenarioAt, history, { origins: ['2024-01'] });
 * bt.origins[0].mae < bt.origins[0].persistenceMae; // the model beat persistence?
 */
export interface BacktestResult {
  metric: ObservationMetric;
  horizonMonths: number;
  runs: number;
  seed: Seed;
  origins: BacktestOrigin[];
}

function checkOptions(o: BacktestOptions): { horizon: number; runs: number; seed: Seed; metric: ObservationMetric } {
  if (typeof o !== 'object' || o === null || !Array.isArray(o.origins) || o.origins.length === 0) {
    throw new RivalsimError('Invalid backtest options', 'origins', o?.origins, "a non-empty list of months such as ['2023-01', '2024-01']");
  }
  o.origins.forEach((m, i) => { if (monthIndex(String(m)) === undefined) throw new RivalsimError('Invalid origin', `origins[${i}]`, m, "a month written 'YYYY-MM'"); });
  const horizon = o.horizonMonths ?? 12;
  if (!Number.isInteger(horizon) || horizon < 2 || horizon > MAX_HORIZON) throw new RivalsimError('Invalid horizon', 'horizonMonths', horizon, `an integer number of months in 2…${MAX_HORIZON}`);
  const runs = o.runs ?? 500;
  if (!Number.isInteger(runs) || runs < 1) throw new RivalsimError('Invalid number of runs', 'runs', runs, 'an integer ≥ 1');
  const metric = o.metric ?? 'share';
  if (!['share', 'units', 'users'].includes(metric)) throw new RivalsimError('Unknown metric', 'metric', metric, 'share, units or users');
  if (o.calibrate && monthIndex(String(o.calibrate.from)) === undefined) throw new RivalsimError('Invalid month', 'calibrate.from', o.calibrate.from, "the first month of the fitting window, 'YYYY-MM'");
  return { horizon, runs, seed: o.seed ?? 0, metric };
}

/** The held-back rows of an origin: the selected metric etc., periods wholly within [origin, origin + horizon). */
function heldBack(observations: readonly ObservationRow[], origin: string, horizon: number, o: BacktestOptions, metric: ObservationMetric): ObservationRow[] {
  const first = monthIndex(origin)!, last = first + horizon - 1;
  return observations.filter((row) => {
    const p = periodOf(row.period, row.location ?? 'period');
    return row.metric === metric && p.first >= first && lastMonth(p) <= last &&
      (!o.markets || o.markets.includes(row.market)) && (!o.agents || o.agents.includes(row.agent)) &&
      (!o.sources || o.sources.includes(row.source)) && (!o.periods || o.periods.includes(p.kind));
  });
}

/**
 * Backtests a scenario builder on observations (see the module comment).
 * Forecasts are deterministic for a seed.
 *
 * @example
 * const bt = await backtest((origin) => myScenario(origin), history, { origins: ['2023-01', '2024-01'], runs: 500, seed: 1 });
 * bt.origins.map((o) => [o.origin, o.mae, o.persistenceMae, o.coverage90]);
 */
export async function backtest(scenarioAt: ScenarioAt, observations: readonly ObservationRow[], options: BacktestOptions): Promise<BacktestResult> {
  if (typeof scenarioAt !== 'function') throw new RivalsimError('Invalid scenario builder', 'scenarioAt', scenarioAt, 'a function (origin, observationsBefore) => scenario');
  const { horizon, runs, seed, metric } = checkOptions(options);
  const origins: BacktestOrigin[] = [];
  for (const origin of options.origins) origins.push(await backtestOrigin(scenarioAt, observations, origin, { ...options, horizon, runs, seed, metric }));
  return { metric, horizonMonths: horizon, runs, seed, origins };
}

async function backtestOrigin(
  scenarioAt: ScenarioAt, observations: readonly ObservationRow[], origin: string,
  o: BacktestOptions & { horizon: number; runs: number; seed: Seed; metric: ObservationMetric },
): Promise<BacktestOrigin> {
  const before = observationsBefore(observations, origin);
  const rows = heldBack(observations, origin, o.horizon, o, o.metric);
  const spec = await scenarioAt(origin, before);
  if (spec?.landscape?.start !== origin) {
    throw new RivalsimError('Scenario does not start at the origin', 'scenarioAt', spec?.landscape?.start, `a landscape starting at ${origin}`, 'scenarioAt(origin, …) must build the landscape as of the origin');
  }
  const posterior = o.calibrate ? await fitBefore(scenarioAt, observations, origin, o) : undefined;
  const plan = await prepareScenario({ ...spec, horizon: o.horizon - 1 });
  const disagreement = noiseFromDisagreement(before);
  const mode = o.trackerNoise === undefined || o.trackerNoise === true ? 'disagreement' : o.trackerNoise;
  const noise = (row: ObservationRow) => {
    const fitted = mode === 'fitted' ? posterior?.noise.find((n) => n.group === `${row.source} ${row.metric === 'share' ? 'share' : 'levels'}`) : undefined;
    return fitted ? { scale: fitted.scale, bias: fitted.bias } : { scale: disagreement.scaleOf(row), bias: 0 };
  };
  const ensembles = rows.length ? await forecastFigures(plan, rows, {
    runs: o.runs, seed: `${o.seed}|${origin}`, posterior, noise: mode === false ? undefined : noise, signal: o.signal,
    onProgress: (p) => o.onProgress?.({ origin, stage: 'forecast', done: p.done, total: p.total }),
  }) : [];
  const refs = referenceModels(before);
  const table: Array<ReturnType<typeof scoreRow>> = [];
  let unscored = 0;
  rows.forEach((row, i) => {
    const persistence = refs.persistence(row), meanReversion = refs.meanReversion(row);
    if (!persistence || !meanReversion) { unscored++; return; }
    table.push(scoreRow(row, ensembles[i], persistence, meanReversion));
  });
  return scoreOrigin(origin, monthLabel(monthIndex(origin)! + o.horizon - 1), table, unscored, refs, posterior);
}

/** Calibrates `scenarioAt(from)` on the rows from `from` up to the origin. */
async function fitBefore(scenarioAt: ScenarioAt, observations: readonly ObservationRow[], origin: string, o: BacktestOptions & { seed: Seed }): Promise<Posterior> {
  const { from, ...fit } = o.calibrate!;
  const months = monthIndex(origin)! - monthIndex(from)!;
  if (months < 2) throw new RivalsimError('Fitting window too short', 'calibrate.from', from, `a month at least two months before the origin ${origin}`);
  const spec = await scenarioAt(from, observationsBefore(observations, from));
  const window = observationsBefore(observations, origin).filter((row) => periodOf(row.period, 'period').first >= monthIndex(from)!);
  return calibrate({ ...spec, horizon: months - 1 }, window, {
    seed: o.seed, ...fit, signal: o.signal,
    onProgress: (p) => o.onProgress?.({ origin, stage: 'calibrate', done: p.done, total: p.total, calibration: p }),
  });
}
