/**
 * Shard files: a {@link SimulationResult} — usually one shard of a study,
 * see `simulate(s, { shard: { index, count } })` — written as versioned JSON,
 * so that shards computed by separate processes (a Kubernetes Indexed Job, a
 * Slurm job array, a CI matrix) merge into exactly the result of one big run.
 *
 * A shard file holds the scenario as declared (plain data), the study's
 * options, the runs it covers and the accumulators' complete state:
 *
 * ```
 * { "format": "rivalsim-shard", "version": 1,
 *   "scenario": { …the ScenarioSpec… }, "seed": 42, "runs": 1000000, "design": "monte-carlo",
 *   "correlations": null, "quantiles": [0.05, …], "rankSteps": [36], "conditions": [],
 *   "coverage": { "runs": 1000000, "from": 187392, "to": 250112 },
 *   "state": { "main": { …GroupState… }, "conditions": [["approved", { …GroupState… }]] } }
 * ```
 *
 * Typed arrays are encoded exactly: a Float64Array as a plain array of
 * numbers (JSON writes the shortest decimal that reads back as the same
 * double), with the strings `"Infinity"`, `"-Infinity"`, `"NaN"` and `"-0"`
 * for the values JSON cannot hold; a Uint32Array histogram sparsely, as
 * `{ "length": L, "pairs": [index, count, index, count, …] }` (most bins are
 * zero), bin-major (index `bin * cells + cell`, whereas a summary's state keeps
 * them cell-major). Kept paths (`keepPaths`) are not written.
 *
 * A comparison shard — a {@link ComparisonResult}, usually one shard of
 * `compare(a, b, { shard })` — holds each side as a simulation shard
 * document and the summary of the per-run differences b − a (as a group's
 * summary, without histograms):
 *
 * ```
 * { "format": "rivalsim-comparison-shard", "version": 1,
 *   "a": { "format": "rivalsim-shard", …scenario a… }, "b": { …scenario b, the same seed, runs and coverage… },
 *   "differences": { "n": 62720, "dates": […], "markets": […], "histograms": false, "acc": […] } }
 * ```
 */
import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, resolve as resolvePath } from 'node:path';
import { RivalsimError, formatValue } from '../errors.js';
import { prepareScenario, type Plan } from '../model/compile.js';
import type { ScenarioSpec } from '../model/types.js';
import type { CorrelationSpec, DesignKind } from '../montecarlo/design.js';
import { ComparisonResult } from '../montecarlo/compare.js';
import { binsOf, transposeCounts } from '../montecarlo/histogram.js';
import { Group, type GroupState } from '../montecarlo/group.js';
import { SimulationResult } from '../montecarlo/result.js';
import { Summary, histogramKindOf, type MarketLayout, type SummaryState } from '../montecarlo/summary.js';
import type { Seed } from '../random/source.js';

/** The `format` field of a shard file. */
export const SHARD_FORMAT = 'rivalsim-shard';
/** The version of the shard file format written (and the only one read). */
export const SHARD_VERSION = 1;
/** The `format` field of a comparison shard file (its version is {@link SHARD_VERSION}). */
export const COMPARISON_SHARD_FORMAT = 'rivalsim-comparison-shard';

/** A Float64Array in JSON: numbers, and strings for the values JSON cannot hold. */
export type Float64JSON = Array<number | 'Infinity' | '-Infinity' | 'NaN' | '-0'>;

/** A Uint32Array in JSON, sparsely: its length and the nonzero entries as `[index, count, index, count, …]`. */
export interface SparseCountsJSON {
  length: number;
  pairs: number[];
}

/** A summary's state ({@link SummaryState}) in JSON: a group's summary, or a comparison's differences. */
export interface SummaryStateJSON {
  n: number;
  dates: string[];
  markets: MarketLayout[];
  histograms: boolean;
  acc: Array<{
    sum: Float64JSON; sq: Float64JSON; min: Float64JSON; max: Float64JSON;
    positive: Float64JSON; negative: Float64JSON; hist: SparseCountsJSON[] | null;
  }>;
}

/** A {@link GroupState} in JSON. */
export interface GroupStateJSON {
  summary: SummaryStateJSON;
  ranks: Float64JSON[][];
  rankSteps: number[];
  events: { n: number; steps: number; keys: string[]; first: Float64JSON[]; counts: Float64JSON[] };
  predicates: Array<[string, number]>;
}

/** The document in a shard file (see the module comment). */
export interface ShardDocument {
  format: typeof SHARD_FORMAT;
  version: typeof SHARD_VERSION;
  /** The scenario as declared, plain JSON data. */
  scenario: ScenarioSpec;
  seed: Seed;
  /** Runs of the whole study. */
  runs: number;
  design: DesignKind;
  correlations: CorrelationSpec | null;
  quantiles: number[];
  rankSteps: number[];
  /** Names of the conditions summarised. */
  conditions: string[];
  /** The runs [from, to) of the study this shard covers. */
  coverage: { runs: number; from: number; to: number };
  state: { main: GroupStateJSON; conditions: Array<[string, GroupStateJSON]> };
}

/**
 * The document in a comparison shard file: each side as a simulation shard
 * document (the same seed, runs, options and coverage) and the summary of
 * the per-run differences b − a (without histograms).
 */
export interface ComparisonShardDocument {
  format: typeof COMPARISON_SHARD_FORMAT;
  version: typeof SHARD_VERSION;
  /** Scenario a's shard. */
  a: ShardDocument;
  /** Scenario b's shard. */
  b: ShardDocument;
  /** The summary of the differences b − a over the runs covered. */
  differences: SummaryStateJSON;
}

/** What a result does not record but a shard file does. */
export interface ShardWriteOptions {
  /**
   * The rank correlations the study was run with, if any (a result does not
   * record them). Shards merge only with shards of the same correlations.
   */
  correlations?: CorrelationSpec;
}

// ---------------------------------------------------------------------------
// Typed arrays ⇄ JSON

