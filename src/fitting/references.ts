/**
 * Reference forecasts a model must beat, computed from the figures known
 * before the forecast origin (all on the comparison scale: logit for
 * shares, log for units and users; see `likelihood.ts`).
 *
 * **Persistence** (a random walk): the same source's figure for the same
 * period one year earlier (`2024-Q4` ← `2023-Q4`, `2024` ← `2023`); when
 * that source did not publish it, its annual figure of the previous
 * calendar year. Its predictive spread is the root mean square of the
 * year-on-year changes in the history (pooled over all series).
 *
 * **Mean reversion**: x̂ = μ + φ (x₋₁ − μ), where x₋₁ is the persistence
 * value, μ the series' level — the mean of all the source's pre-origin
 * figures for that market, agent and metric (any period kind; the mean over
 * all sources when the source has fewer than two) — and φ ∈ [0, 1] the
 * least-squares slope of (xₜ − μ) on (xₜ₋₁ − μ) over every year-on-year
 * pair in the history, pooled over series (φ = 1, i.e. persistence, when
 * there is no pair). Its spread is the root mean square of those pairs'
 * residuals.
 */
import type { ObservationRow } from './observations.js';
import { transformed, untransformed } from './likelihood.js';
import { periodOf, previousYear } from '../model/periods.js';

/**
 * A reference forecast of one figure: a normal distribution on the
 * comparison scale (`mean`, `sd`), its median on the figure's own scale
 * (`value`), and the period it was carried from.
 *
 * @example
 * // { value: 0.156, mean: -1.689, sd: 0.12, from: '2023-Q4' }
 */
export interface ReferenceForecast {
  value: number;
  mean: number;
  sd: number;
  from: string;
}

/** The fitted reference models of one history. */
export interface ReferenceModels {
  /** Pooled mean-reversion coefficient φ. */
  phi: number;
  /** Year-on-year pairs it was fitted on. */
  pairs: number;
  /** RMS of year-on-year changes (persistence's spread). */
  randomWalkSd: number;
  /** RMS of mean reversion's residuals. */
  meanReversionSd: number;
  persistence(target: ObservationRow): ReferenceForecast | undefined;
  meanReversion(target: ObservationRow): ReferenceForecast | undefined;
}

const seriesKey = (o: Pick<ObservationRow, 'source' | 'market' | 'agent' | 'metric'>) => [o.source, o.market, o.agent, o.metric].join('|');
const agentKey = (o: Pick<ObservationRow, 'market' | 'agent' | 'metric'>) => [o.market, o.agent, o.metric].join('|');

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

/**
 * Fits the reference forecasts on a history (the rows known at the origin).
 *
 * @example
 * const refs = referenceModels(observationsBefore(history, '2024-01'));
 * refs.persistence({ source: 'idc', market: 'phones', agent: 'apple', period: '2024', metric: 'share', value: 0.156 })?.value; // => 0.173 (IDC's 2023)
 */
export function referenceModels(history: readonly ObservationRow[]): ReferenceModels {
  const byKey = new Map<string, ObservationRow>();
  for (const o of history) byKey.set(`${seriesKey(o)}|${o.period}`, o);
  const level = new Map<string, number[]>(), pooled = new Map<string, number[]>();
  for (const o of history) {
    const x = transformed(o.value, o.metric === 'share');
    (level.get(seriesKey(o)) ?? level.set(seriesKey(o), []).get(seriesKey(o))!).push(x);
    (pooled.get(agentKey(o)) ?? pooled.set(agentKey(o), []).get(agentKey(o))!).push(x);
  }
  const muOf = (o: Pick<ObservationRow, 'source' | 'market' | 'agent' | 'metric'>): number | undefined => {
    const own = level.get(seriesKey(o));
    if (own && own.length >= 2) return mean(own);
    const all = pooled.get(agentKey(o));
    return all && all.length >= 2 ? mean(all) : undefined;
  };
  const carried = (target: ObservationRow): { x: number; value: number; from: string } | undefined => {
    const p = periodOf(target.period, 'period');
    const last = previousYear(p);
    const found = byKey.get(`${seriesKey(target)}|${last.label}`) ?? (p.kind !== 'year' ? byKey.get(`${seriesKey(target)}|${p.year - 1}`) : undefined);
    return found && { x: transformed(found.value, found.metric === 'share'), value: found.value, from: found.period };
  };
  // Year-on-year pairs of the history itself.
  let sxy = 0, sxx = 0, changes = 0, n = 0;
  const pairs: Array<{ x: number; prev: number; mu: number }> = [];
  for (const o of history) {
    const prev = byKey.get(`${seriesKey(o)}|${previousYear(periodOf(o.period, 'period')).label}`);
    const mu = muOf(o);
    if (!prev || mu === undefined) continue;
    const x = transformed(o.value, o.metric === 'share'), xp = transformed(prev.value, prev.metric === 'share');
    pairs.push({ x, prev: xp, mu });
    sxy += (x - mu) * (xp - mu); sxx += (xp - mu) ** 2; changes += (x - xp) ** 2; n++;
  }
  const phi = n && sxx > 0 ? Math.min(1, Math.max(0, sxy / sxx)) : 1;
  const residual = n ? Math.sqrt(pairs.reduce((s, p) => s + (p.x - p.mu - phi * (p.prev - p.mu)) ** 2, 0) / n) : NaN;
  const randomWalkSd = n ? Math.sqrt(changes / n) : NaN;
  const forecast = (target: ObservationRow, m: number, sd: number, from: string): ReferenceForecast =>
    ({ value: untransformed(m, target.metric === 'share'), mean: m, sd, from });
  return {
    phi, pairs: n, randomWalkSd, meanReversionSd: residual,
    persistence(target) {
      const c = carried(target);
      return c && { value: c.value, mean: c.x, sd: randomWalkSd, from: c.from };
    },
    meanReversion(target) {
      const c = carried(target);
      if (!c) return undefined;
      const mu = muOf(target) ?? c.x;
      return forecast(target, mu + phi * (c.x - mu), residual, c.from);
    },
  };
}
