import { describe, expect, it } from 'vitest';
import {
  BLOCK_RUNS, RivalsimError, RunError, buildDesign, compare, compileScenario, merge, runScenario, scenarios, simulate,
  type Policy, type ScenarioSpec,
} from '../../src/index.js';

/** The flagship scenario cut to a short horizon, to keep the suite fast. */
function short(id: keyof typeof scenarios, horizon = 12): ScenarioSpec {
  return { ...scenarios[id], horizon };
}

const spearman = (x: number[], y: number[]) => {
  const rank = (v: number[]) => { const o = v.map((_, i) => i).sort((a, b) => v[a] - v[b]); const r = new Array<number>(v.length); o.forEach((i, k) => { r[i] = k; }); return r; };
  const rx = rank(x), ry = rank(y), n = x.length, m = (n - 1) / 2;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) { sxy += (rx[i] - m) * (ry[i] - m); sxx += (rx[i] - m) ** 2; syy += (ry[i] - m) ** 2; }
  return sxy / Math.sqrt(sxx * syy);
};

describe('simulate', () => {
  it('same seed: identical CSV; another seed: a different one', async () => {
    const s = short('apple-alibaba');
    const a = await simulate(s, { runs: 300, seed: 42 });
    const b = await simulate(s, { runs: 300, seed: 42 });
    const c = await simulate(s, { runs: 300, seed: 43 });
    expect(a.toCSV()).toBe(b.toCSV());
    expect(a.toCSV()).not.toBe(c.toCSV());
    expect(a.toCSV().split('\n')[0]).toBe('scenario,market,metric,agent,step,date,mean,sd,se,p5,p25,p50,p75,p95,unit');
  });

  it('writes one row per market, metric, agent and step, step 0 being the initial state', async () => {
    const s = short('apple-alibaba', 6);
    const r = await simulate(s, { runs: 50, seed: 1 });
    const lines = r.toCSV().trim().split('\n');
    const cells = r.markets.reduce((n, m) => n + m.metrics.length * m.agents.length, 0);
    expect(lines.length - 1).toBe(cells * 7);
    const first = lines[1].split(',');
    expect(first.slice(0, 6)).toEqual(['apple-alibaba', 'phones', 'share', 'apple', '0', '2025-01']);
    expect(Number(first[7])).toBe(0); // no spread at step 0: the calibrated start
    expect(r.rows()).toHaveLength(cells * 7);
    const flows = r.markets[0].agents.map((a) => `flow:${a}`);
    expect(new Set(r.rows().map((x) => x.metric))).toEqual(new Set([
      'share', 'sales', 'installedBase', 'installedBaseShare', 'aiCapability', ...flows,
      'users', 'ownUsers', 'trialUsers', 'servedUsers', 'load', 'outages',
    ]));
  });

  it('run r of a study is runScenario(s, { seed, run: r }) and the mean is the mean of those runs', async () => {
    const s = short('baseline', 6);
    const r = await simulate(s, { runs: 40, seed: 'x', keepPaths: 40 });
    let sum = 0;
    for (let run = 0; run < 40; run++) {
      const one = runScenario(s, { seed: 'x', run });
      expect(Array.from(one.series('phones', 'share', 'apple'))).toEqual(Array.from(r.paths[run].series('phones', 'share', 'apple')));
      sum += one.at('phones', 'share', 'apple', 6);
    }
    expect(r.stat('phones', 'share', 'apple', 6).mean).toBeCloseTo(sum / 40, 9);
  });

  it('standard errors shrink as 1/sqrt(runs)', async () => {
    const s = short('baseline');
    const small = await simulate(s, { runs: 200, seed: 5 });
    const large = await simulate(s, { runs: 800, seed: 6 });
    for (const [market, agent] of [['phones', 'apple'], ['assistants', 'alibaba'], ['assistants', 'deepseek']] as const) {
      const ratio = small.stat(market, 'share', agent).se / large.stat(market, 'share', agent).se;
      expect(ratio).toBeGreaterThan(2 * 0.8);
      expect(ratio).toBeLessThan(2 * 1.25);
    }
  });

  it('quantiles are within one histogram bin of the exact quantiles', async () => {
    const s = short('baseline');
    const runs = 257;
    const r = await simulate(s, { runs, seed: 9, keepPaths: runs, quantiles: [0.05, 0.25, 0.5, 0.75, 0.95] });
    const exact = (xs: number[], q: number) => { const v = [...xs].sort((a, b) => a - b); const h = q * (v.length - 1); const lo = Math.floor(h); return v[lo] + (h - lo) * ((v[Math.min(lo + 1, v.length - 1)]) - v[lo]); };
    for (const [market, metric, agent, tolerance] of [
      ['phones', 'share', 'apple', 1 / 2048], ['assistants', 'share', 'deepseek', 1 / 2048],
      ['assistants', 'users', 'alibaba', 1 / 64], ['phones', 'installedBase', 'huawei', 1 / 64],
    ] as const) {
      const values = r.paths.map((p) => p.at(market, metric, agent, 12));
      const stat = r.stat(market, metric, agent, 12);
      stat.quantiles.forEach((q, i) => {
        const e = exact(values, r.quantiles[i]);
        const allowed = (metric === 'share' ? tolerance : tolerance * e) * (1 + 1e-9);
        expect(Math.abs(q - e)).toBeLessThanOrEqual(allowed);
      });
      expect(stat.min).toBe(Math.min(...values));
      expect(stat.max).toBe(Math.max(...values));
    }
  });

  it('quantiles: [] keeps no histograms and reports no quantiles; every other statistic is bit for bit the default\'s, in shards too', async () => {
    const s = short('apple-alibaba', 8);
    const runs = 2 * BLOCK_RUNS + 9;
    const full = await simulate(s, { runs, seed: 4 });
    const bare = await simulate(s, { runs, seed: 4, quantiles: [] });
    expect(bare.groups().main.summary.histograms).toBe(false);
    expect(full.groups().main.summary.histograms).toBe(true);
    expect(bare.toCSV().split('\n')[0]).toBe('scenario,market,metric,agent,step,date,mean,sd,se,unit');
    const cut = (csv: string) => csv.trimEnd().split('\n').slice(1).map((line) => line.split(',').slice(0, 9).join(','));
    expect(cut(bare.toCSV())).toEqual(cut(full.toCSV()));
    const { quantiles, ...rest } = full.stat('phones', 'share', 'apple');
    expect(bare.stat('phones', 'share', 'apple')).toEqual({ ...rest, quantiles: [] });
    expect(quantiles).toHaveLength(5);
    expect(JSON.stringify(bare.events())).toBe(JSON.stringify(full.events()));
    expect(bare.rankTable()).toEqual(full.rankTable());
    // Shards of such a study merge into it exactly, and keep no histograms either.
    const merged = merge(await Promise.all([1, 0].map((index) => simulate(s, { runs, seed: 4, quantiles: [], shard: { index, count: 2 } }))));
    expect(merged.toCSV()).toBe(bare.toCSV());
    expect(merged.groups().main.summary.histograms).toBe(false);
    // A fan chart needs quantiles, and says so.
    expect(() => bare.toSVG()).toThrow(/quantiles/);
  });

  it('gives the same results in one batch or in many (shards merged in any order)', async () => {
    const s = short('baseline', 8);
    const runs = 3 * BLOCK_RUNS + 17;
    const options = { runs, seed: 3, conditions: { approved: (x: import('../../src/index.js').RunResult) => x.events.some((e) => e.kind === 'approved') } };
    const whole = await simulate(s, options);
    const parts = await Promise.all([2, 0, 3, 1].map((index) => simulate(s, { ...options, shard: { index, count: 4 } })));
    const merged = merge(parts);
    expect(merged.toCSV()).toBe(whole.toCSV());
    expect(merged.given('approved').toCSV()).toBe(whole.given('approved').toCSV());
    expect(JSON.stringify(merged.events())).toBe(JSON.stringify(whole.events()));
    expect(merged.rankTable()).toEqual(whole.rankTable());
    expect(() => merge(parts.slice(1))).toThrow(RivalsimError);
  });

  it('estimates rank probabilities, predicates, event statistics and conditional summaries', async () => {
    const s = short('baseline', 18);
    const r = await simulate(s, {
      runs: 400, seed: 11, rankSteps: [0, 18],
      predicates: { appleAboveHuawei: (x) => x.at('phones', 'share', 'apple', 18) > x.at('phones', 'share', 'huawei', 18) },
      conditions: { approved: (x) => x.events.some((e) => e.kind === 'approved' && e.event === 'apple+alibaba') },
    });
    // Ranks: a probability distribution over agents for each rank, and over ranks for each agent.
    const agents = r.markets[0].agents;
    for (let rank = 1; rank <= agents.length; rank++) {
      expect(agents.reduce((p, a) => p + r.rankProbability('phones', a, rank).probability, 0)).toBeCloseTo(1, 12);
    }
    expect(r.rankProbability('phones', 'huawei', 1, 0).probability).toBe(1); // Huawei leads in January 2025 (its December launches)
    const approval = r.event('approved', 'apple+alibaba');
    const rejection = r.event('rejected', 'apple+alibaba');
    expect(approval.probability + rejection.probability).toBeCloseTo(1, 12);
    expect(approval.probability).toBeGreaterThan(0.5); // Beta(6, 3): mean 2/3
    expect(approval.probability).toBeLessThan(0.8);
    expect(approval.firstStep.reduce((a, b) => a + b, 0)).toBeCloseTo(approval.probability, 12);
    const given = r.given('approved');
    expect(given.runs).toBe(Math.round(approval.probability * 400));
    expect(given.event('approved', 'apple+alibaba').probability).toBe(1);
    expect(given.stat('phones', 'share', 'apple').mean).toBeGreaterThan(r.stat('phones', 'share', 'apple').mean);
    const p = r.probability('appleAboveHuawei');
    expect(p.probability).toBeGreaterThanOrEqual(0);
    expect(p.se).toBeCloseTo(Math.sqrt((p.probability * (1 - p.probability)) / 400), 12);
  });

  it('reports a failing run with its index and seed instead of dropping it', async () => {
    const failing: Policy = { name: 'fails', decide(obs) { if (obs.step === 3) throw new Error('boom'); } };
    const s = short('baseline', 6);
    const landscape = { ...s.landscape, agents: s.landscape.agents.map((a) => (a.id === 'tencent' ? { ...a, policy: failing } : a)) };
    const error = await simulate({ ...s, landscape }, { runs: 10, seed: 8 }).catch((e) => e);
    expect(error).toBeInstanceOf(RunError);
    expect(error.run).toBe(0);
    expect(error.seed).toBe(8);
    expect(error.message).toMatch(/Run 0 \(seed 8\) failed: boom/);
  });

  it('validates its options', async () => {
    const s = short('baseline', 3);
    await expect(simulate(s, { runs: -5 })).rejects.toThrow(/runs/);
    await expect(simulate(s, { runs: 10, quantiles: [0, 0.5] })).rejects.toThrow(/quantiles/);
    await expect(simulate(s, { runs: 10, rankSteps: [99] })).rejects.toThrow(/rankSteps\[0\]/);
    await expect(simulate(s, { runs: 10, shard: { index: 3, count: 2 } })).rejects.toThrow(/shard.index/);
  });

  it('summarises only the metrics asked for (and share), with the same statistics, and names what is left out', async () => {
    const s = short('apple-alibaba', 6);
    const runs = BLOCK_RUNS + 17;
    const all = await simulate(s, { runs, seed: 3 });
    const few = await simulate(s, { runs, seed: 3, metrics: ['users'] });
    expect(few.markets.map((m) => [m.id, m.metrics])).toEqual([['phones', ['share']], ['assistants', ['share', 'users']]]);
    const kept = (r: typeof all) => r.rows().filter((row) => row.metric === 'share' || row.metric === 'users');
    expect(kept(few)).toEqual(kept(all));
    expect(() => few.stat('phones', 'sales', 'apple', 6)).toThrow(/expected one of share/);
    const error = await simulate(s, { runs: 10, metrics: ['sale'] }).catch((e) => e);
    expect(error).toBeInstanceOf(RivalsimError);
    expect(error.path).toBe('metrics[0]');
    // Shards of a study with fewer metrics merge into it exactly.
    const parts = await Promise.all([0, 1].map((index) => simulate(s, { runs, seed: 3, metrics: ['users'], shard: { index, count: 2 } })));
    expect(merge(parts).toCSV()).toBe(few.toCSV());
  });

  it('reports progress and can be aborted', async () => {
    const s = short('baseline', 3);
    const seen: number[] = [];
    await simulate(s, { runs: 2 * BLOCK_RUNS + 1, seed: 1, onProgress: (p) => seen.push(p.done) });
    expect(seen).toEqual([BLOCK_RUNS, 2 * BLOCK_RUNS, 2 * BLOCK_RUNS + 1]);
    const controller = new AbortController();
    controller.abort();
    await expect(simulate(s, { runs: 10, signal: controller.signal })).rejects.toThrow(/aborted/);
  });
});