/**
 * A Float64Array (or any list of doubles) as JSON-ready data that reads
 * back bit for bit: finite numbers as themselves (JSON writes each double
 * as the shortest decimal that parses back to it), `Infinity`, `-Infinity`,
 * `NaN` and `-0` as strings.
 *
 * @example
 * encodeFloat64(Float64Array.of(0.1, -0, Infinity)); // => [0.1, '-0', 'Infinity']
 */
export function encodeFloat64(values: ArrayLike<number>): Float64JSON {
  const out: Float64JSON = new Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    out[i] = x !== 0 && Number.isFinite(x) ? x : x === 0 ? (Object.is(x, -0) ? '-0' : 0) : (String(x) as 'Infinity' | '-Infinity' | 'NaN');
  }
  return out;
}

/**
 * Reads {@link encodeFloat64}'s data back into a Float64Array.
 *
 * @example
 * decodeFloat64([0.1, '-0', 'Infinity']); // => Float64Array [0.1, -0, Infinity]
 */
export function decodeFloat64(values: unknown, path = 'values'): Float64Array {
  if (!Array.isArray(values)) throw corrupt(path, values, 'an array of numbers');
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = decodeNumber(values[i], path, i);
  return out;
}

/**
 * A Uint32Array of counts, sparsely: its length and `[index, count, …]` for
 * the nonzero entries.
 *
 * @example
 * encodeCounts(Uint32Array.of(0, 0, 5, 0, 1)); // => { length: 5, pairs: [2, 5, 4, 1] }
 */
export function encodeCounts(counts: Uint32Array): SparseCountsJSON {
  const pairs: number[] = [];
  for (let i = 0; i < counts.length; i++) if (counts[i] !== 0) pairs.push(i, counts[i]);
  return { length: counts.length, pairs };
}

/**
 * Reads {@link encodeCounts}'s data back into a Uint32Array.
 *
 * @example
 * decodeCounts({ length: 5, pairs: [2, 5, 4, 1] }); // => Uint32Array [0, 0, 5, 0, 1]
 */
export function decodeCounts(data: unknown, path = 'counts'): Uint32Array {
  const d = data as SparseCountsJSON;
  if (typeof d !== 'object' || d === null || !Number.isSafeInteger(d.length) || d.length < 0 || !Array.isArray(d.pairs) || d.pairs.length % 2 !== 0) {
    throw corrupt(path, data, '{ length, pairs: [index, count, …] }');
  }
  const out = new Uint32Array(d.length);
  for (let k = 0; k < d.pairs.length; k += 2) {
    const i = d.pairs[k], c = d.pairs[k + 1];
    if (!Number.isInteger(i) || i < 0 || i >= d.length || !Number.isInteger(c) || c < 1 || c > 0xffffffff) {
      throw corrupt(`${path}.pairs[${k}]`, [i, c], `an index in 0…${d.length - 1} and a count in 1…${0xffffffff}`);
    }
    out[i] = c;
  }
  return out;
}

function corrupt(path: string, received: unknown, expected: string): RivalsimError {
  return new RivalsimError('Corrupt shard file', path, received, expected);
}

/** A shard of the other kind given to a reader: one line naming the file and the reader to use. */
function wrongKind(name: string, kind: 'comparison' | 'simulation'): RivalsimError {
  const error = kind === 'comparison'
    ? new RivalsimError('A comparison shard', name, 'a comparison shard', 'a simulation shard (rivalsim run --out)')
    : new RivalsimError('A simulation shard', name, 'a simulation shard', 'a comparison shard (rivalsim compare --out)');
  error.message = kind === 'comparison'
    ? `${name}: this is a comparison shard: merge it with readComparisonShards() or mergeComparisonShardJSON() (rivalsim merge reads either kind), not as a simulation shard`
    : `${name}: this is a simulation shard: merge it with readShards() or mergeShardJSON() (rivalsim merge reads either kind), not as a comparison shard`;
  return error;
}

/** A summary's state as JSON (histograms bin-major, sparse). */
function summaryToJSON(s: SummaryState): SummaryStateJSON {
  return {
    n: s.n, dates: s.dates, markets: s.markets, histograms: s.histograms,
    acc: s.acc.map((a, i) => {
      // Summaries keep histograms cell-major ([cell * bins + bin]); files hold them bin-major.
      const cells = s.markets[i].agents.length * s.dates.length;
      return {
        sum: encodeFloat64(a.sum), sq: encodeFloat64(a.sq), min: encodeFloat64(a.min), max: encodeFloat64(a.max),
        positive: encodeFloat64(a.positive), negative: encodeFloat64(a.negative),
        hist: a.hist ? a.hist.map((h) => encodeCounts(cells ? transposeCounts(h, cells, h.length / cells) : h)) : null,
      };
    }),
  };
}

function groupToJSON(state: GroupState): GroupStateJSON {
  return {
    summary: summaryToJSON(state.summary),
    ranks: state.ranks.map((perStep) => perStep.map(encodeFloat64)),
    rankSteps: state.rankSteps,
    events: {
      n: state.events.n, steps: state.events.steps, keys: state.events.keys,
      first: state.events.first.map(encodeFloat64), counts: state.events.counts.map(encodeFloat64),
    },
    predicates: state.predicates,
  };
}

