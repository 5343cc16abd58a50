/**
 * China's smartphone history (`data/history/china.json`, published up to
 * January 2025; the observations calibration and backtests use) read as the
 * landscape needs it at a start month: the
 * trackers' quarterly shares, each brand's current level (seasonally
 * adjusted), the units of the last four quarters, and each brand's
 * installed base rolled forward from a published anchor.
 */
import history from '../../data/history/china.json';
import landscapeData from '../../data/china/landscape.json';
import { RivalsimError } from '../../errors.js';
import { parseMonth } from '../../model/time.js';

/** One row of the bundled history: a tracker's figure for an agent and period (the observation format). */
interface HistoryRow {
  /** The tracker: `idc`, `canalys`, `counterpoint-monitor` (shipments), `counterpoint-pulse` (sell-through), `strategy-analytics`, … */
  source: string;
  market: string;
  /** An agent id, or `total` for the market. */
  agent: string;
  /** `YYYY`, `YYYY-Qn` or `YYYY-MM`. */
  period: string;
  /** `share` (fraction of units), `units` or `users` (millions). */
  metric: string;
  value: number;
  /** Where it was published. */
  reference?: string;
}

/** The phone makers the history and the landscape name (others are the remainder). */
export const PHONE_MAKERS = ['apple', 'huawei', 'honor', 'vivo', 'xiaomi', 'oppo'] as const;
/** A named phone maker. */
export type PhoneMaker = (typeof PHONE_MAKERS)[number];

/** How the starting shares are read from the trackers: one of them, or their consensus (their mean). */
export type PhoneTracker = 'consensus' | 'idc' | 'canalys' | 'counterpoint-monitor' | 'counterpoint-pulse';
/** The trackers that can be chosen. */
export const PHONE_TRACKERS: readonly PhoneTracker[] = ['consensus', 'idc', 'canalys', 'counterpoint-monitor', 'counterpoint-pulse'];

const ROWS = history.rows as HistoryRow[];

/** Quarter number (year × 4 + quarter − 1) of `YYYY-Qn`, or undefined. */
function quarterOf(period: string): number | undefined {
  const m = /^(\d{4})-Q([1-4])$/.exec(period);
  return m ? Number(m[1]) * 4 + Number(m[2]) - 1 : undefined;
}

/** The quarter a month count (year × 12 + month − 1) falls in. */
function quarterOfMonth(month: number): number {
  return Math.floor(month / 3);
}

/** The history's share rows of named phone makers, in the history's order (read many times while the bundled scenarios are built). */
let makerShareRows: HistoryRow[] | undefined;
function makerShares(): HistoryRow[] {
  return (makerShareRows ??= ROWS.filter((r) => r.metric === 'share' && (PHONE_MAKERS as readonly string[]).includes(r.agent)));
}

/** Of those, the phone market's quarterly rows, each with its quarter (parsed once). */
let quarterRows: Array<{ row: HistoryRow; quarter: number }> | undefined;
function quarterlyRows(): Array<{ row: HistoryRow; quarter: number }> {
  if (quarterRows) return quarterRows;
  quarterRows = [];
  for (const row of makerShares()) {
    const quarter = row.market === 'phones' ? quarterOf(row.period) : undefined;
    if (quarter !== undefined) quarterRows.push({ row, quarter });
  }
  return quarterRows;
}

/** Shares by quarter for one tracker (or the consensus: the mean of the trackers reporting each brand), quarters before `before`. */
function quarterlyShares(tracker: PhoneTracker, before: number): Map<number, Partial<Record<PhoneMaker, number>>> {
  const sums = new Map<number, Map<PhoneMaker, { sum: number; count: number }>>();
  for (const { row: r, quarter: q } of quarterlyRows()) {
    if (tracker !== 'consensus' && r.source !== tracker) continue;
    if (q >= before) continue;
    const byAgent = sums.get(q) ?? new Map();
    sums.set(q, byAgent);
    const s = byAgent.get(r.agent as PhoneMaker) ?? { sum: 0, count: 0 };
    s.sum += r.value; s.count += 1;
    byAgent.set(r.agent as PhoneMaker, s);
  }
  const out = new Map<number, Partial<Record<PhoneMaker, number>>>();
  for (const [q, byAgent] of sums) out.set(q, Object.fromEntries([...byAgent].map(([a, s]) => [a, s.sum / s.count])));
  return out;
}

