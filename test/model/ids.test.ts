/**
 * Ids as types (issue 15, item 6): the bundled landscape and scenarios
 * declare their ids, results are asked about known ids only, and custom
 * specs keep compiling with `string` ids.
 *
 * Two halves. The type assertions (`expectTypeOf`, `// @ts-expect-error`)
 * are checked by `tsc --noEmit`, the first step of `npm test`: a wrong id
 * that compiled would leave its `@ts-expect-error` unused, which is an
 * error. The run-time tests check that the declared types tell the truth:
 * the ids the specs really hold are the ids their types list.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  chinaLandscape, compare, compileScenario, createWorld, defineLandscape, defineScenario, isScenarioId, runScenario, scenarios, simulate,
  RivalsimError,
  type AppleAlibabaEventId, type AppleBaiduEventId, type ChinaAgent, type ChinaLandscapeIds, type ComparisonResult, type EventStat,
  type LandscapeSpec, type RunResult, type ScenarioId, type ScenarioSpec, type SimulationResult, type StudyIds, type StudyIdsOf,
  type DealEventKind, type EventLogKind, type EventQuery, type Plan,
  prepareScenario,
} from '../../src/index.js';
import { EVENT_KINDS } from '../../src/model/result.js';

/** The ids the China landscape declares, written out once for both halves. */
const CHINA_AGENTS = ['apple', 'alibaba', 'huawei', 'honor', 'vivo', 'deepseek', 'xiaomi', 'oppo', 'bytedance', 'tencent', 'baidu', 'others'] as const;
const PHONES = ['apple', 'huawei', 'honor', 'vivo', 'xiaomi', 'oppo', 'others'] as const;
const ASSISTANTS = ['alibaba', 'deepseek', 'bytedance', 'tencent', 'baidu', 'huawei', 'honor', 'vivo', 'xiaomi', 'oppo', 'others'] as const;
const DEVICE_METRICS = ['share', 'sales', 'installedBase', 'installedBaseShare', 'aiCapability'] as const;
const ASSISTANT_METRICS = ['share', 'users', 'ownUsers', 'trialUsers', 'servedUsers', 'load', 'outages', 'aiCapability'] as const;
const R1 = ['huawei', 'honor', 'vivo', 'oppo', 'xiaomi'] as const;
const COMMON_EVENTS = [
  'launch:deepseek-r1', 'shock:deepseek-buzz', ...R1.map((m) => `${m}+deepseek` as const), 'launch:tencent-yuanbao-r1',
  ...R1.map((m) => `launch:${m}-assistant` as const), 'subsidy:2025-mass', 'subsidy:2025-premium',
] as const;
const BUNDLED_IDS = [
  'baseline', 'apple-alibaba', 'apple-baidu', 'deepseek-surge', 'homegrown-ai', 'capacity-crunch', 'approval-delayed', 'apple-alibaba-high-visibility',
] as const;
/** Each bundled scenario's declared event ids. */
const EVENTS: { [K in ScenarioId]: readonly string[] } = {
  baseline: ['apple+alibaba', ...COMMON_EVENTS],
  'apple-alibaba': ['apple+alibaba', ...COMMON_EVENTS],
  'apple-baidu': ['apple+baidu', 'shock:baidu-data-retention', ...COMMON_EVENTS],
  'deepseek-surge': ['apple+alibaba', ...COMMON_EVENTS],
  'homegrown-ai': ['apple+alibaba', ...COMMON_EVENTS],
  'capacity-crunch': ['apple+alibaba', ...COMMON_EVENTS],
  'approval-delayed': ['apple+alibaba', ...COMMON_EVENTS],
  'apple-alibaba-high-visibility': ['apple+alibaba', ...COMMON_EVENTS],
};

/** A stand-in of type `T` for compile-time checks in closures that are never called (no study is run for them). */
function typeOf<T>(): T {
  return undefined as unknown as T;
}

