import { describe, expect, it } from 'vitest';
import { EventStats } from '../../../src/montecarlo/events.js';
import { binOf, binsOf, histogramQuantile, type HistogramKind } from '../../../src/montecarlo/histogram.js';
import { Summary } from '../../../src/montecarlo/summary.js';
import {
  cellHistogram, eventStatErrors, quantileInterval, quantileStandardError, quantileUncertainty, type CellHistogram,
} from '../../../src/montecarlo/uncertainty.js';
import { createRandomSource } from '../../../src/index.js';
import type { EventLogEntry } from '../../../src/model/result.js';

/** A histogram of `values` of the given kind (as a summary would count them). */
function histogramOf(kind: HistogramKind, values: ArrayLike<number>): CellHistogram {
  const counts = new Uint32Array(binsOf(kind));
  let min = Infinity, max = -Infinity;
  for (let i = 0; i < values.length; i++) { const x = values[i]; counts[binOf(kind, x)]++; if (x < min) min = x; if (x > max) max = x; }
  return { kind, counts, offset: 0, n: values.length, min, max };
}

/** n normal draws (Box–Muller on a seeded source). */
function normals(seed: number, n: number, mean: number, sd: number): Float64Array {
  const random = createRandomSource(seed);
  return Float64Array.from({ length: n }, () => mean + sd * Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random()));
}

describe('quantile intervals from histograms', () => {
  it('pick the binomial order statistics', () => {
    const even = histogramOf('unit', Float64Array.from({ length: 1000 }, (_, i) => (i + 0.5) / 1000));
    const ci = quantileInterval(even, 0.5);
    // qbinom(0.025, 1000, 0.5) = 469 and qbinom(0.975, 1000, 0.5) = 531.
    expect(ci.ranks).toEqual([469, 532]);
    expect(ci.level).toBeGreaterThanOrEqual(0.95);
    expect(ci.level).toBeLessThan(0.96);
    // The bounds are the outer edges of the bins of the 469th and 532nd values (0.4685 and 0.5315).
    expect(ci.lower).toBe(Math.floor(0.4685 * 2048) / 2048);
    expect(ci.upper).toBe(Math.ceil(0.5315 * 2048) / 2048);
  });

  it('say how much they cover when there are too few runs', () => {
    const five = histogramOf('unit', [0.1, 0.3, 0.5, 0.7, 0.9]);
    const ci = quantileInterval(five, 0.5);
    // Binomial(5, ½): P(1 ≤ B ≤ 4) = 30/32; no narrower pair of ranks reaches 95 %.
    expect(ci.ranks).toEqual([1, 5]);
    expect(ci.level).toBeCloseTo(30 / 32, 12);
    expect([ci.lower, ci.upper]).toEqual([0.1, 0.9]);
  });

  it('cover the true quantile at least as often as their level, over repeated studies', () => {
    let covered = 0;
    const reps = 200;
    for (let k = 0; k < reps; k++) {
      const ci = quantileInterval(histogramOf('unit', normals(k, 500, 0.17, 0.012)), 0.25);
      if (ci.lower <= 0.17 - 0.6745 * 0.012 && 0.17 - 0.6745 * 0.012 <= ci.upper) covered++;
    }
    expect(covered / reps).toBeGreaterThanOrEqual(0.92);
  });
});

