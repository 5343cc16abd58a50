/**
 * The tracker-error model: how a published figure relates to the market's
 * true value. Trackers disagree by 1–2 percentage points on the same
 * quarter, so each source has its own noise.
 *
 * Shares are compared on the logit scale, units and users on the log
 * scale (both are relative errors):
 *
 *     logit(yᵢ) = logit(ŷᵢ) + b_g + σ_g εᵢ    (shares)
 *     log(yᵢ)   = log(ŷᵢ)   + b_g + σ_g εᵢ    (units, users)
 *     εᵢ ~ N(0, 1) independent
 *
 * where ŷᵢ is the model's figure for observation i (see `aggregate.ts`)
 * and g = (source, family) is the observation's noise group: one for a
 * source's shares and one for its levels (units and users). The group's
 * scale σ_g is unknown and fitted; its bias b_g is 0 unless `bias` is on.
 * Both are integrated out analytically under the conjugate prior
 * σ_g² ~ InvGamma(a₀, b₀), b_g | σ_g² ~ N(0, σ_g²/κ₀) (a normal–inverse-
 * gamma prior; Gelman et al., Bayesian Data Analysis, 3rd ed., §3.3), so
 * the marginal log-likelihood of group g with nᵍ residuals eᵢ = T(yᵢ) − T(ŷᵢ) is
 *
 *     log p(e) = −(n/2) log 2π + ½ log(κ₀/(κ₀+n)) + a₀ log b₀ − log Γ(a₀)
 *                + log Γ(aₙ) − aₙ log bₙ,
 *     aₙ = a₀ + n/2,  bₙ = b₀ + ½ Σ (eᵢ − ē)² + κ₀ n ē² / (2(κ₀ + n))
 *
 * (without bias the κ terms drop and bₙ = b₀ + ½ Σ eᵢ²). The defaults
 * a₀ = 2, b₀ = 0.01 give σ_g a prior mean of 0.1 on the logit scale
 * (≈ 1.3 percentage points at a 15 % share) and keep a group with one row
 * from fitting its noise to zero.
 */
import type { ObservationRow } from './observations.js';

/** Smallest distance of a share from 0 and 1 before the logit (a published 0 % is taken as 0.01 %). */
export const SHARE_FLOOR = 1e-4;

/**
 * The prior of the tracker noise (normal–inverse-gamma).
 *
 * @example
 * const p: NoisePrior = { shape: 2, scale: 0.01, biasPrecision: 1 };
 */
export interface NoisePrior {
  /** a₀, the inverse-gamma shape of σ². Default 2. */
  shape: number;
  /** b₀, the inverse-gamma scale of σ² (prior mean of σ² is b₀/(a₀ − 1)). Default 0.01. */
  scale: number;
  /** κ₀: the bias's prior sd is σ/√κ₀. Default 1. */
  biasPrecision: number;
}

/** The default noise prior (see the module comment). */
export const DEFAULT_NOISE_PRIOR: NoisePrior = { shape: 2, scale: 0.01, biasPrecision: 1 };

/**
 * The observations on the comparison scale, grouped by noise group.
 *
 * @example
 * const model = errorModel(observations);
 * model.groupNames; // => ['idc share', 'canalys share', 'canalys units', …]
 */
export interface ErrorModel {
  /** The transformed observed values T(yᵢ). */
  observed: Float64Array;
  /** 1 for shares (logit), 0 for levels (log). */
  isShare: Uint8Array;
  /** Noise group of each observation. */
  group: Int32Array;
  /** `<source> share` or `<source> levels`, by group. */
  groupNames: string[];
  /** Observations per group. */
  groupSize: Int32Array;
}

/**
 * The comparison scale: logit for shares, log for levels.
 *
 * @example
 * transformed(0.5, true); // => 0
 * transformed(Math.E, false); // => 1
 */
export function transformed(value: number, isShare: boolean): number {
  if (isShare) {
    const p = Math.min(1 - SHARE_FLOOR, Math.max(SHARE_FLOOR, value));
    return Math.log(p / (1 - p));
  }
  return Math.log(Math.max(value, 1e-9));
}

/**
 * The inverse of {@link transformed}.
 *
 * @example
 * untransformed(0, true); // => 0.5
 */
export function untransformed(x: number, isShare: boolean): number {
  return isShare ? 1 / (1 + Math.exp(-x)) : Math.exp(x);
}

/**
 * Builds the error model of a list of observations.
 *
 * @example
 * errorModel([{ source: 'idc', market: 'phones', agent: 'apple', period: '2024', metric: 'share', value: 0.5 }]).observed[0]; // => 0
 */
export function errorModel(observations: readonly ObservationRow[]): ErrorModel {
  const names: string[] = [];
  const index = new Map<string, number>();
  const n = observations.length;
  const observed = new Float64Array(n), isShare = new Uint8Array(n), group = new Int32Array(n);
  observations.forEach((o, i) => {
    const share = o.metric === 'share';
    const name = `${o.source} ${share ? 'share' : 'levels'}`;
    let g = index.get(name);
    if (g === undefined) { g = names.length; names.push(name); index.set(name, g); }
    observed[i] = transformed(o.value, share);
    isShare[i] = share ? 1 : 0;
    group[i] = g;
  });
  const groupSize = new Int32Array(names.length);
  for (let i = 0; i < n; i++) groupSize[group[i]]++;
  return { observed, isShare, group, groupNames: names, groupSize };
}

