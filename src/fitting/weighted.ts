/**
 * Weighted statistics of particle populations, and the small linear
 * algebra the proposal kernel needs.
 */
import type { RandomSource } from '../random/source.js';

/**
 * Weights scaled to sum to 1 (from log weights, stably).
 *
 * @example
 * normaliseLogWeights([0, Math.log(3)]); // => Float64Array [0.25, 0.75]
 */
export function normaliseLogWeights(logWeights: ArrayLike<number>): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < logWeights.length; i++) if (logWeights[i] > max) max = logWeights[i];
  const w = new Float64Array(logWeights.length);
  let s = 0;
  for (let i = 0; i < w.length; i++) { w[i] = Math.exp(logWeights[i] - max); s += w[i]; }
  for (let i = 0; i < w.length; i++) w[i] /= s;
  return w;
}

/**
 * Kish's effective sample size of normalised weights, 1 / Σ wᵢ².
 *
 * @example
 * effectiveSampleSize([0.25, 0.25, 0.25, 0.25]); // => 4
 */
export function effectiveSampleSize(weights: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < weights.length; i++) s += weights[i] * weights[i];
  return s > 0 ? 1 / s : 0;
}

/**
 * The weighted mean and standard deviation of values.
 *
 * @example
 * weightedMoments([1, 3], [0.5, 0.5]); // => { mean: 2, sd: 1 }
 */
export function weightedMoments(values: ArrayLike<number>, weights: ArrayLike<number>): { mean: number; sd: number } {
  let m = 0;
  for (let i = 0; i < values.length; i++) m += weights[i] * values[i];
  let v = 0;
  for (let i = 0; i < values.length; i++) v += weights[i] * (values[i] - m) ** 2;
  return { mean: m, sd: Math.sqrt(v) };
}

/**
 * Weighted quantiles: the smallest value whose cumulative weight reaches q
 * (the inverse of the weighted empirical CDF; with equal weights, type 1).
 *
 * @example
 * weightedQuantiles([3, 1, 2], [1 / 3, 1 / 3, 1 / 3], [0.5]); // => [2]
 */
export function weightedQuantiles(values: ArrayLike<number>, weights: ArrayLike<number>, qs: readonly number[]): number[] {
  const order = Array.from({ length: values.length }, (_, i) => i).sort((a, b) => values[a] - values[b] || a - b);
  let total = 0;
  for (let i = 0; i < weights.length; i++) total += weights[i];
  return qs.map((q) => {
    let acc = 0;
    for (const i of order) {
      acc += weights[i] / total;
      if (acc >= q - 1e-12) return values[i];
    }
    return values[order[order.length - 1]];
  });
}

/**
 * Quantiles of equally weighted values by linear interpolation (R type 7),
 * from values sorted ascending.
 *
 * @example
 * quantileSorted([1, 2, 3, 4], 0.5); // => 2.5
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * q, lo = Math.floor(h), hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/**
 * The weighted covariance matrix of particles (rows of `theta`).
 *
 * @example
 * weightedCovariance([[0], [2]], [0.5, 0.5]); // => [[1]]
 */
export function weightedCovariance(theta: ReadonlyArray<ArrayLike<number>>, weights: ArrayLike<number>): number[][] {
  const d = theta[0]?.length ?? 0;
  const mean = new Array<number>(d).fill(0);
  theta.forEach((t, i) => { for (let k = 0; k < d; k++) mean[k] += weights[i] * t[k]; });
  const cov = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  theta.forEach((t, i) => {
    for (let a = 0; a < d; a++) for (let b = 0; b <= a; b++) cov[a][b] += weights[i] * (t[a] - mean[a]) * (t[b] - mean[b]);
  });
  for (let a = 0; a < d; a++) for (let b = 0; b < a; b++) cov[b][a] = cov[a][b];
  return cov;
}

/**
 * The Cholesky factor L (A = L Lᵀ) of a symmetric positive semi-definite
 * matrix; a tiny ridge (relative to the diagonal) is added until it
 * factorises, so a collapsed dimension cannot stop a fit.
 *
 * @example
 * choleskyFactor([[4, 2], [2, 2]]); // => [[2, 0], [1, 1]]
 */
export function choleskyFactor(a: number[][]): number[][] {
  const d = a.length;
  const scale = Math.max(1e-300, ...a.map((row, i) => Math.abs(row[i])));
  for (let ridge = 0; ; ridge = ridge === 0 ? 1e-12 * scale : ridge * 100) {
    const L = a.map(() => new Array<number>(d).fill(0));
    let ok = true;
    for (let i = 0; i < d && ok; i++) {
      for (let j = 0; j <= i; j++) {
        let s = a[i][j] + (i === j ? ridge : 0);
        for (let m = 0; m < j; m++) s -= L[i][m] * L[j][m];
        if (i === j) {
          if (!(s > 0)) { ok = false; break; }
          L[i][i] = Math.sqrt(s);
        } else L[i][j] = s / L[j][j];
      }
    }
    if (ok) return L;
    if (ridge > scale) return a.map((_, i) => a.map((__, j) => (i === j ? Math.sqrt(scale) : 0)));
  }
}

/**
 * ½‖L⁻¹x‖² — half the squared Mahalanobis length of x under L Lᵀ — by
 * forward substitution.
 *
 * @example
 * halfMahalanobis([[2, 0], [1, 1]], [2, 2]); // => 1 (L⁻¹x = [1, 1])
 */
export function halfMahalanobis(L: number[][], x: ArrayLike<number>): number {
  const d = L.length;
  const y = new Array<number>(d);
  let s = 0;
  for (let i = 0; i < d; i++) {
    let v = x[i];
    for (let m = 0; m < i; m++) v -= L[i][m] * y[m];
    y[i] = v / L[i][i];
    s += y[i] * y[i];
  }
  return s / 2;
}

/**
 * A standard normal draw from a uniform source (Box–Muller, the cosine
 * branch only, so each draw uses exactly two uniforms).
 *
 * @example
 * standardNormal(createRandomSource(1, 0)); // => -0.4…
 */
export function standardNormal(source: RandomSource): number {
  const u = 1 - source(), v = source();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/**
 * The index drawn from normalised weights by one uniform u ∈ [0, 1)
 * (inverse CDF over the cumulative weights, binary search).
 *
 * @example
 * pickIndex(cumulative([0.2, 0.8]), 0.5); // => 1
 */
export function pickIndex(cumulativeWeights: ArrayLike<number>, u: number): number {
  let lo = 0, hi = cumulativeWeights.length - 1;
  const target = u * cumulativeWeights[hi];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulativeWeights[mid] > target) hi = mid; else lo = mid + 1;
  }
  return lo;
}

/**
 * Running sums of weights.
 *
 * @example
 * cumulative([0.2, 0.8]); // => Float64Array [0.2, 1]
 */
export function cumulative(weights: ArrayLike<number>): Float64Array {
  const out = new Float64Array(weights.length);
  let s = 0;
  for (let i = 0; i < weights.length; i++) { s += weights[i]; out[i] = s; }
  return out;
}