describe('Maritz–Jarrett standard errors', () => {
  it('match the theory for evenly spread values', () => {
    const even = histogramOf('unit', Float64Array.from({ length: 1000 }, (_, i) => (i + 0.5) / 1000));
    // Uniform on [0, 1]: SE of the q-quantile ≈ √(q(1 − q)/n).
    for (const q of [0.1, 0.5, 0.9]) expect(quantileStandardError(even, q) / Math.sqrt((q * (1 - q)) / 1000)).toBeCloseTo(1, 1);
    expect(quantileStandardError(histogramOf('unit', [0.2, 0.2, 0.2, 0.2]), 0.5)).toBe(0);
    expect(quantileStandardError(histogramOf('unit', [0.2, 0.3]), 0.5)).toBeNaN();
  });

  it.each([
    ['unit', 0.17, 0.012, 0.5],
    ['unit', 0.17, 0.012, 0.05],
    ['positive', 200, 40, 0.95],
  ] as const)('match the spread of %s-histogram quantiles over repeated seeded studies (mean %d, sd %d, q %d)', (kind, mean, sd, q) => {
    const reps = 200, n = 1000;
    const estimates: number[] = [], errors: number[] = [];
    for (let k = 0; k < reps; k++) {
      const h = histogramOf(kind, normals(1000 + k, n, mean, sd));
      estimates.push(histogramQuantile(kind, h.counts as Uint32Array, 0, n, q, h.min, h.max));
      errors.push(quantileStandardError(h, q));
    }
    const m = estimates.reduce((s, x) => s + x, 0) / reps;
    const empirical = Math.sqrt(estimates.reduce((s, x) => s + (x - m) ** 2, 0) / (reps - 1));
    const estimated = errors.reduce((s, x) => s + x, 0) / reps;
    expect(estimated / empirical).toBeGreaterThan(0.8);
    expect(estimated / empirical).toBeLessThan(1.25);
  });
});

describe('uncertainty of a summary cell', () => {
  it('reads the cell\'s histogram from a summary state and agrees with its quantiles', () => {
    const dates = ['2025-01', '2025-02'];
    const summary = new Summary(dates, [{ id: 'phones', name: 'Phones', kind: 'devices', agents: ['a', 'b'], metrics: ['share', 'sales'] }]);
    const random = createRandomSource(3);
    for (let r = 0; r < 600; r++) {
      const sa = 0.3 + 0.1 * random(), sb = 1 - sa;
      summary.add(r, [[Float64Array.of(sa, sa, sb, sb), Float64Array.of(10 * sa, 20 * sa, 10 * sb, 20 * sb)]]);
    }
    const state = summary.toState();
    const h = cellHistogram(state, 'phones', 'sales', 'b', 1)!;
    expect(h.kind).toBe('positive');
    expect(h.n).toBe(600);
    const qs = [0.05, 0.5, 0.95];
    const stat = summary.stat('phones', 'sales', 'b', 1, qs);
    const u = quantileUncertainty(h, qs);
    u.forEach((x, i) => {
      expect(x.estimate).toBe(stat.quantiles[i]);
      expect(x.lower).toBeLessThanOrEqual(x.estimate);
      expect(x.upper).toBeGreaterThanOrEqual(x.estimate);
      expect(x.se).toBeGreaterThan(0);
    });
    // Uniform on [12, 14] (20 × (1 − share)): the median's SE ≈ 2 · √(0.25 / 600).
    expect(u[1].se).toBeCloseTo(2 * Math.sqrt(0.25 / 600), 2);
    expect(cellHistogram(state, 'phones', 'share', 'a', 0)!.kind).toBe('unit');
    expect(() => cellHistogram(state, 'phones', 'users', 'a', 0)).toThrow(/Unknown metric/);
  });
});

describe('event statistic errors', () => {
  it('are the sample standard errors of the counts and first steps', () => {
    const stats = new EventStats(13);
    const counts: number[] = [], firsts: number[] = [];
    const random = createRandomSource(4);
    for (let r = 0; r < 400; r++) {
      const log: EventLogEntry[] = [];
      const months = Math.floor(random() * 5);
      let step = 1 + Math.floor(random() * 4);
      for (let k = 0; k < months; k++, step += 1 + Math.floor(random() * 2)) log.push({ step, date: '', kind: 'outage', agent: 'deepseek' });
      counts.push(months);
      if (months > 0) firsts.push(log[0].step);
      stats.add(log);
    }
    const stat = stats.stat('outage||deepseek');
    const se = (x: number[]) => { const m = x.reduce((s, v) => s + v, 0) / x.length; return Math.sqrt(x.reduce((s, v) => s + (v - m) ** 2, 0) / (x.length - 1) / x.length); };
    const e = eventStatErrors(stat);
    expect(e.meanCountSE).toBeCloseTo(se(counts), 12);
    expect(e.meanFirstStepSE).toBeCloseTo(se(firsts), 12);
    expect(eventStatErrors(stats.stat('approved|never')).meanFirstStepSE).toBeNaN();
  });
});
