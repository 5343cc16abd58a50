/**
 * CSV of summaries: tidy rows as lines, numbers in their shortest
 * round-trip form, fields quoted when needed.
 */

/** Formats a number for CSV: shortest round-trip form, empty for NaN. */
export function csvNumber(x: number): string {
  return Number.isFinite(x) ? String(x) : '';
}

/** Quotes a CSV field when needed. */
export function csvField(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
