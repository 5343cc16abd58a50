/**
 * The report model: what a study or a comparison reports, as plain rows —
 * each market's shares, the declared partnerships, the deals policies
 * made, the outages, and a comparison's differences and key events. Built
 * once here, rendered three ways: as the command line's text tables
 * (`text.ts`), as HTML (`html.ts`) and by the examples' summaries. Numbers
 * stay numbers; the renderers format them.
 */
import type { Plan } from '../model/compile.js';
import type { ComparisonResult, DifferenceStat } from '../montecarlo/compare.js';
import type { EventStat } from '../montecarlo/events.js';
import type { SimulationResult } from '../montecarlo/result.js';
import type { MarketLayout } from '../montecarlo/layout.js';
import { agentName } from './format.js';

/**
 * One agent's share in a market: at step 0, its centre (the median, else
 * the mean) and P5–P95 at the horizon, and P(rank 1) there (NaN where the
 * study kept no such statistic), with the Monte Carlo standard errors of
 * the centre (Maritz–Jarrett for a median, sd/√n for a mean) and of P(rank 1).
 *
 * @example
 * // { agent: 'apple', name: 'Apple', now: 0.155, centre: 0.171, centreSE: 0.0004, p5: 0.149, p95: 0.193, rank1: 0.21, rank1SE: 0.004 }
 */
export interface ShareRow {
  agent: string;
  name: string;
  now: number;
  centre: number;
  centreSE: number;
  p5: number;
  p95: number;
  rank1: number;
  rank1SE: number;
}

/**
 * The shares of one market: its layout, whether the centre is the median
 * (else the mean), whether a P5–P95 band and P(rank 1) are known, the rows.
 *
 * @example
 * shares.rows.map((r) => r.name); // => ['Huawei', 'Apple', …]
 */
export interface MarketShares {
  market: MarketLayout;
  /** Whether the market summarises `share` at all (no rows otherwise). */
  hasShare: boolean;
  centre: 'median' | 'mean';
  hasBand: boolean;
  ranked: boolean;
  rows: ShareRow[];
}

/** Index of quantile `q` in a result's quantiles, or −1. */
function quantileIndex(result: SimulationResult, q: number): number {
  return result.quantiles.findIndex((x) => Math.abs(x - q) < 1e-9);
}

/**
 * Each market's shares at the horizon (see {@link MarketShares}).
 *
 * @example
 * marketShares(result)[0].rows[0]; // => { agent: 'huawei', name: 'Huawei', now: 0.18, centre: 0.19, … }
 */
export function marketShares(result: SimulationResult): MarketShares[] {
  const T = result.horizon, plan = result.plan;
  const lo = quantileIndex(result, 0.05), hi = quantileIndex(result, 0.95), mid = quantileIndex(result, 0.5);
  const hasBand = lo >= 0 && hi >= 0, ranked = result.rankSteps.includes(T);
  return result.markets.map((market) => {
    const hasShare = market.metrics.includes('share');
    const rows = !hasShare ? [] : market.agents.map((agent): ShareRow => {
      const s = result.stat(market.id, 'share', agent, T);
      const rank1 = ranked ? result.rankProbability(market.id, agent, 1, T) : undefined;
      return {
        agent, name: agentName(plan, agent), now: result.stat(market.id, 'share', agent, 0).mean,
        centre: mid >= 0 ? s.quantiles[mid] : s.mean,
        centreSE: mid >= 0 ? result.quantileErrors(market.id, 'share', agent, T, [0.5])[0].se : s.se,
        p5: hasBand ? s.quantiles[lo] : NaN, p95: hasBand ? s.quantiles[hi] : NaN,
        rank1: rank1?.probability ?? NaN, rank1SE: rank1?.se ?? NaN,
      };
    });
    return { market, hasShare, centre: mid >= 0 ? 'median' : 'mean', hasBand, ranked, rows };
  });
}

/**
 * A declared partnership: its id, its parties, a label naming them
 * (`apple+alibaba (Apple + Alibaba)`), P(approved), P(rejected), P(live)
 * and the mean go-live step when live.
 *
 * @example
 * // { id: 'apple+alibaba', deviceMaker: 'apple', provider: 'alibaba', label: 'apple+alibaba (Apple + Alibaba)', approved: 0.66, … }
 */
