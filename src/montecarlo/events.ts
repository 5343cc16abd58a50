/**
 * Statistics of what happened in runs, from their event logs: for each kind
 * of happening (an approval of a given deal, an outage of a given provider,
 * a policy action of a given agent, …) the number of runs where it happened,
 * the distribution of the step it first happened and of how often it
 * happened. Integer counts only, so merging is exact.
 */
import { RivalsimError } from '../errors.js';
import type { Plan, PlanEvent } from '../model/compile.js';
import { EVENT_KINDS, type EventLogEntry } from '../model/result.js';

/**
 * Key of a happening: its kind and the event id, or the agent (and policy
 * for policy actions).
 *
 * @example
 * eventKey({ step: 5, date: '2025-06', kind: 'approved', event: 'apple+alibaba', agent: 'apple' }); // => 'approved|apple+alibaba'
 * eventKey({ step: 7, date: '2025-08', kind: 'outage', agent: 'deepseek' }); // => 'outage||deepseek'
 */
export function eventKey(e: EventLogEntry): string {
  if (e.kind === 'policy') return `policy||${e.agent ?? ''}|${(e.detail ?? '').split(':')[0]}`;
  return BY_EVENT.has(e.kind) ? `${e.kind}|${e.event ?? ''}` : `${e.kind}||${e.agent ?? ''}`;
}

/** Kinds keyed by their event id (see {@link eventKey}); the others by their agent. */
const BY_EVENT: ReadonlySet<string> = new Set(['announced', 'approved', 'rejected', 'live', 'launch', 'shock', 'entry', 'exit', 'subsidy']);

/**
 * The parties of a deal seen in the runs — a declared partnership or one a
 * policy made (id `maker+provider@month`) — from the log's structured
 * fields: `agent` (the device maker) and `partner` (the provider).
 *
 * @example
 * // { event: 'apple+alibaba@7', deviceMaker: 'apple', provider: 'alibaba' }
 */
export interface DealParties {
  event: string;
  deviceMaker: string;
  provider: string;
}

/** Plain-data state of {@link EventStats} (what a worker or a shard file carries). */
export interface EventStatsState {
  n: number;
  steps: number;
  keys: string[];
  first: Float64Array[];
  counts: Float64Array[];
  /** `[event, deviceMaker, provider]` of each deal seen, by event id (absent in shard files written before deals carried their parties). */
  parties?: Array<[string, string, string]>;
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

/** One key's counters, and its scratch for the run being added. */
interface Slot {
  first: Float64Array;
  counts: Float64Array;
  /** The add that last saw the key, its first step and count there. */
  stamp: number;
  step: number;
  count: number;
}

/** A policy's slot for one agent: the policy name (the detail up to its first `:`) and the slot. */
interface PolicySlot {
  policy: string;
  slot: Slot;
}

/**
 * Accumulates event statistics.
 *
 * @example
 * const e = new EventStats(37);
 * e.add(run.events);
 * e.stat('approved|apple+alibaba').probability; // => 1 or 0
 */
export class EventStats {
  n = 0;
  private readonly first = new Map<string, Float64Array>();
  private readonly counts = new Map<string, Float64Array>();
  /** Slots by kind, then by event id (or agent, for kinds keyed by agent). */
  private readonly byKind = new Map<string, Map<string, Slot>>();
  /** Policy slots by agent. */
  private readonly byAgentPolicy = new Map<string, PolicySlot[]>();
  /** Slots by key. */
  private readonly slots = new Map<string, Slot>();
  /** Slots seen in the run being added. */
  private readonly seen: Slot[] = [];
  /** The parties of each deal seen, by event id. */
  private readonly parties = new Map<string, [string, string]>();
  private stamp = 0;

  constructor(readonly steps: number) {}

