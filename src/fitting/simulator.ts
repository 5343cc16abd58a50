/**
 * Runs the model at a parameter vector and compares it with the
 * observations: the one step every fitting method repeats thousands of
 * times. A run with fixed inputs draws everything else (shock paths, the
 * inputs not fitted) from its own stream, named by a key, so the result is
 * a pure function of (parameters, key).
 */
import type { Plan } from '../model/compile.js';
import { World } from '../model/world.js';
import { createRandomSource } from '../random/source.js';
import type { Predictor } from './aggregate.js';
import { distance, residuals, type ErrorModel, type NoisePrior } from './likelihood.js';
import type { FittedInput } from './priors.js';

/** What one evaluation gives: the mean prediction over its runs, its residuals and their distance. */
export interface Evaluation {
  distance: number;
  predicted: Float64Array;
  residuals: Float64Array;
}

/**
 * The fitting problem: a plan, the observations it must reproduce (as a
 * predictor and an error model), and the inputs to fit.
 *
 * @example
 * const problem: FitProblem = { plan, predictor, model: errorModel(predictor.observations), inputs, bias: false, noisePrior: DEFAULT_NOISE_PRIOR };
 */
export interface FitProblem {
  plan: Plan;
  predictor: Predictor;
  model: ErrorModel;
  inputs: FittedInput[];
  bias: boolean;
  noisePrior: NoisePrior;
}

/**
 * Evaluates parameter vectors: `runs` runs at the vector (on the streams
 * of `key`), their predictions averaged, then compared with the observations.
 *
 * @example
 * const sim = new ParticleSimulator(problem, 1);
 * sim.evaluate([0.4, 0.05], 'seed|g0|p3|a0').distance; // => 0.083
 */
export class ParticleSimulator {
  /** Model runs made so far. */
  simulations = 0;
  private readonly world: World;
  private readonly index: Map<string, number>;
  private theta: ArrayLike<number> = [];
  private readonly values = (path: string): number | undefined => {
    const k = this.index.get(path);
    return k === undefined ? undefined : this.theta[k];
  };
  private readonly scratch: Float64Array;

  constructor(readonly problem: FitProblem, readonly runs: number) {
    this.world = new World(problem.plan);
    this.index = new Map(problem.inputs.map((p, k) => [p.path, k]));
    this.scratch = new Float64Array(problem.predictor.observations.length);
  }

  /** Runs the model at `theta` on `runs` runs of stream `key` and compares it with the observations. */
  evaluate(theta: ArrayLike<number>, key: string): Evaluation {
    const n = this.scratch.length;
    const predicted = new Float64Array(n);
    this.theta = theta;
    for (let m = 0; m < this.runs; m++) {
      this.world.reset(createRandomSource(key, m), undefined, this.values);
      this.problem.predictor.predict(this.world.runView(), this.scratch);
      for (let i = 0; i < n; i++) predicted[i] += this.scratch[i];
      this.simulations++;
    }
    if (this.runs > 1) for (let i = 0; i < n; i++) predicted[i] /= this.runs;
    const e = residuals(this.problem.model, predicted);
    return { distance: distance(this.problem.model, e, this.problem.bias, this.problem.noisePrior), predicted, residuals: e };
  }
}
