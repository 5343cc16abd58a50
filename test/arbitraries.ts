/**
 * fast-check arbitraries for random, *valid* landscapes and scenarios.
 *
 * Everything generated passes `compileScenario` and can be run: shares sum to
 * exactly 1, every distribution's support lies inside the allowed range,
 * installed bases cover at least two months of sales, assistant potentials
 * are at least the starting users, and no market ever loses all its
 * participants. The builder draws through `fc.gen()`, so counterexamples
 * shrink (fewer markets, participants and events, features switched off,
 * smaller numbers).
 *
 * It still steers clear of the triggers of bugs it once found, since fixed
 * in src and pinned by the regression tests at the end of
 * invariants.test.ts: repurchase rates are derived from loyalties ≤ 0.95
 * (never 1), an assistant market without reconsideration always has Bass
 * growth, and seekPartner only goes to agents in a device market (unless
 * `seekPartnerOutsideDeviceMarkets`).
 */
import fc from 'fast-check';
import type {
  AgentSpec, AssistantMarketSpec, DeviceMarketSpec, Distribution, EventSpec, LandscapeSpec, MarketSpec,
  MonthSpec, Numeric, ParticipantSpec, PolicySpec, RampSpec, Role, ScenarioSpec,
} from '../src/index.js';
import { dateAt } from '../src/index.js';

/** Attribute names agents may declare (`aiCapability` is also computed; `reach` is reserved). */
export const ATTRIBUTES = ['brand', 'hardware', 'price', 'ecosystem', 'privacyTrust', 'regulatoryFit', 'aiCapability'] as const;

/** Options of {@link scenarioArb}. */
export interface ScenarioArbOptions {
  /** Fewest assistant markets (0–2). Default 0. */
  minAssistantMarkets?: number;
  /** Most events. Default 8. */
  maxEvents?: number;
  /** Allow `switches` (noise / policies off). Default true. */
  switches?: boolean;
  /**
   * Attach `seekPartner` also to agents that take part in no device market.
   * Default false: src once threw mid-run then (a fixed bug, pinned at the end of invariants.test.ts).
   */
  seekPartnerOutsideDeviceMarkets?: boolean;
}

/** Thin helpers over a fast-check generator; everything shrinks toward "less". */
class Draw {
  constructor(private readonly g: fc.GeneratorValue) {}

  int(min: number, max: number): number {
    return this.g(fc.integer, { min, max });
  }

  /** A double in [min, max] (biased toward the bounds and small values, as fast-check does). */
  num(min: number, max: number): number {
    if (min === max) return min;
    const x = this.g(fc.double, { min, max, noNaN: true, noDefaultInfinity: true });
    return Object.is(x, -0) ? 0 : x;
  }

  /** True with probability about `p`; shrinks to false. */
  chance(p: number): boolean {
    return this.int(0, 99) >= 100 - Math.round(p * 100);
  }

  pick<T>(xs: readonly T[]): T {
    return xs[this.int(0, xs.length - 1)];
  }

  /** `k` distinct elements of `xs`, in a random order. */
  sample<T>(xs: readonly T[], k: number): T[] {
    const pool = xs.slice();
    const out: T[] = [];
    for (let i = 0; i < k && pool.length > 0; i++) out.push(pool.splice(this.int(0, pool.length - 1), 1)[0]);
    return out;
  }

  /**
   * A numeric input whose whole support lies in [lo, hi]: a plain number
   * or (when `dist`) one of the distributions, uniform / truncated normal /
   * triangular / PERT / beta / discrete / fixed.
   */
  numeric(lo: number, hi: number, dist = true): Numeric {
    if (!dist || lo === hi || !this.chance(0.4)) return this.num(lo, hi);
    const span = hi - lo;
    const a = this.num(lo, hi), b = this.num(lo, hi);
    const [x, y] = a <= b ? [a, b] : [b, a];
    const kind = this.pick(['uniform', 'normal', 'triangular', 'pert', 'beta', 'discrete', 'fixed'] as const);
    let d: Distribution;
    switch (kind) {
      case 'uniform': d = { dist: 'uniform', min: x, max: y }; break;
      case 'normal':
        // Truncated to [lo, hi]; the mean inside and sd ≥ 1% of the span keep enough mass for rejection sampling.
        d = { dist: 'normal', mean: a, sd: this.num(0.01 * span, span), min: lo, max: hi };
        break;
      case 'triangular': case 'pert': {
        if (!(y > x)) { d = { dist: 'uniform', min: x, max: y }; break; }
        const mode = this.num(x, y);
        d = kind === 'triangular' ? { dist: 'triangular', min: x, mode, max: y } : { dist: 'pert', min: x, mode, max: y, lambda: this.chance(0.3) ? this.num(0.5, 8) : undefined };
        if (kind === 'pert' && (d as { lambda?: number }).lambda === undefined) delete (d as { lambda?: number }).lambda;
        break;
      }
      case 'beta': d = { dist: 'beta', alpha: this.num(0.3, 8), beta: this.num(0.3, 8), min: lo, max: hi }; break;
      case 'discrete': {
        const values = Array.from({ length: this.int(1, 4) }, () => this.num(lo, hi));
        d = this.chance(0.5)
          ? { dist: 'discrete', values, weights: values.map((_, i) => (i === 0 ? this.num(0.1, 3) : this.num(0, 3))) }
          : { dist: 'discrete', values };
        break;
      }
      case 'fixed': d = { dist: 'fixed', value: a }; break;
    }
    return d;
  }
}

