/**
 * The result API of a study: statistics of a group of runs
 * ({@link RunGroupView}) and of a whole study ({@link SimulationResult}),
 * exported as tidy rows, CSV and JSON. Notebook display (`toSVG`,
 * `_toMime`, `Symbol.for('Jupyter.display')`) is installed onto these
 * classes by the presentation layer (`charts/display.ts`).
 */
import { RivalsimError } from '../errors.js';
import type { Plan } from '../model/compile.js';
import { metricUnit, type RunResult } from '../model/result.js';
import type { Seed } from '../random/source.js';
import { csvField, csvNumber } from './csv.js';
import type { DesignKind } from './design.js';
import { JUPYTER_DISPLAY, type FanChartLayout, type MimeBundle, type SeriesChartOptions } from './display.js';
import { combineEventStats, resolveEventQuery, type DealParties, type EventStat } from './events.js';
import type { Group } from './group.js';
import type { CellStat, MarketLayout } from './layout.js';
import type { InputTable } from './inputs.js';
import type { KeptInputs, KeptOutput } from './kept-inputs.js';
import { runsCSV } from './runs-csv.js';
import { currentOrigin, provenanceOf, type Origin, type Provenance } from './provenance.js';
import { shardToJSON } from './shards/document.js';
import { resultFromJSON } from './shards/reload.js';
import { eventStatErrors, quantileUncertainty, type QuantileUncertainty } from './uncertainty.js';

/**
 * An estimated probability with its Monte Carlo standard error.
 *
 * @example
 * result.rankProbability('phones', 'apple'); // => { probability: 0.21, se: 0.004, count: 2100, runs: 10000 }
 */
export interface Estimate {
  probability: number;
  se: number;
  count: number;
  runs: number;
}

function estimate(count: number, runs: number): Estimate {
  const p = runs > 0 ? count / runs : NaN;
  return { probability: p, se: runs > 0 ? Math.sqrt((p * (1 - p)) / runs) : NaN, count, runs };
}

/**
 * One tidy row of a summary: a market, metric, agent and step, and the
 * metric's unit (see `metricUnit`).
 *
 * @example
 * // { scenario: 'apple-alibaba', market: 'phones', metric: 'share', agent: 'apple', step: 36, date: '2028-01',
 * //   mean: 0.17, sd: 0.01, se: 0.0001, p5: 0.15, p25: 0.16, p50: 0.17, p75: 0.18, p95: 0.19, unit: 'fraction' }
 */
export interface SummaryRow {
  scenario: string;
  market: string;
  metric: string;
  agent: string;
  step: number;
  date: string;
  mean: number;
  sd: number;
  se: number;
  [quantile: `p${string}`]: number;
  /** The metric's unit: `fraction`, `million users`, … (`''` for a custom metric). */
  unit: string;
}

/**
 * Column name of a quantile: `p5` for 0.05, `p2.5` for 0.025.
 *
 * @example
 * quantileName(0.95); // => 'p95'
 */
export function quantileName(q: number): `p${string}` {
  return `p${Number((q * 100).toPrecision(12))}`;
}

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
 * Statistics of a group of runs: all runs of a simulation, or those meeting
 * a condition.
 */
export class RunGroupView {
  constructor(
    protected readonly group: Group,
    /** Quantiles reported. */
    readonly quantiles: readonly number[],
    /** Steps with rank probabilities. */
    readonly rankSteps: readonly number[],
  ) {}

  /** Number of runs in the group. */
  get runs(): number {
    return this.group.summary.n;
  }

  /** `'YYYY-MM'` of each step. */
  get dates(): readonly string[] {
    return this.group.plan.dates;
  }

  /** Months simulated. */
  get horizon(): number {
    return this.group.plan.horizon;
  }

  /** Markets, agents and metrics covered. */
  get markets(): readonly MarketLayout[] {
    return this.group.summary.markets;
  }

  /**
   * Mean, sd, standard error and quantiles of a metric of an agent at a step (default: the horizon).
   *
   * @example
   * result.stat('phones', 'share', 'apple').quantiles; // => [P5, P25, P50, P75, P95]
   */
  stat(market: string, metric: string, agent: string, step = this.horizon): CellStat {
    return this.group.summary.stat(market, metric, agent, step, this.quantiles);
  }

