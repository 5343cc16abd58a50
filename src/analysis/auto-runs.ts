/**
 * The public `simulate`: a fixed number of runs (the Monte Carlo engine's
 * `simulate`), or `runs: 'auto'`, batches until target precisions are met
 * (`simulateUntil`), which is analysis and so lives here, above the engine.
 */
import { RivalsimError } from '../errors.js';
import type { Plan } from '../model/compile.js';
import type { ScenarioSpec } from '../model/types.js';
import type { SimulationResult } from '../montecarlo/result.js';
import { simulate as simulateRuns, type SimulateOptions } from '../montecarlo/simulate.js';
import { simulateUntil, type PrecisionTarget } from './convergence.js';

/**
 * Options of {@link simulate} with `runs: 'auto'`: run batches until every
 * target's 95 % confidence half-width is met (see `simulateUntil`).
 *
 * @example
 * const o: AutoRunsOptions = { runs: 'auto', seed: 42, precision: [{ market: 'phones', metric: 'share', agent: 'apple', step: 24, halfWidth: 0.001 }] };
 */
export interface AutoRunsOptions extends Omit<SimulateOptions, 'runs' | 'design' | 'correlations' | 'shard'> {
  runs: 'auto';
  /** The cells and the 95 % CI half-width each must reach. */
  precision: PrecisionTarget[];
  /** Runs per batch (a multiple of 256). Default 2048. */
  batch?: number;
  /** Most runs to make. Default 2²⁰. */
  maxRuns?: number;
}

/**
 * Runs a scenario `runs` times and summarises the runs as they stream by.
 * Run r draws from its own stream derived from (seed, r) alone (and from row
 * r of the design), and sums are exact, so the result is bit-identical for a
 * given scenario, seed and number of runs however the work is batched.
 * With `runs: 'auto'` and a `precision`, it runs the smallest multiple of
 * the batch whose 95 % CIs meet the targets (deterministic for a seed).
 *
 * @example
 * const result = await simulate(scenarios['apple-alibaba'], { runs: 10_000, seed: 42 });
 * result.stat('phones', 'share', 'apple', 36);              // mean, sd, se, quantiles
 * result.rankProbability('phones', 'apple', 1);             // P(Apple is #1)
 * result.event('approved', 'apple+alibaba').probability;    // P(approval)
 * const auto = await simulate(scenarios.baseline, { runs: 'auto', seed: 1, precision: [{ market: 'phones', metric: 'share', agent: 'apple', halfWidth: 0.002 }] });
 * auto.runs; // => 2048 (a multiple of the batch)
 */
export async function simulate(scenario: ScenarioSpec | Plan, options: SimulateOptions | AutoRunsOptions): Promise<SimulationResult> {
  if (!options || (options as AutoRunsOptions).runs !== 'auto') return simulateRuns(scenario, options as SimulateOptions);
  const { runs: _auto, precision, ...rest } = options as AutoRunsOptions;
  if (!Array.isArray(precision) || precision.length === 0) {
    throw new RivalsimError('runs: \'auto\' needs a precision', 'precision', precision, "targets such as [{ market: 'phones', metric: 'share', agent: 'apple', halfWidth: 0.001 }]");
  }
  return (await simulateUntil(scenario, { ...rest, targets: precision })).result;
}