/** Checks a decoded array's length. */
function sized<T extends { length: number }>(value: T, length: number, path: string): T {
  if (value.length !== length) throw corrupt(path, `${value.length} values`, `${length} values`);
  return value;
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** One value of {@link encodeFloat64}'s data. */
function decodeNumber(x: unknown, path: string, i: number): number {
  if (typeof x === 'number') return x;
  if (x === 'Infinity') return Infinity;
  if (x === '-Infinity') return -Infinity;
  if (x === 'NaN') return NaN;
  if (x === '-0') return -0;
  throw corrupt(`${path}[${i}]`, x, 'a number (or "Infinity", "-Infinity", "NaN", "-0")');
}

/** The envelope of a group's JSON, checked. */
function groupShape(data: unknown, path: string): GroupStateJSON {
  if (!isObject(data) || !isObject(data.summary) || !isObject(data.events) || !Array.isArray(data.ranks) || !Array.isArray(data.rankSteps) || !Array.isArray(data.predicates)) {
    throw corrupt(path, data, 'the state of a group of runs: { summary, ranks, rankSteps, events, predicates }');
  }
  const j = data as unknown as GroupStateJSON;
  const s = summaryShape(j.summary, `${path}.summary`), e = j.events;
  if (!Number.isSafeInteger(e.n) || e.n !== s.n || !Number.isSafeInteger(e.steps) || e.steps !== s.dates.length || !Array.isArray(e.keys) || !Array.isArray(e.first) || !Array.isArray(e.counts)) {
    throw corrupt(`${path}.events`, e, `event statistics: { n: ${s.n}, steps: ${s.dates.length}, keys, first, counts }`);
  }
  if (!j.predicates.every((p) => Array.isArray(p) && typeof p[0] === 'string' && Number.isSafeInteger(p[1]))) {
    throw corrupt(`${path}.predicates`, j.predicates, '[[name, count], …]');
  }
  return j;
}

/** The envelope of a summary's JSON, checked. */
function summaryShape(data: unknown, path: string): SummaryStateJSON {
  const s = data as SummaryStateJSON;
  if (!isObject(data) || !Number.isSafeInteger(s.n) || s.n < 0 || !Array.isArray(s.dates) || !Array.isArray(s.markets) || !Array.isArray(s.acc) || s.acc.length !== s.markets.length || typeof s.histograms !== 'boolean') {
    throw corrupt(path, data, 'a summary: { n, dates, markets, histograms, acc }');
  }
  return s;
}

/** What summaries must share to be added: dates, markets, histograms. */
function summaryLayout(s: SummaryStateJSON): string {
  return JSON.stringify([s.dates, s.markets, s.histograms]);
}

/** What groups must share to be added: dates, markets, histograms, rank steps, predicate names. */
function groupLayout(j: GroupStateJSON): string {
  const s = j.summary;
  return JSON.stringify([s.dates, s.markets, s.histograms, j.rankSteps, j.predicates.map(([name]) => name)]);
}

/**
 * A summary's JSON decoded into a {@link SummaryState}, every array checked
 * against the sizes its own layout implies (the corrupt part named by path).
 */
function decodeSummary(data: unknown, path: string): SummaryState {
  const s = summaryShape(data, path), T1 = s.dates.length;
  const acc = s.markets.map((m, i) => {
    if (!isObject(m) || !Array.isArray(m.agents) || !Array.isArray(m.metrics)) throw corrupt(`${path}.markets[${i}]`, m, 'a market layout { id, name, kind, agents, metrics }');
    const p = `${path}.acc[${i}]`;
    const x = s.acc[i];
    if (!isObject(x)) throw corrupt(p, x, 'the accumulators of a market');
    const nT = m.agents.length * T1, cells = m.metrics.length * nT;
    const f64 = (key: 'sum' | 'sq' | 'min' | 'max' | 'positive' | 'negative', length: number) => sized(decodeFloat64(x[key], `${p}.${key}`), length, `${p}.${key}`);
    let hist: Uint32Array[] | undefined;
    if (s.histograms) {
      if (!Array.isArray(x.hist)) throw corrupt(`${p}.hist`, x.hist, 'one histogram per metric');
      hist = sized(x.hist, m.metrics.length, `${p}.hist`).map((h, k) => {
        const bins = binsOf(histogramKindOf(m.metrics[k]));
        // Bin-major in the file, cell-major in a summary's state.
        return transposeCounts(sized(decodeCounts(h, `${p}.hist[${k}]`), nT * bins, `${p}.hist[${k}]`), bins, nT);
      });
    }
    return {
      sum: f64('sum', cells * 4), sq: f64('sq', cells * 4), min: f64('min', cells), max: f64('max', cells),
      positive: f64('positive', cells), negative: f64('negative', cells), hist,
    };
  });
  return { n: s.n, dates: s.dates, markets: s.markets, histograms: s.histograms, acc };
}

/**
 * A group's JSON decoded into a {@link GroupState}, every array checked
 * against the sizes its own layout implies (the corrupt part named by path).
 */
function decodeGroup(data: unknown, path: string): GroupState {
  const j = groupShape(data, path);
  const s = j.summary;
  const summary = decodeSummary(s, `${path}.summary`);
  const ranks = s.markets.map((m, i) => {
    const r = j.ranks[i];
    if (!Array.isArray(r)) throw corrupt(`${path}.ranks[${i}]`, r, 'rank counts per rank step');
    return sized(r, j.rankSteps.length, `${path}.ranks[${i}]`).map((v, t) => sized(decodeFloat64(v, `${path}.ranks[${i}][${t}]`), m.agents.length ** 2, `${path}.ranks[${i}][${t}]`));
  });
  const e = j.events;
  sized(e.first, e.keys.length, `${path}.events.first`);
  sized(e.counts, e.keys.length, `${path}.events.counts`);
  e.keys.forEach((key, k) => { if (typeof key !== 'string') throw corrupt(`${path}.events.keys[${k}]`, key, 'a string'); });
  return {
    summary,
    ranks,
    rankSteps: j.rankSteps,
    events: {
      n: e.n, steps: e.steps, keys: e.keys,
      first: e.first.map((v, k) => sized(decodeFloat64(v, `${path}.events.first[${k}]`), e.steps, `${path}.events.first[${k}]`)),
      counts: e.counts.map((v, k) => sized(decodeFloat64(v, `${path}.events.counts[${k}]`), e.steps + 1, `${path}.events.counts[${k}]`)),
    },
    predicates: j.predicates,
  };
}

/**
 * One group of runs (all runs, or those meeting a condition) summed over
 * shards: each shard's state is decoded and added with `Group.mergeState`
 * (integer counts, exact limb sums), one shard at a time, so memory is
 * that of two groups whatever the number of shards, and the order of the
 * shards changes no bit.
 */
class GroupAccumulator {
  /** What groups must share to be added. */
  readonly layout: string;
  private group: Group | undefined;

  constructor(data: unknown, path: string) {
    this.layout = groupLayout(groupShape(data, path));
  }

  /** Adds a group's JSON. */
  add(plan: Plan, data: unknown, path: string): void {
    if (groupLayout(groupShape(data, path)) !== this.layout) throw corrupt(path, 'another layout', 'the layout (dates, markets, metrics, rank steps, predicates) of the other shards');
    const state = decodeGroup(data, path);
    if (this.group) this.group.mergeState(state);
    else this.group = Group.fromState(plan, state);
  }

  /** The summed group. */
  result(): Group {
    return this.group!;
  }
}

// ---------------------------------------------------------------------------
// The scenario as plain data

/**
 * The scenario as plain JSON data, or a {@link RivalsimError} naming the
 * first value JSON cannot carry exactly: a function (a custom policy
 * object), a non-finite number, `undefined` in a list, a class instance.
 */
function scenarioData(spec: ScenarioSpec): ScenarioSpec {
  const check = (value: unknown, path: string, seen: Set<unknown>): void => {
    if (typeof value === 'function') {
      throw new RivalsimError('A scenario with functions cannot be written to a shard file', path, value,
        'plain data (policies as specs such as { "kind": "defendShare" }, numbers, distributions, expressions)',
        'Declare the policy with a policy spec, or merge in process with merge() instead of shard files');
    }
    if (typeof value === 'number' && !Number.isFinite(value)) throw new RivalsimError('A scenario value JSON cannot hold', path, value, 'a finite number');
    if (typeof value === 'bigint' || typeof value === 'symbol') throw new RivalsimError('A scenario value JSON cannot hold', path, String(value), 'plain data');
    if (typeof value !== 'object' || value === null) return;
    if (seen.has(value)) throw new RivalsimError('A scenario value JSON cannot hold', path, 'a circular reference', 'plain data (a tree)');
    const proto = Object.getPrototypeOf(value);
    if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) {
      throw new RivalsimError('A scenario value JSON cannot hold', path, `an instance of ${(value as object).constructor?.name ?? 'a class'}`, 'plain data (objects, arrays, numbers, strings, booleans)');
    }
    seen.add(value);
    if (Array.isArray(value)) {
      value.forEach((v, i) => {
        if (v === undefined) throw new RivalsimError('A scenario value JSON cannot hold', `${path}[${i}]`, undefined, 'a value (JSON turns undefined in a list into null)');
        check(v, `${path}[${i}]`, seen);
      });
    } else {
      for (const [k, v] of Object.entries(value)) if (v !== undefined) check(v, `${path}.${k}`, seen);
    }
    seen.delete(value);
  };
  check(spec, 'scenario', new Set());
  return JSON.parse(JSON.stringify(spec)) as ScenarioSpec;
}

