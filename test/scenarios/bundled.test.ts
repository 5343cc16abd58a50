/**
 * The bundled scenarios: each compiles, runs and keeps the share invariants;
 * no two scenarios share an object; and each tells the story it claims,
 * checked against `baseline` (or `apple-alibaba`) on common random numbers
 * where the direction is robust.
 */
import { describe, expect, it } from 'vitest';
import {
  compare, compileScenario, simulate, uncertainInputs,
  type RunResult, type ScenarioSpec,
} from '../../src/index.js';
import { isScenarioId, scenarioBuilders, scenarios } from '../../src/scenarios/china.js';

/** The bundled ids (typed: `scenarioBuilders` is keyed by them only). */
const IDS = Object.keys(scenarios).filter(isScenarioId);
const REQUIRED = ['baseline', 'apple-alibaba', 'apple-baidu', 'deepseek-surge', 'homegrown-ai', 'capacity-crunch'];

/** The scenario with a shorter horizon (a shallow copy). */
function short(id: string, horizon = 12): ScenarioSpec {
  return { ...scenarios[id], horizon };
}

/** Every object reachable from `root`, with the first path it was found at. */
function objectsOf(root: unknown): Map<object, string> {
  const seen = new Map<object, string>();
  const walk = (x: unknown, path: string) => {
    if (typeof x !== 'object' || x === null || seen.has(x)) return;
    seen.set(x, path);
    for (const [k, v] of Object.entries(x)) walk(v, `${path}.${k}`);
  };
  walk(root, '');
  return seen;
}

/** Share invariants of one run: finite, in [0, 1], summing to 1 within 1e-12 at every step. */
function checkShares(run: RunResult): void {
  for (const m of run.markets) {
    for (let t = 0; t <= run.horizon; t++) {
      let sum = 0;
      for (const agent of m.agents) {
        const s = run.at(m.id, 'share', agent, t);
        if (!(Number.isFinite(s) && s >= 0 && s <= 1)) throw new Error(`${run.scenario}: ${m.id} share of ${agent} at ${t} is ${s}`);
        sum += s;
      }
      if (Math.abs(sum - 1) > 1e-12) throw new Error(`${run.scenario}: ${m.id} shares sum to ${sum} at step ${t}`);
    }
  }
}

describe('bundled scenarios: declarations', () => {
  it('has the documented ids, each kebab-case and matching its scenario', () => {
    for (const id of REQUIRED) expect(IDS).toContain(id);
    for (const id of IDS) {
      expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(scenarios[id].id).toBe(id);
      expect(scenarioBuilders[id]().id).toBe(id);
    }
    expect(Object.keys(scenarioBuilders)).toEqual(IDS);
    expect(IDS).toEqual(Object.keys(scenarios));
  });

  it.each(IDS)('%s has a name, a one-paragraph description and uncertain inputs', (id) => {
    const s = scenarios[id];
    expect(s.name?.length ?? 0).toBeGreaterThan(10);
    expect(s.description?.length ?? 0).toBeGreaterThan(200);
    expect(s.description).not.toMatch(/\n/);
    expect(uncertainInputs(compileScenario(s)).length).toBeGreaterThan(5);
  });

  it('shares no object between two scenarios, nor with a fresh build', () => {
    const owner = new Map<object, string>();
    for (const id of IDS) {
      for (const [obj, path] of objectsOf(scenarios[id])) {
        const other = owner.get(obj);
        if (other) throw new Error(`${id}${path} is the same object as in ${other}`);
        owner.set(obj, `${id}${path}`);
      }
    }
    for (const id of IDS) {
      for (const obj of objectsOf(scenarioBuilders[id]()).keys()) expect(owner.has(obj)).toBe(false);
    }
  });

  it('mutating one scenario changes no other one', () => {
    const before = Object.fromEntries(IDS.map((id) => [id, JSON.stringify(scenarios[id])]));
    const s = scenarioBuilders.baseline();
    s.landscape.agents[0].attributes!.brand = 0;
    s.landscape.markets[0].weights.brand = 99;
    (s.events![0] as { approvalProbability: unknown }).approvalProbability = 0;
    s.landscape.agents.find((a) => a.id === 'apple')!.policy = [];
    for (const id of IDS) expect(JSON.stringify(scenarios[id])).toBe(before[id]);
    expect(JSON.stringify(scenarioBuilders.baseline())).toBe(before.baseline);
  });
});

describe('bundled scenarios: runs and invariants', () => {
  it.each(IDS)('%s runs (100 runs, 12 months) and keeps shares a probability vector', async (id) => {
    const r = await simulate(short(id), { runs: 100, seed: 1, keepPaths: 4 });
    expect(r.runs).toBe(100);
    expect(r.paths).toHaveLength(4);
    r.paths.forEach(checkShares);
    for (const m of r.markets) {
      for (const agent of m.agents) {
        const s = r.stat(m.id, 'share', agent, 12);
        expect(Number.isFinite(s.mean)).toBe(true);
        expect(s.min).toBeGreaterThanOrEqual(0);
        expect(s.max).toBeLessThanOrEqual(1);
      }
    }
  });
});