describe('designs', () => {
  const plan = compileScenario(short('baseline', 3));

  it('Latin hypercube puts one run in each stratum of every input, and depends on (seed, runs) only', () => {
    const runs = 200;
    const d = buildDesign(plan, { kind: 'latin-hypercube', seed: 4, runs });
    expect(d.inputs.length).toBeGreaterThan(5);
    for (const path of d.inputs) {
      const strata = Array.from({ length: runs }, (_, r) => Math.floor(d.row(r)(path)! * runs)).sort((a, b) => a - b);
      expect(strata).toEqual(Array.from({ length: runs }, (_, i) => i));
    }
    const again = buildDesign(plan, { kind: 'latin-hypercube', seed: 4, runs });
    expect(again.row(17)(d.inputs[2])).toBe(d.row(17)(d.inputs[2]));
    expect(buildDesign(plan, { kind: 'latin-hypercube', seed: 5, runs }).row(17)(d.inputs[2])).not.toBe(d.row(17)(d.inputs[2]));
  });

  it('Latin hypercube estimates the mean of an input with less error than plain Monte Carlo', async () => {
    const s = short('baseline', 1);
    const path = 'events[0].approvalProbability'; // Beta(6, 3): mean 2/3
    const errors = { 'monte-carlo': 0, 'latin-hypercube': 0 } as Record<string, number>;
    for (const design of ['monte-carlo', 'latin-hypercube'] as const) {
      for (const seed of [1, 2, 3]) {
        const r = await simulate(s, { runs: 100, seed, design, keepPaths: 100 });
        const mean = r.paths.reduce((a, p) => a + p.inputs[path], 0) / 100;
        errors[design] += Math.abs(mean - 2 / 3);
      }
    }
    expect(errors['latin-hypercube']).toBeLessThan(errors['monte-carlo'] / 3);
  });

  it('Iman–Conover gives the requested rank correlations', () => {
    const runs = 2000;
    const inputs = ['events[0].approvalProbability', 'events[0].reviewMonths', 'events[0].integrationQuality'];
    const matrix = [[1, -0.6, 0.3], [-0.6, 1, 0], [0.3, 0, 1]];
    for (const kind of ['monte-carlo', 'latin-hypercube'] as const) {
      const d = buildDesign(plan, { kind, seed: 12, runs, correlations: { inputs, matrix } });
      const cols = inputs.map((p) => Array.from({ length: runs }, (_, r) => d.row(r)(p)!));
      for (let i = 0; i < 3; i++) for (let j = 0; j < i; j++) expect(Math.abs(spearman(cols[i], cols[j]) - matrix[i][j])).toBeLessThan(0.05);
    }
  });

  it('rejects invalid correlation specs with the path', () => {
    const inputs = ['events[0].approvalProbability', 'events[0].reviewMonths'];
    expect(() => buildDesign(plan, { seed: 1, runs: 10, correlations: { inputs, matrix: [[1, 1.2], [1.2, 1]] } })).toThrow(/correlations.matrix\[0\]\[1\]/);
    expect(() => buildDesign(plan, { seed: 1, runs: 10, correlations: { inputs, matrix: [[1, 0.5], [0.4, 1]] } })).toThrow(/symmetric/);
    expect(() => buildDesign(plan, { seed: 1, runs: 10, correlations: { inputs: [...inputs, 'events[0].adoption'], matrix: [[1, 0.9, 0.9], [0.9, 1, -0.9], [0.9, -0.9, 1]] } })).toThrow(/positive definite/);
    expect(() => buildDesign(plan, { seed: 1, runs: 10, correlations: { inputs: ['nope', inputs[1]], matrix: [[1, 0], [0, 1]] } })).toThrow(/correlations.inputs\[0\]/);
  });
});

