/**
 * Statistics of a group of runs ({@link RunGroupView}): cells, quantile
 * errors, rank probabilities, predicate probabilities, happenings, tidy
 * rows and CSV.
 */
import { RivalsimError } from '../errors.js';
import type { EventQuery, KnownMarket, StudyIds } from '../model/ids.js';
import { combineEventStats, resolveEventQuery, type DealParties, type EventStat } from './events.js';
import type { Group } from './group.js';
import type { CellStat, MarketLayout } from './layout.js';
import { summaryCSV, summaryRows, type SummaryRow } from './summary-rows.js';
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
 * Statistics of a group of runs: all runs of a simulation, or those meeting
 * a condition. `I` are the ids of its scenario (see `model/ids.ts`): with
 * a bundled scenario, or one from `defineScenario`, TypeScript completes
 * markets, metrics, agents and events and rejects unknown ones; otherwise
 * every id is a `string`.
 *
 * @example
 * const result = await simulate(scenarios.baseline, { runs: 1000, seed: 1 });
 * result.stat('phones', 'share', 'apple'); // 'nokia' would not compile
 */
export class RunGroupView<I extends StudyIds = StudyIds> {
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
  get markets(): readonly (MarketLayout & KnownMarket<I>)[] {
    return this.group.summary.markets as readonly (MarketLayout & KnownMarket<I>)[];
  }

  /**
   * Mean, sd, standard error and quantiles of a metric of an agent at a step (default: the horizon).
   *
   * @example
   * result.stat('phones', 'share', 'apple').quantiles; // => [P5, P25, P50, P75, P95]
   */
  stat(market: I['markets'], metric: I['metrics'], agent: I['agents'], step = this.horizon): CellStat {
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
  quantileErrors(
    market: I['markets'], metric: I['metrics'], agent: I['agents'], step = this.horizon, quantiles: readonly number[] = this.quantiles,
  ): QuantileUncertainty[] {
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
  eventWithErrors(...query: EventQuery<I>): EventStat & { meanCountSE: number; meanFirstStepSE: number } {
    const stat = this.event(...query);
    return { ...stat, ...eventStatErrors(stat) };
  }

  /**
   * P(agent has rank `rank` by share in `market` at `step`), 1 = the leader.
   *
   * @example
   * result.rankProbability('phones', 'apple', 1).probability; // => 0.21
   */
  rankProbability(market: I['markets'], agent: I['agents'], rank = 1, step = this.horizon): Estimate {
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
  event(...query: EventQuery<I>): EventStat {
    const [kind, event, agent, policy] = query as EventQuery<StudyIds>;
    const found = resolveEventQuery(this.group.plan, this.group.events, kind, event, agent, policy);
    if (found.pair === undefined) return this.group.events.stat(found.keys[0]);
    return combineEventStats(found.keys.map((k) => this.group.events.stat(k)), kind, found.pair, this.runs, this.horizon + 1);
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
    return summaryRows(this.group, this.quantiles);
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
    return summaryCSV(this.rows(), this.quantiles);
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
