/**
 * DeviceChoiceBatch (src/montecarlo/batch/device-choice.ts): the nested
 * logit of a batch of runs in the WebAssembly kernel gives, run by run, the
 * bits `deviceChoice` (model/world/devices.ts) writes — on the flagship's
 * worlds stepped month by month, on an odd batch (an idle lane), with
 * brands gone and tiers a brand does not sell in (−Infinity intercepts), a
 * tier nobody sells in, and on property-generated markets.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createWorld, scenarios } from '../../../src/index.js';
import { deviceChoice } from '../../../src/model/world/devices.js';
import type { DeviceMarketState } from '../../../src/model/world/state.js';
import { DeviceChoiceBatch } from '../../../src/montecarlo/batch/device-choice.js';
import { createBatchKernel } from '../../../src/montecarlo/batch/kernel.js';

const OUTPUTS = ['condProb', 'inclusive', 'tierProb', 'destination'] as const;

/** A device market holding what the nested logit reads and writes. */
function market(n: number, K: number, fill: Partial<Pick<DeviceMarketState, 'util' | 'alpha' | 'tierUtil' | 'active' | 'lambda' | 'gamma'>> = {}): DeviceMarketState {
  return {
    n, K, lambda: fill.lambda ?? 1, gamma: fill.gamma ?? 0,
    util: fill.util ?? new Float64Array(n), alpha: fill.alpha ?? new Float64Array(n * K), tierUtil: fill.tierUtil ?? new Float64Array(K),
    active: fill.active ?? new Uint8Array(n).fill(1),
    condProb: new Float64Array(n * K), inclusive: new Float64Array(K), tierProb: new Float64Array((K + 1) * K), destination: new Float64Array((K + 1) * n),
  } as unknown as DeviceMarketState;
}

/** A copy of a market's inputs with fresh outputs. */
const copy = (m: DeviceMarketState) => market(m.n, m.K, {
  util: m.util.slice(), alpha: m.alpha.slice(), tierUtil: m.tierUtil.slice(), active: m.active.slice(), lambda: m.lambda, gamma: m.gamma,
});

/**
 * The outputs where the batch and `deviceChoice` differ, over every run of
 * `markets` (one batch): `[run, output, index, batch's value, deviceChoice's]`.
 */
function differences(markets: readonly DeviceMarketState[]): Array<[number, string, number, number, number]> {
  const { n, K } = markets[0];
  const batch = new DeviceChoiceBatch(createBatchKernel(DeviceChoiceBatch.bytes(n, K, markets.length))!, n, K, markets.length);
  markets.forEach((m, r) => batch.load(r, m));
  batch.run();
  const out: Array<[number, string, number, number, number]> = [];
  markets.forEach((m, r) => {
    const got = market(n, K);
    batch.store(r, got);
    deviceChoice(m);
    for (const key of OUTPUTS) for (let i = 0; i < m[key].length; i++) if (!Object.is(got[key][i], m[key][i])) out.push([r, key, i, got[key][i], m[key][i]]);
  });
  return out;
}

/** The device markets of `runs` flagship worlds (seed 14), and a function stepping them all a month. */
function flagshipWorlds(runs: number) {
  const worlds = Array.from({ length: runs }, (_, r) => createWorld(scenarios['apple-alibaba'], { seed: 14, run: r }));
  const markets = worlds.map((w) => w.markets.find((m): m is DeviceMarketState => m.kind === 'devices')!);
  return { markets, step: () => { for (const w of worlds) w.step(); } };
}

/** The device markets of `runs` flagship worlds (seed 14) after `months` months. */
function flagship(runs: number, months: number): DeviceMarketState[] {
  const { markets, step } = flagshipWorlds(runs);
  for (let t = 0; t < months; t++) step();
  return markets;
}

