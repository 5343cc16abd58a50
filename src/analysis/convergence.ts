/**
 * `simulateUntil`: run batches until chosen outputs are estimated to a
 * target precision, deterministically for a seed.
 */
import { RivalsimError } from '../errors.js';
import { prepareScenario, type Plan } from '../model/compile.js';
import type { ScenarioSpec } from '../model/types.js';
import { BLOCK_RUNS } from '../montecarlo/exact.js';
import { eachRun } from '../montecarlo/runner.js';
import type { SimulationResult } from '../montecarlo/result.js';
import { simulate, type SimulateOptions } from '../montecarlo/simulate.js';
import { meanSd } from './stats.js';

/**
 * A precision target: the 95 % CI half-width (1.96 · se) of the mean of a
 * cell (default step: the horizon) must be at most `halfWidth`.
 *
 * @example
 * const t: PrecisionTarget = { market: 'phones', metric: 'share', agent: 'apple', step: 24, halfWidth: 0.001 }; // ±0.1 pp
 */
export interface PrecisionTarget {
  market: string;
  metric: string;
  agent: string;
  step?: number;
  halfWidth: number;
}

/**
 * Options of {@link simulateUntil}: those of `simulate` (plain Monte Carlo:
 * no design, correlations or shards) with targets instead of a run count.
 *
 * @example
 * const options: SimulateUntilOptions = { seed: 42, targets: [{ market: 'phones', metric: 'share', agent: 'apple', halfWidth: 0.001 }] };
 */
export interface SimulateUntilOptions extends Omit<SimulateOptions, 'runs' | 'design' | 'correlations' | 'shard'> {
  targets: PrecisionTarget[];
  /** Runs per batch, a multiple of 256. Default 2048. */
  batch?: number;
  /** Most runs to make (rounded down to a multiple of the batch, at least one batch). Default 2²⁰. */
  maxRuns?: number;
}

/**
 * Result of {@link simulateUntil}.
 *
 * @example
 * const { result, runsUsed, met } = await simulateUntil(s, options);
 */
export interface SimulateUntilResult {
  /** The simulation of exactly runs [0, runsUsed): identical to `simulate(s, { runs: runsUsed, seed })`. */
  result: SimulationResult;
  runsUsed: number;
  /** Whether every target was met (false if `maxRuns` was reached first). */
  met: boolean;
  /** The achieved 95 % CI half-width of each target, in order. */
  halfWidths: number[];
}

/**
 * Runs batches of runs [0, m), m = batch, 2·batch, …, until every target's
 * 95 % CI half-width 1.96 · se ≤ its `halfWidth`, and returns the
 * simulation of exactly the runs used. Run r uses `createRandomSource(seed, r)`,
 * so the result is deterministic for a seed and equal to
 * `simulate(scenario, { runs: runsUsed, seed })`. The targets are tracked
 * in one cheap pass; the full summary is built once, for the runs used.
 *
 * @example
 * const { result, runsUsed } = await simulateUntil(scenarios['apple-alibaba'], {
 *   seed: 42, targets: [{ market: 'phones', metric: 'share', agent: 'apple', step: 24, halfWidth: 0.001 }],
 * });
 * result.stat('phones', 'share', 'apple', 24).se * 1.96; // ≤ 0.001
 */
export async function simulateUntil(scenario: ScenarioSpec | Plan, options: SimulateUntilOptions): Promise<SimulateUntilResult> {
  const plan = await prepareScenario(scenario);
  if (typeof options !== 'object' || options === null) throw new RivalsimError('Invalid options', 'options', options, '{ seed, targets }');
  const { targets, batch = 2048, seed = 0 } = options;
  if (!Number.isInteger(batch) || batch < BLOCK_RUNS || batch % BLOCK_RUNS !== 0) {
    throw new RivalsimError('Invalid batch', 'batch', batch, `a positive multiple of ${BLOCK_RUNS}`);
  }
  const maxRuns = Math.max(batch, Math.floor((options.maxRuns ?? 2 ** 20) / batch) * batch);
  if (!Array.isArray(targets) || targets.length === 0) throw new RivalsimError('Invalid targets', 'targets', targets, 'a non-empty array of { market, metric, agent, step?, halfWidth }');
  const cells = targets.map((t, i) => {
    if (!(typeof t.halfWidth === 'number' && t.halfWidth > 0)) throw new RivalsimError('Invalid half-width', `targets[${i}].halfWidth`, t.halfWidth, 'a number > 0');
    const step = t.step ?? plan.horizon;
    if (!Number.isInteger(step) || step < 0 || step > plan.horizon) throw new RivalsimError('Invalid step', `targets[${i}].step`, t.step, `an integer in 0…${plan.horizon}`);
    return { ...t, step };
  });
  const rest = { ...options } as Record<string, unknown>;
  for (const key of ['targets', 'batch', 'maxRuns', 'runs', 'design', 'correlations', 'shard']) delete rest[key];
  const simulateOptions = rest as Omit<SimulateOptions, 'runs'>;

  const values = cells.map(() => new Float64Array(maxRuns));
  const halfWidthsAt = (m: number): number[] => values.map((v) => 1.96 * meanSd(v.subarray(0, m)).sd / Math.sqrt(m));
  let m = 0;
  while (m < maxRuns) {
    await eachRun([plan], [], { seed, signal: options.signal }, { from: m, to: m + batch }, (r, [result]) => {
      cells.forEach((c, i) => { values[i][r] = result.at(c.market, c.metric, c.agent, c.step); });
    });
    m += batch;
    if (!halfWidthsAt(m).every((h, i) => h <= cells[i].halfWidth)) continue;
    // Confirm with the summary's own statistics (bit-identical to a fresh simulate).
    const result = await simulate(plan, { ...simulateOptions, runs: m, seed });
    const halfWidths = cells.map((c) => 1.96 * result.stat(c.market, c.metric, c.agent, c.step).se);
    if (halfWidths.every((h, i) => h <= cells[i].halfWidth)) return { result, runsUsed: m, met: true, halfWidths };
  }
  const result = await simulate(plan, { ...simulateOptions, runs: m, seed });
  return { result, runsUsed: m, met: false, halfWidths: cells.map((c) => 1.96 * result.stat(c.market, c.metric, c.agent, c.step).se) };
}
