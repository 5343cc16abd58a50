/**
 * Discovery results as displayable objects (see `analysis/displayable.ts`):
 * their prototype, and the dates that name month inputs in their charts.
 */
import { DiscoveryDisplay, displayAs, type Displayable } from '../displayable.js';
import type { CartResult } from './cart.js';
import type { PrimResult } from './prim.js';

/**
 * A discovery result displayable in notebooks, with the study's dates
 * (not enumerable: the result's data stay as they were).
 *
 * @example
 * withDisplay(prim(table, y), table.dates) instanceof DiscoveryDisplay; // => true
 */
export function withDisplay<T extends PrimResult | CartResult>(result: T, dates?: readonly string[]): T & Displayable {
  if (dates) Object.defineProperty(result, 'dates', { value: dates, enumerable: false, configurable: true });
  return displayAs(DiscoveryDisplay, result);
}

/**
 * The dates a discovery result was given (month inputs show as dates), if any.
 *
 * @example
 * datesOf(discover(result, 'appleFirst')); // => ['2025-01', …]
 */
export function datesOf(result: PrimResult | CartResult): readonly string[] | undefined {
  return (result as { dates?: readonly string[] }).dates;
}