// ---------------------------------------------------------------------------
// Writing

/**
 * A result (a shard of a study, or a whole study) as a shard document,
 * ready for `JSON.stringify`. Its conditions are carried (their state, not
 * the predicate functions), so merged shards answer `given(name)` too;
 * kept paths are not. Throws a {@link RivalsimError} when the scenario
 * holds functions (custom policy objects), which a file cannot carry.
 *
 * @example
 * import { simulate, scenarios } from 'rivalsim';
 * import { shardToJSON } from 'rivalsim/node';
 * const part = await simulate(scenarios['apple-alibaba'], { runs: 4000, seed: 42, shard: { index: 3, count: 16 } });
 * const text = JSON.stringify(shardToJSON(part)); // { "format": "rivalsim-shard", "version": 1, … }
 */
export function shardToJSON(result: SimulationResult, options: ShardWriteOptions = {}): ShardDocument {
  if (!(result instanceof SimulationResult)) {
    throw new RivalsimError('Not a simulation result', 'result', result, 'the result of simulate()');
  }
  const scenario = scenarioData(result.plan.spec);
  const { main, conditions } = result.groups();
  return {
    format: SHARD_FORMAT,
    version: SHARD_VERSION,
    scenario,
    seed: result.seed,
    runs: result.coverage.runs,
    design: result.design,
    correlations: options.correlations === undefined ? null : (JSON.parse(JSON.stringify(options.correlations)) as CorrelationSpec),
    quantiles: [...result.quantiles],
    rankSteps: [...result.rankSteps],
    conditions: result.conditions,
    coverage: { ...result.coverage },
    state: {
      main: groupToJSON(main.toState()),
      conditions: [...conditions].map(([name, g]) => [name, groupToJSON(g.toState())]),
    },
  };
}

/**
 * A comparison (a shard of one, `compare(a, b, { shard })`, or a whole one)
 * as a comparison shard document, ready for `JSON.stringify`:
 * `{ "format": "rivalsim-comparison-shard", "version": 1, "a": …, "b": …, "differences": … }`,
 * each side as {@link shardToJSON} writes it and the summary of the
 * differences b − a as a group's summary is written (without histograms).
 * Throws a {@link RivalsimError} when a scenario holds functions.
 *
 * @example
 * import { compare, comparisonShardToJSON, scenarios } from 'rivalsim/node';
 * const part = await compare(scenarios.baseline, scenarios['apple-alibaba'], { runs: 4000, seed: 42, shard: { index: 3, count: 16 } });
 * const text = JSON.stringify(comparisonShardToJSON(part)); // { "format": "rivalsim-comparison-shard", "version": 1, "a": { … }, … }
 */
export function comparisonShardToJSON(comparison: ComparisonResult, options: ShardWriteOptions = {}): ComparisonShardDocument {
  if (!(comparison instanceof ComparisonResult)) {
    throw new RivalsimError('Not a comparison result', 'comparison', comparison, 'the result of compare()');
  }
  return {
    format: COMPARISON_SHARD_FORMAT,
    version: SHARD_VERSION,
    a: shardToJSON(comparison.a, options),
    b: shardToJSON(comparison.b, options),
    differences: summaryToJSON(comparison.diffSummary().toState()),
  };
}

