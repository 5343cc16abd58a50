/**
 * What a study keeps of each run with `keepInputs` (for scenario
 * discovery and per-run tables, without keeping paths: a few numbers a run
 * instead of about 30 KB): its row of the input table (sampled inputs and
 * event draws, `inputs.ts`), whether each of the study's predicates held,
 * and its outputs at the horizon (each agent's share in each market). Kept per
 * contiguous range of runs, so that the parts of a study made on workers
 * (whose chunks interleave) join in run order.
 */
import { RivalsimError } from '../errors.js';
import type { Plan } from '../model/compile.js';
import type { RunResult } from '../model/result.js';
import { InputTableBuilder, type InputTable, type InputTableOptions, type InputTableState } from './inputs.js';

/**
 * Plain-data state of {@link KeptInputs}: the first run it holds, the
 * input table's rows and each predicate's value per run (1 or 0).
 *
 * @example
 * // { from: 512, table: { rows: 256, … }, outcomes: [['appleFirst', [0, 1, 0, …]]] }
 */
export interface KeptInputsState {
  from: number;
  table: InputTableState;
  outcomes: Array<[string, number[]]>;
  /** Each output at the horizon (`share:<market>:<agent>`), one value per run. */
  outputs?: Array<[string, number[]]>;
}

/**
 * One output of a run kept with `keepInputs`: a metric of an agent in a
 * market at the horizon, one value per run (NaN where the run did not
 * record it).
 *
 * @example
 * // { id: 'share:phones:apple', market: 'phones', metric: 'share', agent: 'apple', values: Float64Array [0.17, …] }
 */
export interface KeptOutput {
  id: string;
  market: string;
  metric: string;
  agent: string;
  values: Float64Array;
}

/** The metrics kept per run at the horizon. */
const KEPT_METRICS = ['share'] as const;

/**
 * The kept inputs and predicate values of runs [from, from + rows).
 *
 * @example
 * const kept = new KeptInputs(plan, {}, ['appleFirst'], 0);
 * kept.add(run, [true]);
 * kept.table().rows; // => 1
 * kept.outcome('appleFirst'); // => Uint8Array [1]
 */
export class KeptInputs {
  private readonly builder: InputTableBuilder;
  private readonly outcomes: Map<string, number[]>;
  private readonly outputValues = new Map<string, number[]>();

  constructor(readonly plan: Plan, readonly options: InputTableOptions, predicateNames: readonly string[], readonly from: number, builder?: InputTableBuilder) {
    this.builder = builder ?? new InputTableBuilder(plan, options);
    this.outcomes = new Map(predicateNames.map((n) => [n, []]));
  }

  /** Runs held. */
  get rows(): number {
    return this.builder.rows;
  }

  /** The run after the last one held. */
  get to(): number {
    return this.from + this.builder.rows;
  }

  /** Adds the next run with its predicate values (in the order of the names given). */
  add(run: RunResult, predicateValues: readonly boolean[]): void {
    const row = this.builder.rows;
    this.builder.add(run);
    let i = 0;
    for (const values of this.outcomes.values()) values.push(predicateValues[i++] ? 1 : 0);
    const T = run.dates.length - 1;
    for (const m of run.markets) {
      for (const metric of KEPT_METRICS) {
        const data = m.data[metric];
        if (!data) continue;
        const T1 = data.length / m.agents.length;
        m.agents.forEach((agent, j) => {
          const id = `${metric}:${m.id}:${agent}`;
          let values = this.outputValues.get(id);
          if (!values) this.outputValues.set(id, (values = []));
          while (values.length < row) values.push(NaN);
          values.push(data[j * T1 + Math.min(T, T1 - 1)]);
        });
      }
    }
  }

  /**
   * The outputs at the horizon of the runs held, in run order (each
   * agent's share in each market).
   *
   * @example
   * kept.outputs().find((o) => o.id === 'share:phones:apple')!.values[0]; // => 0.17…
   */
  outputs(): KeptOutput[] {
    const rows = this.rows;
    return [...this.outputValues].map(([id, values]) => {
      const [metric, market, ...agent] = id.split(':');
      const out = new Float64Array(rows).fill(NaN);
      out.set(values.slice(0, rows));
      return { id, market, metric, agent: agent.join(':'), values: out };
    });
  }

  /** Appends `other`, which must start where this ends. */
  append(other: KeptInputs): void {
    if (other.from !== this.to) throw new RangeError(`Kept inputs of runs ${other.from}… cannot follow runs ${this.from}…${this.to - 1}`);
    const rows = this.rows;
    this.builder.merge(other.builder);
    for (const [name, values] of this.outcomes) values.push(...(other.outcomes.get(name) ?? []));
    for (const [id, values] of other.outputValues) {
      let mine = this.outputValues.get(id);
      if (!mine) this.outputValues.set(id, (mine = []));
      while (mine.length < rows) mine.push(NaN);
      for (const v of values) mine.push(v);
    }
  }

  /** The input table of the runs held (see `InputTableBuilder.build`). */
  table(): InputTable {
    return this.builder.build();
  }

  /**
   * Whether predicate `name` held in each run held (1 or 0), in run order.
   *
   * @example
   * kept.outcome('appleFirst').reduce((n, v) => n + v, 0); // runs where it held
   */
  outcome(name: string): Uint8Array {
    const values = this.outcomes.get(name);
    if (!values) throw new RivalsimError('Unknown predicate', 'predicate', name, `one of ${[...this.outcomes.keys()].join(', ') || '(none given)'}`);
    return Uint8Array.from(values);
  }

  /** Names of the predicates recorded. */
  get predicateNames(): string[] {
    return [...this.outcomes.keys()];
  }

  /** Plain data (for workers). */
  toState(): KeptInputsState {
    return { from: this.from, table: this.builder.toState(), outcomes: [...this.outcomes], outputs: [...this.outputValues] };
  }

  /** Kept inputs from their state. */
  static fromState(plan: Plan, options: InputTableOptions, state: KeptInputsState): KeptInputs {
    const kept = new KeptInputs(plan, options, state.outcomes.map(([n]) => n), state.from, InputTableBuilder.fromState(plan, state.table, options));
    for (const [name, values] of state.outcomes) kept.outcomes.get(name)!.push(...values);
    for (const [id, values] of state.outputs ?? []) kept.outputValues.set(id, [...values]);
    return kept;
  }

  /**
   * Joins parts (of one study, in any order) into one in run order; they
   * must cover contiguous runs without gaps or overlaps.
   *
   * @example
   * KeptInputs.join([second, first]).from; // => first.from
   */
  static join(parts: readonly KeptInputs[]): KeptInputs | undefined {
    if (parts.length === 0) return undefined;
    const sorted = [...parts].sort((a, b) => a.from - b.from);
    const first = sorted[0];
    const joined = new KeptInputs(first.plan, first.options, first.predicateNames, first.from);
    for (const part of sorted) joined.append(part);
    return joined;
  }
}
