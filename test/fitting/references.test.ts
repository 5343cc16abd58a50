/**
 * Reference forecasts, scores and tracker noise on hand-computed cases.
 */
import { describe, expect, it } from 'vitest';
import { crpsEnsemble, noiseFromDisagreement, rankAccuracy, referenceModels, summaryScores, type ObservationRow } from '../../src/index.js';

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const row = (period: string, value: number, extra: Partial<ObservationRow> = {}): ObservationRow =>
  ({ source: 'idc', market: 'phones', agent: 'apple', period, metric: 'share', value, ...extra });

describe('reference forecasts', () => {
  // Logits −1, −1, 1, 1 in 2019–2022: μ = 0; pairs (−1, −1), (1, −1), (1, 1) give φ = 1/3.
  const history = [row('2019', sigmoid(-1)), row('2020', sigmoid(-1)), row('2021', sigmoid(1)), row('2022', sigmoid(1))];
  const refs = referenceModels(history);
  const target = row('2023', 0.5);

  it('persistence carries the same source\'s figure of a year earlier, with the spread of yearly changes', () => {
    const p = refs.persistence(target)!;
    expect(p.value).toBeCloseTo(sigmoid(1), 12);
    expect(p.from).toBe('2022');
    expect(refs.randomWalkSd).toBeCloseTo(Math.sqrt(4 / 3), 12);
  });

  it('mean reversion pulls toward the series level by the fitted φ', () => {
    expect(refs.phi).toBeCloseTo(1 / 3, 12);
    expect(refs.pairs).toBe(3);
    const m = refs.meanReversion(target)!;
    expect(m.value).toBeCloseTo(sigmoid(1 / 3), 12);
    expect(refs.meanReversionSd).toBeCloseTo(Math.sqrt(8 / 9), 12);
  });

  it('falls back to last year\'s annual figure for a quarter the source did not publish, and to nothing for another source', () => {
    expect(refs.persistence(row('2023-Q2', 0.4))).toMatchObject({ from: '2022', value: sigmoid(1) });
    expect(refs.persistence(row('2023', 0.4, { source: 'canalys' }))).toBeUndefined();
  });

  it('φ is 1 (persistence) without year-on-year pairs, and clipped to [0, 1]', () => {
    expect(referenceModels([row('2022', 0.3)]).phi).toBe(1);
    // a trend: deviations change sign each year → negative slope, clipped to 0
    expect(referenceModels([row('2020', 0.1), row('2021', 0.2), row('2022', 0.3)]).phi).toBe(0);
  });
});

describe('scores', () => {
  it('CRPS of an ensemble (Gneiting & Raftery, eq. 21)', () => {
    expect(crpsEnsemble([0, 1], 0)).toBeCloseTo(0.25, 12);
    expect(crpsEnsemble([3], 1)).toBe(2);
    // members 1, 2, 3 and outcome 2: mean |x − y| = 2/3, mean pair distance ½·(8/9)
    expect(crpsEnsemble([1, 2, 3], 2)).toBeCloseTo(2 / 3 - 4 / 9, 12);
  });

  it('MAE, RMSE, coverage and bias of medians and intervals', () => {
    const s = summaryScores([
      { observed: 1, median: 2, p5: 0, p25: 1.5, p75: 2.5, p95: 3, crps: 0.4 },
      { observed: 5, median: 2, p5: 0, p25: 1, p75: 3, p95: 4, crps: 2 },
    ]);
    expect(s).toEqual({ n: 2, mae: 2, rmse: Math.sqrt(5), crps: 1.2, coverage50: 0, coverage90: 0.5, bias: -1 });
  });

  it('rank accuracy: pairs ordered right and leaders named right', () => {
    const r = rankAccuracy([
      [{ forecast: 3, observed: 30 }, { forecast: 2, observed: 10 }, { forecast: 1, observed: 20 }],
      [{ forecast: 1, observed: 1 }, { forecast: 2, observed: 1 }],
    ]);
    expect(r.pairs).toBeCloseTo(2 / 3, 12); // (a,b) right, (a,c) right, (b,c) wrong; the tie is skipped
    expect(r.top).toBe(0.5);
  });
});

describe('tracker noise from disagreement', () => {
  it('two trackers 0.2 apart on the logit scale have σ = √0.02 each', () => {
    const x = -1.5;
    const noise = noiseFromDisagreement([row('2023', sigmoid(x)), row('2023', sigmoid(x + 0.2), { source: 'canalys' }), row('2022', 0.2, { source: 'cnnic' })]);
    expect(noise.scaleOf({ source: 'idc', metric: 'share' })).toBeCloseTo(Math.sqrt(0.02), 12);
    expect(noise.pooled.share).toBeCloseTo(Math.sqrt(0.02), 12);
    // a source that shares no figure gets the pooled estimate; a family nobody shares has none
    expect(noise.scaleOf({ source: 'cnnic', metric: 'share' })).toBeCloseTo(Math.sqrt(0.02), 12);
    expect(noise.scaleOf({ source: 'idc', metric: 'units' })).toBeNaN();
  });
});
