/**
 * The result API of a study: statistics of a group of runs
 * ({@link RunGroupView}, in `run-group.ts`) and of a whole study
 * ({@link SimulationResult}), exported as tidy rows, CSV and JSON. Notebook display (`toSVG`,
 * `_toMime`, `Symbol.for('Jupyter.display')`) is installed onto these
 * classes by the presentation layer (`charts/display.ts`).
 */
import { RivalsimError } from '../errors.js';
import type { Plan } from '../model/compile.js';
import type { StudyIds } from '../model/ids.js';
import type { RunResult } from '../model/result.js';
import type { Seed } from '../random/source.js';
import type { DesignKind } from './design.js';
import { JUPYTER_DISPLAY, type FanChartLayout, type MimeBundle, type SeriesChartOptions } from './display.js';
import type { Group } from './group.js';
import type { InputTable } from './inputs.js';
import type { KeptInputs, KeptOutput } from './kept-inputs.js';
import { runsCSV } from './runs-csv.js';
import { currentOrigin, provenanceOf, type Origin, type Provenance } from './provenance.js';
import { shardToJSON } from './shards/document.js';
import { resultFromJSON } from './shards/reload.js';
import { RunGroupView } from './run-group.js';

export { RunGroupView, type Estimate } from './run-group.js';
export { quantileName, type SummaryRow } from './summary-rows.js';

/**
 * Internal: a result's state for its JSON, or `null` when the scenario
 * cannot be written as JSON (it holds functions: custom policy objects).
 */
export function stateOrNull<T>(state: () => T): T | null {
  try {
    return state();
  } catch (e) {
    if (e instanceof RivalsimError) return null;
    throw e;
  }
}


/**
 * The result of {@link simulate}: statistics over all runs, conditional
 * statistics, kept paths, and export to rows, CSV and JSON.
 *
 * @example
 * const result = await simulate(scenarios['apple-alibaba'], { runs: 10_000, seed: 42 });
 * result.stat('phones', 'share', 'apple', 24).mean; // => 0.17…
 * result.toCSV();
 */
export class SimulationResult<I extends StudyIds = StudyIds> extends RunGroupView<I> {
  constructor(
    group: Group,
    quantiles: readonly number[],
    rankSteps: readonly number[],
    /** Seed of the study. */
    readonly seed: Seed,
    /** Sampling design. */
    readonly design: DesignKind,
    private readonly conditionGroups: ReadonlyMap<string, Group>,
    /** Full results of the first `keepPaths` runs. */
    readonly paths: readonly RunResult<I>[],
    /** Runs of the study and the slice [from, to) this result covers (all of them unless sharded). */
    readonly coverage: { runs: number; from: number; to: number },
    /** With `keepInputs`: each run's inputs and predicate values. */
    private readonly kept?: KeptInputs,
    /** Which rivalsim made it, when and where (default: this one, now, here); see {@link SimulationResult.provenance}. */
    readonly origin: Origin = currentOrigin(),
  ) {
    super(group, quantiles, rankSteps);
  }

  private provenanceCache: Provenance | undefined;

  /**
   * Where this result came from: the rivalsim version, the scenario's id
   * and the hash of its definition, seed, runs, design, when it was made
   * and on which runtime (a merge: the shards' common version, the time of
   * the merge; a result reloaded by `fromJSON`: the original's). `toJSON()`,
   * shard files and the HTML report carry it; the CSV does not (it stays
   * the same bytes for the same study).
   *
   * @example
   * result.provenance; // => { rivalsim: '0.1.0', scenario: { id: 'apple-alibaba', hash: 'sha256:…' }, seed: 42, runs: 10000, design: 'monte-carlo', createdAt: '2026-…Z', runtime: 'Node 20.19.0' }
   */
  get provenance(): Provenance {
    this.provenanceCache ??= provenanceOf(this.plan, { seed: this.seed, runs: this.coverage.runs, design: this.design }, this.origin);
    return this.provenanceCache;
  }

  /** Internal: the kept inputs (for merging). */
  keptInputs(): KeptInputs | undefined {
    return this.kept;
  }

  /**
   * The input table of a study run with `keepInputs`: one row per run,
   * one column per uncertain input and event draw (see `InputTableBuilder`).
   *
   * @example
   * const result = await simulate(s, { runs: 4000, seed: 1, keepInputs: true, predicates: { appleFirst: 'rank(phones, apple, 2027-Q4) == 1' } });
   * result.inputTable().rows; // => 4000
   */
  inputTable(): InputTable {
    return this.keptOrThrow().table();
  }

  /**
   * Whether predicate `name` held in each run (1 or 0, in run order) of a
   * study run with `keepInputs`: the outcome scenario discovery explains.
   *
   * @example
   * result.outcome('appleFirst').reduce((n, v) => n + v, 0) / result.runs; // => result.probability('appleFirst').probability
   */
  outcome(name: string): Uint8Array {
    return this.keptOrThrow().outcome(name);
  }

  /**
   * The outputs at the horizon of each run of a study run with
   * `keepInputs` (each agent's share in each market), in run order.
   *
   * @example
   * result.runOutputs().find((o) => o.id === 'share:phones:apple')!.values; // => Float64Array [0.17, …]
   */
  runOutputs(): KeptOutput[] {
    return this.keptOrThrow().outputs();
  }

