/**
 * The input table of scenario discovery: one row per run, one column per
 * uncertain input (the values a run sampled, `RunResult.inputs`) and per
 * event draw read from the run's event log (was each declared partnership
 * approved, when was it decided, when did it go live; how many months of
 * outage each provider had). Columns carry readable labels (`inputLabel`).
 *
 * Built run by run ({@link InputTableBuilder}), so a study need not keep its
 * runs: add each run as it is made, in run order.
 */
import type { Plan } from '../model/compile.js';
import type { RunResult } from '../model/result.js';
import { uncertainInputs } from './design.js';
import { RivalsimError } from '../errors.js';
import { inputLabel } from './labels.js';

/**
 * One column of an {@link InputTable}. Continuous columns hold values;
 * categorical ones hold category codes (indices into `categories`).
 *
 * @example
 * // { id: 'events[0].integrationQuality', label: 'apple+alibaba · integration quality', kind: 'continuous', values: Float64Array [0.77, …], source: 'input' }
 * // { id: 'event:apple+alibaba:decision', label: 'apple+alibaba · decision', kind: 'categorical', categories: ['approved', 'rejected', 'pending'], values: Float64Array [0, 1, …], source: 'event' }
 */
export interface InputColumn {
  /** Stable key: the input's declaration path, or `event:<id>:<what>` / `outages:<agent>` for event draws. */
  id: string;
  /** Readable name, e.g. `apple+alibaba · review months`. */
  label: string;
  kind: 'continuous' | 'categorical';
  /** One value per row (a category code for categorical columns). */
  values: Float64Array;
  /** Category names by code (categorical columns). */
  categories?: string[];
  /** Values are months counted from the start (steps): shown as dates. A value past the horizon means "not within the horizon". */
  months?: boolean;
  /** Sampled input, or read from the event log. */
  source: 'input' | 'event';
}

/**
 * Rows are runs, columns inputs and event draws.
 *
 * @example
 * const table = inputTable(result.paths, result.plan);
 * table.rows; // => 2000
 * table.columns.map((c) => c.label); // => ['apple+alibaba · approval probability', …, 'apple+alibaba · decision', …]
 */
export interface InputTable {
  rows: number;
  columns: InputColumn[];
  /** `'YYYY-MM'` of each step (to show month columns as dates). */
  dates: readonly string[];
  /** Inputs left out, and why (constant, or not sampled in every run). */
  skipped: Array<{ id: string; label: string; reason: string }>;
}

/**
 * Options of {@link inputTable} and {@link InputTableBuilder}.
 *
 * @example
 * const options: InputTableOptions = { categorical: ['parameters.regime'], exclude: ['event:apple+alibaba:goLive'] };
 */
export interface InputTableOptions {
  /** Columns (ids or labels) to treat as categories; `bernoulli` and `discrete` inputs always are. */
  categorical?: string[];
  /** Columns (ids or labels) to leave out. */
  exclude?: string[];
  /** Add the event draws read from the logs (default true). */
  events?: boolean;
}

/**
 * Plain-data state of an {@link InputTableBuilder} (what a worker sends
 * back): the rows, each input's values by path, each partnership's draws,
 * each provider's outage months.
 *
 * @example
 * const state: InputTableState = builder.toState();
 * InputTableBuilder.fromState(plan, state).rows; // => builder.rows
 */
export interface InputTableState {
  rows: number;
  inputs: Array<[string, number[]]>;
  partnerships: Array<{ id: string; decision: number[]; decided: number[]; live: number[] }>;
  outages: Array<[string, number[]]>;
}

/** Decision codes of a partnership column. */
const DECISIONS = ['approved', 'rejected', 'pending'];

/** What one declared partnership did in the runs so far. */
interface PartnershipRecord { id: string; decision: number[]; decided: number[]; live: number[] }

/**
 * Collects the input table run by run: `add` each run (in run order), then
 * `build`. `merge` appends another builder's runs (a worker's, or a later
 * shard's) after this one's.
 *
 * @example
 * const builder = new InputTableBuilder(plan);
 * for (const run of runs) builder.add(run);
 * builder.build().columns.length; // => 19
 */
export class InputTableBuilder {
  /** Rows added. */
  rows = 0;
  private readonly inputs = new Map<string, number[]>();
  private readonly partnerships: PartnershipRecord[];
  private readonly outages = new Map<string, number[]>();