export interface DeclaredDealRow {
  id: string;
  deviceMaker: string;
  provider: string;
  label: string;
  approved: number;
  rejected: number;
  live: number;
  meanLiveStep: number;
  /** Standard errors: binomial for the probabilities, of the mean for the go-live step. */
  se: { approved: number; rejected: number; live: number; meanLiveStep: number };
}

/** The ids of a plan's declared partnerships, in declaration order. */
function declaredIds(plan: Plan): string[] {
  return plan.events.filter((e) => e.type === 'partnership').map((e) => e.id);
}

/**
 * A declared deal's label, `id (Maker + Provider)`, or the id alone when the
 * plan does not declare it.
 *
 * @example
 * dealLabel(plan, 'apple+alibaba'); // => 'apple+alibaba (Apple + Alibaba)'
 */
export function dealLabel(plan: Plan, id: string): string {
  const e = plan.events.find((x) => x.id === id);
  return e && e.type === 'partnership' ? `${id} (${plan.agents[e.deviceMaker].name} + ${plan.agents[e.provider].name})` : id;
}

/**
 * The plan's declared partnerships with their probabilities over the runs.
 *
 * @example
 * declaredDeals(result).map((d) => [d.id, d.approved]); // => [['apple+alibaba', 0.66]]
 */
export function declaredDeals(result: SimulationResult, plan: Plan = result.plan): DeclaredDealRow[] {
  return plan.events.flatMap((e) => {
    if (e.type !== 'partnership') return [];
    const live = result.eventWithErrors('live', e.id), approved = result.event('approved', e.id), rejected = result.event('rejected', e.id);
    return [{
      id: e.id, deviceMaker: plan.agents[e.deviceMaker].id, provider: plan.agents[e.provider].id, label: dealLabel(plan, e.id),
      approved: approved.probability, rejected: rejected.probability, live: live.probability, meanLiveStep: live.meanFirstStep,
      se: { approved: approved.se, rejected: rejected.se, live: live.se, meanLiveStep: live.meanFirstStepSE },
    }];
  });
}

/**
 * The deals policies made between one device maker and one provider (each
 * deal has its own id): mean numbers announced, approved and live per run,
 * and the mean go-live step of those live.
 *
 * @example
 * // { deviceMaker: 'apple', provider: 'alibaba', label: 'Apple + Alibaba', announced: 0.665, approved: 0.53, live: 0.53, meanLiveStep: 18.7 }
 */
export interface PolicyDealRow {
  deviceMaker: string;
  provider: string;
  label: string;
  announced: number;
  approved: number;
  live: number;
  meanLiveStep: number;
}

/**
 * The deals policies made in the runs, one row per (device maker,
 * provider), ordered by `maker+provider`. Parties come from the event log's
 * structured fields (`result.deals()`), never from the ids.
 *
 * @example
 * policyDeals(result).map((d) => d.label); // => ['Apple + Alibaba', 'Apple + ByteDance']
 */
export function policyDeals(result: SimulationResult, plan: Plan = result.plan): PolicyDealRow[] {
  const declared = new Set(declaredIds(plan));
  const pairs = new Map<string, { deviceMaker: string; provider: string; events: Set<string> }>();
  for (const d of result.deals()) {
    if (declared.has(d.event)) continue;
    const key = `${d.deviceMaker}+${d.provider}`;
    const pair = pairs.get(key) ?? { deviceMaker: d.deviceMaker, provider: d.provider, events: new Set<string>() };
    pair.events.add(d.event);
    pairs.set(key, pair);
  }
  const stats = result.events();
  return [...pairs.keys()].sort().map((key) => {
    const { deviceMaker, provider, events } = pairs.get(key)!;
    let announced = 0, approved = 0, live = 0, stepSum = 0;
    for (const e of stats) {
      if (e.event === undefined || !events.has(e.event)) continue;
      if (e.kind === 'announced') announced += e.meanCount;
      if (e.kind === 'approved') approved += e.meanCount;
      if (e.kind === 'live') { live += e.meanCount; stepSum += e.meanCount * e.meanFirstStep; }
    }
    return {
      deviceMaker, provider, label: `${agentName(plan, deviceMaker)} + ${agentName(plan, provider)}`,
      announced, approved, live, meanLiveStep: live > 0 ? stepSum / live : NaN,
    };
  });
}