/**
 * Writes a result (usually a shard of a study) to a shard file, atomically
 * (a temporary file renamed into place, so a reader never sees half a file):
 * a simulation shard for a {@link SimulationResult} (see {@link shardToJSON}),
 * a comparison shard for a {@link ComparisonResult} (see
 * {@link comparisonShardToJSON}).
 *
 * @example
 * import { simulate, compare, writeShard, scenarios } from 'rivalsim/node';
 * const index = Number(process.env.JOB_COMPLETION_INDEX);
 * const part = await simulate(scenarios['apple-alibaba'], { runs: 1_000_000, seed: 42, shard: { index, count: 16 }, workers: 'auto' });
 * await writeShard(part, `/results/part-${index}.json`);
 * // A comparison: the same, with compare.
 * const c = await compare(scenarios.baseline, scenarios['apple-alibaba'], { runs: 1_000_000, seed: 42, shard: { index, count: 16 }, workers: 'auto' });
 * await writeShard(c, `/results/compare-${index}.json`);
 */
export async function writeShard(result: SimulationResult | ComparisonResult, file: string, options: ShardWriteOptions = {}): Promise<void> {
  const text = JSON.stringify(result instanceof ComparisonResult ? comparisonShardToJSON(result, options) : shardToJSON(result, options));
  const temp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temp, text);
    await rename(temp, file);
  } catch (e) {
    await rm(temp, { force: true });
    throw e;
  }
}

// ---------------------------------------------------------------------------
// Reading and merging

const STUDY_FIELDS = ['seed', 'runs', 'design', 'correlations', 'quantiles', 'rankSteps', 'conditions', 'coverage', 'state'] as const;

/**
 * Checks the envelope of a shard document; `name` (a file name) prefixes
 * paths, then `side` (`a.` or `b.` for a side of a comparison shard).
 */
function checkDocument(doc: unknown, name: string, side = ''): ShardDocument {
  if (!side && isObject(doc) && doc.format === COMPARISON_SHARD_FORMAT) throw wrongKind(name, 'comparison');
  if (!isObject(doc) || doc.format !== SHARD_FORMAT) {
    if (side) throw corrupt(`${name}: ${side.slice(0, -1)}`, isObject(doc) ? `an object with format ${formatValue(doc.format)}` : doc, `the simulation shard document of side ${side.slice(0, -1)}`);
    throw new RivalsimError('Not a rivalsim shard file', name, isObject(doc) ? `an object with format ${formatValue(doc.format)}` : doc,
      `a JSON document with "format": "${SHARD_FORMAT}" (written by rivalsim run --out)`);
  }
  if (doc.version !== SHARD_VERSION) {
    throw new RivalsimError('Unsupported shard file version', `${name}: ${side}version`, doc.version, `version ${SHARD_VERSION}`, 'Write the shards and merge them with the same version of rivalsim');
  }
  if (!isObject(doc.scenario)) throw corrupt(`${name}: ${side}scenario`, doc.scenario, 'the scenario as declared');
  for (const field of STUDY_FIELDS) if (!(field in doc)) throw corrupt(`${name}: ${side}${field}`, undefined, `the field "${field}"`);
  const d = doc as unknown as ShardDocument;
  const c = d.coverage;
  if (!isObject(c) || !Number.isSafeInteger(c.runs) || !Number.isSafeInteger(c.from) || !Number.isSafeInteger(c.to) || !(c.from >= 0 && c.from < c.to && c.to <= c.runs) || c.runs !== d.runs) {
    throw corrupt(`${name}: ${side}coverage`, c, `{ runs: ${formatValue(d.runs)}, from, to } with 0 ≤ from < to ≤ runs`);
  }
  if (!isObject(d.state) || !Array.isArray(d.state.conditions) || !Array.isArray(d.conditions) || !Array.isArray(d.quantiles) || !Array.isArray(d.rankSteps)) {
    throw corrupt(`${name}: ${side}state`, d.state, '{ main, conditions: [[name, state], …] }');
  }
  return d;
}

/** The first place where two JSON values differ, as `path: a, not b`; undefined when equal. */
function firstDifference(a: unknown, b: unknown, path: string): string | undefined {
  if (JSON.stringify(a) === JSON.stringify(b)) return undefined;
  if (isObject(a) && isObject(b)) {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const d = firstDifference(a[k], b[k], `${path}.${k}`);
      if (d) return d;
    }
  } else if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    for (let i = 0; i < a.length; i++) {
      const d = firstDifference(a[i], b[i], `${path}[${i}]`);
      if (d) return d;
    }
  }
  return `${path} ${formatValue(a)}, not ${formatValue(b)}`;
}

/** What makes two shards parts of different studies, or undefined. */
function studyDifference(d: ShardDocument, first: ShardDocument): string | undefined {
  const predicates = (x: ShardDocument) => (isObject(x.state.main) && Array.isArray(x.state.main.predicates) ? x.state.main.predicates.map((p) => p?.[0]) : null);
  if (d.scenario.id !== first.scenario.id) return `scenario ${formatValue(d.scenario.id)}`;
  if (d.seed !== first.seed) return `seed ${formatValue(d.seed)}`;
  if (d.runs !== first.runs) return `${d.runs} runs`;
  if (d.design !== first.design) return `design ${formatValue(d.design)}`;
  const scenario = firstDifference(d.scenario, first.scenario, 'scenario');
  if (scenario) return `the same scenario id declared differently (${scenario})`;
  for (const [what, x, y] of [
    ['correlations', d.correlations, first.correlations], ['quantiles', d.quantiles, first.quantiles], ['rankSteps', d.rankSteps, first.rankSteps],
    ['conditions', d.conditions, first.conditions], ['predicates', predicates(d), predicates(first)],
  ] as const) {
    if (JSON.stringify(x) !== JSON.stringify(y)) return `${what} ${formatValue(x)}`;
  }
  return undefined;
}

/** Runs [from, to) as `runs 256–511`. */
function runSpan(from: number, to: number): string {
  return `runs ${from}–${to - 1}`;
}

