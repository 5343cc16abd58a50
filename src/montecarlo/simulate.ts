/**
 * `simulate`: many runs of a scenario, summarised as they stream by.
 */
import { JUPYTER_DISPLAY, simulationMime, simulationSVG, type MimeBundle } from '../charts/display.js';
import type { FanChartOptions } from '../charts/data.js';
import { RivalsimError } from '../errors.js';
import { prepareScenario, type Plan } from '../model/compile.js';
import { ASSISTANT_METRICS, DEVICE_METRICS, type RunResult } from '../model/result.js';
import type { ScenarioSpec } from '../model/types.js';
import type { Seed } from '../random/source.js';
import type { DesignKind } from './design.js';
import { EventStats, type EventStat } from './events.js';
import { BLOCK_RUNS } from './exact.js';
import { checkRunOptions, runLoop, type RunLoopOptions } from './runner.js';
import { Summary, type CellStat, type MarketLayout, type SummaryState } from './summary.js';

/** A yes/no question about one run, e.g. "was the deal approved?". */
export type RunPredicate = (run: RunResult) => boolean;

/** Default quantiles: P5, P25, P50, P75, P95. */
export const DEFAULT_QUANTILES: readonly number[] = [0.05, 0.25, 0.5, 0.75, 0.95];

/**
 * Options of {@link simulate}.
 *
 * @example
 * const options: SimulateOptions = {
 *   runs: 10_000, seed: 42, design: 'latin-hypercube',
 *   predicates: { appleAhead: (r) => r.at('phones', 'share', 'apple', 36) > r.at('phones', 'share', 'huawei', 36) },
 *   conditions: { approved: (r) => r.events.some((e) => e.kind === 'approved') },
 *   keepPaths: 50,
 * };
 */
export interface SimulateOptions extends RunLoopOptions {
  /** Quantiles to report, in (0, 1). Default P5, P25, P50, P75, P95. `[]` reports none and keeps no histograms (less memory: about 35 MB with every metric). */
  quantiles?: number[];
  /** Steps at which rank probabilities are counted. Default: the horizon. */
  rankSteps?: number[];
  /** Named predicates whose probability is estimated. */
  predicates?: Record<string, RunPredicate>;
  /** Named conditions: every statistic is also summarised over the runs where each holds. */
  conditions?: Record<string, RunPredicate>;
  /** Keep the full results of the first K runs (for spaghetti plots). Default 0. */
  keepPaths?: number;
  /**
   * The metrics to summarise, in every market that records them (`share` is
   * always summarised). Default: all of them. Fewer metrics make the
   * summaries smaller and the study faster; asking a result for a metric
   * left out is an error that lists those summarised.
   */
  metrics?: string[];
  /**
   * Run only shard `index` (0-based) of `count`: a contiguous slice of whole
   * blocks of runs. {@link merge} combines all shards into exactly the
   * result of one big run.
   */
  shard?: { index: number; count: number };
}

/**
 * Options of {@link simulate} with `runs: 'auto'`: run batches until every
 * target's 95 % confidence half-width is met (see `simulateUntil`).
 *
 * @example
 * const o: AutoRunsOptions = { runs: 'auto', seed: 42, precision: [{ market: 'phones', metric: 'share', agent: 'apple', step: 24, halfWidth: 0.001 }] };
 */
export interface AutoRunsOptions extends Omit<SimulateOptions, 'runs' | 'design' | 'correlations' | 'shard'> {
  runs: 'auto';
  /** The cells and the 95 % CI half-width each must reach. */
  precision: import('../analysis/convergence.js').PrecisionTarget[];
  /** Runs per batch (a multiple of 256). Default 2048. */
  batch?: number;
  /** Most runs to make. Default 2²⁰. */
  maxRuns?: number;
}

/**
 * The runs [from, to) of shard `index` of `count`: whole blocks of
 * {@link BLOCK_RUNS} runs, as evenly spread as blocks allow.
 *
 * @example
 * shardRange(1000, { index: 1, count: 2 }); // => { from: 512, to: 1000 }
 */
