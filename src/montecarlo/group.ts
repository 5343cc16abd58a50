/**
 * The accumulators of a group of runs (all runs of a study, or those
 * meeting a condition): the summary of every series, rank counts, event
 * statistics and predicate counts, with their plain-data state for workers
 * and shard files. Sums are exact, so merging is order-independent.
 */
import type { Plan } from '../model/compile.js';
import type { RunResult } from '../model/result.js';
import { EventStats, type EventStatsState } from './events.js';
import type { MarketLayout, SummaryState } from './layout.js';
import { Summary } from './summary.js';

/** Rank counts per market and rank step: `counts[agent * n + rank]`. */
export class RankCounts {
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
  events: EventStatsState;
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
