/**
 * From a weighted population of evaluated draws to a {@link Posterior}:
 * parameter summaries, the fitted tracker noise, per-series residuals and
 * the fitted-versus-observed rows.
 */
import type { GenerationDiagnostics } from './abc.js';
import { groupBias, logLikelihood, noiseScales } from './likelihood.js';
import {
  POSTERIOR_FORMAT, POSTERIOR_QUANTILES, POSTERIOR_VERSION,
  type FitRow, type NoiseEstimate, type Posterior, type PosteriorDiagnostics, type PosteriorParameter, type SeriesResidual,
} from './posterior.js';
import type { FitProblem, Evaluation } from './simulator.js';
import { effectiveSampleSize, weightedMoments, weightedQuantiles } from './weighted.js';

/** A weighted, evaluated sample of the fitted inputs (ABC's last population, or MLE's Laplace draws). */
export interface WeightedSample {
  theta: ArrayLike<number>[];
  weights: ArrayLike<number>;
  evaluations: Evaluation[];
}

/**
 * Builds the posterior document of a fit.
 *
 * @example
 * const posterior = summarisePosterior(problem, population, { method: 'abc-smc', stopped, simulations, generations, settings });
 */
export function summarisePosterior(
  problem: FitProblem, sample: WeightedSample,
  meta: { method: Posterior['method']; stopped: string; simulations: number; generations: GenerationDiagnostics[]; settings: PosteriorDiagnostics['settings'] },
): Posterior {
  const w = sample.weights;
  const parameters: PosteriorParameter[] = problem.inputs.map((input, k) => {
    const values = sample.theta.map((t) => t[k]);
    const { mean, sd } = weightedMoments(values, w);
    const [p5, p25, p50, p75, p95] = weightedQuantiles(values, w, POSTERIOR_QUANTILES);
    return { path: input.path, prior: input.prior, mean, sd, quantiles: { p5, p25, p50, p75, p95 } };
  });
  const diagnostics: PosteriorDiagnostics = {
    effectiveSampleSize: effectiveSampleSize(w),
    simulations: meta.simulations,
    stopped: meta.stopped,
    generations: meta.generations.map((g) => ({ ...g, tolerance: Number.isFinite(g.tolerance) ? g.tolerance : null })),
    medianDistance: weightedQuantiles(sample.evaluations.map((e) => e.distance), w, [0.5])[0],
    logLikelihood: weightedMean(sample.evaluations.map((e) => logLikelihood(problem.model, e.residuals, problem.bias, problem.noisePrior)), w),
    series: seriesResiduals(problem, sample),
    fit: fitRows(problem, sample),
    settings: meta.settings,
  };
  return {
    format: POSTERIOR_FORMAT, version: POSTERIOR_VERSION, scenario: problem.plan.id, method: meta.method, bias: problem.bias,
    parameters, draws: sample.theta.map((t) => Array.from(t)), weights: Array.from(w), noise: noiseOf(problem, sample), diagnostics,
  };
}

function weightedMean(values: ArrayLike<number>, w: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += w[i] * values[i];
  return s;
}

/** σ_g = √(Σᵢ wᵢ E[σ_g² | eᵢ]), the bias its weighted mean. */
function noiseOf(problem: FitProblem, sample: WeightedSample): NoiseEstimate[] {
  const G = problem.model.groupNames.length;
  const variance = new Float64Array(G), bias = new Float64Array(G);
  sample.evaluations.forEach((e, i) => {
    const s = noiseScales(problem.model, e.residuals, problem.bias, problem.noisePrior);
    const b = groupBias(problem.model, e.residuals, problem.bias, problem.noisePrior);
    for (let g = 0; g < G; g++) { variance[g] += sample.weights[i] * s[g] * s[g]; bias[g] += sample.weights[i] * b[g]; }
  });
  return problem.model.groupNames.map((group, g) => {
    const [source, family] = group.split(' ') as [string, 'share' | 'levels'];
    return { group, source, family, observations: problem.model.groupSize[g], scale: Math.sqrt(variance[g]), bias: bias[g] };
  });
}

function seriesResiduals(problem: FitProblem, sample: WeightedSample): SeriesResidual[] {
  const obs = problem.predictor.observations;
  const keys = new Map<string, number[]>();
  obs.forEach((o, i) => {
    const key = [o.source, o.market, o.agent, o.metric].join('|');
    if (!keys.has(key)) keys.set(key, []);
    keys.get(key)!.push(i);
  });
  return [...keys.values()].map((rows) => {
    let mean = 0, square = 0;
    sample.evaluations.forEach((e, p) => {
      let s = 0, ss = 0;
      for (const i of rows) { s += e.residuals[i]; ss += e.residuals[i] ** 2; }
      mean += sample.weights[p] * (s / rows.length);
      square += sample.weights[p] * (ss / rows.length);
    });
    const o = obs[rows[0]];
    return { source: o.source, market: o.market, agent: o.agent, metric: o.metric, observations: rows.length, mean, rms: Math.sqrt(square) };
  });
}

function fitRows(problem: FitProblem, sample: WeightedSample): FitRow[] {
  return problem.predictor.observations.map((o, i) => {
    const values = sample.evaluations.map((e) => e.predicted[i]);
    const [p5, fitted, p95] = weightedQuantiles(values, sample.weights, [0.05, 0.5, 0.95]);
    return { source: o.source, market: o.market, agent: o.agent, period: o.period, metric: o.metric, observed: o.value, fitted, p5, p95 };
  });
}