describe('ids as types: the declarations match the ids the specs hold', () => {
  it('the China landscape: agents, each market\'s participants and metrics, at any start', () => {
    expectTypeOf<ChinaAgent>().toEqualTypeOf<(typeof CHINA_AGENTS)[number]>();
    expectTypeOf<ChinaLandscapeIds['markets']>().toEqualTypeOf<'phones' | 'assistants'>();
    expectTypeOf<ChinaLandscapeIds['metrics']>().toEqualTypeOf<
      (typeof DEVICE_METRICS)[number] | `flow:${(typeof PHONES)[number]}` | (typeof ASSISTANT_METRICS)[number]
    >();
    for (const start of ['2022-01', '2025-01']) {
      const l = chinaLandscape({ start });
      expect(l.agents.map((a) => a.id)).toEqual(CHINA_AGENTS);
      expect(l.markets.map((m) => m.id)).toEqual(['phones', 'assistants']);
      expect(l.markets[0].participants.map((p) => p.agent)).toEqual(PHONES);
      expect(l.markets[1].participants.map((p) => p.agent)).toEqual(ASSISTANTS);
    }
  });

  it('the metrics a run records are those the landscape\'s ids list', () => {
    const run = runScenario({ id: 'ids', landscape: chinaLandscape(), horizon: 1, switches: { noise: false, policies: false } }, { seed: 1 });
    expect(run.markets[0].metrics).toEqual([...DEVICE_METRICS, ...PHONES.map((a) => `flow:${a}`)]);
    expect(run.markets[1].metrics).toEqual(ASSISTANT_METRICS);
  });

  it('the bundled scenarios: their ids, and each one\'s declared event ids', () => {
    expectTypeOf<ScenarioId>().toEqualTypeOf<(typeof BUNDLED_IDS)[number]>();
    expect(Object.keys(scenarios)).toEqual(BUNDLED_IDS);
    expectTypeOf<AppleAlibabaEventId>().toEqualTypeOf<'apple+alibaba' | (typeof COMMON_EVENTS)[number]>();
    expectTypeOf<AppleBaiduEventId>().toEqualTypeOf<'apple+baidu' | 'shock:baidu-data-retention' | (typeof COMMON_EVENTS)[number]>();
    expectTypeOf(scenarios.baseline).toEqualTypeOf<ScenarioSpec<ChinaLandscapeIds, AppleAlibabaEventId>>();
    expectTypeOf(scenarios['apple-baidu']).toEqualTypeOf<ScenarioSpec<ChinaLandscapeIds, AppleBaiduEventId>>();
    for (const id of BUNDLED_IDS) {
      expect(compileScenario(scenarios[id]).events.map((e) => e.id).sort()).toEqual([...EVENTS[id]].sort());
    }
  });

  it('isScenarioId narrows a name read at run time', () => {
    const name: string = 'apple-baidu';
    expect(isScenarioId(name)).toBe(true);
    expect(isScenarioId('no-such')).toBe(false);
    expect(isScenarioId('toString')).toBe(false);
    if (isScenarioId(name)) expectTypeOf(name).toEqualTypeOf<ScenarioId>();
  });
});