  /** Adds one run's log. */
  add(log: readonly EventLogEntry[]): void {
    this.n++;
    const stamp = ++this.stamp, seen = this.seen;
    seen.length = 0;
    for (let i = 0; i < log.length; i++) {
      const e = log[i];
      const slot = this.slotOf(e);
      if (slot.stamp !== stamp) { slot.stamp = stamp; slot.step = e.step; slot.count = 1; seen.push(slot); }
      else slot.count++;
    }
    const last = this.steps - 1;
    for (let i = 0; i < seen.length; i++) {
      const x = seen[i];
      x.first[x.step < last ? x.step : last]++;
      x.counts[x.count < this.steps ? x.count : this.steps]++;
    }
  }

  /** The slot of an entry's key (see {@link eventKey}), found without building the key once it is known. */
  private slotOf(e: EventLogEntry): Slot {
    const kind = e.kind;
    if (kind === 'policy') {
      // The key holds the policy name: the detail up to its first ':' (all of it without one).
      const agent = e.agent ?? '', detail = e.detail ?? '';
      let list = this.byAgentPolicy.get(agent);
      if (!list) this.byAgentPolicy.set(agent, (list = []));
      for (let i = 0; i < list.length; i++) {
        const p = list[i].policy, n = p.length;
        // p holds no ':', so this is "detail's first ':' is at n (or detail is p)".
        if ((detail.length === n || detail.charCodeAt(n) === 58) && detail.startsWith(p)) return list[i].slot;
      }
      const colon = detail.indexOf(':');
      const slot = this.newSlot(eventKey(e));
      list.push({ policy: colon < 0 ? detail : detail.slice(0, colon), slot });
      return slot;
    }
    const id = BY_EVENT.has(kind) ? e.event ?? '' : e.agent ?? '';
    let map = this.byKind.get(kind);
    if (!map) this.byKind.set(kind, (map = new Map()));
    let slot = map.get(id);
    if (!slot) {
      map.set(id, (slot = this.newSlot(eventKey(e))));
      if (e.partner !== undefined && e.agent !== undefined && !this.parties.has(id)) this.parties.set(id, [e.agent, e.partner]);
    }
    return slot;
  }

  /** The slot of `key` (one per key, however the entries leading to it are spelled), on its arrays (created, or merged in before). */
  private newSlot(key: string): Slot {
    const known = this.slots.get(key);
    if (known) return known;
    let f = this.first.get(key), c = this.counts.get(key);
    if (!f || !c) {
      f = new Float64Array(this.steps);
      c = new Float64Array(this.steps + 1);
      this.first.set(key, f);
      this.counts.set(key, c);
    }
    const slot = { first: f, counts: c, stamp: 0, step: 0, count: 0 };
    this.slots.set(key, slot);
    return slot;
  }

  /** Adds another accumulator's counts. */
  merge(other: EventStats): void {
    this.n += other.n;
    for (const [id, p] of other.parties) if (!this.parties.has(id)) this.parties.set(id, p);
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
  toState(): EventStatsState {
    const keys = [...this.first.keys()].sort();
    const parties = [...this.parties].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([id, [maker, provider]]): [string, string, string] => [id, maker, provider]);
    return { n: this.n, steps: this.steps, keys, first: keys.map((k) => this.first.get(k)!), counts: keys.map((k) => this.counts.get(k)!), parties };
  }

  /** Restores {@link EventStats.toState}'s data. */
  static fromState(state: EventStatsState): EventStats {
    const e = new EventStats(state.steps);
    e.n = state.n;
    for (const [id, maker, provider] of state.parties ?? []) e.parties.set(id, [maker, provider]);
    state.keys.forEach((k, i) => { e.first.set(k, Float64Array.from(state.first[i])); e.counts.set(k, Float64Array.from(state.counts[i])); });
    return e;
  }

  /**
   * The parties of every deal seen in the runs, by event id.
   *
   * @example
   * stats.deals(); // => [{ event: 'apple+alibaba', deviceMaker: 'apple', provider: 'alibaba' }, …]
   */
  deals(): DealParties[] {
    return [...this.parties].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([event, [deviceMaker, provider]]) => ({ event, deviceMaker, provider }));
  }