export function shardRange(runs: number, shard: { index: number; count: number }): { from: number; to: number } {
  const { index, count } = shard;
  if (!Number.isInteger(count) || count < 1) throw new RivalsimError('Invalid shard count', 'shard.count', count, 'an integer ≥ 1');
  if (!Number.isInteger(index) || index < 0 || index >= count) throw new RivalsimError('Invalid shard index', 'shard.index', index, `an integer in 0…${count - 1}`);
  const blocks = Math.ceil(runs / BLOCK_RUNS);
  const from = Math.min(runs, Math.floor((index * blocks) / count) * BLOCK_RUNS);
  const to = Math.min(runs, Math.floor(((index + 1) * blocks) / count) * BLOCK_RUNS);
  return { from, to };
}

/**
 * Internal: the runs [from, to) a study covers: all `runs`, or its shard's
 * slice (see {@link shardRange}); an empty shard is an error naming the fix.
 */
export function studyRange(runs: number, shard: SimulateOptions['shard']): { from: number; to: number } {
  const range = shard ? shardRange(runs, shard) : { from: 0, to: runs };
  if (range.from >= range.to) {
    throw new RivalsimError('Empty shard', 'shard', shard, `fewer shards than blocks of ${BLOCK_RUNS} runs (${Math.ceil(runs / BLOCK_RUNS)} for ${runs} runs)`);
  }
  return range;
}

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

/** Rank counts per market and rank step: `counts[agent * n + rank]`. */
class RankCounts {
  readonly counts: Float64Array[][];
  private readonly order: Int32Array[];
  constructor(readonly markets: readonly MarketLayout[], readonly steps: readonly number[]) {
    this.counts = markets.map((m) => steps.map(() => new Float64Array(m.agents.length ** 2)));
    this.order = markets.map((m) => new Int32Array(m.agents.length));
  }

  /** Counts the ranks by share of run `run` (shares must be finite: `Summary.add` checks them first). */
  add(run: RunResult, T1: number): void {
    const steps = this.steps;
    for (let i = 0; i < this.markets.length; i++) {
      const share = run.markets[i].data.share;
      const order = this.order[i], n = order.length, perStep = this.counts[i];
      for (let s = 0; s < steps.length; s++) {
        const t = steps[s];
        // Insertion sort: larger share first, the lower slot first on ties (a strict total
        // order on finite shares, so the same ranking as any other sort).
        for (let j = 0; j < n; j++) {
          const x = share[j * T1 + t];
          let r = j;
          while (r > 0) {
            const prev = order[r - 1];
            if (share[prev * T1 + t] >= x) break;
            order[r] = prev;
            r--;
          }
          order[r] = j;
        }
        const c = perStep[s];
        for (let r = 0; r < n; r++) c[order[r] * n + r]++;
      }
    }
  }

}

const EMPTY = new Float64Array(0);

/** Plain-data state of a {@link Group}: what a worker or a shard file carries. */
export interface GroupState {
  summary: SummaryState;
  ranks: Float64Array[][];
  rankSteps: number[];
  events: ReturnType<EventStats['toState']>;
  predicates: Array<[string, number]>;
}

/** The accumulators of one group of runs (all runs, or those meeting a condition). */
export class Group {
  summary: Summary;
  ranks: RankCounts;
  events: EventStats;
  readonly predicates: Map<string, number>;
  private readonly predicateNames: string[];
  /** Scratch for {@link Group.add}: the run's series per market and metric. */
  private readonly values: ArrayLike<number>[][];
  /** The metrics summarised, per market (the layout's). */
  private readonly metricNames: ReadonlyArray<readonly string[]>;

