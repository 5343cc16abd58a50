/**
 * The shard format, portable (browsers and Deno merge shards too; Node's
 * file reading and writing is in `node/shards.ts`): a {@link SimulationResult} — usually one shard of a study,
 * see `simulate(s, { shard: { index, count } })` — written as versioned JSON,
 * so that shards computed by separate processes (a Kubernetes Indexed Job, a
 * Slurm job array, a CI matrix) merge into exactly the result of one big run.
 *
 * A shard file holds the scenario as declared (plain data), the study's
 * options, the runs it covers and the accumulators' complete state:
 *
 * ```
 * { "format": "rivalsim-shard", "version": 3,
 *   "provenance": { "rivalsim": "0.1.0", "scenario": { "id": "apple-alibaba", "hash": "sha256:…" }, "seed": 42,
 *                   "runs": 1000000, "design": "monte-carlo", "createdAt": "2026-…Z", "runtime": "Node 20.19.0" },
 *   "scenario": { …the ScenarioSpec… }, "seed": 42, "runs": 1000000, "design": "monte-carlo",
 *   "correlations": null, "quantiles": [0.05, …], "rankSteps": [36], "conditions": [],
 *   "coverage": { "runs": 1000000, "from": 187392, "to": 250112 },
 *   "state": { "main": { …GroupState… }, "conditions": [["approved", { …GroupState… }]] },
 *   "digest": "h64:…" }
 * ```
 *
 * The provenance says which rivalsim wrote the shard, when and on which
 * runtime (see `provenance.ts`); shards merge only with shards written by
 * the same rivalsim version. The digest (of the rest, see `digest.ts`) detects a file changed after it
 * was written; every invariant a run guarantees (integer limbs and counts,
 * histograms counting every run once per cell, ranks given once per run,
 * lengths matching the layout, the layout the scenario's) is checked when it
 * is read, before anything is allocated from its sizes.
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
 * { "format": "rivalsim-comparison-shard", "version": 3,
 *   "a": { "format": "rivalsim-shard", …scenario a… }, "b": { …scenario b, the same seed, runs and coverage… },
 *   "differences": { "n": 62720, "dates": […], "markets": […], "histograms": false, "acc": […] }, "digest": "h64:…" }
 * ```
 */
import { RivalsimError, formatValue } from '../../errors.js';
import type { ScenarioSpec } from '../../model/types.js';
import type { Seed } from '../../random/source.js';
import { ComparisonResult } from '../compare.js';
import type { CorrelationSpec, DesignKind } from '../design.js';
import { originOf, type Provenance } from '../provenance.js';
import { SimulationResult } from '../result.js';
import { checkDocumentShape } from '../../scenarios/shape.js';
import { corrupt, isObject } from './codec.js';
import { checkDigest, withDigest } from './digest.js';
import { groupToJSON, summaryToJSON, type GroupStateJSON, type SummaryStateJSON } from './state.js';

/** The `format` field of a shard file. */
export const SHARD_FORMAT = 'rivalsim-shard';

/**
 * The version of the shard file format written (and the only one read).
 * Version 2 added the digest and the checks of every invariant a run
 * guarantees; version 3 the provenance block.
 */
export const SHARD_VERSION = 3;

/** The `format` field of a comparison shard file (its version is {@link SHARD_VERSION}). */
export const COMPARISON_SHARD_FORMAT = 'rivalsim-comparison-shard';

/** The document in a shard file (see the module comment). */
export interface ShardDocument {
  format: typeof SHARD_FORMAT;
  version: typeof SHARD_VERSION;
  /** Which rivalsim wrote it, when, on which runtime; the study it belongs to (see `Provenance`). */
  provenance: Provenance;
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
  /** The digest of the rest (see `shardDigest`); absent from the sides of a comparison shard, which has its own. */
  digest?: string;
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
  /** The digest of the rest (see `shardDigest`). */
  digest: string;
}

/** What a result does not record but a shard file does. */
export interface ShardWriteOptions {
  /**
   * The rank correlations the study was run with, if any (a result does not
   * record them). Shards merge only with shards of the same correlations.
   */
  correlations?: CorrelationSpec;
}

/** A shard of the other kind given to a reader: one line naming the file and the reader to use. */
export function wrongKind(name: string, kind: 'comparison' | 'simulation'): RivalsimError {
  const error = kind === 'comparison'
    ? new RivalsimError('A comparison shard', name, 'a comparison shard', 'a simulation shard (rivalsim run --out)')
    : new RivalsimError('A simulation shard', name, 'a simulation shard', 'a comparison shard (rivalsim compare --out)');
  error.message = kind === 'comparison'
    ? `${name}: this is a comparison shard: merge it with readComparisonShards() or mergeComparisonShardJSON() (rivalsim merge reads either kind), not as a simulation shard`
    : `${name}: this is a simulation shard: merge it with readShards() or mergeShardJSON() (rivalsim merge reads either kind), not as a comparison shard`;
  return error;
}

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

