/**
 * The tracker-error model: its closed-form marginal likelihood against
 * numerical integration, the distance, the noise estimates; priors' densities.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_NOISE_PRIOR, distance, errorModel, logLikelihood, noiseScales, transformed, untransformed, type ObservationRow } from '../../src/index.js';
import { logGamma } from '../../src/fitting/likelihood.js';
import { logPrior } from '../../src/fitting/priors.js';

const obs = (source: string, metric: ObservationRow['metric'], value: number): ObservationRow =>
  ({ source, market: 'phones', agent: 'apple', period: '2024', metric, value });

/** ∫ f(x) dx over [a, b] by the composite Simpson rule. */
function simpson(f: (x: number) => number, a: number, b: number, n = 4000): number {
  const h = (b - a) / n;
  let s = f(a) + f(b);
  for (let i = 1; i < n; i++) s += f(a + i * h) * (i % 2 ? 4 : 2);
  return (s * h) / 3;
}

const normalPdf = (x: number, sd: number) => Math.exp(-0.5 * (x / sd) ** 2) / (sd * Math.sqrt(2 * Math.PI));
const invGammaPdf = (v: number, a: number, b: number) => Math.exp(a * Math.log(b) - logGamma(a) - (a + 1) * Math.log(v) - b / v);

describe('the tracker-error model', () => {
  const model = errorModel([obs('idc', 'share', 0.2), obs('idc', 'share', 0.3), obs('idc', 'share', 0.15), obs('canalys', 'units', 70)]);
  const e = Float64Array.of(0.05, -0.12, 0.08, 0.03);

  it('groups by source and family, on the logit and log scales', () => {
    expect(model.groupNames).toEqual(['idc share', 'canalys levels']);
    expect(Array.from(model.groupSize)).toEqual([3, 1]);
    expect(model.observed[0]).toBeCloseTo(Math.log(0.2 / 0.8), 12);
    expect(model.observed[3]).toBeCloseTo(Math.log(70), 12);
    expect(untransformed(transformed(0.37, true), true)).toBeCloseTo(0.37, 12);
  });

  it('its marginal likelihood equals the integral over the noise variance (no bias)', () => {
    const { shape: a, scale: b } = DEFAULT_NOISE_PRIOR;
    const group = (xs: number[]) => Math.log(simpson((v) => xs.reduce((p, x) => p * normalPdf(x, Math.sqrt(v)), 1) * invGammaPdf(v, a, b), 1e-6, 0.5, 20000));
    expect(logLikelihood(model, e, false)).toBeCloseTo(group([0.05, -0.12, 0.08]) + group([0.03]), 4);
  });

  it('and over the noise variance and the bias (with bias)', () => {
    const { shape: a, scale: b, biasPrecision: k } = DEFAULT_NOISE_PRIOR;
    const xs = [0.05, -0.12, 0.08];
    const inner = (v: number) => simpson((mu) => xs.reduce((p, x) => p * normalPdf(x - mu, Math.sqrt(v)), 1) * normalPdf(mu, Math.sqrt(v / k)), -1.5, 1.5, 800);
    const one = simpson((v) => inner(v) * invGammaPdf(v, a, b), 1e-5, 0.5, 1200);
    const single = simpson((v) => simpson((mu) => normalPdf(0.03 - mu, Math.sqrt(v)) * normalPdf(mu, Math.sqrt(v / k)), -1.5, 1.5, 800) * invGammaPdf(v, a, b), 1e-5, 0.5, 1200);
    expect(logLikelihood(model, e, true)).toBeCloseTo(Math.log(one) + Math.log(single), 3);
  });

  it('its distance is the RMS residual, after each group\'s bias when asked', () => {
    expect(distance(model, e, false)).toBeCloseTo(Math.sqrt((0.05 ** 2 + 0.12 ** 2 + 0.08 ** 2 + 0.03 ** 2) / 4), 12);
    const flat = Float64Array.of(0.1, 0.1, 0.1, 0);
    expect(distance(model, flat, true)).toBeLessThan(distance(model, flat, false));
  });

  it('its noise scale is √E[σ² | e] of the inverse-gamma posterior', () => {
    const { shape: a, scale: b } = DEFAULT_NOISE_PRIOR;
    const ss = 0.05 ** 2 + 0.12 ** 2 + 0.08 ** 2;
    expect(noiseScales(model, e, false)[0]).toBeCloseTo(Math.sqrt((b + ss / 2) / (a + 1.5 - 1)), 12);
  });

  it('log Γ matches known values', () => {
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
    expect(logGamma(101)).toBeCloseTo(363.73937555556347, 9);
  });
});

describe('prior densities', () => {
  it('have the shapes of their distributions (ratios), and no mass outside their support', () => {
    const tri = { dist: 'triangular' as const, min: 0, mode: 1, max: 3 };
    expect(Math.exp(logPrior(tri, 0.5) - logPrior(tri, 1))).toBeCloseTo(0.5, 12);
    expect(Math.exp(logPrior(tri, 2) - logPrior(tri, 1))).toBeCloseTo(0.5, 12);
    const beta = { dist: 'beta' as const, alpha: 2, beta: 3, min: 10, max: 20 };
    expect(Math.exp(logPrior(beta, 12) - logPrior(beta, 15))).toBeCloseTo((0.2 * 0.8 ** 2) / (0.5 * 0.5 ** 2), 12);
    const normal = { dist: 'normal' as const, mean: 1, sd: 2, min: 0 };
    expect(logPrior(normal, 3) - logPrior(normal, 1)).toBeCloseTo(-0.5, 12);
    expect(logPrior(normal, -0.1)).toBe(-Infinity);
    expect(logPrior({ dist: 'lognormal', mu: 0, sigma: 1 }, 0)).toBe(-Infinity);
    expect(logPrior({ dist: 'uniform', min: 0, max: 1 }, 1.01)).toBe(-Infinity);
  });
});
