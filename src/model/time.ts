/**
 * Calendar helpers: months as `'YYYY-MM'` strings and step indices.
 */
import { RivalsimError } from '../errors.js';

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

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
  const n = parseMonth(start, 'start') + step;
  const y = Math.floor(n / 12), mo = (n % 12) + 1;
  return `${y}-${mo < 10 ? '0' : ''}${mo}`;
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
