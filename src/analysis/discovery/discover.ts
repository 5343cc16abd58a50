/**
 * `discover`: scenario discovery — which conditions on the uncertain inputs
 * make an outcome likely — by PRIM or CART over an input table.
 */
import { RivalsimError } from '../../errors.js';
import { describeRestriction, type Restriction } from './box.js';
import { cart, type CartOptions, type CartResult } from './cart.js';
import { prim, type PrimOptions, type PrimResult } from './prim.js';
import type { InputTable } from '../../montecarlo/inputs.js';
import { SimulationResult } from '../../montecarlo/result.js';
import type { Displayable } from '../displayable.js';
import { withDisplay } from './display.js';

/**
 * Options of {@link discover}: the method and its options, and the columns
 * to search over (ids or labels; default all).
 *
 * @example
 * const a: DiscoverOptions = { method: 'prim', alpha: 0.05, minCoverage: 0.6 };
 * const b: DiscoverOptions = { method: 'cart', maxDepth: 4, columns: ['apple+alibaba · decision', 'apple+alibaba · integration quality'] };
 */
export type DiscoverOptions =
  | ({ method?: 'prim'; columns?: string[] } & PrimOptions)
  | ({ method: 'cart'; columns?: string[] } & CartOptions);

/**
 * What {@link discover} returns: PRIM's trajectory and box, or CART's tree and leaves.
 *
 * @example
 * const r: DiscoveryResult = discover(table, y);
 * if (r.method === 'prim') r.box.coverage;
 */
export type DiscoveryResult = (PrimResult | CartResult) & Displayable;

/**
 * Finds the conditions under which `outcome` holds: `outcome` has one
 * entry per row of `table` (true or nonzero = a case of interest, e.g. the
 * runs where a compiled predicate holds). PRIM (default) returns the
 * peeling trajectory and a chosen box; CART a tree whose leaves are boxes.
 * Throws a {@link RivalsimError} when the outcome does not fit the table,
 * or is the same in every run (there is nothing to discover).
 *
 * @example
 * const appleFirst = compilePredicate('rank(phones, apple, 2027-Q4) == 1', plan);
 * const y = runs.map((r) => appleFirst.test(r));
 * const found = discover(inputTable(runs, plan), y, { method: 'prim' });
 * describeBox(found, table.dates); // => ['apple+alibaba · decision ∈ {approved}', 'apple+alibaba · integration quality ≥ 0.781']
 */
export function discover(table: InputTable, outcome: ArrayLike<boolean | number>, options?: DiscoverOptions): DiscoveryResult;
/**
 * Scenario discovery on a study run with `keepInputs`: explains where
 * predicate `predicate` (one of the study's `predicates`) held, over the
 * study's input table.
 *
 * @example
 * const result = await simulate(scenarios['apple-alibaba'], {
 *   runs: 4000, seed: 42, keepInputs: true, predicates: { appleFirst: 'rank(phones, apple, 2027-Q4) == 1' },
 * });
 * describeBox(discover(result, 'appleFirst'), result.dates);
 * // => ['apple+alibaba · decision ∈ {approved} (p = 1e-39)', 'apple+alibaba · integration quality ≥ 0.787 (p = 3e-27)']
 */
export function discover(result: SimulationResult, predicate: string, options?: DiscoverOptions): DiscoveryResult;
export function discover(source: InputTable | SimulationResult, outcome: ArrayLike<boolean | number> | string, options: DiscoverOptions = {}): DiscoveryResult {
  if (source instanceof SimulationResult) {
    if (typeof outcome !== 'string') throw new RivalsimError('Invalid outcome', 'outcome', outcome, "the name of one of the study's predicates");
    return withDisplay(discoverIn(source.inputTable(), source.outcome(outcome), options), source.dates);
  }
  if (typeof outcome === 'string') throw new RivalsimError('Invalid outcome', 'outcome', outcome, 'one value per run of the table (a predicate name needs a study result)');
  return withDisplay(discoverIn(source, outcome, options), source?.dates);
}

function discoverIn(table: InputTable, outcome: ArrayLike<boolean | number>, options: DiscoverOptions): PrimResult | CartResult {
  if (!table || !Array.isArray(table.columns) || !Number.isInteger(table.rows)) throw new RivalsimError('Invalid input table', 'table', table, 'an input table (see inputTable)');
  table.columns.forEach((c, j) => {
    const n = c.kind === 'categorical' ? c.categories?.length ?? 0 : 0;
    const bad = c.values.length !== table.rows ? -2
      : c.values.findIndex((v) => (c.kind === 'categorical' ? !(Number.isInteger(v) && v >= 0 && v < n) : !Number.isFinite(v)));
    if (bad !== -1) {
      throw new RivalsimError('Invalid input column', `table.columns[${j}]`, bad === -2 ? `${c.values.length} values` : `${c.values[bad]} in row ${bad} of ${c.label}`,
        bad === -2 ? `one value per run (${table.rows})` : c.kind === 'categorical' ? `category codes 0…${n - 1}` : 'finite numbers');
    }
  });
  if (!outcome || typeof outcome.length !== 'number' || outcome.length !== table.rows) {
    throw new RivalsimError('Outcome does not fit the table', 'outcome', outcome?.length, `one value per run of the table (${table.rows})`);
  }
  const y = Uint8Array.from({ length: table.rows }, (_, r) => (outcome[r] ? 1 : 0));
  const hits = y.reduce((n, v) => n + v, 0);
  if (hits === 0 || hits === table.rows) {
    throw new RivalsimError('Nothing to discover', 'outcome', `the outcome ${hits === 0 ? 'false' : 'true'} in all ${table.rows} runs`,
      'an outcome true in some runs and false in others', 'Loosen or tighten the predicate, or run more runs');
  }
  const method = options.method ?? 'prim';
  const searched = selectColumns(table, options.columns);
  if (searched.columns.length === 0) throw new RivalsimError('No inputs to search', 'options.columns', options.columns, 'at least one column of the table');
  if (method === 'prim') return prim(searched, y, options as PrimOptions);
  if (method === 'cart') return cart(searched, y, options as CartOptions);
  throw new RivalsimError('Unknown method', 'options.method', method, "'prim' or 'cart'");
}

/** The table restricted to the named columns (ids or labels), in the table's order. */
function selectColumns(table: InputTable, names: string[] | undefined): InputTable {
  if (names === undefined) return table;
  if (!Array.isArray(names)) throw new RivalsimError('Invalid columns', 'options.columns', names, 'an array of column ids or labels');
  names.forEach((name, i) => {
    if (!table.columns.some((c) => c.id === name || c.label === name)) {
      throw new RivalsimError('Unknown column', `options.columns[${i}]`, name, `one of ${table.columns.map((c) => c.label).join(', ')}`);
    }
  });
  return { ...table, columns: table.columns.filter((c) => names.includes(c.id) || names.includes(c.label)) };
}

/**
 * The restrictions of a result's box in words: PRIM's chosen box, or CART's
 * densest leaf. Each line is a restriction with its quasi-p-value.
 *
 * @example
 * describeBox(found, table.dates);
 * // => ['apple+alibaba · decision ∈ {approved} (p = 1e-41)', 'apple+alibaba · integration quality ≥ 0.781 (p = 0.003)']
 */
export function describeBox(result: DiscoveryResult, dates?: readonly string[]): string[] {
  const restrictions: Restriction[] = result.method === 'prim' ? result.box.restrictions : result.leaves[0].restrictions;
  return restrictions.map((r) => `${describeRestriction(r, dates)} (p = ${Number(r.p.toPrecision(2))})`);
}
