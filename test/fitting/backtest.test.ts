/**
 * Backtests on the synthetic landscape: hold-outs built from earlier data
 * only, scores beside the reference forecasts, the JSON contract, and
 * determinism.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { backtest, backtestToJSON, type BacktestResult, type ObservationRow } from '../../src/index.js';
import { syntheticHistory, syntheticScenarioAt } from './synthetic.js';

let history: ObservationRow[];
let result: BacktestResult;
const seen: Array<{ origin: string; before: ObservationRow[] }> = [];
beforeAll(async () => {
  history = await syntheticHistory({ canalys: true });
  result = await backtest((origin, before) => { seen.push({ origin, before }); return syntheticScenarioAt(origin, before); }, history, {
    origins: ['2022-01', '2023-01'], runs: 200, seed: 4, periods: ['year'],
  });
});

describe('backtest', () => {
  it('builds each origin\'s scenario from the figures published before it only', () => {
    expect(seen.map((s) => s.origin)).toEqual(['2022-01', '2023-01']);
    expect(seen[0].before.every((o) => o.period.startsWith('2021'))).toBe(true);
    expect(seen[1].before.some((o) => o.period.startsWith('2022'))).toBe(true);
    expect(seen[1].before.some((o) => o.period.startsWith('2023'))).toBe(false);
  });

  it('scores the held-back annual shares of every tracker, beside persistence and mean reversion', () => {
    const [first, second] = result.origins;
    expect(first.rows.map((r) => `${r.source} ${r.period} ${r.agent}`)).toEqual([
      'idc 2022 alpha', 'canalys 2022 alpha', 'idc 2022 beta', 'canalys 2022 beta', 'idc 2022 gamma', 'canalys 2022 gamma',
    ]);
    expect(second.n).toBe(6);
    for (const o of result.origins) {
      for (const k of ['mae', 'persistenceMae', 'meanReversionMae', 'crps', 'rmse'] as const) expect(o[k]).toBeGreaterThanOrEqual(0);
      for (const k of ['coverage50', 'coverage90'] as const) expect(o[k]).toBeGreaterThanOrEqual(0);
      expect(o.rows.every((r) => r.p5 <= r.median && r.median <= r.p95)).toBe(true);
      expect(o.rows.every((r) => r.error === r.median - r.observed)).toBe(true);
      const mae = o.rows.reduce((s, r) => s + Math.abs(r.error), 0) / o.rows.length;
      expect(o.mae).toBeCloseTo(mae, 12);
      const persistence = o.rows.reduce((s, r) => s + Math.abs(r.persistenceError), 0) / o.rows.length;
      expect(o.persistenceMae).toBeCloseTo(persistence, 12);
    }
    // persistence carries last year's figure of the same tracker
    const canalysAlpha = second.rows.find((r) => r.source === 'canalys' && r.agent === 'alpha')!;
    expect(canalysAlpha.persistence).toBe(history.find((o) => o.source === 'canalys' && o.agent === 'alpha' && o.period === '2022')!.value);
  });

  it('the model, which knows the drift in taste, beats persistence on the drifting shares', () => {
    for (const o of result.origins) expect(o.mae).toBeLessThan(o.persistenceMae);
  });

  it('prints the JSON contract: { origins: [{ origin, mae, persistenceMae, meanReversionMae, coverage50, coverage90, crps, rows }] }', () => {
    const json = JSON.parse(backtestToJSON(result));
    for (const o of json.origins) {
      for (const k of ['origin', 'mae', 'persistenceMae', 'meanReversionMae', 'coverage50', 'coverage90', 'crps', 'rows']) expect(o).toHaveProperty(k);
      expect(Array.isArray(o.rows)).toBe(true);
    }
  });

  it('is deterministic for a seed', async () => {
    const again = await backtest(syntheticScenarioAt, history, { origins: ['2022-01', '2023-01'], runs: 200, seed: 4, periods: ['year'] });
    expect(backtestToJSON(again)).toBe(backtestToJSON(result));
  });

  it('can fit on the window before each origin and forecast on the posterior', async () => {
    const fitted = await backtest(syntheticScenarioAt, history, {
      origins: ['2023-01'], runs: 100, seed: 1, periods: ['year'], calibrate: { from: '2021-01', particles: 60, generations: 3, parameters: ['aiTrend'] },
    });
    const o = fitted.origins[0];
    expect(o.calibration?.parameters.map((p) => p.path)).toEqual(['parameters.aiTrend']);
    expect(o.n).toBe(6);
  });

  it('rejects bad options and a builder that does not start at the origin', async () => {
    await expect(backtest(syntheticScenarioAt, history, { origins: [] })).rejects.toThrow(/origins/);
    await expect(backtest(syntheticScenarioAt, history, { origins: ['2023-13'] })).rejects.toThrow(/Invalid origin.*origins\[0\]/);
    await expect(backtest((_origin, b) => syntheticScenarioAt('2021-01', b), history, { origins: ['2023-01'] })).rejects.toThrow(/Scenario does not start at the origin/);
  });
});
