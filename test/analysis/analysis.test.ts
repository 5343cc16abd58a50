import { describe, expect, it } from 'vitest';
import {
  chinaLandscape, simulate, simulateUntil, sensitivity, sobol, spearman, ranks, solveLinear, standardisedRegression,
  type ScenarioSpec,
} from '../../src/index.js';

/** Alibaba's launch gain drives its assistant share; Baidu's launch comes after the horizon and cannot matter. The landscape's fitted parameters are fixed at their posterior means, so the two gains are the only inputs. */
const synthetic: ScenarioSpec = {
  id: 'driver', landscape: chinaLandscape({ parameters: 'point' }), horizon: 12,
  events: [
    { type: 'aiLaunch', id: 'driver', agent: 'alibaba', month: 0, capabilityGain: { dist: 'uniform', min: 0, max: 0.5 } },
    { type: 'aiLaunch', id: 'too-late', agent: 'baidu', month: 30, capabilityGain: { dist: 'uniform', min: 0, max: 0.5 } },
  ],
};
const DRIVER = 'events[0].capabilityGain', IDLE = 'events[1].capabilityGain';
const output = { market: 'assistants', metric: 'share', agent: 'alibaba' } as const;

describe('statistics kernels', () => {
  it('ranks ties, correlates ranks, solves and regresses', () => {
    expect([...ranks([10, 30, 20, 20])]).toEqual([1, 4, 2.5, 2.5]);
    expect(spearman([1, 2, 3, 4], [1, 8, 27, 64])).toBeCloseTo(1, 12);
    const x = solveLinear([[2, 1], [1, 3]], [3, 5])!;
    expect(x[0]).toBeCloseTo(0.8, 12); expect(x[1]).toBeCloseTo(1.4, 12);
    expect(solveLinear([[1, 2], [2, 4]], [1, 2])).toBeUndefined();
    const reg = standardisedRegression([[1, 2, 3, 4, 5], [1, 1, 1, 1, 1]], [2, 4, 6, 8, 10]);
    expect(reg.coefficients[0]).toBeCloseTo(1, 10);
    expect(reg.coefficients[1]).toBeNaN();
    expect(reg.r2).toBeCloseTo(1, 10);
  });
});

describe('sensitivity', () => {
  it('ranks the driving input first, deterministically, per step', async () => {
    const s = await sensitivity(synthetic, { output, runs: 400, seed: 3, steps: [6, 12] });
    expect(s.inputs).toEqual([DRIVER, IDLE]);
    for (const step of [6, 12]) {
      const top = s.at(step).inputs[0];
      expect(top.path).toBe(DRIVER);
      expect(top.rankCorrelation).toBeGreaterThan(0.8);
      expect(top.src).toBeGreaterThan(0.8);
      expect(top.swing).toBeGreaterThan(0);
      expect(top.lowRuns).toBeGreaterThanOrEqual(40);
      const idle = s.at(step).inputs[1];
      expect(Math.abs(idle.rankCorrelation)).toBeLessThan(0.15);
      expect(Math.abs(idle.src)).toBeLessThan(0.15);
    }
    const again = await sensitivity(synthetic, { output, runs: 400, seed: 3, steps: [6, 12] });
    expect(again.steps).toEqual(s.steps);
    // A function output gives the same numbers as the cell.
    const f = await sensitivity(synthetic, { output: (r) => r.at('assistants', 'share', 'alibaba', 12), runs: 400, seed: 3 });
    expect(f.at().inputs).toEqual(s.at(12).inputs);
  });
});

