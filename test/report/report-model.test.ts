/**
 * The report model (plain rows rendered as text, HTML and the examples'
 * summaries) and the deal parties it reads from the event log's structured
 * fields; with type tests of the public surface it adds.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  comparisonPolicyDeals, compare, declaredDeals, keyEvents, marketShares, mergeShardJSON, outages, policyDeals, scenarios, shardToJSON, simulate,
  studyText, type ComparisonResult, type DealParties, type MimeBundle, type PolicyDealRow, type SimulationResult,
} from '../../src/index.js';
import { EventStats } from '../../src/montecarlo/events.js';

describe('deal parties', () => {
  it('come from the log entries agent and partner, whatever the id, and survive state, merging and shard files', async () => {
    const e = new EventStats(3);
    e.add([{ step: 1, date: '2025-02', kind: 'announced', event: 'a deal with no pair in its id', agent: 'apple', partner: 'alibaba' }]);
    const other = new EventStats(3);
    other.add([{ step: 2, date: '2025-03', kind: 'approved', event: 'x@y+z', agent: 'honor', partner: 'baidu' }]);
    e.merge(EventStats.fromState(other.toState()));
    expect(EventStats.fromState(e.toState()).deals()).toEqual([
      { event: 'a deal with no pair in its id', deviceMaker: 'apple', provider: 'alibaba' },
      { event: 'x@y+z', deviceMaker: 'honor', provider: 'baidu' },
    ]);

    const result = await simulate(scenarios['apple-baidu'], { runs: 300, seed: 3, shard: { index: 0, count: 2 } });
    const rest = await simulate(scenarios['apple-baidu'], { runs: 300, seed: 3, shard: { index: 1, count: 2 } });
    const merged = await mergeShardJSON([shardToJSON(result), shardToJSON(rest)].map((d) => JSON.parse(JSON.stringify(d))));
    const whole = await simulate(scenarios['apple-baidu'], { runs: 300, seed: 3 });
    expect(merged.deals()).toEqual(whole.deals());
    expect(whole.deals().length).toBeGreaterThan(1);
    for (const d of whole.deals()) expect(whole.events().some((s) => s.event === d.event)).toBe(true);
  });
});

describe('the report model', () => {
  it('groups the deals policies made by their parties, apart from declared deals, and the rows sum the event statistics', async () => {
    const result = await simulate(scenarios['apple-baidu'], { runs: 300, seed: 3 });
    const declared = declaredDeals(result);
    // The declared deals: Apple–Baidu, and R1 inside each Android maker's assistant.
    expect(declared.map((d) => [d.id, d.deviceMaker, d.provider])).toEqual([
      ['apple+baidu', 'apple', 'baidu'],
      ...['huawei', 'honor', 'vivo', 'oppo', 'xiaomi'].map((m) => [`${m}+deepseek`, m, 'deepseek']),
    ]);
    expect(declared[0].approved + declared[0].rejected).toBeCloseTo(result.event('approved', 'apple+baidu').probability + result.event('rejected', 'apple+baidu').probability);
    const made = policyDeals(result);
    expect(made.length).toBeGreaterThan(0);
    for (const row of made) {
      const ids = result.deals().filter((d) => d.deviceMaker === row.deviceMaker && d.provider === row.provider && d.event !== 'apple+baidu').map((d) => d.event);
      const announced = result.events().filter((s) => s.kind === 'announced' && ids.includes(s.event!)).reduce((sum, s) => sum + s.meanCount, 0);
      expect(row.announced).toBe(announced);
      expect(row.label).toBe(`${result.plan.agents[result.plan.agentIndex.get(row.deviceMaker)!].name} + ${result.plan.agents[result.plan.agentIndex.get(row.provider)!].name}`);
    }
    expect(marketShares(result).map((m) => m.rows.length)).toEqual(result.markets.map((m) => m.agents.length));
    expect(studyText(result, 'x')).toContain('Deals made by policies');
  });

  it('a declared deal is never counted among the deals a policy made, in a comparison either', async () => {
    // capacity-crunch declares apple+alibaba; apple-baidu's policy makes apple+alibaba@t deals.
    const c = await compare(scenarios['apple-baidu'], scenarios['capacity-crunch'], { runs: 200, seed: 7 });
    const alibaba = comparisonPolicyDeals(c).find((d) => d.provider === 'alibaba')!;
    expect(alibaba.approvedA).toBeGreaterThan(0);
    // b's Apple–Alibaba deal is declared (approved in every run): no policy deal of b's is with Alibaba.
    expect(c.b.event('approved', 'apple+alibaba').probability).toBe(1);
    expect(alibaba.approvedB).toBe(0);
    expect(keyEvents(c).filter((e) => e.kind !== 'outage' && !e.id.endsWith('+deepseek')).map((e) => `${e.id} ${e.kind}`)).toEqual([
      'apple+baidu approved', 'apple+baidu live', 'apple+alibaba approved', 'apple+alibaba live',
    ]);
    expect(outages(c.a).every((o) => o.probability > 0)).toBe(true);
  });
});

describe('the public surface (types)', () => {
  it('results show themselves, and simulate takes a run count or runs: auto', () => {
    expectTypeOf<SimulationResult['toSVG']>().returns.toEqualTypeOf<string>();
    expectTypeOf<SimulationResult['_toMime']>().returns.toEqualTypeOf<MimeBundle>();
    expectTypeOf<ComparisonResult['toSVG']>().parameter(0).toMatchTypeOf<{ market?: string; metric?: string } | undefined>();
    expectTypeOf<SimulationResult['deals']>().returns.toEqualTypeOf<DealParties[]>();
    expectTypeOf(simulate).toBeCallableWith(scenarios.baseline, { runs: 10 });
    expectTypeOf(simulate).toBeCallableWith(scenarios.baseline, { runs: 'auto', precision: [{ market: 'phones', metric: 'share', agent: 'apple', halfWidth: 0.01 }] });
    expectTypeOf(policyDeals).returns.toEqualTypeOf<PolicyDealRow[]>();
  });
});
