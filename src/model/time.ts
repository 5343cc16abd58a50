/**
 * Calendar helpers: months as `'YYYY-MM'` strings, month counts since year
 * 0 and step indices. The one home of the month's written form; reporting
 * periods (years, quarters) build on it in `periods.ts`.
 */
import { RivalsimError } from '../errors.js';

/** A month as written everywhere: `'YYYY-MM'`, two digits for the month. */
export const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

/**
 * Months since year 0 of a `'YYYY-MM'` month (surrounding blanks allowed),
 * or undefined when it is not one.
 *
 * @example
 * monthIndex('2024-01'); // => 24288
 * monthIndex('2024-1'); // => undefined
 */
export function monthIndex(text: string): number | undefined {
  const m = MONTH_RE.exec(text.trim());
  return m ? Number(m[1]) * 12 + Number(m[2]) - 1 : undefined;
}

/**
 * A month count since year 0 as `'YYYY-MM'`.
 *
 * @example
 * monthLabel(24299); // => '2024-12'
 */
export function monthLabel(month: number): string {
  const y = Math.floor(month / 12), m = (month % 12) + 1;
  return `${y}-${m < 10 ? '0' : ''}${m}`;
}

/**
 * Parses `'YYYY-MM'` into a month count since year 0.
 *
 * @example
 * parseMonth('2025-01', 'start'); // => 24300
 */
export function parseMonth(value: unknown, path: string): number {
  const m = typeof value === 'string' ? MONTH_RE.exec(value) : null;
  if (!m) throw new RivalsimError('Invalid month', path, value, "a month written 'YYYY-MM', e.g. '2025-01'");
  return Number(m[1]) * 12 + Number(m[2]) - 1;
}

/**
 * The `'YYYY-MM'` label of step `step` after `start`.
 *
 * @example
 * dateAt('2025-01', 14); // => '2026-03'
 */
export function dateAt(start: string, step: number): string {
  return monthLabel(parseMonth(start, 'start') + step);
}

/**
 * Calendar month (0 = January … 11 = December) of step `step` after `start`.
 *
 * @example
 * calendarMonthAt('2025-01', 8); // => 8 (September)
 */
export function calendarMonthAt(start: string, step: number): number {
  return (parseMonth(start, 'start') + step) % 12;
}

/**
 * Steps from `start` to the month `date`.
 *
 * @example
 * stepOf('2025-01', '2025-05', 'events[0].month'); // => 4
 */
export function stepOf(start: string, date: string, path: string): number {
  return parseMonth(date, path) - parseMonth(start, 'start');
}