  constructor(readonly plan: Plan, layout: MarketLayout[], rankSteps: number[], predicateNames: string[], histograms = true) {
    this.summary = new Summary(plan.dates, layout, histograms);
    this.ranks = new RankCounts(layout, rankSteps);
    this.events = new EventStats(plan.horizon + 1);
    this.predicates = new Map(predicateNames.map((p) => [p, 0]));
    this.predicateNames = [...this.predicates.keys()];
    this.values = layout.map((m) => m.metrics.map(() => EMPTY));
    this.metricNames = layout.map((m) => m.metrics);
  }

  /** The group's state as plain data. */
  toState(): GroupState {
    return {
      summary: this.summary.toState(), ranks: this.ranks.counts, rankSteps: [...this.ranks.steps],
      events: this.events.toState(), predicates: [...this.predicates],
    };
  }

  /** Adds a state of the same layout, exactly (see {@link Summary.mergeState}). */
  mergeState(state: GroupState): void {
    this.summary.mergeState(state.summary);
    this.ranks.counts.forEach((perStep, i) => perStep.forEach((c, s) => { const o = state.ranks[i][s]; for (let k = 0; k < c.length; k++) c[k] += o[k]; }));
    this.events.merge(EventStats.fromState(state.events));
    for (const [name, count] of state.predicates) this.predicates.set(name, (this.predicates.get(name) ?? 0) + count);
  }

  /** A group of `plan` from {@link Group.toState}'s data (its arrays adopted when `handedOver`: see {@link Summary.fromState}). */
  static fromState(plan: Plan, state: GroupState, handedOver = false): Group {
    const g = new Group(plan, state.summary.markets, state.rankSteps, state.predicates.map(([n]) => n), state.summary.histograms);
    g.summary = Summary.fromState(state.summary, handedOver);
    g.ranks.counts.forEach((perStep, i) => perStep.forEach((c, s) => c.set(state.ranks[i][s])));
    g.events = EventStats.fromState(state.events);
    for (const [name, count] of state.predicates) g.predicates.set(name, count);
    return g;
  }

  /**
   * Adds run `run` (its values are copied: `result` may be a view reused
   * for the next run); `predicateValues` in the order of the predicate names.
   *
   * @example
   * group.add(0, world.runView(), [true]);
   */
  add(run: number, result: RunResult, predicateValues: boolean[]): void {
    const values = this.values;
    for (let i = 0; i < values.length; i++) {
      const data = result.markets[i].data, row = values[i], names = this.metricNames[i];
      for (let k = 0; k < row.length; k++) row[k] = data[names[k]];
    }
    this.summary.add(run, values);
    this.ranks.add(result, this.plan.horizon + 1);
    this.events.add(result.events);
    const names = this.predicateNames;
    for (let i = 0; i < names.length; i++) if (predicateValues[i]) this.predicates.set(names[i], this.predicates.get(names[i])! + 1);
  }

  merge(other: Group): void {
    this.mergeState(other.toState());
  }
}

/**
 * The layout of a run's markets (agents in slot order, metrics in record
 * order; only `share` and those in `metrics`, when given).
 *
 * @example
 * layoutOf(runScenario(s, { seed: 1 }), ['users'])[0].metrics; // => ['share'] in a device market
 */
export function layoutOf(probe: RunResult, metrics?: readonly string[]): MarketLayout[] {
  return probe.markets.map((m) => ({
    id: m.id, name: m.name, kind: m.kind, agents: m.agents,
    metrics: metrics ? m.metrics.filter((k) => k === 'share' || metrics.includes(k)) : m.metrics,
  }));
}

/**
 * One tidy row of a summary: a market, metric, agent and step.
 *
 * @example
 * // { scenario: 'apple-alibaba', market: 'phones', metric: 'share', agent: 'apple', step: 36, date: '2028-01',
 * //   mean: 0.17, sd: 0.01, se: 0.0001, p5: 0.15, p25: 0.16, p50: 0.17, p75: 0.18, p95: 0.19 }
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

/** Formats a number for CSV: shortest round-trip form, empty for NaN. */
export function csvNumber(x: number): string {
  return Number.isFinite(x) ? String(x) : '';
}