describe('ids as types: results of the bundled scenarios', () => {
  it('complete and check markets, metrics, agents and events (compile-time)', () => {
    type Baseline = StudyIdsOf<ChinaLandscapeIds, AppleAlibabaEventId>;
    const study = () => simulate(scenarios.baseline, { runs: 1, seed: 1 }); // never called: its type is what is checked
    expectTypeOf(study).returns.resolves.toEqualTypeOf<SimulationResult<Baseline>>();
    const result = typeOf<SimulationResult<Baseline>>();
    expectTypeOf<Parameters<SimulationResult<Baseline>['stat']>[0]>().toEqualTypeOf<'phones' | 'assistants'>();
    expectTypeOf<Parameters<SimulationResult<Baseline>['stat']>[2]>().toEqualTypeOf<ChinaAgent>();
    expectTypeOf<Parameters<SimulationResult<Baseline>['rankProbability']>[1]>().toEqualTypeOf<ChinaAgent>();
    const unused = () => {
      result.stat('phones', 'share', 'apple', 24);
      result.stat('phones', 'flow:huawei', 'apple');
      result.quantileErrors('assistants', 'users', 'deepseek', 12, [0.5]);
      result.rankProbability('phones', 'apple', 1);
      // @ts-expect-error no agent 'nokia'
      result.stat('phones', 'share', 'nokia');
      // @ts-expect-error no market 'tablets'
      result.stat('tablets', 'share', 'apple');
      // @ts-expect-error no metric 'shares'
      result.stat('phones', 'shares', 'apple');
      // @ts-expect-error no agent 'nokia'
      result.rankProbability('phones', 'nokia');
      // @ts-expect-error no flow from 'nokia'
      result.quantileErrors('phones', 'flow:nokia', 'apple');
      result.given('approved').stat('phones', 'share', 'apple');
      // @ts-expect-error a condition's view has the same ids
      result.given('approved').stat('phones', 'share', 'nokia');
    };
    expect(unused).toBeTypeOf('function');
  });

  it('an event query\'s kinds are the event log\'s kinds, no more and no fewer (compile-time)', () => {
    // EventQuery writes the kinds again, one tuple per shape of query: this keeps it in step with EVENT_KINDS.
    type Kinds = EventQuery<StudyIdsOf<ChinaLandscapeIds, AppleAlibabaEventId>>[0];
    expectTypeOf<Kinds>().toEqualTypeOf<EventLogKind>();
    expectTypeOf<DealEventKind>().toMatchTypeOf<EventLogKind>();
    expect(EVENT_KINDS.length).toBe(11);
  });

  it('events: a kind and what it is counted by (compile-time)', () => {
    const result = typeOf<SimulationResult<StudyIdsOf<ChinaLandscapeIds, AppleAlibabaEventId>>>();
    const unused = (): EventStat[] => [
      result.event('approved', 'apple+alibaba'),
      result.event('live', 'apple+bytedance'),
      result.event('live', 'apple+bytedance@7'),
      result.event('launch', 'launch:deepseek-r1'),
      result.event('launch', 'invest:alibaba@12'),
      result.event('subsidy', 'subsidy:2025-mass'),
      result.event('outage', undefined, 'alibaba'),
      result.event('policy', undefined, 'apple', 'seekPartner'),
      result.eventWithErrors('live', 'apple+alibaba'),
      // @ts-expect-error unknown kind
      result.event('approvd', 'apple+alibaba'),
      // @ts-expect-error the baseline declares no event 'apple+baidu' (a shock is named by a declared id only)
      result.event('shock', 'apple+baidu'),
      // @ts-expect-error no agent 'nokia' for a policy-made deal
      result.event('live', 'nokia+alibaba'),
      // @ts-expect-error an outage is counted by agent
      result.event('outage', 'alibaba'),
      // @ts-expect-error no agent 'nokia'
      result.event('outage', undefined, 'nokia'),
      // @ts-expect-error a policy needs its name
      result.event('policy', undefined, 'apple'),
      // @ts-expect-error no such launch
      result.eventWithErrors('launch', 'launch:nokia'),
    ];
    expect(unused).toBeTypeOf('function');
  });

  it('the scenarios record rejects an unknown id (compile-time)', () => {
    // @ts-expect-error no bundled scenario 'no-such'
    const missing = () => scenarios['no-such'];
    expect(missing()).toBeUndefined();
  });

  it('runs, worlds and comparisons carry the ids too', async () => {
    const run = runScenario({ ...scenarios.baseline, horizon: 2 }, { seed: 1 });
    expectTypeOf(run).toEqualTypeOf<RunResult<StudyIdsOf<ChinaLandscapeIds, AppleAlibabaEventId>>>();
    expect(run.at('phones', 'share', 'apple', 2)).toBeGreaterThan(0);
    // @ts-expect-error no agent 'nokia'
    expect(() => run.series('phones', 'share', 'nokia')).toThrow(RivalsimError);
    const world = createWorld({ ...scenarios['apple-baidu'], horizon: 2 }, { seed: 1 });
    expectTypeOf(world.run()).toEqualTypeOf<RunResult<StudyIdsOf<ChinaLandscapeIds, AppleBaiduEventId>>>();
    expect(world.result().at('assistants', 'users', 'baidu', 0)).toBeGreaterThan(0);
    // Loops over the ids a result lists compile: they are the result's own ids.
    for (const m of run.markets) for (const a of m.agents) expect(run.at(m.id, 'share', a, 0)).toBeGreaterThanOrEqual(0);

    const c = await compare({ ...scenarios.baseline, horizon: 2 }, { ...scenarios['apple-baidu'], horizon: 2 }, { runs: 8, seed: 1 });
    expectTypeOf(c).toEqualTypeOf<ComparisonResult<StudyIdsOf<ChinaLandscapeIds, AppleAlibabaEventId>, StudyIdsOf<ChinaLandscapeIds, AppleBaiduEventId>>>();
    expect(c.difference('phones', 'share', 'apple').n).toBe(8);
    // @ts-expect-error no agent 'nokia'
    expect(() => c.difference('phones', 'share', 'nokia')).toThrow(RivalsimError);
    c.a.event('approved', 'apple+alibaba');
    c.b.event('approved', 'apple+baidu');
    // @ts-expect-error b is apple-baidu: it declares no event 'apple+alibaba'
    expect(() => c.b.event('shock', 'apple+alibaba')).toThrow(RivalsimError);
  });

  it('a compiled plan keeps its scenario\'s ids: compile once, simulate and run it typed', async () => {
    const plan = compileScenario({ ...scenarios['apple-baidu'], horizon: 2 });
    expectTypeOf(plan).toEqualTypeOf<Plan<ChinaLandscapeIds, AppleBaiduEventId>>();
    const r = await simulate(plan, { runs: 8, seed: 1 });
    expectTypeOf(r).toEqualTypeOf<SimulationResult<StudyIdsOf<ChinaLandscapeIds, AppleBaiduEventId>>>();
    expect(r.stat('phones', 'share', 'apple', 2).n).toBe(8);
    // @ts-expect-error no agent 'nokia'
    expect(() => r.stat('phones', 'share', 'nokia', 2)).toThrow(RivalsimError);
    // @ts-expect-error apple-baidu declares no shock 'apple+alibaba'
    expect(() => r.event('shock', 'apple+alibaba')).toThrow(RivalsimError);
    expectTypeOf(runScenario(plan, { seed: 1 })).toEqualTypeOf<RunResult<StudyIdsOf<ChinaLandscapeIds, AppleBaiduEventId>>>();
    // A plan compiled from an untyped spec has plain string ids, as before.
    const wide: ScenarioSpec = { ...scenarios.baseline, horizon: 2 };
    expectTypeOf(compileScenario(wide)).toEqualTypeOf<Plan>();
    expectTypeOf(await prepareScenario(plan)).toEqualTypeOf<Plan<ChinaLandscapeIds, AppleBaiduEventId>>();
  });

  it('a typed result is still a result: report code taking SimulationResult accepts it', () => {
    const wide = (r: SimulationResult): number => r.runs;
    const typed = typeOf<SimulationResult<StudyIdsOf<ChinaLandscapeIds, AppleAlibabaEventId>>>();
    const unused = () => wide(typed);
    expect(unused).toBeTypeOf('function');
  });
});