  /**
   * The quantiles of a cell (default: the study's) with their Monte Carlo
   * error, read off its histogram: the Maritz–Jarrett standard error and a
   * 95 % order-statistic interval (see `quantileUncertainty`). Throws when
   * the study kept no histograms (`quantiles: []`).
   *
   * @example
   * result.quantileErrors('phones', 'share', 'apple', 36, [0.5])[0]; // => { q: 0.5, estimate: 0.171, se: 0.0004, lower: 0.170, upper: 0.172, level: 0.95… }
   */
  quantileErrors(market: string, metric: string, agent: string, step = this.horizon, quantiles: readonly number[] = this.quantiles): QuantileUncertainty[] {
    const h = this.group.summary.cellHistogram(market, metric, agent, step);
    if (!h) throw new RivalsimError('No histograms kept', 'quantiles', '[]', 'a study run with quantiles (the default)', 'Run without quantiles: []');
    return quantileUncertainty(h, quantiles);
  }

  /**
   * An event statistic with the standard errors of its means (see
   * {@link RunGroupView.event} for the arguments).
   *
   * @example
   * result.eventWithErrors('live', 'apple+alibaba'); // => { …, meanFirstStep: 18.7, meanFirstStepSE: 0.05, meanCountSE: 0.004 }
   */
  eventWithErrors(kind: string, event?: string, agent?: string, policy?: string): EventStat & { meanCountSE: number; meanFirstStepSE: number } {
    const stat = this.event(kind, event, agent, policy);
    return { ...stat, ...eventStatErrors(stat) };
  }

  /**
   * P(agent has rank `rank` by share in `market` at `step`), 1 = the leader.
   *
   * @example
   * result.rankProbability('phones', 'apple', 1).probability; // => 0.21
   */
  rankProbability(market: string, agent: string, rank = 1, step = this.horizon): Estimate {
    const i = this.group.summary.marketIndex(market);
    if (i < 0) throw new RivalsimError('Unknown market', 'market', market, `one of ${this.markets.map((m) => m.id).join(', ')}`);
    const s = this.rankSteps.indexOf(step);
    if (s < 0) throw new RivalsimError('No rank counts at this step', 'step', step, `a rank step (${this.rankSteps.join(', ')})`, 'Add it to rankSteps');
    const agents = this.markets[i].agents;
    const j = agents.indexOf(agent);
    if (j < 0) throw new RivalsimError(`Unknown agent in "${market}"`, 'agent', agent, `one of ${agents.join(', ')}`);
    if (!Number.isInteger(rank) || rank < 1 || rank > agents.length) throw new RivalsimError('Invalid rank', 'rank', rank, `an integer in 1…${agents.length}`);
    return estimate(this.group.ranks.counts[i][s][j * agents.length + rank - 1], this.runs);
  }

  /** Names of the predicates whose probabilities the study counted. */
  get predicateNames(): string[] {
    return [...this.group.predicates.keys()];
  }

  /**
   * The probability of a named predicate.
   *
   * @example
   * result.probability('appleAhead'); // => { probability: 0.43, se: 0.005, … }
   */
  probability(predicate: string): Estimate {
    const count = this.group.predicates.get(predicate);
    if (count === undefined) throw new RivalsimError('Unknown predicate', 'predicate', predicate, `one of ${[...this.group.predicates.keys()].join(', ') || '(none given)'}`);
    return estimate(count, this.runs);
  }

  /**
   * Statistics of a happening: `kind` with an event id (announced,
   * approved, rejected, live, launch, shock, entry, exit, subsidy) or an
   * agent (outage; policy, with the policy's name). Unknown kinds, ids,
   * agents and policies throw a `RivalsimError` listing the known ones
   * (see `resolveEventQuery`). Deals policies made carry the month in
   * their id (`apple+bytedance@7`, see {@link RunGroupView.deals}); a pair
   * `maker+provider` the scenario does not declare stands for all of them
   * (mean counts summed; the probability is exact when a run makes at most
   * one such deal, as seekPartner does).
   *
   * @example
   * result.event('approved', 'apple+alibaba').probability; // => 0.66
   * result.event('live', 'apple+bytedance').probability; // => 0.25 (policy-made deals, any month)
   * result.event('outage', undefined, 'alibaba').meanCount; // => 0.3
   */
  event(kind: string, event?: string, agent?: string, policy?: string): EventStat {
    const query = resolveEventQuery(this.group.plan, this.group.events, kind, event, agent, policy);
    if (query.pair === undefined) return this.group.events.stat(query.keys[0]);
    return combineEventStats(query.keys.map((k) => this.group.events.stat(k)), kind, query.pair, this.runs, this.horizon + 1);
  }

