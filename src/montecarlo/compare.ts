/**
 * `compare`: two scenarios on common random numbers.
 */
import { runPredicates } from './predicates.js';
import { RivalsimError } from '../errors.js';
import { prepareScenario, type Plan } from '../model/compile.js';
import { metricUnit, type RunResult } from '../model/result.js';
import type { KnownMarket, LandscapeIds, SharedIds, StudyIds, StudyIdsOf } from '../model/ids.js';
import type { ScenarioSpec } from '../model/types.js';
import { checkRunOptions, runLoop, type StudyDesigns } from './runner.js';
import { csvField, csvNumber } from './csv.js';
import { JUPYTER_DISPLAY, type MimeBundle, type SeriesChartOptions } from './display.js';
import { Group, layoutOf, type GroupState } from './group.js';
import { merge } from './merge.js';
import type { Provenance } from './provenance.js';
import { SimulationResult, stateOrNull } from './result.js';
import { comparisonShardToJSON } from './shards/document.js';
import { comparisonFromJSON } from './shards/reload.js';
import { checkSummaryOptions, keepsHistograms, studyRange, type SimulateOptions } from './simulate.js';
import type { MarketLayout, SummaryState } from './layout.js';
import { Summary } from './summary.js';

/**
 * The difference b − a of one cell over runs on common random numbers.
 *
 * @example
 * // { n: 10000, mean: 0.021, sd: 0.008, se: 0.00008, ciLow: 0.0208, ciHigh: 0.0212, pGreater: 0.97, pLess: 0.01 }
 */
export interface DifferenceStat {
  n: number;
  /** Mean of b − a. */
  mean: number;
  sd: number;
  /** Standard error of the mean difference. */
  se: number;
  /** 95 % confidence interval of the mean difference (mean ± 1.96 se). */
  ciLow: number;
  ciHigh: number;
  /** Share of runs where b > a. */
  pGreater: number;
  /** Share of runs where b < a. */
  pLess: number;
}

/** The provenance of a comparison: that of a study, with both scenarios. */
export type ComparisonProvenance = Omit<Provenance, 'scenario'> & {
  /** Scenario a: id and hash of its definition. */
  a: Provenance['scenario'];
  /** Scenario b. */
  b: Provenance['scenario'];
};

/** One tidy row of a comparison; `unit`: the metric's (a difference b − a of shares is a fraction too). */
export interface DifferenceRow extends DifferenceStat {
  a: string;
  b: string;
  market: string;
  metric: string;
  agent: string;
  step: number;
  date: string;
  unit: string;
}

/**
 * The result of {@link compare}: each scenario's own summary and the
 * per-run differences b − a, per market, metric, agent and step (over the
 * markets, agents and metrics the two share). `A` and `B` are the ids of
 * the two scenarios (see `model/ids.ts`); `difference` takes those they share.
 *
 * @example
 * const c = await compare(scenarios.baseline, scenarios['apple-alibaba'], { runs: 5000, seed: 1 });
 * c.difference('phones', 'share', 'apple', 24); // => { mean: 0.02, ciLow: …, ciHigh: …, pGreater: 0.9, … }
 */
export class ComparisonResult<A extends StudyIds = StudyIds, B extends StudyIds = StudyIds> {
  constructor(
    /** Summary of scenario a. */
    readonly a: SimulationResult<A>,
    /** Summary of scenario b. */
    readonly b: SimulationResult<B>,
    private readonly diff: Summary,
  ) {}

  /** Markets, agents and metrics compared. */
  get markets(): readonly (MarketLayout & KnownMarket<SharedIds<A, B>>)[] {
    return this.diff.markets as readonly (MarketLayout & KnownMarket<SharedIds<A, B>>)[];
  }