describe('sobol', () => {
  it('gives the driver the largest indices and the idle input ≈ 0', async () => {
    const s = await sobol(synthetic, { output, n: 256, seed: 5, bootstrap: 100, steps: [6, 12], noise: true });
    expect(s.runs).toBe(256 * 5);
    for (const step of s.steps) {
      const [d, idle] = step.inputs;
      expect(d.path).toBe(DRIVER);
      expect(d.first).toBeGreaterThan(0.5);
      expect(d.total).toBeGreaterThan(0.5);
      expect(d.total).toBeGreaterThanOrEqual(d.firstCI[0]);
      expect(d.firstCI[0]).toBeLessThanOrEqual(d.first);
      expect(d.firstCI[1]).toBeGreaterThanOrEqual(d.first);
      // Baidu's gain is never applied: swapping it changes nothing.
      expect(idle.total).toBe(0);
      expect(Math.abs(idle.first)).toBeLessThan(0.1);
      expect(idle.firstCI[0]).toBeLessThan(0.05);
      // The shocks are the rest of the variance: first orders of driver and noise add up to about 1.
      expect(step.noise!.path).toBe('(noise)');
      expect(step.noise!.total).toBeGreaterThan(0);
      expect(d.first + step.noise!.first).toBeGreaterThan(0.8);
      expect(d.first + step.noise!.first).toBeLessThan(1.2);
    }
    const again = await sobol(synthetic, { output, n: 256, seed: 5, bootstrap: 100, steps: [6, 12], noise: true });
    expect(again.steps).toEqual(s.steps);
  });
});

describe('simulateUntil', () => {
  it('stops at a multiple of the batch with the precision met, deterministically', async () => {
    const target = { ...output, step: 12, halfWidth: 0.004 };
    const u = await simulateUntil(synthetic, { seed: 9, batch: 256, targets: [target] });
    expect(u.met).toBe(true);
    expect(u.runsUsed % 256).toBe(0);
    const se = u.result.stat('assistants', 'share', 'alibaba', 12).se;
    expect(1.96 * se).toBeLessThanOrEqual(0.004);
    expect(u.result.runs).toBe(u.runsUsed);
    if (u.runsUsed > 256) {
      const fewer = await simulate(synthetic, { runs: u.runsUsed - 256, seed: 9 });
      expect(1.96 * fewer.stat('assistants', 'share', 'alibaba', 12).se).toBeGreaterThan(0.004);
    }
    const fresh = await simulate(synthetic, { runs: u.runsUsed, seed: 9 });
    expect(u.result.stat('assistants', 'share', 'alibaba', 12)).toEqual(fresh.stat('assistants', 'share', 'alibaba', 12));
    const again = await simulateUntil(synthetic, { seed: 9, batch: 256, targets: [target] });
    expect(again.runsUsed).toBe(u.runsUsed);
    expect(again.halfWidths).toEqual(u.halfWidths);
    const capped = await simulateUntil(synthetic, { seed: 9, batch: 256, maxRuns: 256, targets: [{ ...target, halfWidth: 1e-9 }] });
    expect(capped.met).toBe(false);
    expect(capped.runsUsed).toBe(256);
    await expect(simulateUntil(synthetic, { seed: 9, batch: 100, targets: [target] })).rejects.toThrow(/batch/i);
  });
});

describe("simulate with runs: 'auto'", () => {
  it('runs until the precision is met, deterministically, and equals simulateUntil', async () => {
    const { simulate, simulateUntil, scenarios } = await import('../../src/index.js');
    const s = { ...scenarios.baseline, horizon: 6 };
    const precision = [{ market: 'phones', metric: 'share', agent: 'apple', halfWidth: 0.0008 }];
    const a = await simulate(s, { runs: 'auto', seed: 3, precision, batch: 256 });
    const b = await simulate(s, { runs: 'auto', seed: 3, precision, batch: 256 });
    expect(a.toCSV()).toBe(b.toCSV());
    expect(a.runs % 256).toBe(0);
    expect(a.runs).toBeGreaterThan(256); // more than one batch: it went on while the precision was not met
    expect(1.96 * a.stat('phones', 'share', 'apple').se).toBeLessThanOrEqual(0.0008);
    const u = await simulateUntil(s, { seed: 3, targets: precision, batch: 256 });
    expect(u.runsUsed).toBe(a.runs);
    await expect(simulate(s, { runs: 'auto', seed: 3, precision: [] })).rejects.toThrow(/precision/);
  });
});
