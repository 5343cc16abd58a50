/**
 * Calibration: recovers known inputs from synthetic data (ABC-SMC and
 * MAP–Laplace), is deterministic for a seed whatever the batching, and its
 * posterior drives `simulate` and survives a JSON round trip.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  RivalsimError, calibrate, merge, parsePosterior, posteriorDrawIndex, posteriorToJSON, simulate, type ObservationRow, type Posterior,
} from '../../src/index.js';
import { TRUTH, syntheticHistory, syntheticScenario } from './synthetic.js';

let history: ObservationRow[];
let abc: Posterior;
beforeAll(async () => {
  history = await syntheticHistory({ quarters: true });
  abc = await calibrate(syntheticScenario(), history, { particles: 100, generations: 6, seed: 1 });
});

describe('calibrate (ABC-SMC)', () => {
  it('recovers the inputs that made the data within their 90 % posterior intervals', () => {
    for (const p of abc.parameters) {
      const truth = TRUTH[p.path.replace('parameters.', '') as keyof typeof TRUTH];
      expect(truth, p.path).toBeGreaterThanOrEqual(p.quantiles.p5);
      expect(truth, p.path).toBeLessThanOrEqual(p.quantiles.p95);
    }
    // and learns: the posterior of the trend is far narrower than its uniform(0, 0.12) prior (sd 0.035)
    expect(abc.parameters[0].sd).toBeLessThan(0.01);
  });

  it('reports tolerances that fall, acceptance rates, effective sample size, noise and per-series residuals', () => {
    const g = abc.diagnostics.generations;
    expect(g[0].tolerance).toBeNull();
    for (let t = 2; t < g.length; t++) expect(g[t].tolerance!).toBeLessThan(g[t - 1].tolerance!);
    expect(g.every((x) => x.acceptanceRate > 0 && x.acceptanceRate <= 1)).toBe(true);
    expect(abc.diagnostics.effectiveSampleSize).toBeGreaterThan(20);
    expect(abc.noise.map((n) => n.group)).toEqual(['idc share', 'idc levels']);
    expect(abc.noise[0].scale).toBeGreaterThan(0);
    expect(abc.diagnostics.series).toHaveLength(4);
    expect(abc.diagnostics.fit).toHaveLength(history.length);
    expect(abc.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('is deterministic for a seed, and the same whatever the batching', async () => {
    const again = await calibrate(syntheticScenario(), history, { particles: 100, generations: 6, seed: 1, batchSize: 7 });
    expect(posteriorToJSON(again).replace(/"elapsedMs": \d+/g, '')).toBe(posteriorToJSON(abc).replace(/"elapsedMs": \d+/g, ''));
    const other = await calibrate(syntheticScenario(), history, { particles: 100, generations: 2, seed: 2 });
    expect(other.draws[0]).not.toEqual(abc.draws[0]);
  });

  it('reports progress and can be aborted', async () => {
    const seen: number[] = [];
    const controller = new AbortController();
    const run = calibrate(syntheticScenario(), history, {
      particles: 50, generations: 4, seed: 3,
      onProgress: (p) => { seen.push(p.generation); if (p.generation === 1) controller.abort(); }, signal: controller.signal,
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(seen[0]).toBe(0);
  });
});

describe('calibrate (MAP with a Laplace posterior)', () => {
  it('recovers the inputs within the Laplace posterior\'s 90 % intervals', async () => {
    const mle = await calibrate(syntheticScenario(), history, { method: 'mle', particles: 60, seed: 1 });
    expect(mle.method).toBe('mle');
    for (const p of mle.parameters) {
      const truth = TRUTH[p.path.replace('parameters.', '') as keyof typeof TRUTH];
      expect(truth, p.path).toBeGreaterThanOrEqual(p.quantiles.p5);
      expect(truth, p.path).toBeLessThanOrEqual(p.quantiles.p95);
    }
    expect(mle.diagnostics.settings.evaluations).toBeGreaterThan(10);
  });
});

describe('the posterior as a design', () => {
  it('fixes each run\'s fitted inputs to a posterior draw chosen from (seed, run), the same in any shard', async () => {
    const scenario = syntheticScenario({ horizon: 12 });
    const keep = await simulate(scenario, { runs: 600, seed: 9, posterior: abc, keepPaths: 600, quantiles: [] });
    keep.paths.forEach((run, r) => {
      const draw = abc.draws[posteriorDrawIndex(abc.weights, 9, r)];
      expect(run.inputs['parameters.aiTrend']).toBe(draw[0]);
      expect(run.inputs['parameters.growth']).toBe(draw[1]);
    });
    const parts = await Promise.all([0, 1].map((index) => simulate(scenario, { runs: 600, seed: 9, posterior: abc, shard: { index, count: 2 } })));
    const whole = await simulate(scenario, { runs: 600, seed: 9, posterior: abc });
    expect(merge(parts).toCSV()).toBe(whole.toCSV());
  });

  it('draws inputs in proportion to the weights', () => {
    const counts = [0, 0, 0];
    for (let r = 0; r < 3000; r++) counts[posteriorDrawIndex([0.2, 0.5, 0.3], 'w', r)]++;
    expect(counts[0] / 3000).toBeCloseTo(0.2, 1);
    expect(counts[1] / 3000).toBeCloseTo(0.5, 1);
  });

  it('refuses a posterior whose inputs the scenario does not declare', async () => {
    const fixed = syntheticScenario({ values: { aiTrend: 0.05 } });
    await expect(simulate(fixed, { runs: 10, posterior: abc })).rejects.toThrow(/Posterior input not in the scenario.*parameters\.aiTrend/);
  });

  it('survives a JSON round trip; bad documents are named', () => {
    const back = parsePosterior(posteriorToJSON(abc), { file: 'p.json' });
    expect(back.draws).toEqual(abc.draws);
    expect(back.parameters.map((p) => p.path)).toEqual(['parameters.aiTrend', 'parameters.growth']);
    expect(() => parsePosterior('{"format": "x"}', { file: 'p.json' })).toThrow(/Not a posterior document.*p\.json: format/);
    const short = { ...JSON.parse(posteriorToJSON(abc)), draws: [[1]] };
    expect(() => parsePosterior(short, { file: 'p.json' })).toThrow(/Invalid posterior draw.*p\.json: draws\[0\]/);
  });
});

describe('calibrate rejects bad input', () => {
  it('unknown parameters, discrete priors, bad options, data outside the simulated months', async () => {
    await expect(calibrate(syntheticScenario(), history, { parameters: ['nope'] })).rejects.toThrow(/Not an uncertain input.*parameters\.aiTrend.*→ at parameters\[0\]/);
    await expect(calibrate(syntheticScenario(), history, { particles: 3 })).rejects.toThrow(RivalsimError);
    await expect(calibrate(syntheticScenario(), history, { method: 'gradient' as 'mle' })).rejects.toThrow(/Unknown calibration method/);
    const late = syntheticScenario({ start: '2030-01' });
    await expect(calibrate(late, history)).rejects.toThrow(/No observation within the simulated months/);
    const discrete = { ...syntheticScenario(), parameters: { aiTrend: { dist: 'discrete' as const, values: [0.01, 0.05] }, growth: 0 } };
    await expect(calibrate(discrete, history, { parameters: ['aiTrend'] })).rejects.toThrow(/Cannot fit a discrete input/);
  });
});
