import { describe, expect, it } from 'vitest';
import { bootstrap, bootstrapSensitivity, sensitivityMeasures } from '../../../src/analysis/bootstrap.js';
import { createRandomSource, sensitivity, chinaLandscape, World, prepareScenario, type ScenarioSpec } from '../../../src/index.js';

describe('bootstrap', () => {
  it('estimates the standard error of a mean as sd / √n, deterministically per seed', () => {
    const random = createRandomSource(2);
    const x = Float64Array.from({ length: 400 }, () => random());
    const mean = (rows: Int32Array) => [rows.reduce((s, r) => s + x[r], 0) / rows.length];
    const b = bootstrap(x.length, mean, { resamples: 400, seed: 5 })[0];
    expect(b.estimate).toBe(mean(Int32Array.from({ length: 400 }, (_, i) => i))[0]);
    // Uniform: sd = 1/√12, so SE ≈ 0.0144.
    expect(b.se / (1 / Math.sqrt(12) / Math.sqrt(400))).toBeGreaterThan(0.85);
    expect(b.se / (1 / Math.sqrt(12) / Math.sqrt(400))).toBeLessThan(1.15);
    expect(b.lower).toBeLessThan(b.estimate);
    expect(b.upper).toBeGreaterThan(b.estimate);
    expect(bootstrap(x.length, mean, { resamples: 400, seed: 5 })[0]).toEqual(b);
    expect(bootstrap(x.length, mean, { resamples: 400, seed: 6 })[0]).not.toEqual(b);
    expect(() => bootstrap(1, mean)).toThrow(/Too few runs/);
    expect(() => bootstrap(10, mean, { resamples: 5 })).toThrow(/Invalid resamples/);
  });

  it('gives rank correlations of independent inputs an SE near 1/√n', () => {
    const random = createRandomSource(8);
    const n = 400;
    const x = Float64Array.from({ length: n }, () => random()), z = Float64Array.from({ length: n }, () => random());
    const y = Float64Array.from(x, (v) => v + 0.1 * random());
    const [driver, idle] = bootstrapSensitivity([x, z], y, { resamples: 300, seed: 1 });
    expect(idle.rankCorrelation.se).toBeGreaterThan(0.8 / Math.sqrt(n));
    expect(idle.rankCorrelation.se).toBeLessThan(1.2 / Math.sqrt(n));
    expect(idle.rankCorrelation.lower).toBeLessThan(0);
    expect(idle.rankCorrelation.upper).toBeGreaterThan(0);
    expect(driver.rankCorrelation.lower).toBeGreaterThan(0.95);
    expect(driver.src.estimate).toBeGreaterThan(0.9);
    expect(() => bootstrapSensitivity([x.slice(1)], y)).toThrow(/Input column does not fit the output/);
  });

  it('measures what sensitivity reports, on the same runs', async () => {
    const spec: ScenarioSpec = {
      id: 'driver', landscape: chinaLandscape(), horizon: 6,
      events: [
        { type: 'aiLaunch', id: 'driver', agent: 'alibaba', month: 0, capabilityGain: { dist: 'uniform', min: 0, max: 0.5 } },
        { type: 'aiLaunch', id: 'idle', agent: 'baidu', month: 30, capabilityGain: { dist: 'uniform', min: 0, max: 0.5 } },
      ],
    };
    const s = await sensitivity(spec, { output: { market: 'assistants', metric: 'share', agent: 'alibaba' }, runs: 60, seed: 4 });
    const plan = await prepareScenario(spec);
    const world = new World(plan);
    const xs = s.inputs.map(() => new Float64Array(60)), y = new Float64Array(60);
    for (let r = 0; r < 60; r++) {
      world.reset(createRandomSource(4, r));
      const run = world.runView();
      s.inputs.forEach((path, i) => { xs[i][r] = run.inputs[path]; });
      y[r] = run.at('assistants', 'share', 'alibaba', 6);
    }
    const m = sensitivityMeasures(xs, y);
    s.inputs.forEach((path, i) => {
      const reported = s.at().inputs.find((x) => x.path === path)!;
      expect(m.rankCorrelation[i]).toBeCloseTo(reported.rankCorrelation, 12);
      expect(m.src[i]).toBeCloseTo(reported.src, 12);
      expect(m.swing[i]).toBeCloseTo(reported.swing, 12);
    });
  });
});