  /**
   * Runs of the study and the slice [from, to) this comparison covers (all
   * of them unless sharded: see {@link mergeComparisons}).
   *
   * @example
   * comparison.coverage; // => { runs: 10000, from: 0, to: 10000 }
   */
  get coverage(): { runs: number; from: number; to: number } {
    return this.a.coverage;
  }

  /** Internal: the summary of the differences, for merging. */
  diffSummary(): Summary {
    return this.diff;
  }

  /**
   * Statistics of b − a for one cell (default step: the horizon).
   *
   * @example
   * comparison.difference('assistants', 'users', 'alibaba').mean; // => 35.2 (million users)
   */
  difference(market: SharedIds<A, B>['markets'], metric: SharedIds<A, B>['metrics'], agent: SharedIds<A, B>['agents'], step = this.a.horizon): DifferenceStat {
    const s = this.diff.stat(market, metric, agent, step, []);
    return toDifference(s.n, s.mean, s.sd, s.positive, s.negative);
  }

  /** Tidy rows, one per market, metric, agent and step. */
  rows(): DifferenceRow[] {
    const out: DifferenceRow[] = [];
    const T1 = this.a.horizon + 1;
    this.markets.forEach((m, i) => m.metrics.forEach((metric, k) => m.agents.forEach((agent, j) => {
      for (let t = 0; t < T1; t++) {
        const s = this.diff.cell(i, k, j * T1 + t, []);
        out.push({ a: this.a.scenario, b: this.b.scenario, market: m.id, metric, agent, step: t, date: this.a.dates[t], ...toDifference(s.n, s.mean, s.sd, s.positive, s.negative), unit: metricUnit(metric) });
      }
    })));
    return out;
  }

  /**
   * The differences as CSV:
   * `a,b,market,metric,agent,step,date,mean_diff,sd,se,ci_low,ci_high,p_b_gt_a,p_b_lt_a,unit`
   * (`unit`: the metric's; the header is the first line, no comment lines).
   */
  toCSV(): string {
    const lines = ['a,b,market,metric,agent,step,date,mean_diff,sd,se,ci_low,ci_high,p_b_gt_a,p_b_lt_a,unit'];
    for (const r of this.rows()) {
      lines.push([csvField(r.a), csvField(r.b), csvField(r.market), csvField(r.metric), csvField(r.agent), String(r.step), r.date,
        ...[r.mean, r.sd, r.se, r.ciLow, r.ciHigh, r.pGreater, r.pLess].map(csvNumber), csvField(r.unit)].join(','));
    }
    return lines.join('\n') + '\n';
  }

  /**
   * Where this comparison came from: as {@link SimulationResult.provenance},
   * with both scenarios (`a`, `b`: id and hash of the definition).
   *
   * @example
   * comparison.provenance.b; // => { id: 'apple-alibaba', hash: 'sha256:…' }
   */
  get provenance(): ComparisonProvenance {
    const { scenario, ...rest } = this.a.provenance;
    return { ...rest, a: scenario, b: this.b.provenance.scenario };
  }

  /**
   * A JSON-ready object: the provenance, both summaries (as
   * `SimulationResult.toJSON()` without their state), the differences
   * (rows with units) and `state`, the exact state of the comparison (a
   * comparison shard document; `null` when a scenario holds functions),
   * from which {@link ComparisonResult.fromJSON} reloads it.
   */
  toJSON(): Record<string, unknown> {
    return {
      provenance: this.provenance, a: this.a.jsonView(false), b: this.b.jsonView(false), differences: this.rows(),
      state: stateOrNull(() => comparisonShardToJSON(this)),
    };
  }

  /**
   * The comparison again from the object {@link ComparisonResult.toJSON}
   * returned (a `compare --json` file, parsed): both sides and the
   * differences bit for bit, with the original provenance (kept paths are
   * not carried).
   *
   * @example
   * const again = await ComparisonResult.fromJSON(JSON.parse(readFileSync('diff.json', 'utf8')));
   * comparisonReport(again); // the report, later
   */
  static fromJSON(json: unknown): Promise<ComparisonResult> {
    return comparisonFromJSON(json);
  }