  /**
   * A study run with `keepInputs` as a table of experiments, one CSV row
   * per run: `run`, its uncertain inputs and event draws, `predicate:<name>`
   * (1 or 0) and `share:<market>:<agent>` at the horizon (see `runsCSV`
   * for the columns). The CLI writes it with `run --runs-csv FILE`.
   *
   * @example
   * const result = await simulate(s, { runs: 1000, seed: 1, keepInputs: true });
   * result.toRunsCSV().split('\n').length; // => 1002 (header, 1000 runs, final newline)
   */
  toRunsCSV(): string {
    return runsCSV(this.keptOrThrow());
  }

  private keptOrThrow(): KeptInputs {
    if (!this.kept) throw new RivalsimError('No inputs kept', 'keepInputs', undefined, 'a study run with keepInputs: true', 'Simulate with { keepInputs: true, predicates: { … } }');
    return this.kept;
  }

  /** Internal: the accumulators, for merging. */
  groups(): { main: Group; conditions: ReadonlyMap<string, Group> } {
    return { main: this.group, conditions: this.conditionGroups };
  }

  /** The scenario id. */
  get scenario(): string {
    return this.group.plan.id;
  }

  /** The compiled scenario. */
  get plan(): Plan {
    return this.group.plan;
  }

  /** Names of the conditions summarised. */
  get conditions(): string[] {
    return [...this.conditionGroups.keys()];
  }

  /**
   * The same statistics over the runs where condition `name` held; `.runs`
   * is their count.
   *
   * @example
   * const approved = result.given('approved');
   * approved.runs; // => 6612
   * approved.stat('phones', 'share', 'apple').mean; // => 0.18…
   */
  given(name: string): RunGroupView<I> {
    const g = this.conditionGroups.get(name);
    if (!g) throw new RivalsimError('Unknown condition', 'condition', name, `one of ${this.conditions.join(', ') || '(none given)'}`);
    return new RunGroupView<I>(g, this.quantiles, this.rankSteps);
  }

  /**
   * A JSON-ready object: the provenance ({@link SimulationResult.provenance}),
   * meta data, tidy rows (with units), rank probabilities, predicate
   * probabilities, event statistics, conditional summaries and `state`,
   * the exact state of the accumulators (a shard document, see
   * `shardToJSON`; `null` when the scenario holds functions, which JSON
   * cannot carry), from which {@link SimulationResult.fromJSON} reloads the
   * result. Two runs of one study give the same JSON but for
   * `provenance.createdAt` and `provenance.runtime` (also inside `state`).
   *
   * @example
   * JSON.stringify(result.toJSON());
   */
  toJSON(): Record<string, unknown> {
    return this.jsonView(true);
  }

  /** Internal: {@link SimulationResult.toJSON}, with or without the state (a comparison carries its own). */
  jsonView(withState: boolean): Record<string, unknown> {
    const view = (v: RunGroupView<I>) => ({
      runs: v.runs,
      rows: v.rows(),
      ranks: v.rankTable(),
      probabilities: Object.fromEntries([...this.group.predicates.keys()].map((p) => [p, v.probability(p)])),
      events: v.events(),
    });
    return {
      provenance: this.provenance,
      scenario: this.scenario, name: this.plan.name, seed: this.seed, design: this.design,
      quantiles: this.quantiles, rankSteps: this.rankSteps, dates: this.dates,
      ...view(this),
      conditions: Object.fromEntries(this.conditions.map((c) => [c, view(this.given(c))])),
      ...(withState ? { state: stateOrNull(() => shardToJSON(this)) } : {}),
    };
  }

  /**
   * The result again from the object {@link SimulationResult.toJSON}
   * returned (a `--json` file, parsed), so that a study can be reported
   * later: the same statistics bit for bit (`toCSV()`, `stat`, quantiles,
   * rank probabilities, events, conditions) and the original provenance.
   * Kept paths and kept inputs are not carried. Errors are one-line
   * {@link RivalsimError}s (not a result's JSON, a changed state: its digest).
   *
   * @example
   * const again = await SimulationResult.fromJSON(JSON.parse(readFileSync('study.json', 'utf8')));
   * htmlReport(again); // the report, later
   */
  static fromJSON(json: unknown): Promise<SimulationResult> {
    return resultFromJSON(json);
  }

  /**
   * An SVG fan chart (median, P25–P75, P5–P95 per agent over time) of the
   * first market's share by default; options pick the market, metric, agents.
   * (Installed by the presentation layer as the package loads.)
   *
   * @example
   * result.toSVG(); // '<svg …' (tslab: display it with `tslab.display.html(result.toSVG())`)
   * result.toSVG({ market: 'assistants', metric: 'users' });
   */
  declare toSVG: (options?: Partial<SeriesChartOptions & FanChartLayout>) => string;

  /**
   * Notebook display for Deno's Jupyter kernel: a summary, the fan chart as
   * SVG and as a Vega-Lite v5 spec.
   *
   * @example
   * result[Symbol.for('Jupyter.display')]()['text/plain'];
   */
  declare [JUPYTER_DISPLAY]: () => MimeBundle;

  /**
   * Notebook display for IJavascript-style kernels (same bundle as
   * `[Symbol.for('Jupyter.display')]()`).
   *
   * @example
   * Object.keys(result._toMime()); // => ['text/plain', 'image/svg+xml', 'application/vnd.vegalite.v5+json']
   */
  declare _toMime: () => MimeBundle;
}
