/**
 * Inverse CDFs (quantile functions) of the supported distributions, for
 * designs that place draws (Latin hypercube, Iman–Conover).
 */
import betaQuantile from '@stdlib/stats-base-dists-beta-quantile';
import normalCdfStd from '@stdlib/stats-base-dists-normal-cdf';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import { pertShape, triangularQuantile, type Distribution } from './distributions.js';

/**
 * Standard normal quantile Φ⁻¹(u) (stdlib).
 *
 * @example
 * probit(0.975); // => 1.959963984540054
 */
export function probit(u: number): number {
  return normalQuantile(u, 0, 1);
}

/**
 * The value of `d` at cumulative probability `u` ∈ (0, 1).
 *
 * @example
 * quantileOf({ dist: 'uniform', min: 2, max: 4 }, 0.25); // => 2.5
 * quantileOf({ dist: 'triangular', min: 0, mode: 1, max: 2 }, 0.5); // => 1
 */
export function quantileOf(d: Distribution, u: number): number {
  switch (d.dist) {
    case 'fixed': return d.value;
    case 'uniform': return d.min + (d.max - d.min) * u;
    case 'normal': {
      if (d.sd === 0) return d.mean;
      if (d.min === undefined && d.max === undefined) return d.mean + d.sd * probit(u);
      const lo = d.min === undefined ? 0 : normalCdfStd(d.min, d.mean, d.sd);
      const hi = d.max === undefined ? 1 : normalCdfStd(d.max, d.mean, d.sd);
      const x = d.mean + d.sd * probit(lo + (hi - lo) * u);
      return Math.min(Math.max(x, d.min ?? -Infinity), d.max ?? Infinity);
    }
    case 'lognormal': return Math.exp(d.mu + d.sigma * probit(u));
    case 'triangular': return triangularQuantile(d, u);
    case 'pert': {
      const { alpha, beta } = pertShape(d);
      return d.min + (d.max - d.min) * betaQuantile(u, alpha, beta);
    }
    case 'beta': {
      const lo = d.min ?? 0, hi = d.max ?? 1;
      return lo + (hi - lo) * betaQuantile(u, d.alpha, d.beta);
    }
    case 'bernoulli': return u >= 1 - d.p ? 1 : 0;
    case 'discrete': {
      const w = d.weights ?? d.values.map(() => 1);
      let total = 0;
      for (const x of w) total += x;
      let acc = 0;
      for (let i = 0; i < d.values.length; i++) {
        acc += w[i] / total;
        if (u < acc) return d.values[i];
      }
      return d.values[d.values.length - 1];
    }
  }
}
