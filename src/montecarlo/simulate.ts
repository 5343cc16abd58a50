/**
 * `simulate`: many runs of a scenario, summarised as they stream by — its
 * options and their checks, the runs a study (or its shard) covers, and
 * the accumulation a worker or a shard also does. (`runs: 'auto'` is the
 * analysis layer's: see `analysis/auto-runs.ts`.)
 */
import { RivalsimError } from '../errors.js';
import { prepareScenario, type Plan } from '../model/compile.js';
import { ASSISTANT_METRICS, DEVICE_METRICS, FLOW_PREFIX, flowMetric, type RunResult } from '../model/result.js';
import type { ScenarioSpec } from '../model/types.js';
import { BLOCK_RUNS } from './exact.js';
import { Group, layoutOf } from './group.js';
import type { InputTableOptions } from './inputs.js';
import { KeptInputs } from './kept-inputs.js';
import { rankStepsAt } from './dates.js';
import { runPredicates } from './predicates.js';
import { SimulationResult } from './result.js';

// Its result, for modules that import both (web/pool.ts).
export type { SimulationResult };
import { checkRunOptions, runLoop, type RunLoopOptions, type StudyDesigns } from './runner.js';

/** A yes/no question about one run, e.g. "was the deal approved?". */
export type RunPredicate = (run: RunResult) => boolean;

/**
 * A yes/no question about one run as a study takes it: a function, or text
 * in the predicate language (`docs/discovery.md`), which is plain data and
 * so also crosses to workers.
 *
 * @example
 * const a: StudyPredicate = 'rank(phones, apple, 2027-Q4) == 1 and approved(apple+alibaba)';
 * const b: StudyPredicate = (r) => r.at('phones', 'share', 'apple', 36) > 0.18;
 */