interface AgentDraft {
  id: string;
  roles: Set<Role>;
}

/** Positive shares (integers 1–100, normalised) summing to exactly 1: the rounding remainder goes to the last one. */
function shares(d: Draw, k: number): number[] {
  const w = Array.from({ length: k }, () => d.int(1, 100));
  const total = w.reduce((s, x) => s + x, 0);
  const out = w.map((x) => x / total);
  let rest = 1;
  for (let i = 0; i < k - 1; i++) rest -= out[i];
  out[k - 1] = rest;
  return out;
}

function month(d: Draw, start: string, max: number): MonthSpec {
  switch (d.int(0, 3)) {
    case 0: return d.int(0, max);
    case 1: return d.num(0, max); // fractional month
    case 2: return dateAt(start, d.int(0, max));
    default: return d.numeric(0, max);
  }
}

function ramp(d: Draw): RampSpec | undefined {
  switch (d.int(0, 3)) {
    case 0: return undefined;
    case 1: return { kind: 'immediate' };
    case 2: return { kind: 'linear', months: d.numeric(0, 12) };
    default: return { kind: 'bass', p: d.numeric(0.01, 0.6), q: d.numeric(0, 1) };
  }
}

function policy(d: Draw, maySeek: boolean): PolicySpec {
  const kind = d.pick(maySeek ? ['defendShare', 'seekPartner', 'accelerateAI'] as const : ['defendShare', 'accelerateAI'] as const);
  if (!d.chance(0.3)) return { kind };
  switch (kind) {
    case 'defendShare': return { kind, dropThreshold: d.num(0, 0.05), utility: d.num(0, 0.5), cooldownMonths: d.int(0, 6) };
    case 'seekPartner': return { kind, byMonth: d.int(0, 12), minRegulatoryFit: d.num(0, 1) };
    case 'accelerateAI': return { kind, gap: d.num(0, 0.3), gain: d.num(0, 0.3), months: d.int(0, 8), cooldownMonths: d.int(0, 6) };
  }
}