/** Quotes a CSV field when needed. */
export function csvField(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
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
   * P(agent has rank `rank` by share in `market` at `step`), 1 = the leader.
   *
   * @example
   * result.rankProbability('phones', 'apple', 1).probability; // => 0.21
   */
  rankProbability(market: string, agent: string, rank = 1, step = this.horizon): Estimate {
    const i = this.group.summary.marketIndex(market);
    if (i < 0) throw new RangeError(`Unknown market "${market}"`);
    const s = this.rankSteps.indexOf(step);
    if (s < 0) throw new RangeError(`No rank counts at step ${step}: add it to rankSteps (counted at ${this.rankSteps.join(', ')})`);
    const agents = this.markets[i].agents;
    const j = agents.indexOf(agent);
    if (j < 0) throw new RangeError(`Unknown agent "${agent}" in "${market}": expected one of ${agents.join(', ')}`);
    if (!Number.isInteger(rank) || rank < 1 || rank > agents.length) throw new RangeError(`Rank ${rank} outside 1…${agents.length}`);
    return estimate(this.group.ranks.counts[i][s][j * agents.length + rank - 1], this.runs);
  }

  /**
   * The probability of a named predicate.
   *
   * @example
   * result.probability('appleAhead'); // => { probability: 0.43, se: 0.005, … }
   */
  probability(predicate: string): Estimate {
    const count = this.group.predicates.get(predicate);
    if (count === undefined) throw new RangeError(`Unknown predicate "${predicate}": expected one of ${[...this.group.predicates.keys()].join(', ') || '(none given)'}`);
    return estimate(count, this.runs);
  }

  /**
   * Statistics of a happening: `kind` with an event id (announced,
   * approved, rejected, live, launch, shock, entry, exit) or an agent
   * (outage, policy).
   *
   * @example
   * result.event('approved', 'apple+alibaba').probability; // => 0.66
   * result.event('outage', undefined, 'alibaba').meanCount; // => 0.3
   */
  event(kind: string, event?: string, agent?: string, policy?: string): EventStat {
    const key = kind === 'policy' ? `policy||${agent ?? ''}|${policy ?? ''}` : event !== undefined ? `${kind}|${event}` : `${kind}||${agent ?? ''}`;
    return this.group.events.stat(key);
  }

  /** Statistics of every happening seen in the runs. */
  events(): EventStat[] {
    return this.group.events.all();
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
        m.agents.forEach((agent, j) => {
          for (let t = 0; t < T1; t++) {
            const s = this.group.summary.cell(i, k, j * T1 + t, this.quantiles);
            const row: SummaryRow = { scenario: id, market: m.id, metric, agent, step: t, date: this.dates[t], mean: s.mean, sd: s.sd, se: s.se };
            names.forEach((name, q) => { row[name] = s.quantiles[q]; });
            out.push(row);
          }
        });
      });
    });
    return out;
  }

  /**
   * The summary as CSV, header
   * `scenario,market,metric,agent,step,date,mean,sd,se,p5,p25,p50,p75,p95`
   * (quantile columns follow the requested quantiles).
   *
   * @example
   * result.toCSV().split('\n')[0]; // => 'scenario,market,metric,agent,step,date,mean,sd,se,p5,p25,p50,p75,p95'
   */
  toCSV(): string {
    const names = this.quantiles.map(quantileName);
    const lines = [['scenario', 'market', 'metric', 'agent', 'step', 'date', 'mean', 'sd', 'se', ...names].join(',')];
    for (const r of this.rows()) {
      lines.push([csvField(r.scenario), csvField(r.market), r.metric, csvField(r.agent), String(r.step), r.date,
        csvNumber(r.mean), csvNumber(r.sd), csvNumber(r.se), ...names.map((n) => csvNumber(r[n]))].join(','));
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
  ) {
    super(group, quantiles, rankSteps);
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
    if (!g) throw new RangeError(`Unknown condition "${name}": expected one of ${this.conditions.join(', ') || '(none given)'}`);
    return new RunGroupView(g, this.quantiles, this.rankSteps);
  }

  /**
   * A JSON-ready object: meta data, tidy rows, rank probabilities,
   * predicate probabilities, event statistics and conditional summaries.
   *
   * @example
   * JSON.stringify(result.toJSON());
   */
  toJSON(): Record<string, unknown> {
    const view = (v: RunGroupView) => ({
      runs: v.runs,
      rows: v.rows(),
      ranks: v.rankTable(),
      probabilities: Object.fromEntries([...this.group.predicates.keys()].map((p) => [p, v.probability(p)])),
      events: v.events(),
    });
    return {
      scenario: this.scenario, name: this.plan.name, seed: this.seed, design: this.design,
      quantiles: this.quantiles, rankSteps: this.rankSteps, dates: this.dates,
      ...view(this),
      conditions: Object.fromEntries(this.conditions.map((c) => [c, view(this.given(c))])),
    };
  }

  /**
   * An SVG fan chart (median, P25–P75, P5–P95 per agent over time) of the
   * first market's share by default; options pick the market, metric, agents.
   *
   * @example
   * result.toSVG(); // '<svg …' (tslab: display it with `tslab.display.html(result.toSVG())`)
   * result.toSVG({ market: 'assistants', metric: 'users' });
   */
  toSVG(options?: Partial<FanChartOptions>): string {
    return simulationSVG(this, options);
  }

  /**
   * Notebook display for Deno's Jupyter kernel: a summary, the fan chart as
   * SVG and as a Vega-Lite v5 spec.
   *
   * @example
   * result[Symbol.for('Jupyter.display')]()['text/plain'];
   */
  [JUPYTER_DISPLAY](): MimeBundle {
    return simulationMime(this);
  }

  /**
   * Notebook display for IJavascript-style kernels (same bundle as
   * `[Symbol.for('Jupyter.display')]()`).
   *
   * @example
   * Object.keys(result._toMime()); // => ['text/plain', 'image/svg+xml', 'application/vnd.vegalite.v5+json']
   */
  _toMime(): MimeBundle {
    return simulationMime(this);
  }
}