/**
 * Merges shard documents one at a time, so that memory stays that of two
 * shards' accumulators whatever their number: every shard is checked
 * against the first (same study: scenario as declared, seed, runs, design,
 * correlations, quantiles, rank steps, conditions, predicates), decoded and
 * added exactly; {@link ShardMerger.result} then checks that the shards
 * cover every run once. The arithmetic is that of `merge()`: integer counts
 * and exact sums, so the order of the shards changes no bit.
 */
class ShardMerger {
  /**
   * `side`: `a.` or `b.` when merging one side of comparison shards (it
   * prefixes the paths in errors); the comparison checks, before, that the
   * shards belong to one comparison.
   */
  constructor(private readonly side = '') {}

  private first: ShardDocument | undefined;
  private firstName = '';
  private plan: Plan | undefined;
  private main: GroupAccumulator | undefined;
  private readonly conditions = new Map<string, GroupAccumulator>();
  private readonly covered: Array<{ from: number; to: number; name: string }> = [];

  async add(doc: unknown, name: string): Promise<void> {
    const side = this.side;
    const d = checkDocument(doc, name, side);
    if (!this.first) {
      this.first = d;
      this.firstName = name;
      try {
        this.plan = await prepareScenario(d.scenario);
      } catch (e) {
        if (e instanceof RivalsimError) e.message = `${name}: the scenario ${side ? `of side ${side.slice(0, -1)} ` : ''}it carries is invalid: ${e.message}`;
        throw e;
      }
    }
    const first = this.first, plan = this.plan!;
    const different = studyDifference(d, first);
    if (different) {
      throw new RivalsimError('Shards of different studies', name, different,
        `shards of the study in ${this.firstName} (scenario ${formatValue(first.scenario.id)}, seed ${formatValue(first.seed)}, ${first.runs} runs, the same options)`);
    }
    const { from, to } = d.coverage;
    const overlap = this.covered.find((c) => from < c.to && c.from < to);
    if (overlap) {
      throw new RivalsimError('Overlapping shards', name, runSpan(from, to), `runs that no other shard covers (${overlap.name} has ${runSpan(overlap.from, overlap.to)})`);
    }
    this.covered.push({ from, to, name });

    const main = d.state.main as unknown as Partial<GroupStateJSON> | undefined;
    const dates = isObject(main) && isObject(main.summary) ? main.summary.dates : undefined;
    if (JSON.stringify(dates) !== JSON.stringify(plan.dates)) {
      throw corrupt(`${name}: ${side}state.main.summary.dates`, Array.isArray(dates) ? `${dates.length} dates` : dates, `the dates of its scenario (${plan.dates.length}, ${plan.dates[0]} → ${plan.dates[plan.horizon]})`);
    }
    const n = isObject(main) && isObject(main.summary) ? main.summary.n : undefined;
    if (n !== to - from) throw corrupt(`${name}: ${side}state.main.summary.n`, n, `${to - from}, the runs it covers (${runSpan(from, to)})`);
    this.main ??= new GroupAccumulator(d.state.main, `${name}: ${side}state.main`);
    this.main.add(plan, d.state.main, `${name}: ${side}state.main`);
    if (d.state.conditions.length !== d.conditions.length) {
      throw corrupt(`${name}: ${side}state.conditions`, `${d.state.conditions.length} states`, `one state per condition (${d.conditions.join(', ') || 'none'})`);
    }
    d.state.conditions.forEach((entry, k) => {
      const path = `${name}: ${side}state.conditions[${k}]`;
      if (!Array.isArray(entry) || entry[0] !== d.conditions[k]) throw corrupt(path, Array.isArray(entry) ? entry[0] : entry, `[${formatValue(d.conditions[k])}, state]`);
      let acc = this.conditions.get(entry[0]);
      if (!acc) {
        acc = new GroupAccumulator(entry[1], `${path}[1]`);
        if (acc.layout !== this.main!.layout) throw corrupt(`${path}[1]`, 'another layout', 'the layout (dates, markets, metrics, rank steps, predicates) of all runs');
        this.conditions.set(entry[0], acc);
      }
      acc.add(plan, entry[1], `${path}[1]`);
    });
  }

  /** The merged result, once every run is covered. */
  result(): SimulationResult {
    const first = this.first!;
    const runs = first.runs;
    const sorted = [...this.covered].sort((a, b) => a.from - b.from);
    let expected = 0;
    for (const c of sorted) {
      if (c.from !== expected) {
        throw new RivalsimError('Missing runs between shards', c.name, runSpan(c.from, c.to), `runs from ${expected} on: no shard covers ${runSpan(expected, c.from)}`);
      }
      expected = c.to;
    }
    if (expected !== runs) {
      const last = sorted[sorted.length - 1];
      throw new RivalsimError('Missing runs after the last shard', last.name, `runs up to ${expected - 1}`, `runs up to ${runs - 1}: no shard covers ${runSpan(expected, runs)}`);
    }
    const conditions = new Map(first.conditions.map((name) => [name, this.conditions.get(name)!.result()]));
    return new SimulationResult(this.main!.result(), first.quantiles, first.rankSteps, first.seed, first.design, conditions, [], { runs, from: 0, to: runs });
  }
}

/**
 * The differences b − a of a comparison summed over shards, as
 * {@link GroupAccumulator} sums a group: one shard's summary decoded and
 * added exactly at a time.
 */
class SummaryAccumulator {
  /** What summaries must share to be added. */
  readonly layout: string;
  private summary: Summary | undefined;

  constructor(data: unknown, path: string) {
    this.layout = summaryLayout(summaryShape(data, path));
  }

  /** Adds a summary's JSON. */
  add(data: unknown, path: string): void {
    if (summaryLayout(summaryShape(data, path)) !== this.layout) throw corrupt(path, 'another layout', 'the layout (dates, markets, metrics) of the other shards');
    const state = decodeSummary(data, path);
    if (this.summary) this.summary.mergeState(state);
    else this.summary = Summary.fromState(state);
  }

  /** The summed summary. */
  result(): Summary {
    return this.summary!;
  }
}

