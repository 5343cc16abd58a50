import seedrandom from 'seedrandom';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashString, NormalDraws, TycheI } from '../../src/random/source.js';
import {
  createRandomSource, meanOf, RivalsimError, sampleNumeric, StreamFamily, validateNumeric, probability,
  type Distribution,
} from '../../src/index.js';

function draws(d: Distribution, n: number, seed = 'moments'): number[] {
  const source = createRandomSource(seed);
  return Array.from({ length: n }, () => sampleNumeric(d, source));
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const variance = (xs: number[]) => { const m = mean(xs); return xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1); };

describe('random sources', () => {
  it('the same (seed, run) gives the same stream; another run a different one', () => {
    const a = createRandomSource(42, 7), b = createRandomSource(42, 7), c = createRandomSource(42, 8);
    const xa = Array.from({ length: 5 }, a), xb = Array.from({ length: 5 }, b), xc = Array.from({ length: 5 }, c);
    expect(xa).toEqual(xb);
    expect(xa).not.toEqual(xc);
    for (const x of xa) expect(x >= 0 && x < 1).toBe(true);
  });

  it('named streams do not depend on which other streams exist or their order', () => {
    const f1 = new StreamFamily(createRandomSource(1));
    f1.get('event:a')(); f1.get('event:a')();
    const n1 = Array.from({ length: 3 }, f1.get('noise'));
    const f2 = new StreamFamily(createRandomSource(1));
    const n2 = Array.from({ length: 3 }, f2.get('noise'));
    expect(n1).toEqual(n2);
    expect(Array.from({ length: 3 }, f2.get('other'))).not.toEqual(n2);
  });
});

describe('sub-streams', () => {
  it('TycheI is seedrandom\'s tychei draw for draw (integer seeds)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 52 }), (seed) => {
      const ours = new TycheI().seed((seed / 4294967296) | 0, seed | 0);
      const theirs = seedrandom.tychei(seed as unknown as string); // it takes integers too (their types say strings)
      for (let i = 0; i < 50; i++) expect(ours.random()).toBe(theirs());
    }), { numRuns: 50 });
  });

  it('a reseeded family gives exactly the streams of a new family, in any order of use', () => {
    const reused = new StreamFamily(createRandomSource(9, 1));
    reused.get('a')(); reused.normal('noise').next(); // consume, including a spare normal
    reused.reseed(createRandomSource(9, 2));
    const fresh = new StreamFamily(createRandomSource(9, 2));
    const n1 = [reused.normal('noise').next(), reused.normal('noise').next(), reused.normal('noise').next()];
    const n2 = [fresh.normal('noise').next(), fresh.normal('noise').next(), fresh.normal('noise').next()];
    expect(n1).toEqual(n2);
    expect(reused.get('a')()).toBe(fresh.get('a')());
  });

  it('normal draws have mean 0 and variance 1', () => {
    const n = new NormalDraws(new TycheI().seed(3, 4));
    const xs = Array.from({ length: 20_000 }, () => n.next());
    expect(Math.abs(mean(xs))).toBeLessThan(4 / Math.sqrt(xs.length));
    expect(Math.abs(variance(xs) - 1)).toBeLessThan(0.05);
  });

  it('names hash apart, and run sources differ between runs and seeds', () => {
    const names = ['noise:phones:apple', 'noise:phones:huawei', 'outage:alibaba', 'input:events(x).month', 'a', 'b'];
    const hashes = new Set(names.map((x) => hashString(x).join(',')));
    expect(hashes.size).toBe(names.length);
    const first = (seed: number | string, run: number) => createRandomSource(seed, run)();
    const firsts = new Set([first(1, 0), first(1, 1), first(2, 0), first('a', 0), first(1, 2 ** 31)]);
    expect(firsts.size).toBe(5);
  });
});

describe('distributions', () => {
  // Seeded draws; tolerances are about 4 standard errors for n = 20,000.
  const n = 20_000;
  const cases: Array<[string, Distribution, number, number]> = [
    ['uniform', { dist: 'uniform', min: 2, max: 6 }, 4, 16 / 12],
    ['normal', { dist: 'normal', mean: 1, sd: 2 }, 1, 4],
    ['lognormal', { dist: 'lognormal', mu: 0, sigma: 0.5 }, Math.exp(0.125), (Math.exp(0.25) - 1) * Math.exp(0.25)],
    ['triangular', { dist: 'triangular', min: 0, mode: 1, max: 4 }, 5 / 3, (0 + 1 + 16 - 0 - 0 - 4) / 18],
    ['pert', { dist: 'pert', min: 0, mode: 2, max: 10 }, (0 + 8 + 10) / 6, ((3 - 0) * (10 - 3)) / 7],
    ['beta', { dist: 'beta', alpha: 2, beta: 5 }, 2 / 7, (2 * 5) / (49 * 8)],
    ['bernoulli', { dist: 'bernoulli', p: 0.3 }, 0.3, 0.21],
    ['discrete', { dist: 'discrete', values: [1, 2, 5], weights: [1, 1, 2] }, 3.25, (1 + 4 + 50) / 4 - 3.25 ** 2],
  ];
  for (const [name, d, m, v] of cases) {
    it(`${name} matches its mean and variance`, () => {
      const xs = draws(d, n);
      expect(Math.abs(mean(xs) - m)).toBeLessThan(4 * Math.sqrt(v / n));
      expect(Math.abs(variance(xs) / v - 1)).toBeLessThan(0.06);
      expect(meanOf(d)).toBeCloseTo(m, 10);
    });
  }

  it('truncated normal stays in its bounds and has the truncated mean', () => {
    expect(meanOf({ dist: 'normal', mean: 0, sd: 1, min: 0 })).toBeCloseTo(Math.sqrt(2 / Math.PI), 10);
    const xs = draws({ dist: 'normal', mean: 0, sd: 1, min: -0.5, max: 2 }, 5000);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(-0.5);
    expect(Math.max(...xs)).toBeLessThanOrEqual(2);
  });

  it('validation rejects distributions whose support leaves the allowed range', () => {
    expect(() => validateNumeric({ dist: 'uniform', min: 0.5, max: 1.2 }, 'x.p', probability)).toThrow(RivalsimError);
    expect(() => validateNumeric({ dist: 'normal', mean: 0.5, sd: 0.1 }, 'x.p', probability)).toThrow(/Truncate/);
    expect(validateNumeric({ dist: 'normal', mean: 0.5, sd: 0.1, min: 0, max: 1 }, 'x.p', probability)).toBeTruthy();
    expect(validateNumeric({ dist: 'beta', alpha: 2, beta: 2 }, 'x.p', probability)).toBeTruthy();
    expect(() => validateNumeric(-0.1, 'x.p', probability)).toThrow(/received -0.1 → at x.p/);
  });
});