describe('bundled scenarios: stories (common random numbers)', () => {
  const RUNS = 300;
  const SEED = 2025;
  /** b − a for one cell: its mean and 95 % CI. */
  const diff = async (a: string, b: string) => compare(scenarios[a], scenarios[b], { runs: RUNS, seed: SEED });

  it('apple-alibaba: the approved deal lifts Apple and Alibaba against the baseline', async () => {
    const c = await diff('baseline', 'apple-alibaba');
    expect(c.b.event('approved', 'apple+alibaba').probability).toBe(1);
    expect(c.a.event('approved', 'apple+alibaba').probability).toBeLessThan(0.8);
    expect(c.difference('phones', 'share', 'apple', 12).ciLow).toBeGreaterThan(0);
    expect(c.difference('phones', 'installedBase', 'apple', 36).ciLow).toBeGreaterThan(0);
    expect(c.difference('assistants', 'share', 'alibaba', 36).ciLow).toBeGreaterThan(0);
  });

  it('apple-baidu: lower approval odds, less AI on iPhones, a smaller Apple', async () => {
    const c = await diff('baseline', 'apple-baidu');
    const baidu = c.b.event('approved', 'apple+baidu').probability;
    const alibaba = c.a.event('approved', 'apple+alibaba').probability;
    expect(baidu).toBeLessThan(alibaba - 0.15);
    expect(c.difference('phones', 'aiCapability', 'apple', 18).ciHigh).toBeLessThan(0);
    expect(c.difference('phones', 'share', 'apple', 36).ciHigh).toBeLessThan(0);
  });

  it('deepseek-surge: DeepSeek gains usage share, its cloud strains with the surge, R1 is inside every Android maker\'s assistant', async () => {
    const c = await diff('baseline', 'deepseek-surge');
    expect(c.difference('assistants', 'share', 'deepseek', 36).ciLow).toBeGreaterThan(0.05);
    expect(c.difference('assistants', 'share', 'deepseek', 6).ciLow).toBeGreaterThan(0);
    const outages = c.b.event('outage', undefined, 'deepseek');
    expect(outages.probability).toBeGreaterThan(0.9);
    // The strain comes with the surge: first outages within its first months.
    expect(outages.meanFirstStep).toBeLessThan(4);
    for (const maker of ['huawei', 'honor', 'vivo', 'oppo', 'xiaomi']) expect(c.b.event('live', `${maker}+deepseek`).probability).toBe(1);
  });

  it('deepseek-surge: DeepSeek gains 30 M users within two months, then falls to 80 % of its peak or less as the novelty fades', async () => {
    const r = await simulate(scenarios['deepseek-surge'], { runs: 200, seed: SEED, keepPaths: 200, metrics: ['users'] });
    let surged = 0, faded = 0;
    for (const run of r.paths) {
      const users = run.series('assistants', 'ownUsers', 'deepseek');
      if (Math.max(users[1], users[2]) - users[0] >= 30) surged++;
      let peak = 0, fell = false;
      for (let t = 1; t < users.length; t++) {
        if (users[t] > peak) peak = users[t];
        else if (users[t] <= 0.8 * peak) fell = true;
      }
      if (fell) faded++;
    }
    expect(surged / r.runs).toBeGreaterThan(0.9);
    expect(faded / r.runs).toBeGreaterThan(0.9);
  });

  it('homegrown-ai: rivals\' AI rises, Apple has none and loses share', async () => {
    const c = await diff('baseline', 'homegrown-ai');
    expect(c.b.stat('phones', 'aiCapability', 'apple', 36).max).toBe(0);
    expect(c.b.event('live', 'apple+alibaba').probability).toBe(0);
    for (const rival of ['huawei', 'honor', 'vivo']) expect(c.difference('phones', 'aiCapability', rival, 12).ciLow).toBeGreaterThan(0);
    expect(c.difference('phones', 'share', 'apple', 36).ciHigh).toBeLessThan(-0.02);
  });

  it('capacity-crunch: Alibaba overloaded with outages; Apple gains less than under apple-alibaba', async () => {
    const c = await diff('apple-alibaba', 'capacity-crunch');
    const outages = c.b.event('outage', undefined, 'alibaba');
    expect(outages.probability).toBeGreaterThan(0.7);
    expect(outages.meanCount).toBeGreaterThan(3);
    expect(c.a.event('outage', undefined, 'alibaba').probability).toBe(0);
    expect(c.b.stat('assistants', 'load', 'alibaba', 12).mean).toBeGreaterThan(1);
    expect(c.difference('phones', 'aiCapability', 'apple', 12).ciHigh).toBeLessThan(0);
    expect(c.difference('phones', 'installedBase', 'apple', 24).ciHigh).toBeLessThan(0);
  });

  it('approval-delayed: later go-live and a smaller Apple than apple-alibaba', async () => {
    const c = await diff('apple-alibaba', 'approval-delayed');
    expect(c.b.event('live', 'apple+alibaba').meanFirstStep - c.a.event('live', 'apple+alibaba').meanFirstStep).toBeGreaterThan(6);
    expect(c.difference('phones', 'installedBase', 'apple', 24).ciHigh).toBeLessThan(0);
  });

  it('apple-alibaba-high-visibility: Alibaba is credited with more of the usage', async () => {
    const c = await diff('apple-alibaba', 'apple-alibaba-high-visibility');
    expect(c.difference('assistants', 'share', 'alibaba', 36).ciLow).toBeGreaterThan(0.03);
  });
});
