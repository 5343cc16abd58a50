/**
 * From a run's monthly series to the figures trackers publish for a
 * period, the way trackers compute them:
 *
 * - `share` of a device market over a period: unit-weighted,
 *   Σₜ salesⱼ(t) / Σₜ Σₖ salesₖ(t) over the period's months (a quarter's
 *   share is its units over the quarter's units, not the mean of three
 *   monthly shares);
 * - `share` of an assistant market: user-weighted the same way,
 *   Σₜ usersⱼ(t) / Σₜ Σₖ usersₖ(t);
 * - `units`: the sum of the monthly sales (millions) over the period; of
 *   `total`, summed over the market's agents;
 * - `users`: the mean of the monthly users over the period (trackers
 *   report monthly active users; a quarter's figure is their average); of
 *   `total`, the sum over the agents' users (each user counted once, as
 *   the model credits every user to one agent).
 *
 * A {@link Predictor} is compiled once per plan and observation list, then
 * called on every run: it allocates nothing per call.
 */
import { RivalsimError } from '../errors.js';
import type { Plan } from '../model/compile.js';
import type { RunResult } from '../model/result.js';
import { TOTAL, type ObservationRow } from './observations.js';
import { periodOf, periodSteps } from '../model/periods.js';

/** How an observation is computed from a run (indices resolved once). */
interface Cell {
  market: number;
  /** The series read: `sales` (devices) or `users` (assistants). */
  series: 'sales' | 'users';
  /** The agent's slot, or −1 for the market total. */
  slot: number;
  /** Number of agents (slots) in the market. */
  agents: number;
  from: number;
  to: number;
  kind: 'share' | 'sum' | 'mean';
}

/**
 * Computes the observed figures from runs of one plan.
 *
 * @example
 * const predictor = observationPredictor(plan, observations);
 * const predicted = predictor.predict(runScenario(plan, { seed: 1 })); // one value per observation, in order
 */
export interface Predictor {
  /** The observations predicted, in order (those inside the run's months). */
  readonly observations: readonly ObservationRow[];
  /** Observations left out because some of their months fall outside the run (with `outside: 'skip'`). */
  readonly skipped: readonly ObservationRow[];
  /** The run's value of each observation, written into `out` (allocated when absent). */
  predict(run: RunResult, out?: Float64Array): Float64Array;
}

/**
 * Options of {@link observationPredictor}.
 *
 * @example
 * const o: PredictorOptions = { outside: 'skip' };
 */
export interface PredictorOptions {
  /** An observation whose months are not all simulated: `'error'` (default) or `'skip'` it. */
  outside?: 'error' | 'skip';
}

/**
 * Compiles the observations against a plan: each names a market, an agent
 * (or `total`) and a period within the plan's months. Errors name the
 * observation's location.
 *
 * @example
 * const p = observationPredictor(plan, [{ source: 'idc', market: 'phones', agent: 'apple', period: '2025-Q1', metric: 'share', value: 0.15 }]);
 * p.predict(run)[0]; // => 0.15… (Apple's units over all units, January–March 2025)
 */
export function observationPredictor(plan: Plan, observations: readonly ObservationRow[], options: PredictorOptions = {}): Predictor {
  const kept: ObservationRow[] = [];
  const skipped: ObservationRow[] = [];
  const cells: Cell[] = [];
  observations.forEach((o, i) => {
    const where = o.location ?? `observations[${i}]`;
    const mi = plan.marketIndex.get(o.market);
    if (mi === undefined) throw new RivalsimError('Unknown market', `${where}, column "market"`, o.market, `one of ${[...plan.marketIndex.keys()].join(', ')}`);
    const market = plan.markets[mi];
    const ids = market.participants.map((p) => plan.agents[p.agent].id);
    const slot = o.agent === TOTAL ? -1 : ids.indexOf(o.agent);
    if (o.agent !== TOTAL && slot < 0) throw new RivalsimError('Unknown agent', `${where}, column "agent"`, o.agent, `one of ${[...ids, TOTAL].join(', ')} (market ${o.market})`);
    const series = market.kind === 'devices' ? 'sales' : 'users';
    if ((o.metric === 'units' && series !== 'sales') || (o.metric === 'users' && series !== 'users')) {
      throw new RivalsimError('Metric not recorded by this market', `${where}, column "metric"`, o.metric, market.kind === 'devices' ? 'share or units' : 'share or users');
    }
    const steps = periodSteps(periodOf(o.period, `${where}, column "period"`), plan.start, plan.horizon);
    if (!steps) {
      if (options.outside === 'skip') { skipped.push(o); return; }
      throw new RivalsimError('Period outside the simulated months', `${where}, column "period"`, o.period,
        `a period within ${plan.dates[0]} … ${plan.dates[plan.horizon]}`, 'Start the scenario earlier, lengthen its horizon, or leave the row out');
    }
    kept.push(o);
    cells.push({ market: mi, series, slot, agents: ids.length, from: steps.from, to: steps.to, kind: o.metric === 'share' ? 'share' : o.metric === 'units' ? 'sum' : 'mean' });
  });
  const T1 = plan.horizon + 1;
  return {
    observations: kept,
    skipped,
    predict(run: RunResult, out = new Float64Array(cells.length)): Float64Array {
      for (let i = 0; i < cells.length; i++) out[i] = valueOf(cells[i], run, T1);
      return out;
    },
  };
}

function valueOf(c: Cell, run: RunResult, T1: number): number {
  const data = run.markets[c.market].data[c.series];
  let own = 0, all = 0;
  for (let t = c.from; t <= c.to; t++) {
    for (let k = 0; k < c.agents; k++) {
      const x = data[k * T1 + t];
      all += x;
      if (k === c.slot) own += x;
    }
  }
  const months = c.to - c.from + 1;
  const part = c.slot < 0 ? all : own;
  switch (c.kind) {
    case 'share': return all > 0 ? own / all : 0;
    case 'sum': return part;
    case 'mean': return part / months;
  }
}