/**
 * Internal: whether a study keeps histograms — only when it asks for
 * quantiles (the default does): `quantiles: []` skips them and their
 * memory (about 35 MB with every metric).
 */
export function keepsHistograms(options: Pick<SimulateOptions, 'quantiles'>): boolean {
  return (options.quantiles ?? DEFAULT_QUANTILES).length > 0;
}

/** Checks the summary options against a plan. */
export function checkSummaryOptions(plan: Plan, options: SimulateOptions): { quantiles: number[]; rankSteps: number[] } {
  const quantiles = options.quantiles ?? [...DEFAULT_QUANTILES];
  if (!Array.isArray(quantiles) || quantiles.some((q) => typeof q !== 'number' || !(q > 0 && q < 1))) {
    throw new RivalsimError('Invalid quantiles', 'quantiles', quantiles, 'an array of probabilities strictly between 0 and 1');
  }
  const rankSteps = options.rankSteps ?? [plan.horizon];
  rankSteps.forEach((s, i) => {
    if (!Number.isInteger(s) || s < 0 || s > plan.horizon) throw new RivalsimError('Invalid rank step', `rankSteps[${i}]`, s, `an integer step in 0…${plan.horizon}`);
  });
  if (options.keepPaths !== undefined && !(Number.isInteger(options.keepPaths) && options.keepPaths >= 0)) {
    throw new RivalsimError('Invalid keepPaths', 'keepPaths', options.keepPaths, 'an integer ≥ 0');
  }
  if (options.metrics !== undefined) {
    const known = new Set<string>(plan.metrics?.map((m) => m.id) ?? []);
    for (const m of plan.markets) for (const k of m.kind === 'devices' ? DEVICE_METRICS : ASSISTANT_METRICS) known.add(k);
    if (!Array.isArray(options.metrics)) throw new RivalsimError('Invalid metrics', 'metrics', options.metrics, `an array of metric names: ${[...known].join(', ')}`);
    options.metrics.forEach((k, i) => {
      if (!known.has(k)) throw new RivalsimError('Unknown metric', `metrics[${i}]`, k, `one of ${[...known].join(', ')}`);
    });
  }
  for (const [kind, record] of [['predicates', options.predicates], ['conditions', options.conditions]] as const) {
    for (const [name, f] of Object.entries(record ?? {})) {
      if (typeof f !== 'function') throw new RivalsimError(`Invalid ${kind.slice(0, -1)}`, `${kind}.${name}`, f, 'a function (run) => boolean');
    }
  }
  return { quantiles, rankSteps };
}

