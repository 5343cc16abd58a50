/**
 * The result of a calibration: weighted draws of the fitted inputs (which
 * `simulate(scenario, { posterior })` uses as its design), their
 * summaries, the fitted tracker noise and the fit's diagnostics. Plain
 * data, saved and loaded as versioned JSON.
 */
import { RivalsimError } from '../errors.js';
import { validateNumeric, type Distribution } from '../random/distributions.js';
import type { Seed } from '../random/source.js';
import type { GenerationDiagnostics } from './abc.js';
import type { ObservationMetric, PublishedFigure } from './observations.js';

/** The `format` field of a posterior document. */
export const POSTERIOR_FORMAT = 'rivalsim-posterior';
/** The version of the posterior document this library writes and reads. */
export const POSTERIOR_VERSION = 1;

/** Quantiles reported for each fitted input: P5, P25, P50, P75, P95. */
export const POSTERIOR_QUANTILES = [0.05, 0.25, 0.5, 0.75, 0.95] as const;

/**
 * A fitted input: its prior and posterior summary.
 *
 * @example
 * // { path: 'parameters.aiWeight', prior: { dist: 'uniform', min: 0.2, max: 1.5 }, mean: 0.61, sd: 0.08,
 * //   quantiles: { p5: 0.49, p25: 0.56, p50: 0.61, p75: 0.66, p95: 0.74 } }
 */
export interface PosteriorParameter {
  path: string;
  prior: Distribution;
  mean: number;
  sd: number;
  quantiles: { p5: number; p25: number; p50: number; p75: number; p95: number };
}

/**
 * The fitted noise of one group (a source's shares, or its levels): the
 * scale σ on the logit (shares) or log (levels) scale, and the bias.
 *
 * @example
 * // { group: 'idc share', source: 'idc', family: 'share', observations: 42, scale: 0.09, bias: 0 }
 */
export interface NoiseEstimate {
  group: string;
  source: string;
  family: 'share' | 'levels';
  observations: number;
  scale: number;
  bias: number;
}

/**
 * Residuals of one series (a source's figures for one market, agent and
 * metric) under the posterior, on the comparison scale (logit or log):
 * positive means the tracker is above the model.
 *
 * @example
 * // { source: 'idc', market: 'phones', agent: 'apple', metric: 'share', observations: 8, mean: 0.04, rms: 0.09 }
 */
export interface SeriesResidual {
  source: string;
  market: string;
  agent: string;
  metric: ObservationMetric;
  observations: number;
  mean: number;
  rms: number;
}

/**
 * One observation beside the fitted model: the posterior median of the
 * model's figure and its P5–P95 (over the posterior's draws).
 *
 * @example
 * // { source: 'idc', market: 'phones', agent: 'apple', period: '2024-Q4', metric: 'share', observed: 0.174, fitted: 0.168, p5: 0.151, p95: 0.183 }
 */
export interface FitRow extends PublishedFigure {
  fitted: number;
  p5: number;
  p95: number;
}

/** How the fit went. */
export interface PosteriorDiagnostics {
  /** Kish's effective sample size of the weights. */
  effectiveSampleSize: number;
  /** Model runs made. */
  simulations: number;
  /** Why the fit stopped. */
  stopped: string;
  /** ABC-SMC: one record per generation (tolerance `null` for the prior generation). MLE: empty. */
  generations: Array<Omit<GenerationDiagnostics, 'tolerance'> & { tolerance: number | null }>;
  /** Weighted median of the draws' distances (root mean square relative error). */
  medianDistance: number;
  /** Weighted mean of the draws' marginal log-likelihoods under the tracker-error model. */
  logLikelihood: number;
  series: SeriesResidual[];
  fit: FitRow[];
  /** Settings of the fit. */
  settings: { seed: Seed; particles: number; runsPerParticle: number; observations: number; [key: string]: unknown };
}

/**
 * A calibration's posterior.
 *
 * @example
 * const posterior = await calibrate(scenario, observations, { parameters: ['aiWeight'], seed: 1 });
 * posterior.parameters[0].mean; // => 0.61
 * await simulate(scenario, { runs: 1000, seed: 2, posterior });
 */