  /**
   * An SVG chart of b − a over time (mean and 95 % CI per agent, zero line)
   * of the first market's share by default; options pick market, metric, agents.
   * (Installed by the presentation layer as the package loads.)
   *
   * @example
   * comparison.toSVG({ market: 'phones', agents: ['apple', 'huawei'] }); // '<svg …'
   */
  declare toSVG: (options?: Partial<SeriesChartOptions>) => string;

  /**
   * Notebook display for Deno's Jupyter kernel: a summary, the comparison
   * chart as SVG and as a Vega-Lite v5 spec.
   *
   * @example
   * comparison[Symbol.for('Jupyter.display')]()['image/svg+xml'];
   */
  declare [JUPYTER_DISPLAY]: () => MimeBundle;

  /**
   * Notebook display for IJavascript-style kernels (same bundle as
   * `[Symbol.for('Jupyter.display')]()`).
   *
   * @example
   * comparison._toMime()['text/plain']; // => 'ComparisonResult: apple-alibaba − baseline — …'
   */
  declare _toMime: () => MimeBundle;
}

function toDifference(n: number, mean: number, sd: number, positive: number, negative: number): DifferenceStat {
  const se = n > 0 ? sd / Math.sqrt(n) : NaN;
  return { n, mean, sd, se, ciLow: mean - 1.96 * se, ciHigh: mean + 1.96 * se, pGreater: positive, pLess: negative };
}

/** The markets, agents and metrics two layouts share, with slot maps into each. */
function intersect(a: MarketLayout[], b: MarketLayout[]) {
  const out: Array<{ layout: MarketLayout; ia: number; ib: number; slotsA: number[]; slotsB: number[]; metricsA: number[]; metricsB: number[] }> = [];
  a.forEach((ma, ia) => {
    const ib = b.findIndex((x) => x.id === ma.id && x.kind === ma.kind);
    if (ib < 0) return;
    const mb = b[ib];
    const agents = ma.agents.filter((x) => mb.agents.includes(x));
    const metrics = ma.metrics.filter((x) => mb.metrics.includes(x));
    if (!agents.length) return;
    out.push({
      layout: { id: ma.id, name: ma.name, kind: ma.kind, agents, metrics },
      ia, ib,
      slotsA: agents.map((x) => ma.agents.indexOf(x)), slotsB: agents.map((x) => mb.agents.indexOf(x)),
      metricsA: metrics.map((x) => ma.metrics.indexOf(x)), metricsB: metrics.map((x) => mb.metrics.indexOf(x)),
    });
  });
  return out;
}

/**
 * Internal: what {@link accumulateComparison} returns — each scenario's
 * accumulators, the summary of the differences b − a and the kept paths.
 */
export interface ComparisonAccumulated {
  a: Group;
  b: Group;
  diff: Summary;
  paths: [RunResult[], RunResult[]];
  /** The comparison's designs, for its next part. */
  designs?: StudyDesigns;
}

/** Plain-data state of a {@link ComparisonAccumulated} (from a worker), without paths. */
export interface ComparisonState {
  a: GroupState;
  b: GroupState;
  diff: SummaryState;
}

/**
 * Internal: the two scenarios of a comparison compiled, and its options
 * checked (the same calendar; metrics known to both).
 */
export async function prepareComparison(a: ScenarioSpec | Plan, b: ScenarioSpec | Plan, options: SimulateOptions) {
  const planA = await prepareScenario(a);
  const planB = await prepareScenario(b);
  if (planA.horizon !== planB.horizon || planA.start !== planB.start) {
    throw new RivalsimError('Scenarios on different calendars', 'b.horizon', `${planB.start} + ${planB.horizon} months`, `the same start and horizon as a (${planA.start} + ${planA.horizon} months)`);
  }
  const { quantiles, rankSteps } = checkSummaryOptions(planA, options);
  checkSummaryOptions(planB, options);
  const { runs, seed } = checkRunOptions(options);
  return { planA, planB, runs, seed, quantiles, rankSteps, range: studyRange(runs, options.shard) };
}