describe('compare', () => {
  it('a scenario compared with itself gives exactly zero differences', async () => {
    const c = await compare(short('baseline'), short('baseline'), { runs: 150, seed: 2 });
    for (const row of c.rows()) {
      expect(row.mean).toBe(0);
      expect(row.sd).toBe(0);
      expect(row.pGreater).toBe(0);
    }
  });

  it('a never-approved partnership compares as zero', async () => {
    const base = short('baseline');
    const withDeal: ScenarioSpec = {
      ...base,
      events: [...base.events!, {
        type: 'partnership', id: 'honor+alibaba', deviceMaker: 'honor', provider: 'alibaba', announceMonth: 2,
        approvalProbability: 0, reviewMonths: 3, integrationQuality: 0.7, visibility: 0.3, adoption: 0.4,
      }],
    };
    const c = await compare(base, withDeal, { runs: 150, seed: 2, design: 'latin-hypercube' });
    expect(c.rows().every((r) => r.mean === 0 && r.sd === 0)).toBe(true);
  });

  it('the approved deal raises Apple\'s phone share, with a confidence interval above zero', async () => {
    const c = await compare(short('baseline', 24), short('apple-alibaba', 24), { runs: 300, seed: 7 });
    const d = c.difference('phones', 'share', 'apple', 24);
    expect(d.ciLow).toBeGreaterThan(0);
    expect(d.pGreater).toBeGreaterThan(d.pLess);
    expect(d.ciHigh - d.ciLow).toBeCloseTo(2 * 1.96 * d.se, 12);
    expect(c.toCSV().split('\n')[0]).toBe('a,b,market,metric,agent,step,date,mean_diff,sd,se,ci_low,ci_high,p_b_gt_a,p_b_lt_a,unit');
    expect(c.b.event('approved', 'apple+alibaba').probability).toBe(1);
  });
});

describe('exact sums', () => {
  it('are exact and order-independent for negative and positive values alike', async () => {
    const { ExactSums } = await import('../../src/index.js');
    const values = [-0.009661047901197373, 0.3, -1e-9, 12345.678, -12345.678, 1 / 3, -2 / 3];
    const a = new ExactSums(1), b = new ExactSums(1);
    values.forEach((v) => a.add(0, v));
    [...values].reverse().forEach((v) => b.add(0, v));
    expect(a.value(0)).toBe(b.value(0));
    const one = new ExactSums(1);
    one.add(0, -0.009661047901197373);
    expect(Math.abs(one.value(0) - -0.009661047901197373)).toBeLessThan(2 ** -32);
    expect(Math.abs(a.value(0) - values.reduce((x, y) => x + y, 0))).toBeLessThan(1e-8);
  });
});
