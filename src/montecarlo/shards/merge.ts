/**
 * Merging shard documents, one at a time (memory: two shards'
 * accumulators, whatever their number), into exactly the result of the
 * study or comparison run in one go: each document checked against the
 * first, decoded and added with exact arithmetic; the coverage checked by
 * the rule `merge` uses.
 */
import { RivalsimError, formatValue } from '../../errors.js';
import { prepareScenario, type Plan } from '../../model/compile.js';
import { ComparisonResult } from '../compare.js';
import { Coverage, runSpan } from '../coverage.js';
import { Group } from '../group.js';
import { currentOrigin, originOf, type Origin } from '../provenance.js';
import { SimulationResult } from '../result.js';
import { Summary } from '../summary.js';
import { corrupt, isObject } from './codec.js';
import { checkComparisonDocument, checkDocument, studyDifference, versionDifference, type ComparisonShardDocument, type ShardDocument } from './document.js';
import { decodeGroup, decodeSummary, groupLayout, groupShape, summaryLayout, summaryShape, type GroupStateJSON } from './state.js';

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

/**
 * Checks what the first shard says of its study against its scenario:
 * quantiles strictly between 0 and 1, rank steps within the horizon,
 * condition names, and markets that are the scenario's (in its order, of
 * its kind, with its agents).
 */
function checkOptions(d: ShardDocument, plan: Plan, at: string): void {
  if (!d.quantiles.every((q) => typeof q === 'number' && q > 0 && q < 1)) throw corrupt(`${at}quantiles`, d.quantiles, 'probabilities strictly between 0 and 1');
  if (!d.rankSteps.every((t) => Number.isInteger(t) && t >= 0 && t <= plan.horizon)) throw corrupt(`${at}rankSteps`, d.rankSteps, `steps in 0…${plan.horizon}`);
  if (!d.conditions.every((c) => typeof c === 'string') || new Set(d.conditions).size !== d.conditions.length) throw corrupt(`${at}conditions`, d.conditions, 'distinct condition names');
  const main = d.state.main as unknown as Partial<GroupStateJSON> | undefined;
  const markets = isObject(main) && isObject(main.summary) && Array.isArray(main.summary.markets) ? main.summary.markets : [];
  markets.forEach((m, i) => {
    const p = plan.markets.find((x) => isObject(m) && x.id === m.id);
    const agents = p ? new Set(plan.agents.map((a) => a.id)) : undefined;
    if (!p || !isObject(m) || p.kind !== m.kind || !Array.isArray(m.agents) || !m.agents.every((a) => agents!.has(a))) {
      throw corrupt(`${at}state.main.summary.markets[${i}]`, m, `a market of its scenario (${plan.markets.map((x) => x.id).join(', ')}) with its agents`);
    }
  });
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
export class ShardMerger {
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
  private readonly coverage = new Coverage();

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
    if (d === first) checkOptions(d, plan, `${name}: ${side}`);
    const version = versionDifference(d, name, first, this.firstName);
    if (version) throw version;
    const different = studyDifference(d, first);
    if (different) {
      throw new RivalsimError('Shards of different studies', name, different,
        `shards of the study in ${this.firstName} (scenario ${formatValue(first.scenario.id)}, seed ${formatValue(first.seed)}, ${first.runs} runs, the same options)`);
    }
    const { from, to } = d.coverage;
    this.coverage.add(from, to, name);

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

  /**
   * The merged result, once every run is covered. Its provenance: the
   * shards' common rivalsim version, made now (the merge), here.
   */
  result(): SimulationResult {
    const first = this.first!;
    const runs = first.runs;
    this.coverage.complete(runs);
    return this.build({ runs, from: 0, to: runs }, { ...currentOrigin(), rivalsim: first.provenance.rivalsim });
  }

  /**
   * Internal (`fromJSON`): the one document added as a result again —
   * its runs, whole study or shard, and its original provenance.
   */
  reloaded(): SimulationResult {
    const first = this.first!;
    return this.build({ ...first.coverage }, originOf(first.provenance)!);
  }

  private build(coverage: { runs: number; from: number; to: number }, origin: Origin): SimulationResult {
    const first = this.first!;
    const conditions = new Map(first.conditions.map((name) => [name, this.conditions.get(name)!.result()]));
    return new SimulationResult(this.main!.result(), first.quantiles, first.rankSteps, first.seed, first.design, conditions, [], coverage, undefined, origin);
  }
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
export class ComparisonMerger {
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

  /** Internal (`fromJSON`): the one document added as a comparison again, with its original provenance. */
  reloaded(): ComparisonResult {
    return new ComparisonResult(this.a.reloaded(), this.b.reloaded(), this.differences!.result());
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

/** What {@link readAnyShards} merged: a study or a comparison. */
export type MergedShards = { kind: 'simulation'; result: SimulationResult } | { kind: 'comparison'; result: ComparisonResult };