/** Annual shares (the mean of the trackers, or one tracker's) of `year`, by maker. */
function annualShares(tracker: PhoneTracker, year: number): Partial<Record<PhoneMaker, number>> {
  const acc = new Map<PhoneMaker, number[]>();
  const period = String(year);
  for (const r of makerShares()) {
    if (r.period !== period) continue;
    if (tracker !== 'consensus' && r.source !== tracker) continue;
    acc.set(r.agent as PhoneMaker, [...(acc.get(r.agent as PhoneMaker) ?? []), r.value]);
  }
  return Object.fromEntries([...acc].map(([a, v]) => [a, v.reduce((x, y) => x + y, 0) / v.length]));
}

/**
 * Seasonal indices by quarter of the year: over the calendar years before
 * the start whose four quarters the tracker reports, a quarter's share over
 * that year's mean share. Apple has its own (its September launches make
 * Q4 its peak); the other makers share one, the mean of theirs, so a brand
 * rising within a year (Huawei in 2023) does not read its trend as
 * seasonality. 1 where no year is complete.
 */
function seasonalIndex(quarters: Map<number, Partial<Record<PhoneMaker, number>>>): Record<PhoneMaker, number[]> {
  const own = (a: PhoneMaker): number[] | undefined => {
    const ratios: number[][] = [[], [], [], []];
    for (const y of new Set([...quarters.keys()].map((q) => Math.floor(q / 4)))) {
      const v = [0, 1, 2, 3].map((k) => quarters.get(y * 4 + k)?.[a]);
      if (v.some((x) => x === undefined)) continue;
      const mean = (v as number[]).reduce((s, x) => s + x, 0) / 4;
      v.forEach((x, k) => ratios[k].push(x! / mean));
    }
    return ratios[0].length ? ratios.map((r) => r.reduce((s, x) => s + x, 0) / r.length) : undefined;
  };
  const others = PHONE_MAKERS.filter((a) => a !== 'apple').map(own).filter((x): x is number[] => x !== undefined);
  const pooled = [0, 1, 2, 3].map((k) => (others.length ? others.reduce((s, x) => s + x[k], 0) / others.length : 1));
  return Object.fromEntries(PHONE_MAKERS.map((a) => [a, a === 'apple' ? own(a) ?? [1, 1, 1, 1] : pooled])) as Record<PhoneMaker, number[]>;
}

/** Weights of the last four quarters (latest first) in a maker's level. */
export const LEVEL_WEIGHTS = [0.6, 0.25, 0.1, 0.05] as const;

/**
 * Each named maker's share level at the start month: the last four
 * quarters before it, each divided by the seasonal index, weighted
 * 0.6, 0.25, 0.1, 0.05 from the latest (a local level that follows a trend
 * more closely than the year's mean; these weights gave the lowest error of
 * the next year's shares in 2023 and 2024 among those tried, see
 * docs/calibration.md). A maker a tracker does not report in those
 * quarters takes the latest annual figure.
 *
 * @example
 * phoneShareLevels('consensus', '2025-01').huawei; // => 0.17…
 */
export function phoneShareLevels(tracker: PhoneTracker, start: string): Record<PhoneMaker, number> {
  const startMonth = parseMonth(start, 'start');
  const before = quarterOfMonth(startMonth);
  const quarters = quarterlyShares(tracker, before);
  const index = seasonalIndex(quarters);
  const out = {} as Record<PhoneMaker, number>;
  for (const a of PHONE_MAKERS) {
    let sum = 0, weight = 0;
    for (let k = 1; k <= 4; k++) {
      const v = quarters.get(before - k)?.[a];
      if (v === undefined) continue;
      const w = LEVEL_WEIGHTS[k - 1];
      sum += (w * v) / index[a][(before - k) % 4];
      weight += w;
    }
    if (weight > 0) { out[a] = sum / weight; continue; }
    const year = Math.floor(startMonth / 12) - 1;
    const annual = annualShares(tracker, year)[a] ?? annualShares('consensus', year)[a];
    if (annual === undefined) throw new RivalsimError('No history for the start', 'start', start, `a start with ${tracker} shares of ${a} in the year before`);
    out[a] = annual;
  }
  return out;
}