export interface Posterior {
  format: typeof POSTERIOR_FORMAT;
  version: typeof POSTERIOR_VERSION;
  /** Id of the scenario it was fitted on. */
  scenario: string;
  method: 'abc-smc' | 'mle';
  /** Whether the tracker-error model had a bias per noise group. */
  bias: boolean;
  parameters: PosteriorParameter[];
  /** draws[i][k]: value of parameters[k] in draw i. */
  draws: number[][];
  /** Normalised weights of the draws. */
  weights: number[];
  noise: NoiseEstimate[];
  diagnostics: PosteriorDiagnostics;
}

/**
 * A posterior as JSON text (numbers in shortest round-trip form).
 *
 * @example
 * writeFileSync('posterior.json', posteriorToJSON(posterior));
 */
export function posteriorToJSON(posterior: Posterior): string {
  return JSON.stringify(posterior, (_, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 1);
}

/**
 * Reads a posterior document (text or parsed JSON), checking its format,
 * version and shape; errors name `file` and the path inside the document.
 *
 * @example
 * const posterior = parsePosterior(readFileSync('posterior.json', 'utf8'), { file: 'posterior.json' });
 */
export function parsePosterior(input: string | unknown, options: { file?: string } = {}): Posterior {
  const file = options.file ?? 'posterior';
  let doc: unknown = input;
  if (typeof input === 'string') {
    try { doc = JSON.parse(input); } catch (e) { throw new RivalsimError('Malformed JSON', file, (e as Error).message, 'a posterior document written by calibrate'); }
  }
  const at = (path: string) => `${file}: ${path}`;
  const d = doc as Partial<Posterior> & Record<string, unknown>;
  if (typeof d !== 'object' || d === null || d.format !== POSTERIOR_FORMAT) throw new RivalsimError('Not a posterior document', at('format'), d?.format, `"${POSTERIOR_FORMAT}"`);
  if (d.version !== POSTERIOR_VERSION) throw new RivalsimError('Unsupported posterior version', at('version'), d.version, String(POSTERIOR_VERSION), 'Refit with this version of rivalsim');
  if (typeof d.scenario !== 'string') throw new RivalsimError('Invalid posterior', at('scenario'), d.scenario, 'the scenario id');
  if (!Array.isArray(d.parameters) || d.parameters.length === 0) throw new RivalsimError('Invalid posterior', at('parameters'), d.parameters, 'a non-empty list of fitted inputs');
  d.parameters.forEach((p, k) => {
    if (typeof p?.path !== 'string') throw new RivalsimError('Invalid posterior', at(`parameters[${k}].path`), p?.path, 'an input path');
    validateNumeric(p.prior, at(`parameters[${k}].prior`));
  });
  const K = d.parameters.length;
  if (!Array.isArray(d.draws) || d.draws.length === 0) throw new RivalsimError('Invalid posterior', at('draws'), d.draws, 'a non-empty list of draws');
  d.draws.forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== K || !row.every((x) => typeof x === 'number' && Number.isFinite(x))) {
      throw new RivalsimError('Invalid posterior draw', at(`draws[${i}]`), row, `${K} finite numbers, one per parameter`);
    }
  });
  if (!Array.isArray(d.weights) || d.weights.length !== d.draws.length || !d.weights.every((w) => typeof w === 'number' && w >= 0 && Number.isFinite(w)) || !d.weights.some((w) => w > 0)) {
    throw new RivalsimError('Invalid posterior weights', at('weights'), Array.isArray(d.weights) ? `${d.weights.length} weights` : d.weights, `${d.draws.length} non-negative weights, not all zero`);
  }
  if (!Array.isArray(d.noise)) throw new RivalsimError('Invalid posterior', at('noise'), d.noise, 'a list of noise estimates');
  return d as Posterior;
}

/**
 * A one-line summary per fitted input: `path: mean ± sd [P5, P95] (prior …)`.
 *
 * @example
 * describePosterior(posterior); // => ['parameters.aiWeight: 0.61 ± 0.08 [0.49, 0.74]']
 */
export function describePosterior(posterior: Posterior): string[] {
  const n = (x: number) => Number(x.toPrecision(3)).toString();
  return posterior.parameters.map((p) => `${p.path}: ${n(p.mean)} ± ${n(p.sd)} [${n(p.quantiles.p5)}, ${n(p.quantiles.p95)}]`);
}