/**
 * A result (a shard of a study, or a whole study) as a shard document,
 * ready for `JSON.stringify`. Its conditions are carried (their state, not
 * the predicate functions), so merged shards answer `given(name)` too;
 * kept paths are not. Throws a {@link RivalsimError} when the scenario
 * holds functions (custom policy objects), which a file cannot carry.
 *
 * @example
 * import { simulate, scenarios, shardToJSON } from 'rivalsim';
 * const part = await simulate(scenarios['apple-alibaba'], { runs: 4000, seed: 42, shard: { index: 3, count: 16 } });
 * const text = JSON.stringify(shardToJSON(part)); // { "format": "rivalsim-shard", "version": 3, "provenance": { … }, … }
 */
export function shardToJSON(result: SimulationResult, options: ShardWriteOptions = {}): ShardDocument {
  return withDigest(shardContent(result, options));
}

/** A shard document without its digest. */
function shardContent(result: SimulationResult, options: ShardWriteOptions): ShardDocument {
  if (!(result instanceof SimulationResult)) {
    throw new RivalsimError('Not a simulation result', 'result', result, 'the result of simulate()');
  }
  const scenario = scenarioData(result.plan.spec);
  const { main, conditions } = result.groups();
  return {
    format: SHARD_FORMAT,
    version: SHARD_VERSION,
    provenance: result.provenance,
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
 * `{ "format": "rivalsim-comparison-shard", "version": 3, "a": …, "b": …, "differences": … }`,
 * each side as {@link shardToJSON} writes it and the summary of the
 * differences b − a as a group's summary is written (without histograms).
 * Throws a {@link RivalsimError} when a scenario holds functions.
 *
 * @example
 * import { compare, comparisonShardToJSON, scenarios } from 'rivalsim';
 * const part = await compare(scenarios.baseline, scenarios['apple-alibaba'], { runs: 4000, seed: 42, shard: { index: 3, count: 16 } });
 * const text = JSON.stringify(comparisonShardToJSON(part)); // { "format": "rivalsim-comparison-shard", "version": 3, "a": { … }, … }
 */
export function comparisonShardToJSON(comparison: ComparisonResult, options: ShardWriteOptions = {}): ComparisonShardDocument {
  if (!(comparison instanceof ComparisonResult)) {
    throw new RivalsimError('Not a comparison result', 'comparison', comparison, 'the result of compare()');
  }
  return withDigest({
    format: COMPARISON_SHARD_FORMAT,
    version: SHARD_VERSION,
    a: shardContent(comparison.a, options),
    b: shardContent(comparison.b, options),
    differences: summaryToJSON(comparison.diffSummary().toState()),
  });
}

/** A shard document's shape: nesting bounded before anything walks it recursively (its size is bounded by the file's). */
const SHARD_SHAPE = { depth: 40, values: Infinity, stringLength: Infinity };

const STUDY_FIELDS = ['provenance', 'seed', 'runs', 'design', 'correlations', 'quantiles', 'rankSteps', 'conditions', 'coverage', 'state'] as const;

/**
 * Checks the envelope of a shard document; `name` (a file name) prefixes
 * paths, then `side` (`a.` or `b.` for a side of a comparison shard).
 */
export function checkDocument(doc: unknown, name: string, side = ''): ShardDocument {
  if (!side && isObject(doc) && doc.format === COMPARISON_SHARD_FORMAT) throw wrongKind(name, 'comparison');
  if (!isObject(doc) || doc.format !== SHARD_FORMAT) {
    if (side) throw corrupt(`${name}: ${side.slice(0, -1)}`, isObject(doc) ? `an object with format ${formatValue(doc.format)}` : doc, `the simulation shard document of side ${side.slice(0, -1)}`);
    throw new RivalsimError('Not a rivalsim shard file', name, isObject(doc) ? `an object with format ${formatValue(doc.format)}` : doc,
      `a JSON document with "format": "${SHARD_FORMAT}" (written by rivalsim run --out)`);
  }
  if (doc.version !== SHARD_VERSION) {
    throw new RivalsimError('Unsupported shard file version', `${name}: ${side}version`, doc.version, `version ${SHARD_VERSION}`, 'Write the shards and merge them with the same version of rivalsim');
  }
  if (!side) {
    checkDocumentShape(doc, name, SHARD_SHAPE);
    checkDigest(doc, name);
  }
  if (!isObject(doc.scenario)) throw corrupt(`${name}: ${side}scenario`, doc.scenario, 'the scenario as declared');
  checkDocumentShape(doc.scenario, `${name}: ${side}scenario`);
  for (const field of STUDY_FIELDS) if (!(field in doc)) throw corrupt(`${name}: ${side}${field}`, undefined, `the field "${field}"`);
  const d = doc as unknown as ShardDocument;
  if (!originOf(d.provenance)) throw corrupt(`${name}: ${side}provenance`, d.provenance, '{ rivalsim, scenario, seed, runs, design, createdAt, runtime } with strings for rivalsim, createdAt and runtime');
  const c = d.coverage;
  if (!isObject(c) || !Number.isSafeInteger(c.runs) || !Number.isSafeInteger(c.from) || !Number.isSafeInteger(c.to) || !(c.from >= 0 && c.from < c.to && c.to <= c.runs) || c.runs !== d.runs) {
    throw corrupt(`${name}: ${side}coverage`, c, `{ runs: ${formatValue(d.runs)}, from, to } with 0 ≤ from < to ≤ runs`);
  }
  if (!isObject(d.state) || !Array.isArray(d.state.conditions) || !Array.isArray(d.conditions) || !Array.isArray(d.quantiles) || !Array.isArray(d.rankSteps)) {
    throw corrupt(`${name}: ${side}state`, d.state, '{ main, conditions: [[name, state], …] }');
  }
  return d;
}

/** The fields both sides of one comparison shard share. */
const SHARED_FIELDS = ['seed', 'runs', 'design', 'correlations', 'quantiles', 'rankSteps', 'coverage'] as const;

/** Checks the envelope of a comparison shard document and of its two sides; `name` (a file name) prefixes paths. */
export function checkComparisonDocument(doc: unknown, name: string): ComparisonShardDocument {
  if (isObject(doc) && doc.format === SHARD_FORMAT) throw wrongKind(name, 'simulation');
  if (!isObject(doc) || doc.format !== COMPARISON_SHARD_FORMAT) {
    throw new RivalsimError('Not a rivalsim comparison shard file', name, isObject(doc) ? `an object with format ${formatValue(doc.format)}` : doc,
      `a JSON document with "format": "${COMPARISON_SHARD_FORMAT}" (written by rivalsim compare --out)`);
  }
  if (doc.version !== SHARD_VERSION) {
    throw new RivalsimError('Unsupported shard file version', `${name}: version`, doc.version, `version ${SHARD_VERSION}`, 'Write the shards and merge them with the same version of rivalsim');
  }
  checkDocumentShape(doc, name, SHARD_SHAPE);
  checkDigest(doc, name);
  const a = checkDocument(doc.a, name, 'a.'), b = checkDocument(doc.b, name, 'b.');
  for (const field of SHARED_FIELDS) {
    if (JSON.stringify(b[field]) !== JSON.stringify(a[field])) {
      throw corrupt(`${name}: b.${field}`, b[field], `the ${field} of side a (${formatValue(a[field])}): the two sides of a comparison share it`);
    }
  }
  if (!('differences' in doc)) throw corrupt(`${name}: differences`, undefined, 'the field "differences"');
  return doc as unknown as ComparisonShardDocument;
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
export function studyDifference(d: ShardDocument, first: ShardDocument): string | undefined {
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

/**
 * A shard written by another rivalsim version than the first one merged:
 * one line naming the file and both versions.
 */
export function versionDifference(d: ShardDocument, name: string, first: ShardDocument, firstName: string): RivalsimError | undefined {
  const version = d.provenance.rivalsim, expected = first.provenance.rivalsim;
  if (version === expected) return undefined;
  const error = new RivalsimError('Shards of different rivalsim versions', `${name}: provenance.rivalsim`, version, `rivalsim ${expected}, as ${firstName}`);
  error.message = `${name}: written by rivalsim ${version}, but ${firstName} by rivalsim ${expected}: merge only shards written by one version of rivalsim (rerun the shards with one version)`;
  return error;
}

/** The kind of a shard document, or undefined when it is neither. */
export function kindOf(doc: unknown): 'simulation' | 'comparison' | undefined {
  if (!isObject(doc)) return undefined;
  return doc.format === SHARD_FORMAT ? 'simulation' : doc.format === COMPARISON_SHARD_FORMAT ? 'comparison' : undefined;
}