describe('DeviceChoiceBatch', () => {
  it('writes what deviceChoice writes (a check that compares nothing cannot fail)', () => {
    const [m] = flagship(1, 1);
    const batch = new DeviceChoiceBatch(createBatchKernel(DeviceChoiceBatch.bytes(m.n, m.K, 2))!, m.n, m.K, 2);
    batch.load(0, m); batch.load(1, m);
    batch.run();
    const got = market(m.n, m.K);
    batch.store(1, got);
    expect(m.n * m.K).toBeGreaterThan(1);
    expect(Array.from(got.condProb)).toEqual(Array.from(m.condProb)); // stepping the world ran deviceChoice
    expect(got.destination.some((x) => x > 0 && x < 1)).toBe(true);
  });

  it('gives deviceChoice\'s bits on the flagship\'s worlds, month by month, in a batch of 64 runs and in an odd one', () => {
    const { markets, step } = flagshipWorlds(64);
    for (let t = 1; t <= 36; t++) {
      step();
      expect(differences(markets)).toEqual([]);
      if (t % 6 === 0) expect(differences(markets.slice(0, 37))).toEqual([]);
    }
  });

  it('gives deviceChoice\'s bits with brands gone, tiers a brand does not sell in and a tier nobody sells in', () => {
    const markets = flagship(16, 6).map(copy);
    const { n, K } = markets[0];
    markets.forEach((m, r) => {
      if (r % 2) m.active[r % n] = 0;
      if (r % 3 === 0) m.alpha[(r % n) * K + (r % K)] = -Infinity;
      if (r % 4 === 1) for (let j = 0; j < n; j++) m.alpha[j * K + (K - 1)] = -Infinity; // nobody in the top tier
      if (r === 5) m.active.fill(0); // no brand at all: every tier empty, the tier choice 0/0
    });
    expect(differences(markets)).toEqual([]);
    expect(markets.some((m) => m.inclusive.includes(-Infinity))).toBe(true);
  });

  it('gives deviceChoice\'s bits on property-generated markets', () => {
    const run = (n: number, K: number) => fc.record({
      util: fc.array(fc.double({ min: -30, max: 30, noNaN: true }), { minLength: n, maxLength: n }),
      alpha: fc.array(fc.oneof(fc.double({ min: -15, max: 5, noNaN: true }), fc.constant(-Infinity)), { minLength: n * K, maxLength: n * K }),
      tierUtil: fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: K, maxLength: K }),
      active: fc.array(fc.oneof(fc.constant(1), fc.constant(1), fc.constant(0)), { minLength: n, maxLength: n }),
      lambda: fc.double({ min: 0.05, max: 1, noNaN: true }),
      gamma: fc.double({ min: -2, max: 4, noNaN: true }),
    }).map((x) => market(n, K, {
      util: Float64Array.from(x.util), alpha: Float64Array.from(x.alpha), tierUtil: Float64Array.from(x.tierUtil),
      active: Uint8Array.from(x.active), lambda: x.lambda, gamma: x.gamma,
    }));
    const batchArb = fc.tuple(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 9 }))
      .chain(([n, K, runs]) => fc.array(run(n, K), { minLength: runs, maxLength: runs }));
    fc.assert(fc.property(batchArb, (markets) => { expect(differences(markets)).toEqual([]); }), { seed: 14, numRuns: 300 });
  });

  it('refuses a layout that does not fit its kernel\'s memory or is not 16-byte aligned', () => {
    const kernel = createBatchKernel(65536)!;
    expect(() => new DeviceChoiceBatch(kernel, 7, 2, 256)).toThrow(/needs 158400 bytes/);
    expect(() => new DeviceChoiceBatch(kernel, 7, 2, 8, 8)).toThrow(RangeError);
    expect(new DeviceChoiceBatch(kernel, 7, 2, 8, 16).width).toBe(8);
  });

  it('puts rows an odd number of 64-byte lines apart, never fewer doubles than runs', () => {
    for (let runs = 1; runs <= 2100; runs++) {
      const w = DeviceChoiceBatch.widthOf(runs);
      expect(w).toBeGreaterThanOrEqual(runs);
      expect(w - runs).toBeLessThan(16);
      expect((w * 8) % 64).toBe(0);
      expect(((w * 8) / 64) % 2).toBe(1);
    }
    expect([64, 128, 256, 1024].map((r) => DeviceChoiceBatch.widthOf(r))).toEqual([72, 136, 264, 1032]);
  });
});
