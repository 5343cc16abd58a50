/**
 * Boxes over an input table: per column an interval (continuous inputs) or
 * a set of categories; their statistics (coverage, density, support) and
 * the significance of each restriction — the one-sided binomial
 * "quasi-p-value" of Bryant & Lempert (2010), as EMA Workbench computes it
 * (Kwakkel & Jaxa-Rozen 2016): how likely the box's density would be if that
 * restriction were dropped.
 *
 * References: Bryant, B. P. & Lempert, R. J. (2010), Thinking inside the
 * box: a participatory, computer-assisted approach to scenario discovery,
 * Technological Forecasting and Social Change 77(1), 34–49. Kwakkel, J. H.
 * & Jaxa-Rozen, M. (2016), Improving scenario discovery for handling
 * heterogeneous uncertainties and multinomial classified outcomes,
 * Environmental Modelling & Software 79, 311–321.
 */
import betainc from '@stdlib/math-base-special-betainc';
import type { InputColumn, InputTable } from '../../montecarlo/inputs.js';

/**
 * The limit of a box on one column: an interval `[lower, upper]` (±Infinity
 * when open), or the set of category codes allowed.
 *
 * @example
 * const limit: Limit = { kind: 'continuous', lower: 0.5, upper: Infinity };
 */
export type Limit =
  | { kind: 'continuous'; lower: number; upper: number }
  | { kind: 'categorical'; values: readonly number[] };

/**
 * A box: one {@link Limit} per column of the table, in column order.
 *
 * @example
 * const box: BoxLimits = [{ kind: 'continuous', lower: 0.2, upper: 0.6 }, { kind: 'categorical', values: [0, 2] }];
 */
export type BoxLimits = Limit[];

/**
 * How well a box describes the cases of interest.
 *
 * @example
 * // { rows: 412, hits: 380, coverage: 0.86, density: 0.92, support: 0.21 }
 */
export interface BoxStats {
  /** Runs in the box. */
  rows: number;
  /** Cases of interest in the box. */
  hits: number;
  /** Share of all cases of interest that are in the box. */
  coverage: number;
  /** Share of the box's runs that are cases of interest. */
  density: number;
  /** Share of all runs that are in the box (PRIM's "mass"). */
  support: number;
}

/**
 * One restricted input of a box, with its significance.
 *
 * @example
 * // { column: 'events[0].integrationQuality', label: 'apple+alibaba · integration quality', kind: 'continuous',
 * //   lower: 0.78, upper: Infinity, min: 0.6, max: 0.95, pLower: 0.0001, p: 0.0001 }
 * // { column: 'event:apple+alibaba:decision', label: 'apple+alibaba · decision', kind: 'categorical',
 * //   values: ['approved'], all: ['approved', 'rejected'], p: 1e-12 }
 */
export type Restriction =
  | {
      column: string; label: string; kind: 'continuous';
      /** The box's interval (±Infinity on an open side). */
      lower: number; upper: number;
      /** The column's range in the table. */
      min: number; max: number;
      months?: boolean;
      /** Quasi-p-value of each restricted side (undefined on an open side). */
      pLower?: number; pUpper?: number;
      /** The smaller of the two: the restriction's significance. */
      p: number;
    }
  | { column: string; label: string; kind: 'categorical'; values: string[]; all: string[]; p: number };

/**
 * The box that restricts nothing.
 *
 * @example
 * fullBox(table).every((l) => l.kind === 'categorical' || l.lower === -Infinity); // => true
 */
export function fullBox(table: InputTable): BoxLimits {
  return table.columns.map((c): Limit => (c.kind === 'continuous'
    ? { kind: 'continuous', lower: -Infinity, upper: Infinity }
    : { kind: 'categorical', values: c.categories!.map((_, i) => i) }));
}

/**
 * Whether a value lies within a limit.
 *
 * @example
 * within({ kind: 'continuous', lower: 0.2, upper: 0.6 }, 0.7); // => false
 * within({ kind: 'categorical', values: [0, 2] }, 2); // => true
 */
export function within(limit: Limit, x: number): boolean {
  return limit.kind === 'continuous' ? x >= limit.lower && x <= limit.upper : limit.values.includes(x);
}

/**
 * Whether a limit restricts its column: an interval closed on some side,
 * or a set without some category.
 *
 * @example
 * restricts({ kind: 'continuous', lower: -Infinity, upper: Infinity }, column); // => false
 */
export function restricts(limit: Limit, column: InputColumn): boolean {
  return limit.kind === 'continuous' ? limit.lower > -Infinity || limit.upper < Infinity : limit.values.length < column.categories!.length;
}

/**
 * The rows inside a box, as a 0/1 mask.
 *
 * @example
 * membership(table, box).reduce((n, x) => n + x, 0); // => rows in the box
 */
export function membership(table: InputTable, box: BoxLimits): Uint8Array {
  const inside = new Uint8Array(table.rows).fill(1);
  table.columns.forEach((c, j) => {
    const limit = box[j];
    if (!restricts(limit, c)) return;
    const v = c.values;
    for (let r = 0; r < inside.length; r++) if (inside[r] && !within(limit, v[r])) inside[r] = 0;
  });
  return inside;
}

/**
 * Coverage, density and support of a box for outcome `y` (1 = case of interest).
 *
 * @example
 * boxStats(table, y, box); // => { rows: 412, hits: 380, coverage: 0.86, density: 0.92, support: 0.21 }
 */
