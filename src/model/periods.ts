/**
 * Reporting periods of observations: a year (`2024`), a quarter
 * (`2024-Q4`) or a month (`2024-12`), as the months they cover, and where
 * those months fall in a simulation that starts at a given month.
 */
import { RivalsimError } from '../errors.js';
import { MONTH_RE, monthIndex } from './time.js';

/** The kind of a reporting period. */
export type PeriodKind = 'year' | 'quarter' | 'month';

/**
 * A parsed reporting period: its label, kind and the months it covers
 * (`first` counted as months since year 0, as `parseMonth` does).
 *
 * @example
 * parsePeriod('2024-Q4'); // => { label: '2024-Q4', kind: 'quarter', year: 2024, first: 24297, months: 3, slot: 3 }
 */
export interface Period {
  /** The canonical label: `2024`, `2024-Q4` or `2024-12`. */
  label: string;
  kind: PeriodKind;
  year: number;
  /** First month, as months since year 0 (January 2024 = 24288). */
  first: number;
  /** Number of months covered: 12, 3 or 1. */
  months: number;
  /** Position in the year: 0 for a year, 0–3 for a quarter, 0–11 for a month (for seasonal comparisons). */
  slot: number;
}

const YEAR_RE = /^(\d{4})$/;
const QUARTER_RE = /^(\d{4})-?Q([1-4])$/i;

/** Earliest and latest years a period may name. */
export const PERIOD_YEARS = { min: 1980, max: 2100 } as const;

/**
 * Parses a period label, or returns undefined when it is not one. Quarters
 * may be written `2024-Q4`, `2024Q4` or `2024-q4`; the label is canonical.
 *
 * @example
 * parsePeriod('2024'); // => { label: '2024', kind: 'year', year: 2024, first: 24288, months: 12, slot: 0 }
 * parsePeriod('2024-13'); // => undefined
 */
export function parsePeriod(text: string): Period | undefined {
  const s = text.trim();
  let m = YEAR_RE.exec(s);
  if (m) return make('year', Number(m[1]), 0);
  m = QUARTER_RE.exec(s);
  if (m) return make('quarter', Number(m[1]), Number(m[2]) - 1);
  m = MONTH_RE.exec(s);
  if (m) return make('month', Number(m[1]), Number(m[2]) - 1);
  return undefined;
}

function make(kind: PeriodKind, year: number, slot: number): Period {
  const months = kind === 'year' ? 12 : kind === 'quarter' ? 3 : 1;
  const label = kind === 'year' ? String(year) : kind === 'quarter' ? `${year}-Q${slot + 1}` : `${year}-${String(slot + 1).padStart(2, '0')}`;
  return { label, kind, year, first: year * 12 + slot * months, months, slot };
}

/**
 * Parses a period label or throws a {@link RivalsimError} naming `path`.
 *
 * @example
 * periodOf('2024-Q4', 'rows[3].period').months; // => 3
 * periodOf('Q4 2024', 'rows[3].period'); // throws: Invalid period: expected a year (2024), a quarter (2024-Q4) or a month (2024-12) …
 */
export function periodOf(text: unknown, path: string): Period {
  const p = typeof text === 'string' ? parsePeriod(text) : undefined;
  if (!p) throw new RivalsimError('Invalid period', path, text, 'a year (2024), a quarter (2024-Q4) or a month (2024-12)');
  if (p.year < PERIOD_YEARS.min || p.year > PERIOD_YEARS.max) {
    throw new RivalsimError('Period out of range', path, text, `a period from ${PERIOD_YEARS.min} to ${PERIOD_YEARS.max}`);
  }
  return p;
}

/** The last month of a period (months since year 0). */
export function lastMonth(p: Period): number {
  return p.first + p.months - 1;
}

/**
 * The steps [from, to] (inclusive) that a period covers in a run starting
 * at `start` with `horizon` steps, or undefined when some of its months
 * fall outside steps 0 … horizon.
 *
 * @example
 * periodSteps(parsePeriod('2025-Q1')!, '2025-01', 12); // => { from: 0, to: 2 }
 * periodSteps(parsePeriod('2024')!, '2025-01', 12); // => undefined
 */
export function periodSteps(p: Period, start: string, horizon: number): { from: number; to: number } | undefined {
  const s = monthIndex(start);
  if (s === undefined) throw new RivalsimError('Invalid month', 'start', start, "a month written 'YYYY-MM'");
  const from = p.first - s, to = from + p.months - 1;
  return from >= 0 && to <= horizon ? { from, to } : undefined;
}

/**
 * The same period one year earlier (`2024-Q4` → `2023-Q4`).
 *
 * @example
 * previousYear(parsePeriod('2024-Q4')!).label; // => '2023-Q4'
 */
export function previousYear(p: Period): Period {
  return make(p.kind, p.year - 1, p.slot);
}