/**
 * Internal: runs [from, to) of two compiled plans on common random numbers
 * into fresh accumulators, or into `into` (a worker's next chunk: whole
 * blocks, so nothing is split). The part of `compare` that a worker does.
 */
export async function accumulateComparison(
  planA: Plan, planB: Plan, options: SimulateOptions, rankSteps: number[], range: { from: number; to: number }, into?: ComparisonAccumulated,
): Promise<ComparisonAccumulated> {
  // Text predicates are compiled against each plan (b's may differ from a's); functions apply to both.
  const predicateNames = Object.keys(options.predicates ?? {});
  const predicatesA = runPredicates(planA, options.predicates, 'predicates').map(([, f]) => f);
  const predicatesB = runPredicates(planB, options.predicates, 'predicates').map(([, f]) => f);
  const values: boolean[] = new Array<boolean>(predicateNames.length);
  let acc = into;
  let shared: ReturnType<typeof intersect> = [];
  let buffers: Float64Array[][] = [];
  const T1 = planA.horizon + 1;
  const keep = options.keepPaths ?? 0;
  const designs = await runLoop([planA, planB], options, (run, [ra, rb]) => {
    if (!acc) {
      const la = layoutOf(ra, options.metrics), lb = layoutOf(rb, options.metrics);
      const histograms = keepsHistograms(options);
      acc = {
        a: new Group(planA, la, rankSteps, predicateNames, histograms), b: new Group(planB, lb, rankSteps, predicateNames, histograms),
        diff: new Summary(planA.dates, intersect(la, lb).map((x) => x.layout), false), paths: [[], []],
      };
    }
    if (buffers.length === 0) {
      shared = intersect(acc.a.summary.markets as MarketLayout[], acc.b.summary.markets as MarketLayout[]);
      buffers = shared.map((x) => x.layout.metrics.map(() => new Float64Array(x.layout.agents.length * T1)));
    }
    for (let i = 0; i < predicatesA.length; i++) values[i] = Boolean(predicatesA[i](ra));
    acc.a.add(run, ra, values);
    for (let i = 0; i < predicatesB.length; i++) values[i] = Boolean(predicatesB[i](rb));
    acc.b.add(run, rb, values);
    for (let i = 0; i < shared.length; i++) {
      const x = shared[i], A = ra.markets[x.ia], B = rb.markets[x.ib];
      for (let k = 0; k < x.layout.metrics.length; k++) {
        const xa = A.data[A.metrics[x.metricsA[k]]], xb = B.data[B.metrics[x.metricsB[k]]], out = buffers[i][k];
        for (let j = 0; j < x.slotsA.length; j++) {
          const ja = x.slotsA[j] * T1, jb = x.slotsB[j] * T1, o = j * T1;
          for (let t = 0; t < T1; t++) out[o + t] = xb[jb + t] - xa[ja + t];
        }
      }
    }
    acc.diff.add(run, buffers);
    if (run < keep) { acc.paths[0].push(ra.clone()); acc.paths[1].push(rb.clone()); }
  }, range, into?.designs);
  acc!.designs = designs;
  acc!.a.summary.flush(); acc!.b.summary.flush(); acc!.diff.flush();
  return acc!;
}

/** Internal: the {@link ComparisonResult} of accumulated runs [from, to) of the study's `options.runs`. */
export function comparisonResult(
  acc: ComparisonAccumulated, options: SimulateOptions, quantiles: number[], rankSteps: number[], range: { from: number; to: number },
): ComparisonResult {
  const { seed = 0, design = 'monte-carlo' } = options;
  const coverage = { runs: options.runs, ...range };
  return new ComparisonResult(
    new SimulationResult(acc.a, quantiles, rankSteps, seed, design, new Map(), acc.paths[0], coverage),
    new SimulationResult(acc.b, quantiles, rankSteps, seed, design, new Map(), acc.paths[1], coverage),
    acc.diff,
  );
}