/** The fields both sides of one comparison shard share. */
const SHARED_FIELDS = ['seed', 'runs', 'design', 'correlations', 'quantiles', 'rankSteps', 'coverage'] as const;

/** Checks the envelope of a comparison shard document and of its two sides; `name` (a file name) prefixes paths. */
function checkComparisonDocument(doc: unknown, name: string): ComparisonShardDocument {
  if (isObject(doc) && doc.format === SHARD_FORMAT) throw wrongKind(name, 'simulation');
  if (!isObject(doc) || doc.format !== COMPARISON_SHARD_FORMAT) {
    throw new RivalsimError('Not a rivalsim comparison shard file', name, isObject(doc) ? `an object with format ${formatValue(doc.format)}` : doc,
      `a JSON document with "format": "${COMPARISON_SHARD_FORMAT}" (written by rivalsim compare --out)`);
  }
  if (doc.version !== SHARD_VERSION) {
    throw new RivalsimError('Unsupported shard file version', `${name}: version`, doc.version, `version ${SHARD_VERSION}`, 'Write the shards and merge them with the same version of rivalsim');
  }
  const a = checkDocument(doc.a, name, 'a.'), b = checkDocument(doc.b, name, 'b.');
  for (const field of SHARED_FIELDS) {
    if (JSON.stringify(b[field]) !== JSON.stringify(a[field])) {
      throw corrupt(`${name}: b.${field}`, b[field], `the ${field} of side a (${formatValue(a[field])}): the two sides of a comparison share it`);
    }
  }
  if (!('differences' in doc)) throw corrupt(`${name}: differences`, undefined, 'the field "differences"');
  return doc as unknown as ComparisonShardDocument;
}

/**
 * Merges comparison shard documents one at a time, as {@link ShardMerger}
 * merges simulation shards (memory: two shards' accumulators): each is
 * checked against the first (the same comparison: both scenarios as
 * declared, seed, runs, design, options), each side is merged by a
 * ShardMerger of its own (which finds overlaps and, at the end, missing
 * runs), and the differences — whose runs must be the sides' — are added
 * exactly.
 */
class ComparisonMerger {
  private first: ComparisonShardDocument | undefined;
  private firstName = '';
  private readonly a = new ShardMerger('a.');
  private readonly b = new ShardMerger('b.');
  private differences: SummaryAccumulator | undefined;

  async add(doc: unknown, name: string): Promise<void> {
    const d = checkComparisonDocument(doc, name);
    if (!this.first) {
      this.first = d;
      this.firstName = name;
    }
    const first = this.first;
    for (const side of ['a', 'b'] as const) {
      const different = studyDifference(d[side], first[side]);
      if (different) {
        throw new RivalsimError('Shards of different comparisons', `${name}: ${side}`, `${side}: ${different}`,
          `shards of the comparison in ${this.firstName} (a ${formatValue(first.a.scenario.id)}, b ${formatValue(first.b.scenario.id)}, seed ${formatValue(first.a.seed)}, ${first.a.runs} runs, the same options)`);
      }
    }
    await this.a.add(d.a, name);
    await this.b.add(d.b, name);

    const path = `${name}: differences`;
    const s = summaryShape(d.differences, path);
    const { from, to } = d.a.coverage;
    if (s.n !== to - from) throw corrupt(`${path}.n`, s.n, `${to - from}, the runs both sides cover (${runSpan(from, to)})`);
    if (s.histograms !== false) throw corrupt(`${path}.histograms`, s.histograms, 'false: differences are summarised without histograms');
    const dates = d.a.state.main.summary.dates;
    if (JSON.stringify(s.dates) !== JSON.stringify(dates)) throw corrupt(`${path}.dates`, `${s.dates.length} dates`, `the dates of both sides (${dates.length}, ${dates[0]} → ${dates[dates.length - 1]})`);
    s.markets.forEach((m, i) => {
      const shared = isObject(m) && Array.isArray(m.agents) && Array.isArray(m.metrics) && [d.a, d.b].every((x) => x.state.main.summary.markets.some((o) =>
        o.id === m.id && o.kind === m.kind && m.agents.every((g) => o.agents.includes(g)) && m.metrics.every((k) => o.metrics.includes(k))));
      if (!shared) throw corrupt(`${path}.markets[${i}]`, m, 'a market both sides summarise, with agents and metrics of both');
    });
    this.differences ??= new SummaryAccumulator(d.differences, path);
    this.differences.add(d.differences, path);
  }

  /** The merged comparison, once every run is covered. */
  result(): ComparisonResult {
    return new ComparisonResult(this.a.result(), this.b.result(), this.differences!.result());
  }
}

/**
 * Merges parsed shard documents ({@link shardToJSON}'s, in any order) into
 * exactly — bit for bit — the result of running the study in one go, as
 * `merge()` does for results in memory. The scenario is recompiled from the
 * copy the shards carry. `names` (file names, say) label the documents in
 * errors; all errors are {@link RivalsimError}s: not a shard document,
 * shards of different studies (another scenario or declaration of it, seed,
 * number of runs, design or options), overlapping shards, missing runs.
 *
 * @example
 * const docs = texts.map((t) => JSON.parse(t));
 * const result = await mergeShardJSON(docs, ['part-0.json', 'part-1.json']);
 * result.toCSV(); // the same bytes as one run of the whole study
 */
export async function mergeShardJSON(docs: readonly unknown[], names?: readonly string[]): Promise<SimulationResult> {
  if (!Array.isArray(docs) || docs.length === 0) throw new RivalsimError('Nothing to merge', 'docs', docs, 'a non-empty list of shard documents');
  const merger = new ShardMerger();
  for (let i = 0; i < docs.length; i++) await merger.add(docs[i], names?.[i] ?? `docs[${i}]`);
  return merger.result();
}

