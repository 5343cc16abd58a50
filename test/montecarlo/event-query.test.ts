/**
 * `result.event()` checks its query as `stat` does (issue 15, item 6):
 * unknown kinds, ids, agents and policies throw a RivalsimError naming the
 * known ones, and a pair `maker+provider` stands for the deals policies made
 * between the two (their ids carry the month).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { RivalsimError, scenarios, simulate, type SimulationResult } from '../../src/index.js';

let result: SimulationResult;
beforeAll(async () => { result = await simulate(scenarios.baseline, { runs: 400, seed: 11 }); });

describe('result.event()', () => {
  it('rejects an unknown kind with the list of kinds', () => {
    expect(() => result.event('approvd', 'apple+alibaba')).toThrow(RivalsimError);
    expect(() => result.event('approvd', 'apple+alibaba')).toThrow(/Unknown event kind.*one of announced, approved, rejected, live/);
  });

  it('rejects ids the scenario does not declare for the kind, and agents where an id is needed and the reverse', () => {
    expect(() => result.event('approved', 'apple+alibabba')).toThrow(/Unknown partnership.*apple\+alibaba/);
    expect(() => result.event('live', 'launch:deepseek-r1')).toThrow(/Unknown partnership/);
    expect(() => result.event('launch', 'no-such-launch')).toThrow(/Unknown AI launch/);
    expect(() => result.event('approved')).toThrow(/An event id is needed/);
    expect(() => result.event('outage', 'alibaba')).toThrow(/counted by agent/);
    expect(() => result.event('outage', undefined, 'nokia')).toThrow(/Unknown agent/);
    expect(() => result.event('policy', undefined, 'apple', 'noSuchPolicy')).toThrow(/Unknown policy of "apple"/);
    expect(() => result.event('live', 'apple+bytedance@999')).toThrow(RivalsimError);
  });

  it('still answers zero for declared and possible happenings that never happened', () => {
    expect(result.event('rejected', 'huawei+deepseek').probability).toBe(0);
    expect(result.event('live', 'apple+baidu@3').probability).toBe(0);
    expect(result.event('launch', 'invest:apple@5').probability).toBeGreaterThanOrEqual(0);
    expect(result.event('outage', undefined, 'apple').probability).toBe(0);
  });

  it('sums a pair over the deals policies made between its parties, whatever the month', () => {
    const ids = result.deals().filter((d) => d.deviceMaker === 'apple' && d.provider === 'bytedance').map((d) => d.event);
    expect(ids.length).toBeGreaterThan(1);
    expect(ids.every((id) => /^apple\+bytedance@\d+$/.test(id))).toBe(true);
    const parts = ids.map((id) => result.event('live', id));
    const pair = result.event('live', 'apple+bytedance');
    expect(pair.event).toBe('apple+bytedance');
    expect(pair.probability).toBeGreaterThan(0.05);
    expect(pair.meanCount).toBeCloseTo(parts.reduce((s, p) => s + p.meanCount, 0), 12);
    expect(pair.probability).toBeCloseTo(parts.reduce((s, p) => s + p.probability, 0), 12);
    expect(pair.firstStep.reduce((s, v) => s + v, 0)).toBeCloseTo(pair.probability, 12);
    expect(pair.meanFirstStep).toBeGreaterThan(5);
    // seekPartner proposes to a provider at most once a run: the sum is the share of runs with such a deal.
    expect(pair.countDistribution[0] + pair.countDistribution[1]).toBeCloseTo(1, 12);
    // A declared deal keeps its own statistic, never summed with policy-made ones.
    expect(result.event('live', 'apple+alibaba').event).toBe('apple+alibaba');
    // With errors too.
    expect(result.eventWithErrors('live', 'apple+bytedance').meanCountSE).toBeGreaterThan(0);
  });
});
