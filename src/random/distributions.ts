import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import { randomBernoulli, randomBeta, randomLogNormal, randomNormal, randomUniform } from 'd3-random';
import { RivalsimError } from '../errors.js';
import type { RandomSource } from './source.js';
import type { Expression } from '../expressions/expression.js';

/**
 * An uncertain input, sampled once per run. Parameters are plain numbers.
 *
 * @example
 * const delay: Distribution = { dist: 'triangular', min: 2, mode: 4, max: 9 };
 * const approval: Distribution = { dist: 'beta', alpha: 8, beta: 2 };
 */
export type Distribution =
  | { dist: 'fixed'; value: number }
  | { dist: 'uniform'; min: number; max: number }
  /** Normal, optionally truncated to [min, max] (by rejection). */
  | { dist: 'normal'; mean: number; sd: number; min?: number; max?: number }
  /** Lognormal: `exp(N(mu, sigma))`, so the median is `exp(mu)`. */
  | { dist: 'lognormal'; mu: number; sigma: number }
  | { dist: 'triangular'; min: number; mode: number; max: number }
  /** PERT: a beta on [min, max] with mode `mode`; `lambda` (default 4) sets the peak. */
  | { dist: 'pert'; min: number; mode: number; max: number; lambda?: number }
  /** Beta(alpha, beta), optionally rescaled to [min, max] (default [0, 1]). */
  | { dist: 'beta'; alpha: number; beta: number; min?: number; max?: number }
  /** 1 with probability p, else 0. */
  | { dist: 'bernoulli'; p: number }
  /** One of `values`, with probabilities proportional to `weights` (default equal). */
  | { dist: 'discrete'; values: number[]; weights?: number[] };

/**
 * A number that may be uncertain: a plain number, a {@link Distribution}, or
 * an expression over the scenario's parameters (`'0.6 * integrationQuality'`
 * or `{ expr: '…' }`), evaluated once per run.
 *
 * @example
 * const months: Numeric = 4;
 * const uncertainMonths: Numeric = { dist: 'uniform', min: 3, max: 8 };
 * const gain: Numeric = '0.6 * integrationQuality';
 */
export type Numeric = number | Distribution | Expression;

/** A number or a distribution (what can be sampled without parameters). */
export type Sampleable = number | Distribution;

/** The names of all supported distributions. */
export const DISTRIBUTION_NAMES = [
  'fixed', 'uniform', 'normal', 'lognormal', 'triangular', 'pert', 'beta', 'bernoulli', 'discrete',
] as const;

/**
 * Whether a value is a distribution object (rather than a plain number).
 *
 * @example
 * isDistribution({ dist: 'uniform', min: 0, max: 1 }); // => true
 * isDistribution(3); // => false
 */
export function isDistribution(value: unknown): value is Distribution {
  return typeof value === 'object' && value !== null && 'dist' in value;
}

/** Range constraint for a numeric input: its whole support must lie inside. */
export interface NumericConstraint {
  /** Smallest allowed value. */
  min?: number;
  /** Largest allowed value. */
  max?: number;
  /** Whether `min` itself is excluded. */
  minExclusive?: boolean;
  /** Human words for the allowed values, e.g. "a probability in [0, 1]". */
  describe?: string;
  /** The largest magnitude allowed (default {@link SANE_MAGNITUDE}). */
  limit?: number;
}

/**
 * The sane range of every numeric input: values (and the effective
 * support of distributions, see {@link effectiveRange}) lie within
 * ±1,000,000 unless a field allows less. Shares, utilities, months, millions
 * of units and users all fit; the model stays finite far beyond it, so a
 * scenario inside it cannot end in a non-finite value from its inputs'
 * size alone.
 *
 * @example
 * validateNumeric(1e308, 'x'); // throws: Invalid value: expected a finite number within ±1,000,000 …
 */
export const SANE_MAGNITUDE = 1e6;

/**
 * z of the 1e-16 tail of a normal: beyond mean ± 8.3 sd (or exp(mu ± 8.3
 * sigma) for a lognormal), a draw is rarer than one in 10^16.
 */
const TAIL_Z = 8.3;

/**
 * The range a distribution's draws effectively take: its support, with a
 * normal's and a lognormal's infinite tails cut where a draw is rarer than
 * one in 10^16 (such a draw would still be finite).
 *
 * @example
 * effectiveRange({ dist: 'normal', mean: 0, sd: 1 }); // => [-8.3, 8.3]
 */
