/**
 * Tracker noise from the trackers' disagreement: when several sources
 * publish the same figure (market, agent, period, metric), their spread
 * around its mean says how noisy each is — without any model. A forecast
 * of a tracker's figure adds this noise to the model's spread.
 *
 * For a figure published by n ≥ 2 sources, with values xₛ on the
 * comparison scale and mean x̄, each source's deviation dₛ = xₛ − x̄ has
 * variance σ²(1 − 1/n) when the sources' noise is alike, so
 * σ̂ₛ² = Σ dₛ² · n/(n − 1) / (number of shared figures). Sources (or
 * families) with no shared figure get the pooled estimate over all sources
 * of the family.
 */
import { transformed } from './likelihood.js';
import type { ObservationRow } from './observations.js';

/**
 * The noise scale of each `<source> share` / `<source> levels` group.
 *
 * @example
 * const noise = noiseFromDisagreement(history);
 * noise.scaleOf({ source: 'idc', metric: 'share' }); // => 0.07
 */
export interface DisagreementNoise {
  /** Estimated scale per group (only groups with shared figures). */
  scales: Map<string, { scale: number; figures: number }>;
  /** Pooled scale per family (`share`, `levels`), NaN when no figure is shared. */
  pooled: { share: number; levels: number };
  /** The scale to use for an observation's group. */
  scaleOf(o: Pick<ObservationRow, 'source' | 'metric'>): number;
}

/**
 * Estimates tracker noise from figures published by several sources.
 *
 * @example
 * noiseFromDisagreement([
 *   { source: 'idc', market: 'phones', agent: 'apple', period: '2023', metric: 'share', value: 0.173 },
 *   { source: 'canalys', market: 'phones', agent: 'apple', period: '2023', metric: 'share', value: 0.19 },
 * ]).pooled.share; // => 0.08 (the two logits differ by 0.11)
 */
export function noiseFromDisagreement(observations: readonly ObservationRow[]): DisagreementNoise {
  const figures = new Map<string, ObservationRow[]>();
  for (const o of observations) {
    const key = [o.market, o.agent, o.period, o.metric].join('|');
    (figures.get(key) ?? figures.set(key, []).get(key)!).push(o);
  }
  const sums = new Map<string, { ss: number; count: number }>();
  const pooledSums = { share: { ss: 0, count: 0 }, levels: { ss: 0, count: 0 } };
  for (const rows of figures.values()) {
    const n = rows.length;
    if (n < 2) continue;
    const xs = rows.map((o) => transformed(o.value, o.metric === 'share'));
    const mean = xs.reduce((a, b) => a + b, 0) / n;
    rows.forEach((o, i) => {
      const family = o.metric === 'share' ? 'share' : 'levels';
      const group = `${o.source} ${family}`;
      const d2 = ((xs[i] - mean) ** 2 * n) / (n - 1);
      const s = sums.get(group) ?? sums.set(group, { ss: 0, count: 0 }).get(group)!;
      s.ss += d2; s.count++;
      pooledSums[family].ss += d2; pooledSums[family].count++;
    });
  }
  const scales = new Map([...sums].map(([g, s]) => [g, { scale: Math.sqrt(s.ss / s.count), figures: s.count }]));
  const pooled = {
    share: pooledSums.share.count ? Math.sqrt(pooledSums.share.ss / pooledSums.share.count) : NaN,
    levels: pooledSums.levels.count ? Math.sqrt(pooledSums.levels.ss / pooledSums.levels.count) : NaN,
  };
  return {
    scales, pooled,
    scaleOf(o) {
      const family = o.metric === 'share' ? 'share' : 'levels';
      return scales.get(`${o.source} ${family}`)?.scale ?? pooled[family];
    },
  };
}