/**
 * The providers that had an outage in any of the results' runs, in the
 * plan's agent order.
 *
 * @example
 * outageAgents([result], plan); // => ['deepseek', 'alibaba']
 */
export function outageAgents(results: readonly SimulationResult[], plan: Plan): string[] {
  const seen = new Set<string>();
  for (const r of results) for (const e of r.events()) if (e.kind === 'outage' && e.agent) seen.add(e.agent);
  return [...seen].sort((a, b) => (plan.agentIndex.get(a) ?? 1e9) - (plan.agentIndex.get(b) ?? 1e9));
}

/**
 * A provider's outages: P(any), mean outage months per run, mean first one.
 *
 * @example
 * // { agent: 'deepseek', name: 'DeepSeek', probability: 0.4, meanCount: 1.2, meanFirstStep: 9.5 }
 */
export interface OutageRow {
  agent: string;
  name: string;
  probability: number;
  meanCount: number;
  meanFirstStep: number;
  /** Standard errors of the three. */
  se: { probability: number; meanCount: number; meanFirstStep: number };
}

/**
 * The outages of every provider that had one.
 *
 * @example
 * outages(result).map((o) => [o.name, o.probability]); // => [['DeepSeek', 0.4]]
 */
export function outages(result: SimulationResult, plan: Plan = result.plan): OutageRow[] {
  return outageAgents([result], plan).map((agent) => {
    const s = result.eventWithErrors('outage', undefined, agent);
    return {
      agent, name: agentName(plan, agent), probability: s.probability, meanCount: s.meanCount, meanFirstStep: s.meanFirstStep,
      se: { probability: s.se, meanCount: s.meanCountSE, meanFirstStep: s.meanFirstStepSE },
    };
  });
}

/**
 * A predicate the study counted: its name (the CLI names them by their
 * text) and its probability with the binomial standard error.
 *
 * @example
 * // { name: 'share(phones, apple, 2027-12) >= 0.18', probability: 0.076, se: 0.004 }
 */
export interface PredicateRow {
  name: string;
  probability: number;
  se: number;
}

/**
 * The study's predicates with their probabilities.
 *
 * @example
 * predicateRows(result); // => [{ name: 'appleFirst', probability: 0.41, se: 0.005 }]
 */
export function predicateRows(result: SimulationResult): PredicateRow[] {
  return result.predicateNames.map((name) => {
    const e = result.probability(name);
    return { name, probability: e.probability, se: e.se };
  });
}

/**
 * What else happened (launches, shocks, entries, exits, policy actions):
 * the event statistics other than deals and outages.
 *
 * @example
 * otherHappenings(result).map((e) => e.kind); // => ['launch', 'policy', …]
 */
export function otherHappenings(result: SimulationResult): EventStat[] {
  return result.events().filter((e) => !['announced', 'approved', 'rejected', 'live', 'outage'].includes(e.kind));
}

/**
 * One agent's share at the horizon in a comparison: the means under a and
 * b, and the statistics of b − a.
 *
 * @example
 * // { agent: 'apple', name: 'Apple', meanA: 0.15, meanB: 0.17, difference: { mean: 0.02, ciLow: …, pGreater: 0.97, … } }
 */
export interface DifferenceShareRow {
  agent: string;
  name: string;
  meanA: number;
  meanB: number;
  difference: DifferenceStat;
}

/**
 * A comparison's shares at the horizon, per market both scenarios share.
 *
 * @example
 * comparisonShares(c)[0].rows[0].difference.mean; // => 0.02
 */
