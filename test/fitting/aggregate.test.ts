/**
 * Aggregation of a run's months to trackers' periods: unit-weighted shares,
 * summed units, averaged users — checked on hand-made runs.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RunResult, compileScenario, observationPredictor, type LandscapeSpec, type ObservationRow } from '../../src/index.js';

const landscape: LandscapeSpec = {
  start: '2021-01',
  agents: [
    { id: 'a', name: 'A', roles: ['deviceMaker', 'aiProvider'], attributes: { brand: 1 } },
    { id: 'b', name: 'B', roles: ['deviceMaker', 'aiProvider'], attributes: { brand: 1 } },
  ],
  markets: [
    { kind: 'devices', id: 'phones', name: 'Phones', unitsPerYear: 12, replacementCycleMonths: 24, weights: { brand: 1 },
      participants: [{ agent: 'a', initialShare: 0.5 }, { agent: 'b', initialShare: 0.5 }] },
    { kind: 'assistants', id: 'bots', name: 'Bots', initialUsers: 10, potential: 100, bass: { p: 0.01, q: 0.1 }, reconsiderationRate: 0.1,
      weights: { brand: 1 }, participants: [{ agent: 'a', initialShare: 0.5 }, { agent: 'b', initialShare: 0.5 }] },
  ],
};
const plan = compileScenario({ id: 'agg', landscape, horizon: 23 });
const T1 = 24;

/** A run whose monthly sales and users are the given arrays (agent-major, 24 months each). */
function runWith(sales: number[][], users: number[][]): RunResult {
  const series = (values: number[][]) => Float64Array.from(values.flat());
  return new RunResult('agg', plan.dates, [
    { id: 'phones', name: 'Phones', kind: 'devices', agents: ['a', 'b'], metrics: ['share', 'sales'], data: { share: new Float64Array(2 * T1), sales: series(sales) } },
    { id: 'bots', name: 'Bots', kind: 'assistants', agents: ['a', 'b'], metrics: ['share', 'users'], data: { share: new Float64Array(2 * T1), users: series(users) } },
  ], [], {});
}

const row = (agent: string, period: string, metric: ObservationRow['metric'], market = 'phones'): ObservationRow =>
  ({ source: 'idc', market, agent, period, metric, value: 0 });

describe('observationPredictor', () => {
  const salesA = Array.from({ length: T1 }, (_, t) => 1 + t);          // 1, 2, 3, …
  const salesB = Array.from({ length: T1 }, (_, t) => (t % 3 === 0 ? 6 : 2));
  const usersA = Array.from({ length: T1 }, (_, t) => 10 + 2 * t);
  const usersB = Array.from({ length: T1 }, () => 5);
  const run = runWith([salesA, salesB], [usersA, usersB]);

  it('a quarter\'s share is its units over the quarter\'s units (hand-computed)', () => {
    const p = observationPredictor(plan, [row('a', '2021-Q1', 'share'), row('b', '2021-Q2', 'share'), row('a', '2021-03', 'share')]);
    const [q1, q2, march] = p.predict(run);
    expect(q1).toBeCloseTo((1 + 2 + 3) / (1 + 2 + 3 + 6 + 2 + 2), 12);   // 6 / 16
    expect(q2).toBeCloseTo((6 + 2 + 2) / (4 + 5 + 6 + 6 + 2 + 2), 12);  // 10 / 25
    expect(march).toBeCloseTo(3 / 5, 12);
    // not the mean of the monthly shares
    expect(q1).not.toBeCloseTo((1 / 7 + 2 / 4 + 3 / 5) / 3, 3);
  });

  it('units sum the months; total sums the agents; a year is twelve months', () => {
    const p = observationPredictor(plan, [row('a', '2021-Q2', 'units'), row('total', '2022', 'units'), row('b', '2021', 'units')]);
    const [q2, total2022, b2021] = p.predict(run);
    expect(q2).toBe(4 + 5 + 6);
    const sum = (xs: number[], from: number, to: number) => xs.slice(from, to + 1).reduce((s, x) => s + x, 0);
    expect(total2022).toBe(sum(salesA, 12, 23) + sum(salesB, 12, 23));
    expect(b2021).toBe(sum(salesB, 0, 11));
  });

  it('users are the mean of the months; assistant shares are user-weighted', () => {
    const p = observationPredictor(plan, [row('a', '2021-Q1', 'users', 'bots'), row('total', '2021-Q1', 'users', 'bots'), row('b', '2021-Q1', 'share', 'bots')]);
    const [a, total, shareB] = p.predict(run);
    expect(a).toBeCloseTo((10 + 12 + 14) / 3, 12);
    expect(total).toBeCloseTo((10 + 12 + 14) / 3 + 5, 12);
    expect(shareB).toBeCloseTo(15 / (36 + 15), 12);
  });

  it('a quarter\'s share is the unit-weighted mean of its monthly shares, for any sales (property)', () => {
    fc.assert(fc.property(fc.array(fc.double({ min: 0.1, max: 50, noNaN: true }), { minLength: 2 * T1, maxLength: 2 * T1 }), fc.integer({ min: 0, max: 7 }), (xs, quarter) => {
      const sa = xs.slice(0, T1), sb = xs.slice(T1);
      const r = runWith([sa, sb], [sa, sb]);
      const period = `${2021 + Math.floor(quarter / 4)}-Q${(quarter % 4) + 1}`;
      const [share] = observationPredictor(plan, [row('a', period, 'share')]).predict(r);
      let num = 0, den = 0;
      for (let t = 3 * quarter; t < 3 * quarter + 3; t++) { const s = sa[t] / (sa[t] + sb[t]); num += s * (sa[t] + sb[t]); den += sa[t] + sb[t]; }
      expect(share).toBeCloseTo(num / den, 10);
    }), { numRuns: 100 });
  });

  it('periods outside the run: an error naming the row, or skipped on request', () => {
    const late = { ...row('a', '2023', 'share'), location: 'obs.csv: row 7 (line 8)' };
    expect(() => observationPredictor(plan, [late])).toThrow(/Period outside the simulated months.*2021-01 … 2022-12.*obs\.csv: row 7 \(line 8\), column "period"/);
    const p = observationPredictor(plan, [late, row('a', '2022', 'share')], { outside: 'skip' });
    expect(p.observations).toHaveLength(1);
    expect(p.skipped).toEqual([late]);
  });

  it('rejects agents and metrics the market does not have', () => {
    expect(() => observationPredictor(plan, [row('c', '2021', 'share')])).toThrow(/Unknown agent.*"c"/);
    expect(() => observationPredictor(plan, [row('a', '2021', 'users')])).toThrow(/Metric not recorded by this market/);
  });
});