/**
 * Merges the results of shards of one comparison (the same scenarios, seed,
 * runs, design and options; `compare` with `shard`) into exactly — bit for
 * bit — the comparison run in one go. Shards may come in any order;
 * together they must cover every run once.
 *
 * @example
 * const [a, b] = [scenarios.baseline, scenarios['apple-alibaba']];
 * const parts = await Promise.all([0, 1].map((index) => compare(a, b, { runs: 2000, seed: 1, shard: { index, count: 2 } })));
 * mergeComparisons(parts).toCSV() === (await compare(a, b, { runs: 2000, seed: 1 })).toCSV(); // => true
 */
export function mergeComparisons<A extends StudyIds = StudyIds, B extends StudyIds = StudyIds>(parts: readonly ComparisonResult<A, B>[]): ComparisonResult<A, B> {
  if (!Array.isArray(parts) || parts.length === 0) throw new RivalsimError('Nothing to merge', 'parts', parts, 'a non-empty array of comparison shard results');
  const other = parts.findIndex((p) => !(p instanceof ComparisonResult));
  if (other >= 0) throw new RivalsimError('Not a comparison', `parts[${other}]`, parts[other], 'comparison results (from compare with shard); merge simulation shards with merge');
  // Each side merged as a study of its own: one study, every run once (their checks name the part).
  const a = merge(parts.map((p) => p.a)), b = merge(parts.map((p) => p.b));
  const sorted = [...parts].sort((x, y) => x.coverage.from - y.coverage.from);
  const first = sorted[0].diffSummary();
  const diff = new Summary(first.dates, [...first.markets], false);
  for (const p of sorted) diff.merge(p.diffSummary());
  return new ComparisonResult(a, b, diff) as ComparisonResult<A, B>;
}

/**
 * Runs scenarios `a` and `b` on common random numbers — run r of both on
 * the stream of (seed, r) and the same design row — and summarises each and
 * their per-run differences b − a. Comparing a scenario with itself gives
 * exactly zero differences. `metrics` summarises only those metrics and
 * `share`, as in `simulate`; `shard` runs only a slice of the runs, to
 * combine with the other slices by {@link mergeComparisons}. (`rivalsim/node`'s `compare` also takes
 * `workers`, with bit-identical results.)
 *
 * @example
 * const c = await compare(scenarios.baseline, scenarios['apple-alibaba'], { runs: 10_000, seed: 42 });
 * const d = c.difference('phones', 'share', 'apple', 24);
 * console.log(`${(100 * d.mean).toFixed(2)} pp [${(100 * d.ciLow).toFixed(2)}, ${(100 * d.ciHigh).toFixed(2)}], P(b > a) = ${d.pGreater}`);
 */
export async function compare<LA extends LandscapeIds = LandscapeIds, EA extends string = string, LB extends LandscapeIds = LandscapeIds, EB extends string = string>(
  a: ScenarioSpec<LA, EA> | Plan, b: ScenarioSpec<LB, EB> | Plan, options: SimulateOptions,
): Promise<ComparisonResult<StudyIdsOf<LA, EA>, StudyIdsOf<LB, EB>>> {
  const { planA, planB, quantiles, rankSteps, range } = await prepareComparison(a, b, options);
  const acc = await accumulateComparison(planA, planB, options, rankSteps, range);
  // The engine is the same for any ids: the result's ids are those of the scenarios, as types.
  return comparisonResult(acc, options, quantiles, rankSteps, range) as ComparisonResult<StudyIdsOf<LA, EA>, StudyIdsOf<LB, EB>>;
}