/**
 * Runs a scenario `runs` times and summarises the runs as they stream by.
 * Run r draws from its own stream derived from (seed, r) alone (and from row
 * r of the design), and sums are exact, so the result is bit-identical for a
 * given scenario, seed and number of runs however the work is batched.
 *
 * @example
 * const result = await simulate(scenarios['apple-alibaba'], { runs: 10_000, seed: 42 });
 * result.stat('phones', 'share', 'apple', 36);              // mean, sd, se, quantiles
 * result.rankProbability('phones', 'apple', 1);             // P(Apple is #1)
 * result.event('approved', 'apple+alibaba').probability;    // P(approval)
 */
export async function simulate(scenario: ScenarioSpec | Plan, options: SimulateOptions | AutoRunsOptions): Promise<SimulationResult> {
  if (options && (options as AutoRunsOptions).runs === 'auto') {
    const { runs: _auto, precision, ...rest } = options as AutoRunsOptions;
    if (!Array.isArray(precision) || precision.length === 0) {
      throw new RivalsimError('runs: \'auto\' needs a precision', 'precision', precision, "targets such as [{ market: 'phones', metric: 'share', agent: 'apple', halfWidth: 0.001 }]");
    }
    // Deterministic for a seed: the smallest multiple of the batch whose 95 % CIs meet the targets.
    const { simulateUntil } = await import('../analysis/convergence.js');
    return (await simulateUntil(scenario, { ...rest, targets: precision })).result;
  }
  options = options as SimulateOptions;
  const plan = await prepareScenario(scenario);
  const { seed } = checkRunOptions(options);
  const { quantiles, rankSteps } = checkSummaryOptions(plan, options);
  const range = studyRange(options.runs, options.shard);
  const acc = await accumulate(plan, options, rankSteps, range);
  return new SimulationResult(acc.main, quantiles, rankSteps, seed, options.design ?? 'monte-carlo', acc.conditions, acc.paths,
    { runs: options.runs, ...range });
}

/** What {@link accumulate} returns: the accumulators of all runs, of each condition, and kept paths. */
export interface Accumulated {
  main: Group;
  conditions: Map<string, Group>;
  paths: RunResult[];
}

/**
 * Internal: runs [from, to) of a compiled plan into fresh accumulators (the
 * part of `simulate` that a worker or a shard does).
 */