  /**
   * The ids (kinds keyed by event) or agents (the others; `agent|policy`
   * for policy actions) seen in the runs for `kind`.
   *
   * @example
   * stats.seenIds('live'); // => ['apple+alibaba', 'apple+bytedance@7', …]
   */
  seenIds(kind: string): string[] {
    const out: string[] = [];
    for (const k of this.first.keys()) {
      const [kk, event, agent, policy] = k.split('|');
      if (kk !== kind) continue;
      out.push(kind === 'policy' ? `${agent}|${policy}` : BY_EVENT.has(kind) ? event : agent);
    }
    return out.sort();
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


/** The plan event type whose ids each kind keyed by event id carries. */
const TYPE_OF: Readonly<Record<string, PlanEvent['type']>> = {
  announced: 'partnership', approved: 'partnership', rejected: 'partnership', live: 'partnership',
  launch: 'aiLaunch', shock: 'shock', entry: 'entry', exit: 'exit', subsidy: 'subsidy',
};

/** Kinds of a deal's life. */
const DEAL_KINDS: ReadonlySet<string> = new Set(['announced', 'approved', 'rejected', 'live']);

/** Up to 12 items of a list, for an error message. */
function some(items: readonly string[]): string {
  return items.length ? items.slice(0, 12).join(', ') + (items.length > 12 ? `, … (${items.length - 12} more)` : '') : '(none)';
}

/**
 * What {@link resolveEventQuery} found: the statistic keys to read (one,
 * or for a pair of parties every policy-made deal between them).
 */
export interface EventQuery {
  keys: string[];
  /** Set when the keys are a pair's policy-made deals (`maker+provider`). */
  pair?: string;
}

/**
 * Checks an event query against a plan and the runs' statistics and
 * returns the keys to read, or throws a {@link RivalsimError} naming what
 * is allowed: an unknown kind; a kind keyed by event id without an id or
 * with an id the scenario does not declare for that kind (a policy-made
 * deal's `maker+provider@month` and an AI investment's `invest:agent@month`
 * are accepted for known agents and months); an outage or policy action
 * without a known agent (and, for policies, one of the agent's policies).
 * A deal given as `maker+provider` that the scenario does not declare
 * stands for the deals policies made between those two: every
 * `maker+provider@month` seen.
 *
 * @example
 * resolveEventQuery(plan, stats, 'live', 'apple+bytedance'); // => { keys: ['live|apple+bytedance@6', …], pair: 'apple+bytedance' }
 * resolveEventQuery(plan, stats, 'approvd', 'apple+alibaba'); // throws RivalsimError: Unknown event kind
 */
export function resolveEventQuery(plan: Plan, stats: EventStats, kind: string, event?: string, agent?: string, policy?: string): EventQuery {
  if (!(EVENT_KINDS as readonly string[]).includes(kind)) throw new RivalsimError('Unknown event kind', 'kind', kind, `one of ${EVENT_KINDS.join(', ')}`);
  const agents = plan.agents.map((a) => a.id);
  const knownAgent = (id: string | undefined) => id !== undefined && plan.agentIndex.has(id);
  if (BY_EVENT.has(kind)) {
    const type = TYPE_OF[kind];
    const declared = plan.events.filter((e) => e.type === type).map((e) => e.id);
    if (event === undefined) {
      throw new RivalsimError(`An event id is needed for "${kind}"`, 'event', event, `one of ${some(declared)}`,
        agent !== undefined ? `"${kind}" is counted by event id, not by agent: result.event('${kind}', id)` : undefined);
    }
    const seen = stats.seenIds(kind);
    if (declared.includes(event) || seen.includes(event)) return { keys: [`${kind}|${event}`] };
    const month = (m: string) => /^\d+$/.test(m) && Number(m) <= plan.horizon;
    if (DEAL_KINDS.has(kind)) {
      const made = /^(.+)\+(.+)@(\d+)$/.exec(event);
      if (made && knownAgent(made[1]) && knownAgent(made[2]) && month(made[3])) return { keys: [`${kind}|${event}`] };
      const pair = /^(.+)\+(.+)$/.exec(event);
      if (pair && knownAgent(pair[1]) && knownAgent(pair[2])) {
        const declaredDeals = new Set(plan.events.filter((e) => e.type === 'partnership').map((e) => e.id));
        const ids = stats.deals().filter((d) => d.deviceMaker === pair[1] && d.provider === pair[2] && !declaredDeals.has(d.event)).map((d) => d.event);
        return { keys: ids.map((id) => `${kind}|${id}`), pair: event };
      }
    }
    if (kind === 'launch') {
      const invest = /^invest:(.+)@(\d+)$/.exec(event);
      if (invest && knownAgent(invest[1]) && month(invest[2])) return { keys: [`${kind}|${event}`] };
    }
    const what = DEAL_KINDS.has(kind) ? 'partnership' : type === 'aiLaunch' ? 'AI launch' : `${type} event`;
    throw new RivalsimError(`Unknown ${what} in scenario "${plan.id}"`, 'event', event,
      `one of ${some([...new Set([...declared, ...seen])])}${DEAL_KINDS.has(kind) ? ', a deal a policy made (maker+provider@month) or maker+provider for all of those' : kind === 'launch' ? ' or invest:agent@month' : ''}`);
  }
  if (!knownAgent(agent)) {
    throw new RivalsimError(agent === undefined ? `An agent is needed for "${kind}"` : 'Unknown agent', 'agent', agent, `one of ${some(agents)}`,
      event !== undefined ? `"${kind}" is counted by agent: result.event('${kind}', undefined, agent${kind === 'policy' ? ', policy' : ''})` : undefined);
  }
  if (kind === 'outage') return { keys: [`outage||${agent}`] };
  const names = [...new Set([
    ...plan.agents[plan.agentIndex.get(agent!)!].policies.map((p) => p.name),
    ...stats.seenIds('policy').filter((k) => k.startsWith(`${agent}|`)).map((k) => k.slice(agent!.length + 1)),
  ])];
  if (policy === undefined || !names.includes(policy)) {
    throw new RivalsimError(policy === undefined ? `A policy name is needed for "policy"` : `Unknown policy of "${agent}"`, 'policy', policy, `one of ${some(names)}`);
  }
  return { keys: [`policy||${agent}|${policy}`] };
}

/**
 * Statistics of several keys taken as one happening (a pair's policy-made
 * deals): occurrences and first steps summed. The mean count is exact; the
 * probability and first-step shares are exact when no run has two of them
 * (seekPartner never proposes to a provider twice in a run), an upper
 * bound otherwise (capped at 1).
 *
 * @example
 * combineEventStats([a, b], 'live', 'apple+bytedance').meanCount; // => a.meanCount + b.meanCount
 */
export function combineEventStats(stats: readonly EventStat[], kind: string, event: string, runs: number, steps: number): EventStat {
  const firstStep = new Array<number>(steps).fill(0);
  const countDistribution = new Array<number>(steps + 1).fill(0);
  let p = 0, meanCount = 0, firstSum = 0;
  for (const s of stats) {
    p += s.probability; meanCount += s.meanCount;
    s.firstStep.forEach((v, t) => { firstStep[t] += v; firstSum += v * t; });
    for (let k = 1; k < s.countDistribution.length; k++) countDistribution[k] += s.countDistribution[k];
  }
  if (!(runs > 0)) return { kind, event, runs, probability: NaN, se: NaN, firstStep: firstStep.map(() => NaN), meanFirstStep: NaN, meanCount: NaN, countDistribution: countDistribution.map(() => NaN) };
  const probability = Math.min(1, p);
  countDistribution[0] = 1 - probability;
  return {
    kind, event, runs, probability, se: Math.sqrt((probability * (1 - probability)) / runs),
    firstStep, meanFirstStep: p > 0 ? firstSum / p : NaN, meanCount, countDistribution,
  };
}