export function effectiveRange(d: Distribution): [number, number] {
  const [lo, hi] = support(d);
  if (d.dist === 'normal') return [Math.max(lo, d.mean - TAIL_Z * d.sd), Math.min(hi, d.mean + TAIL_Z * d.sd)];
  if (d.dist === 'lognormal') return [Math.exp(d.mu - TAIL_Z * d.sigma), Math.exp(d.mu + TAIL_Z * d.sigma)];
  return [lo, hi];
}

/** The largest magnitude a constraint allows. */
function limitOf(c: NumericConstraint): number {
  return c.limit ?? SANE_MAGNITUDE;
}

const PROBABILITY: NumericConstraint = { min: 0, max: 1, describe: 'a probability in [0, 1]' };
/** Constraint for probabilities and fractions: [0, 1]. */
export const probability = PROBABILITY;
/** Constraint for non-negative quantities. */
export const nonNegative: NumericConstraint = { min: 0, describe: 'a number ≥ 0' };
/** Constraint for strictly positive quantities. */
export const positive: NumericConstraint = { min: 0, minExclusive: true, describe: 'a number > 0' };
/** No constraint beyond being finite. */
export const anyFinite: NumericConstraint = { describe: 'a finite number' };

/**
 * Human words for a constraint.
 *
 * @example
 * describe(probability); // => 'a probability in [0, 1]'
 */
export function describe(c: NumericConstraint): string {
  if (c.describe) return c.describe;
  if (c.min === undefined && c.max === undefined) return `a finite number within ±${limitOf(c).toLocaleString('en-US')}`;
  if (c.min !== undefined && c.max !== undefined) return `a number in [${c.min}, ${c.max}]`;
  if (c.min !== undefined) return `a number ${c.minExclusive ? '>' : '≥'} ${c.min}`;
  if (c.max !== undefined) return `a number ≤ ${c.max}`;
  return 'a finite number';
}

/**
 * Whether `x` satisfies the constraint.
 *
 * @example
 * within(1.2, probability); // => false
 */
export function within(x: number, c: NumericConstraint): boolean {
  if (!Number.isFinite(x) || Math.abs(x) > limitOf(c)) return false;
  if (c.min !== undefined && (c.minExclusive ? x <= c.min : x < c.min)) return false;
  if (c.max !== undefined && x > c.max) return false;
  return true;
}

/** The support [lo, hi] of a valid distribution. */
function support(d: Distribution): [number, number] {
  switch (d.dist) {
    case 'fixed': return [d.value, d.value];
    case 'uniform': return [d.min, d.max];
    case 'normal': return [d.min ?? -Infinity, d.max ?? Infinity];
    case 'lognormal': return [Number.MIN_VALUE, Infinity];
    case 'triangular': case 'pert': return [d.min, d.max];
    case 'beta': return [d.min ?? 0, d.max ?? 1];
    case 'bernoulli': return [d.p > 0 ? (d.p < 1 ? 0 : 1) : 0, d.p > 0 ? 1 : 0];
    case 'discrete': return [Math.min(...d.values), Math.max(...d.values)];
  }
}

function need(ok: boolean, path: string, received: unknown, expected: string, fix?: string): void {
  if (!ok) throw new RivalsimError('Invalid distribution parameter', path, received, expected, fix);
}