  /** Statistics of every happening seen in the runs. */
  events(): EventStat[] {
    return this.group.events.all();
  }

  /**
   * The parties of every deal seen in the runs (declared partnerships and
   * those policies made), from the event log's structured fields.
   *
   * @example
   * result.deals().filter((d) => d.deviceMaker === 'apple').map((d) => d.provider); // => ['alibaba', 'baidu', …]
   */
  deals(): DealParties[] {
    return this.group.events.deals();
  }

  /**
   * Tidy rows, one per market, metric, agent and step (for Observable Plot,
   * Arquero, Danfo…).
   *
   * @example
   * result.rows().filter((r) => r.metric === 'share' && r.agent === 'apple');
   */
  rows(): SummaryRow[] {
    const out: SummaryRow[] = [];
    const names = this.quantiles.map(quantileName);
    const id = this.group.plan.id;
    const T1 = this.horizon + 1;
    this.markets.forEach((m, i) => {
      m.metrics.forEach((metric, k) => {
        const unit = metricUnit(metric);
        m.agents.forEach((agent, j) => {
          for (let t = 0; t < T1; t++) {
            const s = this.group.summary.cell(i, k, j * T1 + t, this.quantiles);
            const row = { scenario: id, market: m.id, metric, agent, step: t, date: this.dates[t], mean: s.mean, sd: s.sd, se: s.se } as SummaryRow;
            names.forEach((name, q) => { row[name] = s.quantiles[q]; });
            row.unit = unit;
            out.push(row);
          }
        });
      });
    });
    return out;
  }

  /**
   * The summary as CSV, header
   * `scenario,market,metric,agent,step,date,mean,sd,se,p5,p25,p50,p75,p95,unit`
   * (quantile columns follow the requested quantiles; `unit` is the
   * metric's, e.g. `fraction` or `million users`, empty for a custom
   * metric). The header is the first line, with no comment lines, so
   * spreadsheets and dataframe readers load it as is; deterministic (the
   * same study gives the same bytes): the provenance is in `toJSON()`.
   *
   * @example
   * result.toCSV().split('\n')[0]; // => 'scenario,market,metric,agent,step,date,mean,sd,se,p5,p25,p50,p75,p95,unit'
   */
  toCSV(): string {
    const names = this.quantiles.map(quantileName);
    const lines = [['scenario', 'market', 'metric', 'agent', 'step', 'date', 'mean', 'sd', 'se', ...names, 'unit'].join(',')];
    for (const r of this.rows()) {
      lines.push([csvField(r.scenario), csvField(r.market), csvField(r.metric), csvField(r.agent), String(r.step), r.date,
        csvNumber(r.mean), csvNumber(r.sd), csvNumber(r.se), ...names.map((n) => csvNumber(r[n])), csvField(r.unit)].join(','));
    }
    return lines.join('\n') + '\n';
  }

  /** Rank probabilities at every rank step: `{ market: { step: { agent: [P(rank 1), P(rank 2), …] } } }`. */
  rankTable(): Record<string, Record<number, Record<string, number[]>>> {
    const out: Record<string, Record<number, Record<string, number[]>>> = {};
    this.markets.forEach((m, i) => {
      out[m.id] = {};
      this.rankSteps.forEach((t, s) => {
        const n = m.agents.length, c = this.group.ranks.counts[i][s];
        out[m.id][t] = Object.fromEntries(m.agents.map((a, j) => [a, Array.from({ length: n }, (_, r) => (this.runs ? c[j * n + r] / this.runs : NaN))]));
      });
    });
    return out;
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
export class SimulationResult extends RunGroupView {
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
    readonly paths: readonly RunResult[],
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
  given(name: string): RunGroupView {
    const g = this.conditionGroups.get(name);
    if (!g) throw new RivalsimError('Unknown condition', 'condition', name, `one of ${this.conditions.join(', ') || '(none given)'}`);
    return new RunGroupView(g, this.quantiles, this.rankSteps);
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
    const view = (v: RunGroupView) => ({
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