export function comparisonShares(c: ComparisonResult): Array<{ market: MarketLayout; hasShare: boolean; rows: DifferenceShareRow[] }> {
  const T = c.a.horizon, plan = c.a.plan;
  return c.markets.map((market) => {
    const hasShare = market.metrics.includes('share');
    const rows = !hasShare ? [] : market.agents.map((agent) => ({
      agent, name: agentName(plan, agent), meanA: c.a.stat(market.id, 'share', agent, T).mean, meanB: c.b.stat(market.id, 'share', agent, T).mean,
      difference: c.difference(market.id, 'share', agent, T),
    }));
    return { market, hasShare, rows };
  });
}

/**
 * A key event in a comparison: a declared deal approved or live (`id` the
 * deal's, `label` naming its parties), or a provider's outage (`id` the
 * agent's, `label` its name), with its probability under a and under b.
 *
 * @example
 * // { kind: 'approved', id: 'apple+alibaba', label: 'apple+alibaba (Apple + Alibaba)', a: 0, b: 0.66 }
 */
export interface KeyEventRow {
  kind: 'approved' | 'live' | 'outage';
  id: string;
  label: string;
  a: number;
  b: number;
}

/**
 * P(deal `id` reached `kind`) in a result: the declared deal's, else (an id
 * `maker+provider` of two of its agents) that of the deals its policies made
 * between them, else 0 — the result's scenario has no such deal.
 */
function dealProbability(result: SimulationResult, kind: 'approved' | 'live', id: string): number {
  const plan = result.plan;
  const pair = /^(.+)\+(.+)$/.exec(id);
  const known = declaredIds(plan).includes(id) || (pair !== null && plan.agentIndex.has(pair[1]) && plan.agentIndex.has(pair[2]));
  return known ? result.event(kind, id).probability : 0;
}

/**
 * The key events of a comparison: the deals either scenario declares
 * (approved, then live; in a scenario that does not declare a deal
 * `maker+provider`, the deals its policies made between the two), then the
 * outages of providers that had one in either.
 *
 * @example
 * keyEvents(c).map((e) => `${e.id} ${e.kind}`); // => ['apple+alibaba approved', 'apple+alibaba live', 'deepseek outage']
 */
export function keyEvents(c: ComparisonResult): KeyEventRow[] {
  const planA = c.a.plan, planB = c.b.plan;
  const rows: KeyEventRow[] = [];
  for (const id of [...new Set([...declaredIds(planA), ...declaredIds(planB)])]) {
    const label = dealLabel(declaredIds(planB).includes(id) ? planB : planA, id);
    for (const kind of ['approved', 'live'] as const) rows.push({ kind, id, label, a: dealProbability(c.a, kind, id), b: dealProbability(c.b, kind, id) });
  }
  for (const agent of outageAgents([c.a, c.b], planA)) {
    rows.push({ kind: 'outage', id: agent, label: agentName(planA, agent), a: c.a.event('outage', undefined, agent).probability, b: c.b.event('outage', undefined, agent).probability });
  }
  return rows;
}

/**
 * The deals policies made under a and under b, one row per (device maker,
 * provider) seen in either: mean numbers approved per run.
 *
 * @example
 * comparisonPolicyDeals(c).map((d) => [d.label, d.approvedA, d.approvedB]); // => [['Apple + Alibaba', 0, 0.53]]
 */
export function comparisonPolicyDeals(c: ComparisonResult): Array<{ deviceMaker: string; provider: string; label: string; approvedA: number; approvedB: number }> {
  const a = policyDeals(c.a), b = policyDeals(c.b);
  const key = (d: PolicyDealRow) => `${d.deviceMaker}+${d.provider}`;
  const keys = [...new Set([...a.map(key), ...b.map(key)])].sort();
  return keys.map((k) => {
    const da = a.find((d) => key(d) === k), db = b.find((d) => key(d) === k);
    const d = (da ?? db)!;
    return {
      deviceMaker: d.deviceMaker, provider: d.provider, label: `${agentName(c.a.plan, d.deviceMaker)} + ${agentName(c.a.plan, d.provider)}`,
      approvedA: da?.approved ?? 0, approvedB: db?.approved ?? 0,
    };
  });
}
