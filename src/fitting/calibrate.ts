/**
 * `calibrate`: fit a scenario's uncertain inputs to observed history.
 * The priors are the distributions the scenario declares; the data are
 * tracker figures (see `observations.ts`), compared with the model's runs
 * aggregated to the trackers' periods (`aggregate.ts`) under an explicit
 * tracker-error model (`likelihood.ts`). Methods: ABC-SMC (`abc.ts`, the
 * default) and maximum a posteriori with a Laplace posterior (`mle.ts`).
 * See docs/fitting.md.
 */
import { RivalsimError } from '../errors.js';
import { prepareScenario, type Plan } from '../model/compile.js';
import type { ScenarioSpec } from '../model/types.js';
import type { Seed } from '../random/source.js';
import { abcSmc, type CalibrationProgress, type ParticleDrawer } from './abc.js';
import { observationPredictor } from './aggregate.js';
import { DEFAULT_NOISE_PRIOR, errorModel, type NoisePrior } from './likelihood.js';
import { mapLaplace } from './mle.js';
import type { ObservationRow } from './observations.js';
import type { Posterior } from './posterior.js';
import { fittedInputs } from './priors.js';
import type { FitProblem } from './simulator.js';
import { summarisePosterior } from './summarise.js';

/**
 * Options of {@link calibrate}.
 *
 * @example
 * const o: CalibrateOptions = { parameters: ['aiWeight', 'landscape.markets[0].shocks.sd'], method: 'abc-smc', particles: 300, seed: 42 };
 */
export interface CalibrateOptions {
  /** Inputs to fit: declaration paths or scenario parameter names. Default: every continuous uncertain input. */
  parameters?: string[];
  /** `'abc-smc'` (default) or `'mle'` (maximum a posteriori + Laplace). */
  method?: 'abc-smc' | 'mle';
  /** ABC: particles per generation; MLE: draws of the Laplace posterior. Default 200. */
  particles?: number;
  /** ABC: most generations (including the prior's). Default 8. */
  generations?: number;
  /** Runs averaged per evaluation (each on its own stream). Default 1 (ABC), 8 (MLE). */
  runsPerParticle?: number;
  /** ABC: each tolerance is this quantile of the previous generation's distances. Default 0.5. */
  quantile?: number;
  /** ABC: stop once the tolerance reaches this distance. Default 0. */
  tolerance?: number;
  /** ABC: stop when fewer than this share of proposals is kept. Default 0.02. */
  minAcceptanceRate?: number;
  /** ABC: proposals one particle may make before the generation is given up. Default 400. */
  maxAttempts?: number;
  /** MLE: most objective evaluations of the search. Default 300 × parameters. */
  maxEvaluations?: number;
  /** Fit a bias per source and family besides the noise scale. Default false. */
  bias?: boolean;
  /** The prior of the tracker noise. Default `{ shape: 2, scale: 0.01, biasPrecision: 1 }`. */
  noisePrior?: Partial<NoisePrior>;
  /** Observations whose months the scenario does not simulate: `'skip'` (default; counted in the diagnostics) or `'error'`. */
  outside?: 'skip' | 'error';
  seed?: Seed;
  /** ABC: particles between progress reports. Default 16. */
  batchSize?: number;
  onProgress?: (progress: CalibrationProgress) => void;
  signal?: AbortSignal;
  /** ABC: draws the particles elsewhere, e.g. on worker threads (`rivalsim/node`'s `calibrate` sets it); the population is the same. */
  drawer?: ParticleDrawer;
}

function integer(v: unknown, path: string, min: number, fallback: number): number {
  if (v === undefined) return fallback;
  if (!Number.isInteger(v) || (v as number) < min) throw new RivalsimError('Invalid calibration option', path, v, `an integer ≥ ${min}`);
  return v as number;
}

function fraction(v: unknown, path: string, fallback: number, lo = 0, hi = 1): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !(v > lo && v < hi)) throw new RivalsimError('Invalid calibration option', path, v, `a number in (${lo}, ${hi})`);
  return v;
}

/**
 * Fits the named uncertain inputs of a scenario to observations and returns
 * their posterior: weighted draws (use them with `simulate(scenario, {
 * posterior })`), summaries, the fitted tracker noise and diagnostics.
 * Deterministic for a seed.
 *
 * @example
 * const posterior = await calibrate(scenario, observations, { parameters: ['aiWeight'], particles: 200, seed: 42 });
 * posterior.parameters[0].quantiles; // => { p5: 0.49, p25: 0.56, p50: 0.61, p75: 0.66, p95: 0.74 }
 * posterior.diagnostics.generations.map((g) => g.tolerance); // => [null, 0.21, 0.14, 0.11, …]
 */