/**
 * Residuals eᵢ = T(yᵢ) − T(ŷᵢ) of predicted values, into `out`.
 *
 * @example
 * residuals(model, predictor.predict(run));
 */
export function residuals(model: ErrorModel, predicted: Float64Array, out = new Float64Array(predicted.length)): Float64Array {
  for (let i = 0; i < out.length; i++) out[i] = model.observed[i] - transformed(predicted[i], model.isShare[i] === 1);
  return out;
}

/** Per group: count, sum and sum of squares of residuals. */
function groupSums(model: ErrorModel, e: Float64Array): { sum: Float64Array; squares: Float64Array } {
  const G = model.groupNames.length;
  const sum = new Float64Array(G), squares = new Float64Array(G);
  for (let i = 0; i < e.length; i++) { sum[model.group[i]] += e[i]; squares[model.group[i]] += e[i] * e[i]; }
  return { sum, squares };
}

/**
 * The posterior mean bias of each group given residuals (0 without `bias`):
 * n ē / (κ₀ + n).
 *
 * @example
 * groupBias(model, e, true, DEFAULT_NOISE_PRIOR)[0]; // => 0.03
 */
export function groupBias(model: ErrorModel, e: Float64Array, bias: boolean, prior: NoisePrior = DEFAULT_NOISE_PRIOR): Float64Array {
  const { sum } = groupSums(model, e);
  const out = new Float64Array(sum.length);
  if (bias) for (let g = 0; g < out.length; g++) out[g] = sum[g] / (prior.biasPrecision + model.groupSize[g]);
  return out;
}

/**
 * The ABC distance: the root mean square of the residuals after removing
 * each group's bias (when `bias` is on) — a relative error, e.g. 0.08 ≈ 8 %.
 *
 * @example
 * distance(model, residuals(model, predicted), false); // => 0.071
 */
export function distance(model: ErrorModel, e: Float64Array, bias: boolean, prior: NoisePrior = DEFAULT_NOISE_PRIOR): number {
  const b = groupBias(model, e, bias, prior);
  let s = 0;
  for (let i = 0; i < e.length; i++) { const r = e[i] - b[model.group[i]]; s += r * r; }
  return e.length ? Math.sqrt(s / e.length) : 0;
}

/**
 * The marginal log-likelihood of the residuals under the tracker-error
 * model, σ_g (and b_g with `bias`) integrated out (see the module comment).
 *
 * @example
 * logLikelihood(model, residuals(model, predicted), false); // => 412.3
 */
export function logLikelihood(model: ErrorModel, e: Float64Array, bias: boolean, prior: NoisePrior = DEFAULT_NOISE_PRIOR): number {
  const { sum, squares } = groupSums(model, e);
  const { shape: a0, scale: b0, biasPrecision: k0 } = prior;
  let ll = 0;
  for (let g = 0; g < sum.length; g++) {
    const n = model.groupSize[g];
    if (n === 0) continue;
    const an = a0 + n / 2;
    let bn = b0 + squares[g] / 2;
    if (bias) {
      const mean = sum[g] / n;
      bn = b0 + (squares[g] - n * mean * mean) / 2 + (k0 * n * mean * mean) / (2 * (k0 + n));
      ll += 0.5 * Math.log(k0 / (k0 + n));
    }
    ll += (-n / 2) * Math.log(2 * Math.PI) + a0 * Math.log(b0) - logGamma(a0) + logGamma(an) - an * Math.log(bn);
  }
  return ll;
}

/**
 * The posterior mean noise scale of each group, √E[σ_g² | e] = √(bₙ/(aₙ − 1)).
 *
 * @example
 * noiseScales(model, e, false)[0]; // => 0.09 (≈ 1.2 pp at a 15 % share)
 */
export function noiseScales(model: ErrorModel, e: Float64Array, bias: boolean, prior: NoisePrior = DEFAULT_NOISE_PRIOR): Float64Array {
  const { sum, squares } = groupSums(model, e);
  const out = new Float64Array(sum.length);
  for (let g = 0; g < out.length; g++) {
    const n = model.groupSize[g];
    const mean = n ? sum[g] / n : 0;
    const ss = bias ? squares[g] - n * mean * mean + (prior.biasPrecision * n * mean * mean) / (prior.biasPrecision + n) : squares[g];
    const an = prior.shape + n / 2, bn = prior.scale + ss / 2;
    out[g] = Math.sqrt(bn / (an - 1));
  }
  return out;
}

/**
 * log Γ(x) for x > 0 (Lanczos approximation, g = 7, 9 terms; relative
 * error below 1e-13).
 *
 * @example
 * logGamma(5); // => 3.1780538303479458 (log 24)
 */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  x -= 1;
  let a = c[0];
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}