/** Reads and parses one shard file, with one-line errors naming it. */
async function readShardFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const what = code === 'ENOENT' ? 'shard file not found' : code === 'EISDIR' ? 'shard file is a directory' : `cannot read shard file (${code ?? String(e)})`;
    const error = new RivalsimError(what, file, file, 'an existing shard file');
    error.message = `${file}: ${what} (${resolvePath(file)})`;
    throw error;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    const error = new RivalsimError('Malformed JSON', file, basename(file), 'a shard file written by rivalsim');
    error.message = `${file}: not a shard file (malformed JSON: ${(e as Error).message})`;
    throw error;
  }
}

/**
 * Reads shard files (in any order) and merges them into exactly the result
 * of running the study in one go: `writeShard` on each machine, `readShards`
 * on one. Files are read one after the other, so memory does not grow with
 * their number. Errors are {@link RivalsimError}s naming the file: missing
 * or unreadable file, malformed JSON, not a shard file, shards of different
 * studies, overlapping shards, missing runs.
 *
 * @example
 * import { readShards } from 'rivalsim/node';
 * const result = await readShards(['part-0.json', 'part-1.json', 'part-2.json']);
 * result.rankProbability('phones', 'apple', 1);
 */
export async function readShards(files: readonly string[]): Promise<SimulationResult> {
  if (!Array.isArray(files) || files.length === 0) throw new RivalsimError('No shard files', 'files', files, 'a non-empty list of shard file names');
  return (await mergeFiles(new ShardMerger(), files)).result();
}

/**
 * Merges parsed comparison shard documents ({@link comparisonShardToJSON}'s,
 * in any order) into exactly — bit for bit: the differences and both sides —
 * the comparison run in one go, as `mergeComparisons()` does for results in
 * memory. Both scenarios are recompiled from the copies the shards carry.
 * `names` (file names, say) label the documents in errors; all errors are
 * one-line {@link RivalsimError}s naming the document and the path: not a
 * comparison shard (a simulation shard is named as such), shards of
 * different comparisons (another a or b, declaration, seed, number of runs,
 * design or options), overlapping shards, missing runs, corrupt arrays.
 *
 * @example
 * const docs = texts.map((t) => JSON.parse(t));
 * const c = await mergeComparisonShardJSON(docs, ['compare-0.json', 'compare-1.json']);
 * c.toCSV(); // the same bytes as one compare() of the whole study; c.a and c.b too
 */
export async function mergeComparisonShardJSON(docs: readonly unknown[], names?: readonly string[]): Promise<ComparisonResult> {
  if (!Array.isArray(docs) || docs.length === 0) throw new RivalsimError('Nothing to merge', 'docs', docs, 'a non-empty list of comparison shard documents');
  const merger = new ComparisonMerger();
  for (let i = 0; i < docs.length; i++) await merger.add(docs[i], names?.[i] ?? `docs[${i}]`);
  return merger.result();
}

/**
 * Reads comparison shard files (in any order; `writeShard` of
 * `compare(a, b, { shard })` on each machine, or `rivalsim compare --shard
 * I/N --out FILE`) and merges them into exactly the comparison run in one
 * go. Files are read one after the other, so memory does not grow with
 * their number. Errors are {@link RivalsimError}s naming the file: those of
 * {@link mergeComparisonShardJSON}, and a missing or unreadable file or
 * malformed JSON.
 *
 * @example
 * import { readComparisonShards } from 'rivalsim/node';
 * const c = await readComparisonShards(['compare-0.json', 'compare-1.json', 'compare-2.json']);
 * c.difference('phones', 'share', 'apple').mean;
 */
export async function readComparisonShards(files: readonly string[]): Promise<ComparisonResult> {
  if (!Array.isArray(files) || files.length === 0) throw new RivalsimError('No shard files', 'files', files, 'a non-empty list of comparison shard file names');
  return (await mergeFiles(new ComparisonMerger(), files)).result();
}

/** What {@link readAnyShards} merged: a study or a comparison. */
export type MergedShards = { kind: 'simulation'; result: SimulationResult } | { kind: 'comparison'; result: ComparisonResult };

/** The kind of a shard document, or undefined when it is neither. */
function kindOf(doc: unknown): 'simulation' | 'comparison' | undefined {
  if (!isObject(doc)) return undefined;
  return doc.format === SHARD_FORMAT ? 'simulation' : doc.format === COMPARISON_SHARD_FORMAT ? 'comparison' : undefined;
}

/**
 * Internal (`rivalsim merge`): reads shard files of either kind — the kind
 * of the first file decides — and merges them as {@link readShards} or
 * {@link readComparisonShards} would, one file at a time. A file of the
 * other kind is a one-line {@link RivalsimError} naming it.
 *
 * @example
 * const merged = await readAnyShards(['part-0.json', 'part-1.json']);
 * if (merged.kind === 'comparison') merged.result.toCSV(); // the differences b − a
 */
export async function readAnyShards(files: readonly string[]): Promise<MergedShards> {
  if (!Array.isArray(files) || files.length === 0) throw new RivalsimError('No shard files', 'files', files, 'a non-empty list of shard file names');
  const first = await readShardFile(files[0]);
  const kind = kindOf(first) ?? 'simulation';
  const check = (doc: unknown, file: string) => {
    const other = kindOf(doc);
    if (other !== undefined && other !== kind) {
      throw new RivalsimError('Shards of different kinds', file, `a ${other} shard`, `${kind} shards, as ${files[0]} is (merge each kind on its own)`);
    }
  };
  return kind === 'comparison'
    ? { kind, result: (await mergeFiles(new ComparisonMerger(), files, first, check)).result() }
    : { kind, result: (await mergeFiles(new ShardMerger(), files, first, check)).result() };
}

/**
 * Adds shard files to `merger` one at a time (`first`: the first file's
 * document, when already read), each checked by `check` before it is added.
 */
async function mergeFiles<M extends { add(doc: unknown, name: string): Promise<void> }>(
  merger: M, files: readonly string[], first?: unknown, check?: (doc: unknown, file: string) => void,
): Promise<M> {
  for (let i = 0; i < files.length; i++) {
    const doc = i === 0 && first !== undefined ? first : await readShardFile(files[i]);
    check?.(doc, files[i]);
    await merger.add(doc, files[i]);
  }
  return merger;
}