describe('ids as types: custom landscapes and scenarios', () => {
  const duopoly = defineLandscape({
    start: '2025-01',
    agents: [{ id: 'a', name: 'A', roles: ['deviceMaker'], attributes: { brand: 0.6 } }, { id: 'b', name: 'B', roles: ['deviceMaker'], attributes: { brand: 0.4 } }],
    markets: [{
      kind: 'devices', id: 'phones', name: 'Phones', unitsPerYear: 100, replacementCycleMonths: 36, weights: { brand: 1 },
      participants: [{ agent: 'a', initialShare: 0.6 }, { agent: 'b', initialShare: 0.4 }],
    }],
  });

  it('defineLandscape and defineScenario infer the ids of a literal, and return it as it is', async () => {
    expectTypeOf<NonNullable<(typeof duopoly)['agents']>[number]['id']>().toEqualTypeOf<string>();
    const s = defineScenario({
      id: 'duel', landscape: duopoly, horizon: 3,
      events: [{ type: 'shock', id: 'crash', agents: ['a'], change: -1, month: 1 }],
      metrics: [{ id: 'lead', market: 'phones', expr: 'share_a - share_b' }],
    });
    expect(s.landscape).toBe(duopoly);
    const result = await simulate(s, { runs: 16, seed: 1 });
    expectTypeOf(result).toEqualTypeOf<SimulationResult<{
      markets: 'phones'; agents: 'a' | 'b'; metrics: 'share' | 'sales' | 'installedBase' | 'installedBaseShare' | 'aiCapability' | 'flow:a' | 'flow:b' | 'lead'; events: 'crash';
    }>>();
    const [lead, a, b] = [result.stat('phones', 'lead', 'a'), result.stat('phones', 'share', 'a'), result.stat('phones', 'share', 'b')];
    expect(lead.mean).toBeCloseTo(a.mean - b.mean, 9);
    expect(result.event('shock', 'crash').probability).toBe(1);
    // @ts-expect-error no agent 'c'
    expect(() => result.stat('phones', 'share', 'c')).toThrow(RivalsimError);
    // @ts-expect-error no event 'crsh'
    expect(() => result.event('shock', 'crsh')).toThrow(RivalsimError);
  });

  it('an entrant of defineScenario is one of its agents', () => {
    const s = defineScenario({
      id: 'entry', landscape: chinaLandscape(), events: [{ type: 'entry', agent: 'newco', market: 'assistants', month: 2 }],
    });
    const study = () => simulate(s, { runs: 1, seed: 1 }); // never called: its type is what is checked
    expectTypeOf<Awaited<ReturnType<typeof study>>['stat']>().parameter(2).toEqualTypeOf<ChinaAgent | 'newco'>();
    expect(study).toBeTypeOf('function');
  });

  it('a spec typed LandscapeSpec or ScenarioSpec has string ids: existing code compiles as before', async () => {
    const landscape: LandscapeSpec = duopoly;
    const spec: ScenarioSpec = { id: 'plain', landscape, horizon: 2 };
    const result = await simulate(spec, { runs: 4, seed: 1 });
    expectTypeOf(result).toEqualTypeOf<SimulationResult<StudyIds>>();
    const name: string = 'a', kind: string = 'shock';
    expect(result.stat('phones', 'share', name).mean).toBeGreaterThan(0);
    expect(() => result.event(kind, 'no-such')).toThrow(RivalsimError);
  });
});
