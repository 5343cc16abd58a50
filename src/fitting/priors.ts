/**
 * Priors of the fitted inputs: the distributions the scenario declares for
 * them. Calibration needs their (log) density and support; draws come from
 * `sampleNumeric`, as in any run.
 */
import { RivalsimError } from '../errors.js';
import type { Plan } from '../model/compile.js';
import { uncertainInputs } from '../montecarlo/design.js';
import { pertShape, type Distribution } from '../random/distributions.js';

/**
 * A fitted input: its declaration path and its prior.
 *
 * @example
 * const p: FittedInput = { path: 'parameters.aiWeight', prior: { dist: 'uniform', min: 0.2, max: 1.5 } };
 */
export interface FittedInput {
  path: string;
  prior: Distribution;
}

/** Distributions calibration can fit (continuous ones). */
const CONTINUOUS = new Set(['uniform', 'normal', 'lognormal', 'triangular', 'pert', 'beta']);

/**
 * The inputs to fit: those named (paths of uncertain inputs, or the names
 * of scenario parameters), or by default every continuous uncertain input
 * of the plan. Each must be declared as a continuous distribution — its
 * prior.
 *
 * @example
 * fittedInputs(plan, ['aiWeight', 'landscape.markets[0].shocks.sd']).map((p) => p.path);
 * // => ['parameters.aiWeight', 'landscape.markets[0].shocks.sd']
 */
export function fittedInputs(plan: Plan, names?: readonly string[]): FittedInput[] {
  const all = uncertainInputs(plan);
  const byPath = new Map(all.map((i) => [i.path, i.dist]));
  if (names === undefined) {
    const out = all.filter((i) => CONTINUOUS.has(i.dist.dist)).map((i) => ({ path: i.path, prior: i.dist }));
    if (!out.length) {
      throw new RivalsimError('Nothing to fit', 'parameters', `scenario ${plan.id}`, 'a scenario with inputs declared as continuous distributions (their priors)',
        'Declare the inputs to fit as distributions, e.g. parameters: { aiWeight: { dist: "uniform", min: 0.2, max: 1.5 } }');
    }
    return out;
  }
  if (!Array.isArray(names) || names.length === 0) throw new RivalsimError('Invalid parameters', 'parameters', names, 'a non-empty list of input paths or parameter names');
  const seen = new Set<string>();
  return names.map((name, k) => {
    const path = byPath.has(name) ? name : byPath.has(`parameters.${name}`) ? `parameters.${name}` : undefined;
    if (path === undefined) {
      throw new RivalsimError('Not an uncertain input', `parameters[${k}]`, name,
        all.length ? `one of ${all.map((i) => i.path).join(', ')}` : 'an input declared as a distribution (this scenario has none)');
    }
    const prior = byPath.get(path)!;
    if (!CONTINUOUS.has(prior.dist)) throw new RivalsimError('Cannot fit a discrete input', `parameters[${k}]`, name, `an input with a continuous prior (${[...CONTINUOUS].join(', ')}), not ${prior.dist}`);
    if (seen.has(path)) throw new RivalsimError('Duplicate parameter', `parameters[${k}]`, name, 'each input once');
    seen.add(path);
    return { path, prior };
  });
}

/**
 * The log density of a prior at x, up to a constant; −Infinity outside its
 * support.
 *
 * @example
 * logPrior({ dist: 'uniform', min: 0, max: 1 }, 0.5); // => 0
 * logPrior({ dist: 'uniform', min: 0, max: 1 }, 2); // => -Infinity
 */
export function logPrior(d: Distribution, x: number): number {
  if (!Number.isFinite(x)) return -Infinity;
  switch (d.dist) {
    case 'uniform': return x >= d.min && x <= d.max ? 0 : -Infinity;
    case 'normal': {
      if ((d.min !== undefined && x < d.min) || (d.max !== undefined && x > d.max)) return -Infinity;
      const z = (x - d.mean) / d.sd;
      return -0.5 * z * z;
    }
    case 'lognormal': {
      if (x <= 0) return -Infinity;
      const z = (Math.log(x) - d.mu) / d.sigma;
      return -Math.log(x) - 0.5 * z * z;
    }
    case 'triangular': {
      const { min: a, mode: c, max: b } = d;
      if (x < a || x > b) return -Infinity;
      const density = x < c ? (2 * (x - a)) / ((b - a) * (c - a)) : x > c ? (2 * (b - x)) / ((b - a) * (b - c)) : 2 / (b - a);
      return Math.log(density);
    }
    case 'pert': {
      const { alpha, beta } = pertShape(d);
      return logBetaShape(alpha, beta, (x - d.min) / (d.max - d.min));
    }
    case 'beta': {
      const lo = d.min ?? 0, hi = d.max ?? 1;
      return logBetaShape(d.alpha, d.beta, (x - lo) / (hi - lo));
    }
    default:
      return -Infinity;
  }
}

function logBetaShape(alpha: number, beta: number, u: number): number {
  if (u < 0 || u > 1) return -Infinity;
  const a = alpha === 1 ? 0 : (alpha - 1) * Math.log(u);
  const b = beta === 1 ? 0 : (beta - 1) * Math.log(1 - u);
  return a + b;
}

/**
 * The sum of the log prior densities of a parameter vector.
 *
 * @example
 * logPriorOf(inputs, [0.4, 0.05]); // => -1.2…
 */
export function logPriorOf(inputs: readonly FittedInput[], theta: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < inputs.length; k++) {
    s += logPrior(inputs[k].prior, theta[k]);
    if (s === -Infinity) return s;
  }
  return s;
}