  constructor(readonly plan: Plan, readonly options: InputTableOptions = {}) {
    this.partnerships = plan.events.filter((e) => e.type === 'partnership').map((e) => ({ id: e.id, decision: [], decided: [], live: [] }));
  }

  /** Adds one run's row. */
  add(run: RunResult): void {
    const r = this.rows++;
    for (const path in run.inputs) {
      let column = this.inputs.get(path);
      if (!column) this.inputs.set(path, (column = new Array<number>(r).fill(NaN)));
      column.push(run.inputs[path]);
    }
    for (const column of this.inputs.values()) if (column.length === r) column.push(NaN);
    if (this.options.events === false) return;
    const never = this.plan.horizon + 1;
    for (const p of this.partnerships) {
      let decision = 2, decided = never, live = never;
      for (const e of run.events) {
        if (e.event !== p.id) continue;
        if (e.kind === 'approved' || e.kind === 'rejected') { decision = e.kind === 'approved' ? 0 : 1; decided = e.step; }
        else if (e.kind === 'live' && live === never) live = e.step;
      }
      p.decision.push(decision); p.decided.push(decided); p.live.push(live);
    }
    for (const e of run.events) {
      if (e.kind !== 'outage' || e.agent === undefined) continue;
      let column = this.outages.get(e.agent);
      if (!column) this.outages.set(e.agent, (column = new Array<number>(r + 1).fill(0)));
      if (column.length === r) column.push(0);
      column[r]++;
    }
    for (const column of this.outages.values()) if (column.length === r) column.push(0);
  }

  /**
   * Appends the rows of `other` (a builder of the same plan) after this one's.
   *
   * @example
   * first.merge(second); first.rows; // => both builders' runs
   */
  merge(other: InputTableBuilder): void {
    const r = this.rows, n = other.rows;
    const pad = <T>(mine: Map<string, T[]>, theirs: Map<string, T[]>, fill: T) => {
      for (const k of theirs.keys()) if (!mine.has(k)) mine.set(k, new Array<T>(r).fill(fill));
      for (const [k, v] of mine) v.push(...(theirs.get(k) ?? new Array<T>(n).fill(fill)));
    };
    pad(this.inputs, other.inputs, NaN);
    pad(this.outages, other.outages, 0);
    this.partnerships.forEach((p, i) => {
      const o = other.partnerships[i];
      p.decision.push(...o.decision); p.decided.push(...o.decided); p.live.push(...o.live);
    });
    this.rows += n;
  }

  /**
   * The builder's rows as plain data (structured-clone safe: for workers).
   *
   * @example
   * InputTableBuilder.fromState(plan, builder.toState()).build(); // the same table as builder.build()
   */
  toState(): InputTableState {
    return {
      rows: this.rows, inputs: [...this.inputs], outages: [...this.outages],
      partnerships: this.partnerships.map((p) => ({ id: p.id, decision: p.decision, decided: p.decided, live: p.live })),
    };
  }

  /**
   * A builder holding the rows of `state` (from {@link InputTableBuilder.toState}, of a builder of the same plan).
   *
   * @example
   * const copy = InputTableBuilder.fromState(plan, builder.toState());
   */
  static fromState(plan: Plan, state: InputTableState, options: InputTableOptions = {}): InputTableBuilder {
    const b = new InputTableBuilder(plan, options);
    if (state.partnerships.length !== b.partnerships.length || state.partnerships.some((p, i) => p.id !== b.partnerships[i].id)) {
      throw new RivalsimError('Input table of another scenario', 'state.partnerships', state.partnerships.map((p) => p.id).join(', '), `the partnerships of ${plan.id}`);
    }
    b.rows = state.rows;
    for (const [k, v] of state.inputs) b.inputs.set(k, [...v]);
    for (const [k, v] of state.outages) b.outages.set(k, [...v]);
    state.partnerships.forEach((p, i) => Object.assign(b.partnerships[i], { decision: [...p.decision], decided: [...p.decided], live: [...p.live] }));
    return b;
  }