export function boxStats(table: InputTable, y: Uint8Array, box: BoxLimits): BoxStats {
  return statsOf(membership(table, box), y);
}

/**
 * Statistics of the rows marked in `inside` (a 0/1 mask) for outcome `y`.
 *
 * @example
 * statsOf(Uint8Array.of(1, 1, 0, 0), Uint8Array.of(1, 0, 1, 0)); // => { rows: 2, hits: 1, coverage: 0.5, density: 0.5, support: 0.5 }
 */
export function statsOf(inside: Uint8Array, y: Uint8Array): BoxStats {
  let rows = 0, hits = 0, total = 0;
  for (let r = 0; r < y.length; r++) {
    total += y[r];
    if (inside[r]) { rows++; hits += y[r]; }
  }
  return { rows, hits, coverage: total > 0 ? hits / total : NaN, density: rows > 0 ? hits / rows : NaN, support: rows / y.length };
}

/**
 * One-sided binomial test: the probability of at least `hits` cases of
 * interest among `rows` runs if each were one with probability `p`
 * (`P(X ≥ hits)`, X ~ Binomial(rows, p), through the regularized incomplete
 * beta function I_p(hits, rows − hits + 1)).
 *
 * @example
 * binomialUpperTail(8, 10, 0.5); // => 0.0546875
 */
export function binomialUpperTail(hits: number, rows: number, p: number): number {
  if (hits <= 0) return 1;
  if (hits > rows || p <= 0) return 0;
  if (p >= 1) return 1;
  return betainc(p, hits, rows - hits + 1);
}

/**
 * The quasi-p-value of dropping one side (or the category set) of a
 * restriction: with that limit relaxed, the relaxed box's density p′; then
 * the chance of the box's hits among its rows at density p′.
 */
function quasiP(table: InputTable, y: Uint8Array, box: BoxLimits, j: number, relaxed: Limit, stats: BoxStats): number {
  const wider = box.slice();
  wider[j] = relaxed;
  const s = boxStats(table, y, wider);
  return binomialUpperTail(stats.hits, stats.rows, s.density);
}

/**
 * The restricted inputs of a box, in column order, each with its range
 * and quasi-p-value (see {@link binomialUpperTail}); `stats` are the box's own.
 *
 * @example
 * restrictionsOf(table, y, box, boxStats(table, y, box)).map((r) => [r.label, r.p]);
 * // => [['apple+alibaba · decision', 1e-40], ['apple+alibaba · integration quality', 0.003]]
 */
export function restrictionsOf(table: InputTable, y: Uint8Array, box: BoxLimits, stats: BoxStats): Restriction[] {
  const out: Restriction[] = [];
  table.columns.forEach((c, j) => {
    const limit = box[j];
    if (!restricts(limit, c)) return;
    if (limit.kind === 'categorical') {
      const p = quasiP(table, y, box, j, { kind: 'categorical', values: c.categories!.map((_, i) => i) }, stats);
      out.push({ column: c.id, label: c.label, kind: 'categorical', values: limit.values.map((v) => c.categories![v]), all: [...c.categories!], p });
      return;
    }
    let min = Infinity, max = -Infinity;
    for (const x of c.values) { if (x < min) min = x; if (x > max) max = x; }
    const pLower = limit.lower > -Infinity ? quasiP(table, y, box, j, { ...limit, lower: -Infinity }, stats) : undefined;
    const pUpper = limit.upper < Infinity ? quasiP(table, y, box, j, { ...limit, upper: Infinity }, stats) : undefined;
    out.push({
      column: c.id, label: c.label, kind: 'continuous', lower: limit.lower, upper: limit.upper, min, max,
      ...(c.months ? { months: true } : {}), pLower, pUpper, p: Math.min(pLower ?? 1, pUpper ?? 1),
    });
  });
  return out;
}

/**
 * A restriction in words: `label ≥ x`, `label ≤ x`, `x ≤ label ≤ y`, or
 * `label ∈ {a, b}`; month columns as dates (`dates[step]`, "after the
 * horizon" past it), numbers with 3 significant digits.
 *
 * @example
 * describeRestriction({ column: 'x', label: 'apple+alibaba · integration quality', kind: 'continuous', lower: 0.781, upper: Infinity, min: 0.6, max: 0.95, p: 0.001 });
 * // => 'apple+alibaba · integration quality ≥ 0.781'
 * describeRestriction({ column: 'd', label: 'apple+alibaba · decision', kind: 'categorical', values: ['approved'], all: ['approved', 'rejected'], p: 0 });
 * // => 'apple+alibaba · decision ∈ {approved}'
 */
export function describeRestriction(r: Restriction, dates?: readonly string[]): string {
  if (r.kind === 'categorical') return `${r.label} ∈ {${r.values.join(', ')}}`;
  const show = (x: number, side: 'lower' | 'upper') => {
    if (!r.months || !dates) return String(Number(x.toPrecision(3)));
    // Months are whole steps: the first (or last) month the interval holds.
    const step = side === 'lower' ? Math.ceil(x) : Math.floor(x);
    return step >= dates.length ? 'after the horizon' : step < 0 ? 'before the start' : dates[step];
  };
  if (r.lower > -Infinity && r.upper < Infinity) return `${show(r.lower, 'lower')} ≤ ${r.label} ≤ ${show(r.upper, 'upper')}`;
  return r.lower > -Infinity ? `${r.label} ≥ ${show(r.lower, 'lower')}` : `${r.label} ≤ ${show(r.upper, 'upper')}`;
}