export async function accumulate(
  plan: Plan, options: SimulateOptions, rankSteps: number[], range: { from: number; to: number }, into?: Accumulated,
): Promise<Accumulated> {
  const predicateNames = Object.keys(options.predicates ?? {});
  const predicates = predicateNames.map((n) => options.predicates![n]);
  const conditionList = Object.entries(options.conditions ?? {});
  const keep = options.keepPaths ?? 0;
  // Into earlier accumulators (a worker's next chunk: whole blocks, so nothing is split), or fresh ones.
  let main: Group | undefined = into?.main;
  const conditions = into?.conditions ?? new Map<string, Group>();
  const paths: RunResult[] = into?.paths ?? [];
  const values: boolean[] = new Array<boolean>(predicates.length);
  await runLoop([plan], options, (run, [result]) => {
    if (!main) {
      const layout = layoutOf(result, options.metrics);
      const histograms = keepsHistograms(options);
      main = new Group(plan, layout, rankSteps, predicateNames, histograms);
      for (const [name] of conditionList) conditions.set(name, new Group(plan, layout, rankSteps, predicateNames, histograms));
    }
    for (let i = 0; i < predicates.length; i++) values[i] = Boolean(predicates[i](result));
    main.add(run, result, values);
    for (const [name, holds] of conditionList) if (holds(result)) conditions.get(name)!.add(run, result, values);
    if (run < keep) paths.push(result.clone());
  }, range);
  main!.summary.flush();
  for (const g of conditions.values()) g.summary.flush();
  return { main: main!, conditions, paths };
}

/**
 * Merges the results of shards of one study (same scenario, seed, runs,
 * design and options) into exactly — bit for bit — the result of running it
 * in one go. Shards may come in any order; together they must cover every
 * run once.
 *
 * @example
 * const parts = await Promise.all([0, 1, 2].map((index) => simulate(s, { runs: 3000, seed: 1, shard: { index, count: 3 } })));
 * merge(parts).toCSV() === (await simulate(s, { runs: 3000, seed: 1 })).toCSV(); // => true
 */
export function merge(parts: readonly SimulationResult[]): SimulationResult {
  if (!Array.isArray(parts) || parts.length === 0) throw new RivalsimError('Nothing to merge', 'parts', parts, 'a non-empty array of shard results');
  const order = parts.map((_, i) => i).sort((a, b) => parts[a].coverage.from - parts[b].coverage.from);
  const sorted = order.map((i) => parts[i]);
  const first = sorted[0];
  const study = (p: SimulationResult) => JSON.stringify({
    scenario: p.plan.spec, seed: p.seed, design: p.design, runs: p.coverage.runs, quantiles: p.quantiles, rankSteps: p.rankSteps,
    conditions: p.conditions, predicates: [...p.groups().main.predicates.keys()],
  });
  const reference = study(first);
  let expected = 0;
  sorted.forEach((p, k) => {
    const i = order[k];
    if (study(p) !== reference) {
      throw new RivalsimError('Shards of different studies', `parts[${i}]`, `${p.scenario} seed ${p.seed}, ${p.coverage.runs} runs`,
        `shards of the same study as parts[${order[0]}] (${first.scenario} seed ${first.seed}, ${first.coverage.runs} runs): same scenario, seed, runs, design and options`);
    }
    if (p.coverage.from !== expected) {
      throw new RivalsimError(p.coverage.from < expected ? 'Overlapping shards' : 'Missing runs between shards', `parts[${i}]`, `runs ${p.coverage.from}–${p.coverage.to - 1}`, `runs from ${expected} on`);
    }
    expected = p.coverage.to;
  });
  if (expected !== first.coverage.runs) throw new RivalsimError('Missing runs after the last shard', 'parts', `runs up to ${expected - 1}`, `runs up to ${first.coverage.runs - 1}`);
  const { main, conditions } = first.groups();
  const mergedMain = new Group(main.plan, [...main.summary.markets], [...first.rankSteps], [...main.predicates.keys()], main.summary.histograms);
  const mergedConditions = new Map([...conditions].map(([k, g]) => [k, new Group(g.plan, [...g.summary.markets], [...first.rankSteps], [...g.predicates.keys()], g.summary.histograms)]));
  for (const p of sorted) {
    const g = p.groups();
    mergedMain.merge(g.main);
    for (const [k, c] of g.conditions) mergedConditions.get(k)!.merge(c);
  }
  return new SimulationResult(mergedMain, first.quantiles, first.rankSteps, first.seed, first.design, mergedConditions,
    sorted.flatMap((p) => p.paths), { runs: first.coverage.runs, from: 0, to: first.coverage.runs });
}