export type StudyPredicate = RunPredicate | string;

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
  /** More rank steps, by date: months `'YYYY-MM'`, `'start'`, `'horizon'` (or steps), added to `rankSteps`. */
  rankAt?: Array<string | number>;
  /** Named predicates whose probability is estimated: functions, or text such as `'share(phones, apple, 2027-12) > 0.18'`. */
  predicates?: Record<string, StudyPredicate>;
  /** Named conditions: every statistic is also summarised over the runs where each holds (functions or predicate text). */
  conditions?: Record<string, StudyPredicate>;
  /**
   * Keep each run's row of the input table (its sampled inputs and event
   * draws) and whether each predicate held, for scenario discovery
   * (`discover(result, 'predicate')`): a few numbers a run, not its paths.
   * `true`, or the input table's options.
   */
  keepInputs?: boolean | InputTableOptions;
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
  const given = options.rankSteps ?? [plan.horizon];
  if (!Array.isArray(given)) throw new RivalsimError('Invalid rank steps', 'rankSteps', given, `an array of integer steps in 0…${plan.horizon}`);
  given.forEach((s, i) => {
    if (!Number.isInteger(s) || s < 0 || s > plan.horizon) throw new RivalsimError('Invalid rank step', `rankSteps[${i}]`, s, `an integer step in 0…${plan.horizon}`);
  });
  const rankSteps = options.rankAt === undefined ? given : [...new Set([...given, ...rankStepsAt(plan, options.rankAt)])].sort((a, b) => a - b);
  if (options.keepPaths !== undefined && !(Number.isInteger(options.keepPaths) && options.keepPaths >= 0)) {
    throw new RivalsimError('Invalid keepPaths', 'keepPaths', options.keepPaths, 'an integer ≥ 0');
  }
  if (options.metrics !== undefined) {
    const known = new Set<string>(plan.metrics?.map((m) => m.id) ?? []);
    for (const m of plan.markets) {
      for (const k of m.kind === 'devices' ? DEVICE_METRICS : ASSISTANT_METRICS) known.add(k);
      if (m.kind === 'devices') for (const p of m.participants) known.add(flowMetric(plan.agents[p.agent].id));
    }
    if (!Array.isArray(options.metrics)) throw new RivalsimError('Invalid metrics', 'metrics', options.metrics, `an array of metric names: ${[...known].join(', ')}`);
    options.metrics.forEach((k, i) => {
      if (!known.has(k)) throw new RivalsimError('Unknown metric', `metrics[${i}]`, k, `one of ${[...known].join(', ')}`);
    });
  }
  // Compiled now (and again where the runs are made) so that a bad predicate fails before any run.
  runPredicates(plan, options.predicates, 'predicates');
  runPredicates(plan, options.conditions, 'conditions');
  if (options.keepInputs !== undefined && typeof options.keepInputs !== 'boolean' && (typeof options.keepInputs !== 'object' || options.keepInputs === null)) {
    throw new RivalsimError('Invalid keepInputs', 'keepInputs', options.keepInputs, 'true, false or the input table\'s options { categorical, exclude, events }');
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
export async function simulate(scenario: ScenarioSpec | Plan, options: SimulateOptions): Promise<SimulationResult> {
  const plan = await prepareScenario(scenario);
  const { seed } = checkRunOptions(options);
  const { quantiles, rankSteps } = checkSummaryOptions(plan, options);
  const range = studyRange(options.runs, options.shard);
  const acc = await accumulate(plan, options, rankSteps, range);
  return new SimulationResult(acc.main, quantiles, rankSteps, seed, options.design ?? 'monte-carlo', acc.conditions, acc.paths,
    { runs: options.runs, ...range }, KeptInputs.join(acc.kept ?? []));
}

/** The input table's options of a study that keeps inputs, else undefined. */
export function keptInputsOptions(options: Pick<SimulateOptions, 'keepInputs'>): InputTableOptions | undefined {
  const k = options.keepInputs;
  return k === true ? {} : k ? k : undefined;
}

/**
 * Internal: whether a study reads the device markets' flows between brands:
 * it does when it summarises every metric or a flow metric, keeps paths,
 * has a predicate or condition given as a function (which may read any
 * series), or declares a custom metric that reads a flow. Text predicates
 * read built-in metrics other than flows, custom metrics and events.
 */
export function studyReadsFlows(plan: Plan, options: SimulateOptions): boolean {
  if (options.metrics === undefined || options.metrics.some((k) => k.startsWith(FLOW_PREFIX))) return true;
  if ((options.keepPaths ?? 0) > 0) return true;
  const functions = (r: Record<string, StudyPredicate> | undefined) => Object.values(r ?? {}).some((p) => typeof p !== 'string');
  if (functions(options.predicates) || functions(options.conditions)) return true;
  return (plan.metrics ?? []).some((m) => m.bindings.some((b) => 'metric' in b && b.metric.startsWith(FLOW_PREFIX)));
}

/** What {@link accumulate} returns: the accumulators of all runs, of each condition, and kept paths. */
export interface Accumulated {
  main: Group;
  conditions: Map<string, Group>;
  paths: RunResult[];
  /** The study's design, for its next part. */
  designs?: StudyDesigns;
  /** With `keepInputs`: the kept inputs, one part per contiguous range of runs. */
  kept?: KeptInputs[];
}

/**
 * Internal: runs [from, to) of a compiled plan into fresh accumulators (the
 * part of `simulate` that a worker or a shard does).
 */
export async function accumulate(
  plan: Plan, options: SimulateOptions, rankSteps: number[], range: { from: number; to: number }, into?: Accumulated,
): Promise<Accumulated> {
  const predicateList = runPredicates(plan, options.predicates, 'predicates');
  const predicateNames = predicateList.map(([n]) => n);
  const predicates = predicateList.map(([, f]) => f);
  const conditionList = runPredicates(plan, options.conditions, 'conditions');
  const keep = options.keepPaths ?? 0;
  const keepInputs = keptInputsOptions(options);
  const kept: KeptInputs[] = into?.kept ?? [];
  let part: KeptInputs | undefined;
  if (keepInputs) {
    const last = kept[kept.length - 1];
    part = last && last.to === range.from ? last : new KeptInputs(plan, keepInputs, predicateNames, range.from);
    if (part !== last) kept.push(part);
  }
  // Into earlier accumulators (a worker's next chunk: whole blocks, so nothing is split), or fresh ones.
  let main: Group | undefined = into?.main;
  const conditions = into?.conditions ?? new Map<string, Group>();
  const paths: RunResult[] = into?.paths ?? [];
  const values: boolean[] = new Array<boolean>(predicates.length);
  const designs = await runLoop([plan], options, (run, [result]) => {
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
    part?.add(result, values);
  }, range, into?.designs, studyReadsFlows(plan, options));
  main!.summary.flush();
  for (const g of conditions.values()) g.summary.flush();
  return { main: main!, conditions, paths, designs, kept: keepInputs ? kept : undefined };
}