/** Builds one scenario from a fast-check generator. */
function buildScenario(g: fc.GeneratorValue, options: ScenarioArbOptions): ScenarioSpec {
  const d = new Draw(g);
  const horizon = d.int(1, 48);
  const start = dateAt('2020-01', d.int(0, 120));

  // Agents: ids and roles first; markets add the roles their participants need.
  const nAgents = d.int(2, 10);
  const drafts: AgentDraft[] = Array.from({ length: nAgents }, (_, i) => ({
    id: `a${i}`,
    roles: new Set(d.pick([['deviceMaker'], ['aiProvider'], ['deviceMaker', 'aiProvider']] as Role[][])),
  }));
  const ids = drafts.map((a) => a.id);
  const nDevice = d.int(1, 3);
  const nAssistant = d.int(options.minAssistantMarkets ?? 0, 2);

  // Which agents take part where (positive shares), and who waits at 0 for an entry.
  interface MarketDraft { kind: 'devices' | 'assistants'; id: string; members: string[]; zero: string[] }
  const marketDrafts: MarketDraft[] = [];
  for (let i = 0; i < nDevice + nAssistant; i++) {
    const kind = i < nDevice ? 'devices' : 'assistants';
    const k = d.int(2, Math.min(8, nAgents));
    const members = d.sample(ids, k);
    const others = ids.filter((id) => !members.includes(id));
    const zero = others.length > 0 && d.chance(0.25) ? d.sample(others, 1) : [];
    const role: Role = kind === 'devices' ? 'deviceMaker' : 'aiProvider';
    for (const id of [...members, ...zero]) drafts[ids.indexOf(id)].roles.add(role);
    marketDrafts.push({ kind, id: kind === 'devices' ? `d${i}` : `s${i - nDevice}`, members, zero });
  }
  const providers = drafts.filter((a) => a.roles.has('aiProvider')).map((a) => a.id);

  // Agents in full.
  const agents: AgentSpec[] = drafts.map((a) => {
    const attributes: Record<string, Numeric> = {};
    for (const name of ATTRIBUTES) {
      if (!d.chance(0.6)) continue;
      // AI capability and the 0–1 scores stay in [0, 1]; the others may be negative (e.g. a price penalty).
      attributes[name] = name === 'aiCapability' || name === 'privacyTrust' || name === 'regulatoryFit' ? d.numeric(0, 1) : d.numeric(-1, 1);
    }
    const agent: AgentSpec = { id: a.id, name: `Agent ${a.id}`, roles: [...a.roles].sort() as Role[], attributes };
    if (d.chance(0.3)) agent.strategic = true;
    if (a.roles.has('aiProvider') && d.chance(0.5)) {
      agent.capacity = { concurrentUsers: d.numeric(0.05, 50) };
      if (d.chance(0.5)) agent.capacity.growthPerMonth = d.numeric(-0.05, 0.1);
    }
    if (a.roles.has('deviceMaker') && d.chance(0.4)) {
      agent.productCycle = { launchMonth: d.int(1, 12), lift: d.numeric(-0.3, 1), halfLifeMonths: d.numeric(0.5, 6) };
    }
    if (a.roles.has('deviceMaker') && providers.length > 0 && d.chance(0.3)) agent.defaultAssistant = d.pick(providers);
    const maySeek = (options.seekPartnerOutsideDeviceMarkets ?? false) || marketDrafts.some((m) => m.kind === 'devices' && (m.members.includes(a.id) || m.zero.includes(a.id)));
    if (d.chance(0.35)) agent.policy = d.chance(0.5) ? policy(d, maySeek) : Array.from({ length: d.int(1, 3) }, () => policy(d, maySeek));
    return agent;
  });

  const declared = new Set<string>();
  for (const a of agents) for (const k of Object.keys(a.attributes ?? {})) declared.add(k);
  const weightable = ['aiCapability', ...[...declared].filter((k) => k !== 'aiCapability')];

  // Markets.
  const markets: MarketSpec[] = marketDrafts.map((md) => {
    const weights: Record<string, number> = {};
    for (const k of d.sample(weightable, d.int(0, weightable.length))) weights[k] = d.num(-2, 3);
    if (md.kind === 'assistants' && d.chance(0.6)) weights.reach = d.num(0, 3);
    const s = shares(d, md.members.length);
    const unitsMax = 500;
    // Loyalties: explicit (possibly uncertain), solved from a repurchase rate, or the market default.
    // A repurchase rate is only feasible above the brand's own choice probability among switchers,
    // so markets with repurchase rates get plain-number loyalties and rates derived from target
    // loyalties at the stationary start: R = l + (1 − l)² s / Σ s_i (1 − l_i).
    const withRepurchase = d.chance(0.4);
    const defaultLoyalty: Numeric | undefined = d.chance(0.4) ? d.numeric(0, 0.95, !withRepurchase) : undefined;
    const kinds = md.members.map(() => d.int(0, withRepurchase ? 2 : 1)); // 0 default, 1 loyalty, 2 repurchase rate
    const loyalties = kinds.map((k) => (k === 0 ? (defaultLoyalty ?? 0.3) : k === 1 ? d.numeric(0, 0.95, !withRepurchase) : d.num(0.02, 0.95)));
    let switching = 0;
    if (withRepurchase) md.members.forEach((_, j) => { switching += s[j] * (1 - (loyalties[j] as number)); });
    const participants: ParticipantSpec[] = md.members.map((agent, j) => {
      const p: ParticipantSpec = { agent, initialShare: s[j] };
      if (kinds[j] === 1) p.loyalty = loyalties[j];
      else if (kinds[j] === 2) {
        const l = loyalties[j] as number;
        p.repurchaseRate = l + ((1 - l) * (1 - l) * s[j]) / switching;
      }
      if (md.kind === 'devices') {
        const cyc = d.int(0, 2);
        if (cyc === 1) p.replacementCycleMonths = d.numeric(2, 60);
        // At least 2.5 months of its sales at the largest possible unitsPerYear, so the solved cycle is ≥ 2.
        else if (cyc === 2) p.installedBase = (s[j] * unitsMax / 12) * d.num(2.5, 60);
      }
      return p;
    });
    for (const agent of md.zero) {
      const p: ParticipantSpec = { agent, initialShare: 0 };
      if (d.chance(0.3)) p.loyalty = d.numeric(0, 0.95, !withRepurchase);
      participants.push(p);
    }
    const common = {
      id: md.id, name: `Market ${md.id}`, weights, participants,
      ...(defaultLoyalty !== undefined ? { defaultLoyalty } : {}),
      ...(d.chance(0.6) ? { shocks: { persistence: d.num(0, 0.95), sd: d.num(0, 0.5) } } : {}),
    };
    if (d.chance(0.4)) {
      const drift: Record<string, { perMonth: Numeric; limit?: number }> = {};
      for (const k of d.sample(weightable, d.int(1, 2))) {
        drift[k] = { perMonth: d.numeric(-0.05, 0.05) };
        if (d.chance(0.5)) drift[k].limit = d.num(-1, 3);
      }
      Object.assign(common, { weightDrift: drift });
    }
    if (md.kind === 'devices') {
      const m: DeviceMarketSpec = {
        kind: 'devices', ...common, unitsPerYear: d.numeric(1, unitsMax), replacementCycleMonths: d.numeric(2, 60),
      };
      if (d.chance(0.5)) {
        const raw = Array.from({ length: 12 }, () => d.num(0.5, 2));
        const mean = raw.reduce((x, y) => x + y, 0) / 12;
        m.seasonality = raw.map((x) => x / mean);
      }
      if (d.chance(0.4)) m.growthPerYear = d.numeric(-0.3, 0.3);
      return m;
    }
    const initialUsers = d.num(1, 1000);
    // Nobody reconsidering *and* no Bass growth (users at the potential, or p = q = 0) once made the
    // market NaN (a bug since fixed, pinned in invariants.test.ts): a market without reconsideration gets growth.
    const reconsidering = !d.chance(0.15);
    const m: AssistantMarketSpec = reconsidering
      ? {
        kind: 'assistants', ...common,
        initialUsers,
        potential: d.chance(0.3) ? { dist: 'uniform', min: initialUsers, max: initialUsers * (1 + d.num(0, 5)) } : initialUsers * (1 + d.num(0, 5)),
        bass: { p: d.numeric(0, 0.05), q: d.numeric(0, 0.5) },
        reconsiderationRate: d.numeric(1e-3, 1),
      }
      : {
        kind: 'assistants', ...common,
        initialUsers,
        potential: initialUsers * (1 + d.num(0.1, 5)),
        bass: { p: d.numeric(0.001, 0.05), q: d.numeric(0, 0.5) },
        reconsiderationRate: 0,
      };
    if (d.chance(0.4)) m.reachFrom = `d${d.int(0, nDevice - 1)}`;
    if (d.chance(0.5)) {
      m.capacity = {};
      if (d.chance(0.7)) m.capacity.peakConcurrency = d.numeric(0, 0.3);
      if (d.chance(0.7)) m.capacity.elasticity = d.numeric(0, 3);
      if (d.chance(0.7)) m.capacity.outageHazard = d.numeric(0, 5);
      if (d.chance(0.7)) m.capacity.outageSeverity = d.numeric(0, 1);
    }
    return m;
  });

  // Events.
  const events: EventSpec[] = [];
  const deviceDrafts = marketDrafts.filter((m) => m.kind === 'devices');
  const assistantDrafts = marketDrafts.filter((m) => m.kind === 'assistants');
  const exiting = new Map<string, Set<string>>(marketDrafts.map((m) => [m.id, new Set<string>()]));
  const entering = new Map<string, Set<string>>(marketDrafts.map((m) => [m.id, new Set<string>()]));
  const nEvents = d.int(0, options.maxEvents ?? 8);
  const maxMonth = horizon + 2;
  for (let i = 0; i < nEvents; i++) {
    const type = d.pick(['aiLaunch', 'partnership', 'shock', 'entry', 'exit'] as const);
    let e: EventSpec | undefined;
    switch (type) {
      case 'aiLaunch': {
        const agent = d.pick(ids);
        e = { type, agent, month: month(d, start, maxMonth), capabilityGain: d.numeric(0, 0.8) };
        // Sometimes only in some of its markets.
        const own = marketDrafts.filter((m) => m.members.includes(agent) || m.zero.includes(agent)).map((m) => m.id);
        if (own.length > 0 && d.chance(0.25)) e.markets = d.sample(own, d.int(1, own.length));
        const r = ramp(d);
        if (r) e.ramp = r;
        break;
      }
      case 'partnership': {
        if (assistantDrafts.length === 0) break;
        const dm = d.pick(deviceDrafts), am = d.pick(assistantDrafts);
        const approval = d.int(0, 4);
        e = {
          type, deviceMaker: d.pick([...dm.members, ...dm.zero]), provider: d.pick([...am.members, ...am.zero]),
          announceMonth: month(d, start, maxMonth),
          approvalProbability: approval === 0 ? 0 : approval === 1 ? 1 : d.numeric(0, 1),
          integrationQuality: d.numeric(0, 1), visibility: d.numeric(0, 1), adoption: d.numeric(0, 1),
        };
        if (dm !== deviceDrafts[0] || d.chance(0.3)) e.deviceMarket = dm.id;
        if (am !== assistantDrafts[0] || d.chance(0.3)) e.assistantMarket = am.id;
        if (d.chance(0.6)) e.reviewMonths = d.numeric(0, 12);
        if (d.chance(0.5)) e.goLiveDelayMonths = d.numeric(0, 6);
        if (d.chance(0.5)) e.privacyCap = d.numeric(0, 1);
        const r = ramp(d);
        if (r) e.ramp = r;
        break;
      }
      case 'shock': {
        const attribute = d.pick([undefined, 'utility', ...ATTRIBUTES]);
        // AI capability only rises, so it stays ≥ 0 (an analyst's scores are non-negative).
        const change = attribute === 'aiCapability' ? d.numeric(0, 0.5) : d.numeric(-1, 1);
        e = { type, agents: d.sample(ids, d.int(1, 3)), change };
        if (attribute !== undefined) e.attribute = attribute;
        if ((attribute === undefined || attribute === 'utility') && d.chance(0.4)) e.market = d.pick(marketDrafts).id;
        if (d.chance(0.5)) e.month = month(d, start, maxMonth);
        else e.hazardPerMonth = d.pick([0, 1, d.num(0, 1), d.num(0, 0.2)]);
        if (d.chance(0.5)) e.halfLifeMonths = d.numeric(0.5, 12);
        break;
      }
      case 'entry': {
        const md = d.pick(marketDrafts);
        const role: Role = md.kind === 'devices' ? 'deviceMaker' : 'aiProvider';
        const waiting = md.zero.filter((a) => !entering.get(md.id)!.has(a));
        const outsiders = agents.filter((a) => !md.members.includes(a.id) && !md.zero.includes(a.id) && !entering.get(md.id)!.has(a.id));
        const choices = [...waiting, ...outsiders.filter((a) => a.roles.includes(role)).map((a) => a.id)];
        if (choices.length === 0) break;
        const agent = d.pick(choices);
        entering.get(md.id)!.add(agent);
        e = { type, agent, market: md.id, month: month(d, start, maxMonth) };
        if (d.chance(0.6)) e.choiceShare = d.numeric(0.01, 0.6);
        if (d.chance(0.4)) e.loyalty = d.numeric(0, 0.95);
        break;
      }
      case 'exit': {
        // Never all of a market's starting participants: at least one stays to the end.
        const md = d.pick(marketDrafts);
        const out = exiting.get(md.id)!;
        const candidates = md.members.filter((a) => !out.has(a));
        if (candidates.length <= 1) break;
        const agent = d.pick(candidates);
        out.add(agent);
        e = { type, agent, market: md.id, month: month(d, start, maxMonth) };
        break;
      }
    }
    if (!e) continue;
    if (d.chance(0.2)) e.id = `ev${i}`;
    events.push(e);
  }

  const landscape: LandscapeSpec = { start, agents, markets };
  const scenario: ScenarioSpec = { id: 'random', landscape, horizon, events };
  if ((options.switches ?? true) && d.chance(0.1)) scenario.switches = d.pick([{ noise: false }, { policies: false }, { noise: false, policies: false }]);
  return scenario;
}

/**
 * Random valid scenarios: 1–3 device markets, 0–2 assistant markets, 2–8
 * participants each, random attributes (some uncertain), weights and drift,
 * AR(1) shocks, product cycles, capacities, loyalties or repurchase rates,
 * installed bases, seasonality, events of every kind and default policies.
 *
 * @example
 * fc.assert(fc.property(scenarioArb(), (s) => { runScenario(s, { seed: 1 }); }), { seed: 42 });
 */
export function scenarioArb(options: ScenarioArbOptions = {}): fc.Arbitrary<ScenarioSpec> {
  return fc.gen().map((g) => buildScenario(g, options));
}