  /** The table: constant inputs and inputs missing from some runs are left out (listed in `skipped`). */
  build(): InputTable {
    const { plan, options } = this;
    const named = (list: string[] | undefined, c: { id: string; label: string }) => !!list && (list.includes(c.id) || list.includes(c.label));
    const distributions = new Map(uncertainInputs(plan).map((i) => [i.path, i.dist.dist]));
    const columns: InputColumn[] = [];
    const skipped: InputTable['skipped'] = [];
    const consider = (column: InputColumn) => {
      if (named(options.exclude, column)) return;
      const v = column.values;
      if (v.some((x) => !Number.isFinite(x))) { skipped.push({ id: column.id, label: column.label, reason: 'not sampled in every run' }); return; }
      if (v.every((x) => x === v[0])) { skipped.push({ id: column.id, label: column.label, reason: 'constant' }); return; }
      const dist = distributions.get(column.id);
      const categorical = column.kind === 'categorical' || dist === 'bernoulli' || dist === 'discrete' || named(options.categorical, column);
      columns.push(categorical ? categorise(column) : column);
    };
    for (const [path, values] of this.inputs) {
      consider({ id: path, label: inputLabel(plan, path), kind: 'continuous', values: Float64Array.from(values), source: 'input' });
    }
    for (const p of this.partnerships) {
      consider({ id: `event:${p.id}:decision`, label: `${p.id} · decision`, kind: 'categorical', categories: [...DECISIONS], values: Float64Array.from(p.decision), source: 'event' });
      consider({ id: `event:${p.id}:decided`, label: `${p.id} · decision month`, kind: 'continuous', months: true, values: Float64Array.from(p.decided), source: 'event' });
      consider({ id: `event:${p.id}:live`, label: `${p.id} · go-live month`, kind: 'continuous', months: true, values: Float64Array.from(p.live), source: 'event' });
    }
    const order = plan.agents.map((a) => a.id);
    for (const agent of [...this.outages.keys()].sort((a, b) => order.indexOf(a) - order.indexOf(b))) {
      consider({ id: `outages:${agent}`, label: `${agent} · outage months`, kind: 'continuous', values: Float64Array.from(this.outages.get(agent)!), source: 'event' });
    }
    return { rows: this.rows, columns, dates: plan.dates, skipped };
  }
}

/**
 * A column as categories that occur: a continuous one's distinct values in
 * increasing order (named by their values), a categorical one's categories
 * that some row has (in their order).
 */
function categorise(column: InputColumn): InputColumn {
  const distinct = [...new Set(column.values)].sort((a, b) => a - b);
  const code = new Map(distinct.map((v, i) => [v, i]));
  const names = column.kind === 'categorical' ? distinct.map((v) => column.categories![v]) : distinct.map(String);
  return { ...column, kind: 'categorical', categories: names, values: Float64Array.from(column.values, (v) => code.get(v)!) };
}

/**
 * Row indices of each continuous column sorted by value (ties by row
 * index); undefined for categorical columns. PRIM and CART walk columns in
 * this order instead of sorting at every step.
 *
 * @example
 * sortedRows({ rows: 3, columns: [{ id: 'x', label: 'x', kind: 'continuous', source: 'input', values: Float64Array.of(0.5, 0.1, 0.3) }], dates: [], skipped: [] });
 * // => [Int32Array [1, 2, 0]]
 */
export function sortedRows(table: InputTable): Array<Int32Array | undefined> {
  return table.columns.map((c) => {
    if (c.kind !== 'continuous') return undefined;
    const v = c.values;
    return Int32Array.from({ length: table.rows }, (_, r) => r).sort((a, b) => v[a] - v[b] || a - b);
  });
}

/**
 * The input table of some runs of `plan` (e.g. a study's kept paths).
 *
 * @example
 * const result = await simulate(scenarios.baseline, { runs: 2000, seed: 1, keepPaths: 2000 });
 * inputTable(result.paths, result.plan).columns.find((c) => c.id === 'event:apple+alibaba:decision')?.categories;
 * // => ['approved', 'rejected', 'pending']
 */
export function inputTable(runs: Iterable<RunResult>, plan: Plan, options: InputTableOptions = {}): InputTable {
  const builder = new InputTableBuilder(plan, options);
  for (const run of runs) builder.add(run);
  if (builder.rows === 0) throw new RivalsimError('No runs for the input table', 'runs', 0, 'at least one run (keep paths with keepPaths)');
  return builder.build();
}