function finite(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/**
 * Checks a numeric input: a finite number or a well-formed distribution whose
 * whole support lies within `constraint`. Throws a {@link RivalsimError}
 * naming `path` otherwise.
 *
 * @example
 * validateNumeric(0.7, 'events[0].approvalProbability', probability); // ok
 * validateNumeric(1.3, 'events[0].approvalProbability', probability);
 * // throws: Invalid value: expected a probability in [0, 1] but received 1.3 → at events[0].approvalProbability
 */
export function validateNumeric(value: unknown, path: string, constraint: NumericConstraint = anyFinite): Sampleable {
  if (typeof value === 'number') {
    if (!within(value, constraint)) {
      const insane = Number.isFinite(value) && Math.abs(value) > limitOf(constraint) && within(value, { ...constraint, limit: Infinity });
      throw new RivalsimError(insane ? 'Value outside the sane range' : 'Invalid value', path, value,
        insane ? `${describe(constraint)} within ±${limitOf(constraint).toLocaleString('en-US')}` : describe(constraint),
        insane ? 'Every numeric input lies within ±1,000,000 (docs/scenario-files.md, "Limits")' : undefined);
    }
    return value;
  }
  if (!isDistribution(value)) {
    throw new RivalsimError('Invalid value', path, value, `${describe(constraint)} or a distribution such as { dist: 'uniform', min, max }`);
  }
  const d = value as Distribution & Record<string, unknown>;
  const kinds: readonly string[] = DISTRIBUTION_NAMES;
  if (!kinds.includes(d.dist)) {
    throw new RivalsimError('Unknown distribution', `${path}.dist`, d.dist, `one of ${DISTRIBUTION_NAMES.join(', ')}`);
  }
  const p = (k: string) => `${path}.${k}`;
  switch (d.dist) {
    case 'fixed': need(finite(d.value), p('value'), d.value, 'a finite number'); break;
    case 'uniform':
      need(finite(d.min), p('min'), d.min, 'a finite number');
      need(finite(d.max) && d.max >= d.min, p('max'), d.max, `a finite number ≥ min (${d.min})`);
      break;
    case 'normal':
      need(finite(d.mean), p('mean'), d.mean, 'a finite number');
      need(finite(d.sd) && d.sd >= 0, p('sd'), d.sd, 'a number ≥ 0');
      if (d.min !== undefined) need(finite(d.min), p('min'), d.min, 'a finite number');
      if (d.max !== undefined) need(finite(d.max) && d.max > (d.min ?? -Infinity), p('max'), d.max, 'a finite number > min');
      break;
    case 'lognormal':
      need(finite(d.mu), p('mu'), d.mu, 'a finite number (the log of the median)');
      need(finite(d.sigma) && d.sigma >= 0, p('sigma'), d.sigma, 'a number ≥ 0');
      break;
    case 'triangular': case 'pert':
      need(finite(d.min), p('min'), d.min, 'a finite number');
      need(finite(d.mode) && d.mode >= d.min, p('mode'), d.mode, `a finite number ≥ min (${d.min})`);
      need(finite(d.max) && d.max >= d.mode && d.max > d.min, p('max'), d.max, `a finite number ≥ mode (${d.mode}) and > min`);
      if (d.dist === 'pert' && d.lambda !== undefined) need(finite(d.lambda) && d.lambda > 0, p('lambda'), d.lambda, 'a number > 0');
      break;
    case 'beta':
      need(finite(d.alpha) && d.alpha > 0, p('alpha'), d.alpha, 'a number > 0');
      need(finite(d.beta) && d.beta > 0, p('beta'), d.beta, 'a number > 0');
      if (d.min !== undefined) need(finite(d.min), p('min'), d.min, 'a finite number');
      if (d.max !== undefined) need(finite(d.max) && d.max > (d.min ?? 0), p('max'), d.max, 'a finite number > min');
      break;
    case 'bernoulli': need(finite(d.p) && d.p >= 0 && d.p <= 1, p('p'), d.p, 'a probability in [0, 1]'); break;
    case 'discrete':
      need(Array.isArray(d.values) && d.values.length > 0 && d.values.every(finite), p('values'), d.values, 'a non-empty array of finite numbers');
      if (d.weights !== undefined) {
        need(Array.isArray(d.weights) && d.weights.length === d.values.length && d.weights.every((w) => finite(w) && w >= 0) && d.weights.some((w) => w > 0),
          p('weights'), d.weights, `${d.values.length} non-negative weights, not all zero`);
      }
      break;
  }
  const [lo, hi] = support(d);
  const [low, high] = effectiveRange(d), limit = limitOf(constraint);
  if (!(Math.abs(low) <= limit && Math.abs(high) <= limit)) {
    throw new RivalsimError('Distribution outside the sane range', path, value,
      `a distribution whose values lie within ±${limit.toLocaleString('en-US')} (its draws reach ${low.toPrecision(3)} … ${high.toPrecision(3)})`,
      'Narrow it: every numeric input lies within ±1,000,000 (docs/scenario-files.md, "Limits")');
  }
  if (!within(lo, { ...constraint, max: undefined, limit: Infinity }) && !(lo === -Infinity && constraint.min === undefined)
    || !within(hi, { ...constraint, min: undefined, limit: Infinity }) && !(hi === Infinity && constraint.max === undefined)) {
    throw new RivalsimError('Distribution outside the allowed range', path, value,
      `a distribution whose values are all ${describe(constraint)}`,
      'Truncate it (min/max) or pick one whose support fits');
  }
  return d;
}

/**
 * Draws one value of a numeric input: a plain number is returned as is, a
 * distribution is sampled with d3-random generators bound to `source`
 * (generators are built per draw, so no cached deviate leaks between runs).
 *
 * @example
 * const source = createRandomSource(1);
 * sampleNumeric(5, source); // => 5
 * sampleNumeric({ dist: 'uniform', min: 2, max: 4 }, source); // => 3.1... (in [2, 4))
 */
export function sampleNumeric(value: Sampleable, source: RandomSource): number {
  if (typeof value === 'number') return value;
  const d = value;
  switch (d.dist) {
    case 'fixed': return d.value;
    case 'uniform': return randomUniform.source(source)(d.min, d.max)();
    case 'normal': {
      const draw = randomNormal.source(source)(d.mean, d.sd);
      const lo = d.min ?? -Infinity, hi = d.max ?? Infinity;
      for (let i = 0; i < 10_000; i++) {
        const x = draw();
        if (x >= lo && x <= hi) return x;
      }
      throw new RivalsimError('Truncated normal with (almost) no mass', '', d, 'bounds that keep a reasonable part of the normal');
    }
    case 'lognormal': return randomLogNormal.source(source)(d.mu, d.sigma)();
    case 'triangular': return triangularQuantile(d, source());
    case 'pert': {
      const { alpha, beta } = pertShape(d);
      return d.min + (d.max - d.min) * randomBeta.source(source)(alpha, beta)();
    }
    case 'beta': {
      const lo = d.min ?? 0, hi = d.max ?? 1;
      return lo + (hi - lo) * randomBeta.source(source)(d.alpha, d.beta)();
    }
    case 'bernoulli': return randomBernoulli.source(source)(d.p)();
    case 'discrete': {
      const w = d.weights ?? d.values.map(() => 1);
      let total = 0;
      for (const x of w) total += x;
      let u = source() * total;
      for (let i = 0; i < d.values.length; i++) {
        u -= w[i];
        if (u < 0) return d.values[i];
      }
      return d.values[d.values.length - 1];
    }
  }
}

/**
 * The triangular distribution's value at cumulative probability `u` (its
 * inverse CDF, used both to sample it and to place it in designs).
 *
 * @example
 * triangularQuantile({ dist: 'triangular', min: 0, mode: 1, max: 2 }, 0.5); // => 1
 */
export function triangularQuantile(d: { min: number; mode: number; max: number }, u: number): number {
  const { min: a, mode: c, max: b } = d;
  const f = (c - a) / (b - a);
  return u < f ? a + Math.sqrt(u * (b - a) * (c - a)) : b - Math.sqrt((1 - u) * (b - a) * (b - c));
}

/**
 * The beta shape of a PERT distribution on [min, max]: α = 1 + λ(mode − min)/(max − min), β = 1 + λ(max − mode)/(max − min).
 *
 * @example
 * pertShape({ min: 0, mode: 2, max: 10 }); // => { alpha: 1.8, beta: 4.2 }
 */
export function pertShape(d: { min: number; mode: number; max: number; lambda?: number }): { alpha: number; beta: number } {
  const lambda = d.lambda ?? 4, range = d.max - d.min;
  return { alpha: 1 + (lambda * (d.mode - d.min)) / range, beta: 1 + (lambda * (d.max - d.mode)) / range };
}

/**
 * The mean of a numeric input (used for reporting and defaults).
 *
 * @example
 * meanOf({ dist: 'triangular', min: 0, mode: 3, max: 6 }); // => 3
 */
export function meanOf(value: Sampleable): number {
  if (typeof value === 'number') return value;
  const d = value;
  switch (d.dist) {
    case 'fixed': return d.value;
    case 'uniform': return (d.min + d.max) / 2;
    case 'normal': {
      if ((d.min === undefined && d.max === undefined) || d.sd === 0) return d.mean;
      // Truncated normal: μ + σ (φ(a) − φ(b)) / (Φ(b) − Φ(a)).
      const a = d.min === undefined ? -Infinity : (d.min - d.mean) / d.sd;
      const b = d.max === undefined ? Infinity : (d.max - d.mean) / d.sd;
      const phi = (x: number) => (Number.isFinite(x) ? Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI) : 0);
      return d.mean + (d.sd * (phi(a) - phi(b))) / (normalCdf(b, 0, 1) - normalCdf(a, 0, 1));
    }
    case 'lognormal': return Math.exp(d.mu + (d.sigma * d.sigma) / 2);
    case 'triangular': return (d.min + d.mode + d.max) / 3;
    case 'pert': { const l = d.lambda ?? 4; return (d.min + l * d.mode + d.max) / (l + 2); }
    case 'beta': { const lo = d.min ?? 0, hi = d.max ?? 1; return lo + (hi - lo) * (d.alpha / (d.alpha + d.beta)); }
    case 'bernoulli': return d.p;
    case 'discrete': {
      const w = d.weights ?? d.values.map(() => 1);
      const t = w.reduce((a, b) => a + b, 0);
      return d.values.reduce((acc, v, i) => acc + (v * w[i]) / t, 0);
    }
  }
}
