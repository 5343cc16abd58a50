/**
 * Statistics of what happened in runs, from their event logs: for each kind
 * of happening (an approval of a given deal, an outage of a given provider,
 * a policy action of a given agent, …) the number of runs where it happened,
 * the distribution of the step it first happened and of how often it
 * happened. Integer counts only, so merging is exact.
 */
import type { EventLogEntry } from '../model/result.js';

/**
 * Key of a happening: its kind and the event id, or the agent (and policy
 * for policy actions).
 *
 * @example
 * eventKey({ step: 5, date: '2025-06', kind: 'approved', event: 'apple+alibaba', agent: 'apple' }); // => 'approved|apple+alibaba'
 * eventKey({ step: 7, date: '2025-08', kind: 'outage', agent: 'deepseek' }); // => 'outage||deepseek'
 */
export function eventKey(e: EventLogEntry): string {
  switch (e.kind) {
    case 'announced': case 'approved': case 'rejected': case 'live': case 'launch': case 'shock': case 'entry': case 'exit':
      return `${e.kind}|${e.event ?? ''}`;
    case 'policy':
      return `policy||${e.agent ?? ''}|${(e.detail ?? '').split(':')[0]}`;
    default:
      return `${e.kind}||${e.agent ?? ''}`;
  }
}

/**
 * Summary of one kind of happening over the runs.
 *
 * @example
 * // { kind: 'approved', event: 'apple+alibaba', runs: 10000, probability: 0.66, se: 0.0047,
 * //   firstStep: [0, 0, …], meanCount: 0.66, meanFirstStep: 5.2 }
 */
export interface EventStat {
  kind: string;
  event?: string;
  agent?: string;
  policy?: string;
  /** Runs summarised. */
  runs: number;
  /** Share of runs where it happened at least once, and its standard error. */
  probability: number;
  se: number;
  /** `firstStep[t]`: share of runs where it first happened at step t. */
  firstStep: number[];
  /** Mean first step among the runs where it happened (NaN if never). */
  meanFirstStep: number;
  /** Mean number of occurrences per run (all runs). */
  meanCount: number;
  /** `countDistribution[k]`: share of runs where it happened k times (k ≤ horizon + 1; the last bin holds more). */
  countDistribution: number[];
}

/** Accumulates event statistics. */
export class EventStats {
  n = 0;
  private readonly first = new Map<string, Float64Array>();
  private readonly counts = new Map<string, Float64Array>();
  private readonly scratch = new Map<string, { first: number; count: number }>();

  constructor(readonly steps: number) {}

  /** Adds one run's log. */
  add(log: readonly EventLogEntry[]): void {
    this.n++;
    const s = this.scratch;
    s.clear();
    for (const e of log) {
      const k = eventKey(e);
      const x = s.get(k);
      if (x) x.count++; else s.set(k, { first: e.step, count: 1 });
    }
    for (const [k, x] of s) {
      let f = this.first.get(k), c = this.counts.get(k);
      if (!f || !c) {
        f = new Float64Array(this.steps);
        c = new Float64Array(this.steps + 1);
        this.first.set(k, f);
        this.counts.set(k, c);
      }
      f[Math.min(x.first, this.steps - 1)]++;
      c[Math.min(x.count, this.steps)]++;
    }
  }

  /** Adds another accumulator's counts. */
  merge(other: EventStats): void {
    this.n += other.n;
    for (const [k, f] of other.first) {
      const mine = this.first.get(k);
      const c = other.counts.get(k)!;
      if (!mine) { this.first.set(k, f.slice()); this.counts.set(k, c.slice()); continue; }
      const mc = this.counts.get(k)!;
      for (let i = 0; i < f.length; i++) mine[i] += f[i];
      for (let i = 0; i < c.length; i++) mc[i] += c[i];
    }
  }

  /** Plain-data state (for workers and shard files). */
  toState(): { n: number; steps: number; keys: string[]; first: Float64Array[]; counts: Float64Array[] } {
    const keys = [...this.first.keys()].sort();
    return { n: this.n, steps: this.steps, keys, first: keys.map((k) => this.first.get(k)!), counts: keys.map((k) => this.counts.get(k)!) };
  }

  /** Restores {@link EventStats.toState}'s data. */
  static fromState(state: ReturnType<EventStats['toState']>): EventStats {
    const e = new EventStats(state.steps);
    e.n = state.n;
    state.keys.forEach((k, i) => { e.first.set(k, Float64Array.from(state.first[i])); e.counts.set(k, Float64Array.from(state.counts[i])); });
    return e;
  }

  /** All statistics, sorted by key. */
  all(): EventStat[] {
    return [...this.first.keys()].sort().map((k) => this.stat(k));
  }

  /** Statistics of one key (zero probability when it never happened). */
  stat(key: string): EventStat {
    const [kind, event, agent, policy] = key.split('|');
    const n = this.n;
    const f = this.first.get(key) ?? new Float64Array(this.steps);
    const c = this.counts.get(key) ?? new Float64Array(this.steps + 1);
    let happened = 0, firstSum = 0, countSum = 0;
    f.forEach((v, t) => { happened += v; firstSum += v * t; });
    c.forEach((v, k) => { countSum += v * k; });
    const p = n > 0 ? happened / n : NaN;
    const countDistribution = Array.from(c, (v) => (n > 0 ? v / n : NaN));
    countDistribution[0] = n > 0 ? (n - happened) / n : NaN;
    return {
      kind, event: event || undefined, agent: agent || undefined, policy: policy || undefined,
      runs: n, probability: p, se: n > 0 ? Math.sqrt((p * (1 - p)) / n) : NaN,
      firstStep: Array.from(f, (v) => (n > 0 ? v / n : NaN)),
      meanFirstStep: happened > 0 ? firstSum / happened : NaN,
      meanCount: n > 0 ? countSum / n : NaN,
      countDistribution,
    };
  }
}