export async function calibrate(scenario: ScenarioSpec | Plan, observations: readonly ObservationRow[], options: CalibrateOptions = {}): Promise<Posterior> {
  if (typeof options !== 'object' || options === null) throw new RivalsimError('Invalid options', 'options', options, 'an object such as { particles: 200, seed: 42 }');
  const method = options.method ?? 'abc-smc';
  if (method !== 'abc-smc' && method !== 'mle') throw new RivalsimError('Unknown calibration method', 'method', method, "'abc-smc' or 'mle'");
  const plan = await prepareScenario(scenario);
  const problem = fitProblem(plan, observations, options);
  const seed = options.seed ?? 0;
  if (!(typeof seed === 'string' || (typeof seed === 'number' && Number.isFinite(seed)))) throw new RivalsimError('Invalid seed', 'seed', seed, 'a finite number or a string');
  const particles = integer(options.particles, 'particles', 10, 200);
  const settings = {
    seed, particles, observations: problem.predictor.observations.length, skipped: problem.predictor.skipped.length,
    runsPerParticle: integer(options.runsPerParticle, 'runsPerParticle', 1, method === 'mle' ? 8 : 1),
  };
  if (method === 'mle') {
    const fit = await mapLaplace(problem, {
      draws: particles, runs: settings.runsPerParticle, seed, maxEvaluations: integer(options.maxEvaluations, 'maxEvaluations', 10, 300 * problem.inputs.length),
      onProgress: options.onProgress, signal: options.signal,
    });
    return summarisePosterior(problem, fit.sample, { method, stopped: fit.stopped, simulations: fit.simulations, generations: [], settings: { ...settings, ...fit.settings } });
  }
  const abc = {
    particles, runsPerParticle: settings.runsPerParticle, seed,
    generations: integer(options.generations, 'generations', 1, 8),
    quantile: fraction(options.quantile, 'quantile', 0.5),
    minAcceptanceRate: fraction(options.minAcceptanceRate, 'minAcceptanceRate', 0.02),
    tolerance: options.tolerance === undefined ? 0 : nonNegative(options.tolerance, 'tolerance'),
    maxAttempts: integer(options.maxAttempts, 'maxAttempts', 1, 400),
    batchSize: integer(options.batchSize, 'batchSize', 1, 16),
    onProgress: options.onProgress, signal: options.signal, drawer: options.drawer,
  };
  const result = await abcSmc(problem, abc);
  return summarisePosterior(problem, result.population, {
    method, stopped: result.stopped, simulations: result.simulations, generations: result.generations,
    settings: { ...settings, generations: abc.generations, quantile: abc.quantile, minAcceptanceRate: abc.minAcceptanceRate, maxAttempts: abc.maxAttempts },
  });
}

function nonNegative(v: unknown, path: string): number {
  if (typeof v !== 'number' || !(v >= 0) || !Number.isFinite(v)) throw new RivalsimError('Invalid calibration option', path, v, 'a number ≥ 0');
  return v;
}

/**
 * The fitting problem of a plan and observations (the fitted inputs, the
 * predictor of the observations inside the plan's months, the error model).
 *
 * @example
 * fitProblem(plan, observations, { parameters: ['aiWeight'] }).inputs.length; // => 1
 */
export function fitProblem(plan: Plan, observations: readonly ObservationRow[], options: Pick<CalibrateOptions, 'parameters' | 'bias' | 'noisePrior' | 'outside'> = {}): FitProblem {
  if (!Array.isArray(observations)) throw new RivalsimError('Invalid observations', 'observations', observations, 'an array of observations (parseObservations reads them)');
  const outside = options.outside ?? 'skip';
  if (outside !== 'skip' && outside !== 'error') throw new RivalsimError('Invalid calibration option', 'outside', outside, "'skip' or 'error'");
  const inputs = fittedInputs(plan, options.parameters);
  const predictor = observationPredictor(plan, observations, { outside });
  if (predictor.observations.length === 0) {
    throw new RivalsimError('No observation within the simulated months', 'observations', `${observations.length} rows`,
      `rows with periods within ${plan.dates[0]} … ${plan.dates[plan.horizon]}`, 'Start the scenario at the beginning of the history (e.g. its landscape at 2021-01) and run it to the end of the data');
  }
  const noisePrior = { ...DEFAULT_NOISE_PRIOR, ...options.noisePrior };
  if (!(noisePrior.shape > 1) || !(noisePrior.scale > 0) || !(noisePrior.biasPrecision > 0)) {
    throw new RivalsimError('Invalid noise prior', 'noisePrior', options.noisePrior, 'shape > 1, scale > 0, biasPrecision > 0');
  }
  return { plan, predictor, model: errorModel(predictor.observations), inputs, bias: options.bias ?? false, noisePrior };
}