/**
 * Market units in the quarter (millions): IDC's total, else Canalys's, else
 * a quarter of the year's; undefined when none is published.
 */
function quarterUnits(q: number): number | undefined {
  const period = `${Math.floor(q / 4)}-Q${(q % 4) + 1}`;
  for (const source of ['idc', 'canalys']) {
    const r = ROWS.find((x) => x.source === source && x.agent === 'total' && x.metric === 'units' && x.period === period);
    if (r) return r.value;
  }
  for (const source of ['idc', 'canalys']) {
    const r = ROWS.find((x) => x.source === source && x.agent === 'total' && x.metric === 'units' && x.period === String(Math.floor(q / 4)));
    if (r) return r.value / 4;
  }
  return undefined;
}

/**
 * Units of the four quarters before the start (millions a year).
 *
 * @example
 * unitsPerYearAt('2025-01'); // => 285.1… (IDC 2024 quarters)
 */
export function unitsPerYearAt(start: string): number {
  const before = quarterOfMonth(parseMonth(start, 'start'));
  let sum = 0;
  for (let k = 1; k <= 4; k++) {
    const u = quarterUnits(before - k);
    if (u === undefined) throw new RivalsimError('No unit history for the start', 'start', start, 'a start after 2020-Q1');
    sum += u;
  }
  return sum;
}

/** Each named maker's share of a quarter's sales (consensus; the year's where the quarter is missing). */
function salesShares(q: number): Record<PhoneMaker, number> {
  const quarterly = quarterlyShares('consensus', q + 1).get(q) ?? {};
  const annual = annualShares('consensus', Math.floor(q / 4));
  const prev = annualShares('consensus', Math.floor(q / 4) - 1);
  return Object.fromEntries(PHONE_MAKERS.map((a) => [a, quarterly[a] ?? annual[a] ?? prev[a] ?? 0])) as Record<PhoneMaker, number>;
}

/**
 * Each brand's installed base at the start (millions), rolled forward month
 * by month from QuestMobile's active devices of June 2020: the base loses
 * `1/cycle` a month (replaced phones) and gains the brand's sales (the
 * quarter's units over three, times its consensus share). Honor's part of
 * the Huawei group in 2020 is Counterpoint's split.
 *
 * @example
 * installedBasesAt('2025-01', { apple: 43, huawei: 40, honor: 42, vivo: 40, xiaomi: 36, oppo: 42, others: 40 }).apple; // => 2xx
 */
export function installedBasesAt(start: string, cycles: Record<PhoneMaker | 'others', number>): Record<PhoneMaker | 'others', number> {
  const anchor = landscapeData.installedBase.anchor;
  const first = parseMonth(`${anchor.period}`, 'anchor') + 1;
  const end = parseMonth(start, 'start');
  if (end < first) throw new RivalsimError('Start before the installed-base anchor', 'start', start, `a start from ${anchor.period} on`);
  const honor = landscapeData.installedBase.honorShareOfGroup.value;
  const a = anchor.shares;
  const unitsPerMonth = (quarterUnits(quarterOfMonth(first)) ?? 80) / 3;
  const total = unitsPerMonth * landscapeData.installedBase.marketCycleMonths.value;
  const base: Record<PhoneMaker | 'others', number> = {
    apple: a.apple * total, huawei: a.huaweiGroup * (1 - honor) * total, honor: a.huaweiGroup * honor * total,
    vivo: a.vivo * total, xiaomi: a.xiaomi * total, oppo: a.oppo * total, others: a.others * total,
  };
  for (let m = first; m < end; m++) {
    const q = quarterOfMonth(m);
    const units = (quarterUnits(q) ?? unitsPerMonth * 3) / 3;
    const shares = salesShares(q);
    const named = PHONE_MAKERS.reduce((s, x) => s + shares[x], 0);
    for (const b of [...PHONE_MAKERS, 'others' as const]) {
      const share = b === 'others' ? Math.max(0, 1 - named) : shares[b];
      base[b] += units * share - base[b] / cycles[b];
    }
  }
  return base;
}
