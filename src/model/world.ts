/**
 * One simulated world: a compiled plan, sampled for one run, advanced month
 * by month. Everything random draws from named sub-streams of the run's
 * source (see {@link StreamFamily}), so a world is a pure function of
 * (plan, source).
 */
import { RivalsimError } from '../errors.js';
import { describe, isDistribution, sampleNumeric, within, type Sampleable } from '../random/distributions.js';
import { quantileOf } from '../random/quantile.js';
import { createRandomSource, StreamFamily, type NormalDraws, type RandomSource, type Seed, type TycheI } from '../random/source.js';
import { equilibriumChoice, solveIntercepts, solveLoyalty } from './calibrate.js';
import { AI, REACH, UTILITY, compileScenario, type Plan, type PlanInput, type PlanMarket, type PlanRamp } from './compile.js';
import { bassCumulative, bassIncrement, softmax } from './math.js';
import { builtinPolicyOf, type BuiltinPolicy } from './policies.js';
import type { MarketView, Observation, PartnershipTerms, Policy, PolicyAction } from './policy-types.js';
import { withCustomMetrics } from './metrics.js';
import { ASSISTANT_METRICS, DEVICE_METRICS, RunResult, type EventLogEntry, type EventLogKind, type MarketSeries } from './result.js';
import { calendarMonthAt } from './time.js';
import type { ScenarioSpec } from './types.js';

/** A sampled ramp. */
type Ramp = { kind: 'bass'; p: number; q: number } | { kind: 'linear'; months: number } | { kind: 'immediate' };

/** Writes `count` standard normals from `normals` into `out` from `offset` on. */
function fillNormals(normals: NormalDraws, out: Float64Array, offset: number, count: number): void {
  for (let i = 0; i < count; i++) out[offset + i] = normals.next();
}

/**
 * Ramp level at the end of step t for something that started at month m:
 * `tau = t + 1 − m` months of ramp (so the first month already counts).
 */
function rampAt(r: Ramp, tau: number): number {
  if (tau <= 0) return 0;
  switch (r.kind) {
    case 'immediate': return 1;
    case 'linear': return r.months <= 0 ? 1 : Math.min(1, tau / r.months);
    case 'bass': return bassCumulative(tau, r.p, r.q);
  }
}

/** An AI launch or investment; `settled` once its full gain is folded into the agent's settled AI. */
interface Launch { id: string; agent: number; markets: number[] | null; month: number; gain: number; ramp: Ramp; logged: boolean; settled: boolean }

interface Partnership {
  id: string; deviceMaker: number; provider: number; deviceMarket: number; assistantMarket: number;
  announce: number; decision: number; approved: boolean; goLive: number;
  integration: number; privacy: number; visibility: number; adoption: number; ramp: Ramp;
  status: 'pending' | 'announced' | 'approved' | 'rejected' | 'live';
}

interface Shock {
  id: string; agents: number[]; attr: number; market: number; change: number;
  month?: number; hazard?: number; decay: number; fired: boolean; stream?: TycheI;
}

/** A decaying additive effect on an attribute (or on utility, attr = UTILITY); `level` is its value this step (amount × decay^(t − start)). */
interface Effect { agent: number; attr: number; market: number; level: number; decay: number }

interface Membership { id: string; type: 'entry' | 'exit'; agent: number; market: number; month: number; choiceShare: number; loyalty?: number; done: boolean }

/** Runtime state of one market. */
interface MarketState {
  plan: PlanMarket;
  index: number;
  kind: 'devices' | 'assistants';
  n: number;
  agents: Int32Array;
  /** Slot of each agent in this market, −1 if absent. */
  slotOf: Int32Array;
  active: Uint8Array;
  alpha: Float64Array;
  loyalty: Float64Array;
  baseWeights: Float64Array;
  weights: Float64Array;
  drift: Array<{ attr: number; perMonth: number; limit?: number }>;
  /** Attribute indices that carry weight at some point. */
  used: Int32Array;
  /** Used attributes other than AI and reach whose weights never drift, and those whose weights drift. */
  fixedAttrs: Int32Array;
  movingAttrs: Int32Array;
  usesAI: boolean;
  usesReach: boolean;
  /** This run's Σ w_k x_k over the fixed attributes, before effects, per slot. */
  fixedU: Float64Array;
  /** The two best AI capabilities among active slots (for observations), at step `topStep` of this run (−1: not computed). */
  topStep: number; top1: number; top1Slot: number; top2: number;
  rho: number;
  innovation: number;
  eps: Float64Array;
  util: Float64Array;
  prob: Float64Array;
  utilMod: Float64Array;
  utilModDirty: boolean;
  aiBonusDirty: boolean;
  /** AI gains of launches restricted to this market, per slot. */
  aiBonus: Float64Array;
  attrAI: Float64Array;
  /** Devices: lift by calendar month, `lift[slot * 12 + month]`. */
  lift?: Float64Array;
  /** Devices with lifts: the calibrated seasonal share pattern, `seasonal[slot * 12 + month]`, for seasonally adjusted observations. */
  seasonal?: Float64Array;
  // devices
  units: number; unitsNow: number; season: Float64Array; growth: number; monthlyGrowth: number;
  base: Float64Array; invCycle: Float64Array; origin: Float64Array; share: Float64Array;
  // assistants
  users: number; potential: number; bassP: number; bassQ: number; turnover: number;
  own: Float64Array; credited: Float64Array; served: Float64Array;
  reachFrom: number; defaultFrom: Int32Array;
  peakConcurrency: number; elasticity: number; outageHazard: number; outageSeverity: number;
  /** This run's loyalty inputs: fixed loyalties, repurchase rates, the default. */
  loyaltyFixed: Array<number | undefined>; repurchase: Array<number | undefined>; defaultLoyalty: number;
  series: MarketSeries;
}

/**
 * How to seed a world: a ready random source, or a seed (and optionally the
 * Monte Carlo run index, whose stream depends on (seed, run) alone).
 *
 * @example
 * const a: WorldOptions = { seed: 42 };
 * const b: WorldOptions = { seed: 42, run: 17 };
 * const c: WorldOptions = { source: createRandomSource('study', 3) };
 */
export interface WorldOptions {
  source?: RandomSource;
  seed?: Seed;
  run?: number;
  /** Placement of designed inputs (Latin hypercube, Iman–Conover): u ∈ (0, 1) by input path. */
  design?: (path: string) => number | undefined;
  /**
   * Uncertain inputs fixed to values by path (a calibration particle, a
   * posterior draw): `parameters.aiWeight`, `events[0].reviewMonths`, …
   * A value given here wins over the design and the input's own stream.
   */
  values?: (path: string) => number | undefined;
}

/** Whether built-in policies run natively (see {@link World.runPolicies}); a test hook turns it off. */
let nativePolicies = true;

/**
 * Internal test hook, not part of the public API: `false` sends every policy,
 * built-in ones included, through the generic path (observation, `decide`,
 * actions), so tests can check that the native path gives the same results
 * bit for bit; `true` (the default) restores it. Takes effect at the next step.
 *
 * @internal
 * @example
 * setNativePolicies(false);
 * const generic = runScenario(scenario, { seed: 1 });
 * setNativePolicies(true);
 */
export function setNativePolicies(on: boolean): void {
  nativePolicies = on;
}

const DEFAULT_TERMS: PartnershipTerms = {
  approvalProbability: 0.5, reviewMonths: 4, goLiveDelayMonths: 1, integrationQuality: 0.8,
  privacyCap: 1, visibility: 0.5, adoption: 0.4, ramp: { kind: 'linear', months: 6 },
};

/**
 * A world in motion. Create it with {@link createWorld}, advance it with
 * {@link World.step} or {@link World.run}, read it with {@link World.result}.
 *
 * @example
 * const world = createWorld(scenario, { seed: 7 });
 * while (!world.done) world.step();
 * world.result().shares('phones'); // => { apple: 0.15..., … }
 */
export class World {
  /** The compiled scenario. */
  readonly plan: Plan;
  /** The last computed step (0 after creation). */
  t = 0;
  /** The run's named sub-streams; one family, reseeded for each run. */
  private readonly streams = new StreamFamily();
  private inputs: Record<string, number> = {};
  private parameters: Record<string, number> = {};
  private readonly nA: number;
  private readonly nK: number;
  private readonly baseAttr: Float64Array;
  private readonly attrMod: Float64Array;
  /** Whether attrMod holds effects from the last update (else it is zero but for REACH). */
  private attrModDirty = true;
  private readonly ownAI: Float64Array;
  /** Sum of each agent's launches that reached their full gain (see {@link Launch}). */
  private readonly settledAI: Float64Array;
  private readonly quality: Float64Array;
  private readonly capacity0: Float64Array;
  private readonly capacityGrowth: Float64Array;
  /** Capacity at step `capacityStep`, per agent. */
  private readonly capacityNow: Float64Array;
  private capacityStep = -1;
  private readonly homeMarket: Int32Array;
  private readonly servedExtra: Float64Array;
  private readonly creditedExtra: Float64Array;
  private readonly loadNow: Float64Array;
  private readonly outageNow: Uint8Array;
  /** Scratch indexed by agent (the reach of each assistant in assistantAttributes). */
  private readonly agentScratch: Float64Array;
  private readonly launches: Launch[] = [];
  private readonly partnerships: Partnership[] = [];
  private readonly shocks: Shock[] = [];
  private readonly memberships: Membership[] = [];
  private effects: Effect[] = [];
  private readonly markets: MarketState[];
  private log: EventLogEntry[] = [];
  /**
   * This run's standard normals for the AR(1) shocks, per market,
   * `[slot * horizon + step − 1]`: drawn at reset from one stream per
   * (market, agent), month after month — the same numbers as drawing them
   * each month, since no other draw shares the stream (and no other agent's
   * presence shifts them) — so the monthly step only reads them.
   */
  private readonly shockDraws: Float64Array[];
  /** Stream names of the shocks, `noise:<market>:<agent>`, per market and slot. */
  private readonly noiseNames: string[][];
  /** Stream names of the outages, `outage:<agent>`, per agent (capacity-limited ones). */
  private readonly outageNames: Array<string | undefined>;
  /** Uniforms for outages, one stream per capacity-limited agent (one draw a month, whatever the load). */
  /** Generators (called as methods, so that their draws are not boxed) of the outage streams. */
  private readonly outageStreams: Array<TycheI | undefined> = [];
  /** This run's product cycle of each agent (undefined: none). */
  private readonly lifts: Array<{ launch: number; lift: number; halfLife: number } | undefined>;
  /** Each market's series, in market order. */
  private readonly seriesList: MarketSeries[];
  private design?: (path: string) => number | undefined;
  private values?: (path: string) => number | undefined;
  /** Last calibration, reused while the inputs it depends on are the same (always, when they are not uncertain). */
  private calibrationKey?: string;
  private readonly calibrated: Array<{ alpha: Float64Array; loyalty: Float64Array; seasonal?: Float64Array }> = [];

  /** Calendar month (0–11) of each step. */
  private readonly cal: Int32Array;

  /**
   * Allocates a world for `plan`; {@link World.reset} seeds it for a run.
   * One world can serve many runs in turn (the Monte Carlo loop reuses it).
   */
  constructor(plan: Plan, source?: RandomSource, design?: (path: string) => number | undefined, values?: (path: string) => number | undefined) {
    this.plan = plan;
    this.cal = Int32Array.from(plan.dates, (_, t) => calendarMonthAt(plan.start, t));
    const nA = (this.nA = plan.agents.length);
    const nK = (this.nK = plan.attributes.length);
    this.baseAttr = new Float64Array(nA * nK);
    this.attrMod = new Float64Array(nA * nK);
    this.ownAI = new Float64Array(nA);
    this.settledAI = new Float64Array(nA);
    this.quality = new Float64Array(nA);
    this.capacity0 = new Float64Array(nA);
    this.capacityGrowth = new Float64Array(nA);
    this.capacityNow = new Float64Array(nA);
    this.homeMarket = new Int32Array(nA).fill(-1);
    this.servedExtra = new Float64Array(nA);
    this.creditedExtra = new Float64Array(nA);
    this.loadNow = new Float64Array(nA);
    this.outageNow = new Uint8Array(nA);
    this.agentScratch = new Float64Array(nA);
    this.markets = plan.markets.map((m, index) => this.allocateMarket(m, index));
    this.noiseNames = this.markets.map((m) => Array.from(m.agents, (a) => `noise:${m.plan.id}:${plan.agents[a].id}`));
    this.shockDraws = this.markets.map((m) => new Float64Array(m.n * plan.horizon));
    this.outageNames = plan.agents.map((a) => (a.capacity ? `outage:${a.id}` : undefined));
    this.lifts = plan.agents.map((a) => (a.productCycle ? { launch: 0, lift: 0, halfLife: 1 } : undefined));
    this.seriesList = this.markets.map((m) => m.series);
    this.markets.forEach((m) => {
      if (m.kind !== 'assistants') return;
      for (let j = 0; j < m.n; j++) if (this.homeMarket[m.agents[j]] < 0) this.homeMarket[m.agents[j]] = m.index;
    });
    // Default assistant mapping.
    for (const m of this.markets) {
      if (m.kind !== 'assistants' || m.reachFrom < 0) continue;
      const dm = this.markets[m.reachFrom];
      m.defaultFrom = Int32Array.from(dm.agents, (a) => {
        const target = this.plan.agents[a].defaultAssistant;
        return target < 0 ? -1 : m.slotOf[target];
      });
    }
    this.policiesOf = plan.agents.map((a, agent) => a.policies.map((policy) => ({
      agent, policy, every: policy.every ?? 1, native: this.nativePolicy(policy, agent), memory: {},
    })));
    this.policyList = this.policiesOf.flat();
    if (source) this.reset(source, design, values);
  }

  /**
   * Seeds the world for a new run: samples its uncertain inputs from
   * `source` (or places them by `design`, or fixes them to `values`),
   * calibrates it and records step 0.
   *
   * @example
   * world.reset(createRandomSource(42, 7)); world.run();
   */
  reset(source: RandomSource, design?: (path: string) => number | undefined, values?: (path: string) => number | undefined): this {
    const plan = this.plan, nK = this.nK;
    this.t = 0;
    this.capacityStep = -1;
    this.design = design;
    this.values = values;
    this.streams.reseed(source);
    this.inputs = {};
    this.parameters = {};
    this.log = [];
    this.effects = [];
    this.launches.length = 0;
    this.partnerships.length = 0;
    this.shocks.length = 0;
    this.memberships.length = 0;
    // Each policy's memory belongs to one agent in one run.
    for (const e of this.policyList) e.memory = {};
    this.baseAttr.fill(0);
    this.settledAI.fill(0);
    this.attrModDirty = true;
    this.capacity0.fill(Infinity);
    this.capacityGrowth.fill(0);

    // Parameters first: expressions anywhere may use them.
    const draw = this.draw;
    for (const p of plan.parameters) this.parameters[p.name] = draw(p.input);

    // Sample the landscape.
    const lifts = this.lifts;
    for (let i = 0; i < this.nA; i++) {
      const a = plan.agents[i];
      for (const { attr, input } of a.attributes) this.baseAttr[i * nK + attr] = draw(input);
      if (a.capacity) {
        this.capacity0[i] = draw(a.capacity.concurrentUsers);
        this.capacityGrowth[i] = draw(a.capacity.growthPerMonth);
      }
      const cycle = a.productCycle, l = lifts[i];
      if (cycle && l) {
        l.launch = cycle.launchMonth - 1;
        l.lift = draw(cycle.lift);
        l.halfLife = draw(cycle.halfLifeMonths);
      }
    }
    for (const m of this.markets) {
      for (const k in m.series.data) m.series.data[k].fill(0);
      this.sampleMarket(m, draw, lifts);
    }
    for (const m of this.markets) {
      if (m.innovation === 0) continue;
      const draws = this.shockDraws[m.index], names = this.noiseNames[m.index], H = plan.horizon;
      for (let j = 0; j < m.n; j++) fillNormals(this.streams.normal(names[j]), draws, j * H, H);
    }
    for (let a = 0; a < this.nA; a++) {
      const name = this.outageNames[a];
      this.outageStreams[a] = name === undefined ? undefined : this.streams.generator(name);
    }

    // Sample the events, each from its own stream.
    for (const e of plan.events) {
      const d = draw;
      switch (e.type) {
        case 'aiLaunch':
          this.launches.push({ id: e.id, agent: e.agent, markets: e.markets, month: d(e.month), gain: d(e.gain), ramp: sampleRamp(e.ramp, d), logged: false, settled: false });
          break;
        case 'partnership': {
          const announce = d(e.announce);
          const approvalProbability = d(e.approvalProbability);
          const decision = announce + d(e.reviewMonths);
          const goLive = decision + d(e.goLiveDelayMonths);
          const p: Partnership = {
            id: e.id, deviceMaker: e.deviceMaker, provider: e.provider, deviceMarket: e.deviceMarket, assistantMarket: e.assistantMarket,
            announce, decision, approved: false, goLive,
            integration: d(e.integrationQuality), privacy: d(e.privacyCap), visibility: d(e.visibility), adoption: d(e.adoption),
            ramp: sampleRamp(e.ramp, d), status: 'pending',
          };
          // The regulator's decision has a stream of its own, so changing how inputs are drawn never flips it.
          p.approved = this.streams.get(`event:${e.id}:approval`)() < approvalProbability;
          if (!p.approved) p.goLive = Infinity;
          this.partnerships.push(p);
          break;
        }
        case 'shock': {
          const halfLife = e.halfLife === undefined ? Infinity : d(e.halfLife);
          this.shocks.push({
            id: e.id, agents: e.agents, attr: e.attr, market: e.market, change: d(e.change),
            month: e.month === undefined ? undefined : d(e.month), hazard: e.hazard === undefined ? undefined : d(e.hazard),
            decay: Math.pow(0.5, 1 / halfLife), fired: false,
            stream: e.hazard === undefined ? undefined : this.streams.generator(`event:${e.id}:hazard`),
          });
          break;
        }
        case 'entry': case 'exit':
          this.memberships.push({
            id: e.id, type: e.type, agent: e.agent, market: e.market, month: d(e.month),
            choiceShare: e.type === 'entry' ? d(e.choiceShare) : 0,
            loyalty: e.type === 'entry' && e.loyalty ? d(e.loyalty) : undefined, done: false,
          });
          break;
      }
    }

    this.calibrate();
    this.record(0);
    return this;
  }

  /** Whether the horizon is reached. */
  get done(): boolean {
    return this.t >= this.plan.horizon;
  }

  /**
   * Advances one month: policies act on last month's state, events happen,
   * attributes and capacity update, then each market's users choose.
   *
   * @example
   * world.step(); world.t; // => 1
   */
  step(): void {
    if (this.done) throw new RivalsimError('World already at its horizon', 'horizon', this.plan.horizon, 'no further step() calls');
    const t = ++this.t;
    if (this.plan.policiesOn) this.runPolicies(t);
    this.runEvents(t);
    this.updateAttributes(t);
    this.updatePartnershipsAndCapacity(t);
    for (const m of this.markets) if (m.kind === 'devices') this.stepDevices(m, t);
    for (const m of this.markets) if (m.kind === 'assistants') this.stepAssistants(m, t);
    this.record(t);
  }

  /**
   * Runs to the horizon and returns the result.
   *
   * @example
   * createWorld(scenario, { seed: 1 }).run().shares('phones');
   */
  run(): RunResult {
    while (!this.done) this.step();
    return this.result();
  }

  /**
   * The outputs so far (steps after `t` are zero until computed), copied:
   * they stay valid after the world is reset for another run.
   *
   * @example
   * world.result().series('phones', 'share', 'apple');
   */
  result(): RunResult {
    return this.view().clone();
  }

  /**
   * Internal: runs to the horizon and returns the outputs *without copying*
   * (valid until the next {@link World.reset}); the Monte Carlo loop uses it.
   */
  runView(): RunResult {
    while (!this.done) this.step();
    return this.view();
  }

  private view(): RunResult {
    const series = withCustomMetrics(this.plan, this.seriesList, this.parameters, this.t);
    return new RunResult(this.plan.id, this.plan.dates, series, this.log, this.inputs);
  }

  /**
   * What agent `agentId` observes now (at the end of step `t`).
   *
   * @example
   * world.observe('apple').markets[0].share; // => 0.15...
   */
  observe(agentId: string): Observation {
    const a = this.plan.agentIndex.get(agentId);
    if (a === undefined) throw new RivalsimError('Unknown agent', 'agent', agentId, `one of ${[...this.plan.agentIndex.keys()].join(', ')}`);
    return this.observation(a, this.t, this.t + 1, 3);
  }

  // ---------------------------------------------------------------- set-up

  private readonly streamKeys = new Map<string, string>();

  /**
   * The stream name of an input path: list positions replaced by ids
   * (`events[3].reviewMonths` → `input:events(apple+alibaba).reviewMonths`).
   */
  private streamKey(path: string): string {
    let key = this.streamKeys.get(path);
    if (key !== undefined) return key;
    const plan = this.plan;
    key = 'input:' + path
      .replace(/^events\[(\d+)\]/, (_, i) => `events(${plan.events[Number(i)]?.id ?? i})`)
      .replace(/^landscape\.agents\[(\d+)\]/, (_, i) => `agents(${plan.agents[Number(i)]?.id ?? i})`)
      .replace(/^landscape\.markets\[(\d+)\]\.participants\[(\d+)\]/, (_, i, k) => {
        const m = plan.markets[Number(i)];
        return `markets(${m?.id ?? i}).participants(${m ? plan.agents[m.participants[Number(k)]?.agent]?.id : k})`;
      })
      .replace(/^landscape\.markets\[(\d+)\]/, (_, i) => `markets(${plan.markets[Number(i)]?.id ?? i})`);
    this.streamKeys.set(path, key);
    return key;
  }


  /** Draws a numeric input: plain, an expression over the parameters, placed by the design, or sampled from its own stream. */
  private readonly draw = (input: PlanInput): number => {
    const value = input.value;
    if (typeof value === 'number') return value;
    if ('kind' in value) {
      // An expression over the parameters, checked against its constraint in each run.
      const v = value.evaluate(this.parameters);
      if (input.constraint && !within(v, input.constraint)) {
        throw new RivalsimError('Expression out of range', input.path, v, `${describe(input.constraint)} (from ${value.source})`);
      }
      this.inputs[input.path] = v;
      return v;
    }
    let x: number;
    try {
      const fixed = this.values?.(input.path);
      if (fixed !== undefined) {
        if (!Number.isFinite(fixed)) throw new RivalsimError('Invalid fixed value', input.path, fixed, 'a finite number');
        this.inputs[input.path] = fixed;
        return fixed;
      }
      const u = this.design?.(input.path);
      if (u !== undefined) x = quantileOf(value, u);
      else {
        // Each uncertain input has a stream of its own, named by ids rather than list positions:
        // fixing or removing one input never shifts another's draw.
        x = sampleNumeric(value, this.streams.get(this.streamKey(input.path)));
      }
    } catch (e) {
      if (e instanceof RivalsimError) throw new RivalsimError('Cannot sample', input.path, value, e.expected);
      throw e;
    }
    this.inputs[input.path] = x;
    return x;
  };

  private allocateMarket(m: PlanMarket, index: number): MarketState {
    const n = m.participants.length;
    const T1 = this.plan.horizon + 1;
    const metrics = m.kind === 'devices' ? DEVICE_METRICS : ASSISTANT_METRICS;
    const data: Record<string, Float64Array> = {};
    for (const k of metrics) data[k] = new Float64Array(n * T1);
    const used = new Set<number>();
    m.weights.forEach((w, k) => { if (w !== 0) used.add(k); });
    for (const d of m.drift) used.add(d.attr);
    return {
      plan: m, index, kind: m.kind, n, agents: Int32Array.from(m.participants, (p) => p.agent),
      slotOf: Int32Array.from(this.plan.agents, (_, a) => m.participants.findIndex((p) => p.agent === a)),
      active: new Uint8Array(n),
      alpha: new Float64Array(n), loyalty: new Float64Array(n),
      baseWeights: m.weights.slice(), weights: m.weights.slice(), drift: [],
      used: Int32Array.from([...used].sort((a, b) => a - b)),
      fixedAttrs: Int32Array.from([...used].filter((k) => k !== AI && k !== REACH && !m.drift.some((d) => d.attr === k)).sort((a, b) => a - b)),
      movingAttrs: Int32Array.from([...used].filter((k) => k !== AI && k !== REACH && m.drift.some((d) => d.attr === k)).sort((a, b) => a - b)),
      usesAI: used.has(AI), usesReach: used.has(REACH), fixedU: new Float64Array(n), topStep: -1, top1: 0, top1Slot: -1, top2: 0,
      rho: 0, innovation: 0,
      eps: new Float64Array(n), util: new Float64Array(n), prob: new Float64Array(n), utilMod: new Float64Array(n), aiBonus: new Float64Array(n), attrAI: new Float64Array(n),
      utilModDirty: false, aiBonusDirty: false,
      units: 0, unitsNow: 0, season: new Float64Array(12).fill(1), growth: 0, monthlyGrowth: 0,
      base: new Float64Array(n), invCycle: new Float64Array(n), origin: new Float64Array(n), share: new Float64Array(n),
      users: 0, potential: 0, bassP: 0, bassQ: 0, turnover: 0,
      own: new Float64Array(n), credited: new Float64Array(n), served: new Float64Array(n),
      reachFrom: m.reachFrom, defaultFrom: new Int32Array(0),
      peakConcurrency: 0, elasticity: 0, outageHazard: 0, outageSeverity: 0,
      loyaltyFixed: [], repurchase: [], defaultLoyalty: 0,
      // Declared up front (not added later), so every market keeps one hidden class.
      lift: undefined, seasonal: undefined,
      series: { id: m.id, name: m.name, kind: m.kind, agents: m.participants.map((p) => this.plan.agents[p.agent].id), metrics, data },
    };
  }

  /** Draws a market's inputs for this run and resets its state. */
  private sampleMarket(
    state: MarketState, draw: (i: PlanInput) => number,
    lifts: Array<{ launch: number; lift: number; halfLife: number } | undefined>,
  ): void {
    const m = state.plan, n = state.n;
    state.drift.length = m.drift.length;
    for (let i = 0; i < m.drift.length; i++) {
      const d = m.drift[i];
      state.drift[i] = { attr: d.attr, perMonth: draw(d.perMonth), limit: d.limit };
    }
    state.weights.set(state.baseWeights);
    const rho = m.shocks ? draw(m.shocks.persistence) : 0;
    const sd = m.shocks ? draw(m.shocks.sd) : 0;
    state.rho = rho;
    state.innovation = this.plan.noise ? sd * Math.sqrt(1 - rho * rho) : 0;
    for (let j = 0; j < n; j++) state.active[j] = m.participants[j].initialShare > 0 ? 1 : 0;
    state.eps.fill(0);
    state.topStep = -1;
    state.utilMod.fill(0);
    state.aiBonus.fill(0);
    // Loyalty inputs (solved in calibrate).
    state.defaultLoyalty = draw(m.defaultLoyalty);
    state.loyaltyFixed.length = state.repurchase.length = n;
    for (let j = 0; j < n; j++) {
      const p = m.participants[j];
      state.loyaltyFixed[j] = p.loyalty ? draw(p.loyalty) : p.repurchaseRate ? undefined : state.defaultLoyalty;
    }
    for (let j = 0; j < n; j++) {
      const p = m.participants[j];
      state.repurchase[j] = p.repurchaseRate ? draw(p.repurchaseRate) : undefined;
    }
    if (m.kind === 'devices') {
      state.units = draw(m.unitsPerYear!) / 12;
      state.growth = draw(m.growthPerYear!);
      state.monthlyGrowth = Math.pow(1 + state.growth, 1 / 12) - 1;
      if (m.seasonality) state.season.set(m.seasonality);
      state.unitsNow = state.units * state.season[this.cal[0]];
      const cycle = draw(m.replacementCycleMonths!);
      for (let j = 0; j < n; j++) {
        const p = m.participants[j];
        let c = p.replacementCycleMonths ? draw(p.replacementCycleMonths) : cycle;
        if (p.installedBase) {
          const b = draw(p.installedBase);
          c = p.initialShare > 0 ? b / (p.initialShare * state.units) : cycle;
          if (!(c >= 2)) {
            throw new RivalsimError('Installed base too small for the sales', `${p.path}.installedBase`, b,
              `at least 2 months of its sales (${(2 * p.initialShare * state.units).toFixed(3)})`);
          }
        }
        state.invCycle[j] = 1 / c;
        state.base[j] = p.initialShare * state.units * c;
      }
      let anyLift = false;
      const lift = state.lift ?? new Float64Array(n * 12);
      lift.fill(0);
      for (let j = 0; j < n; j++) {
        const l = lifts[m.participants[j].agent];
        if (!l || l.lift === 0) continue;
        anyLift = true;
        for (let cal = 0; cal < 12; cal++) lift[j * 12 + cal] = l.lift * Math.pow(0.5, ((cal - l.launch + 12) % 12) / l.halfLife);
      }
      state.lift = anyLift ? lift : undefined;
    } else {
      state.users = draw(m.initialUsers!);
      state.potential = draw(m.potential!);
      if (state.potential < state.users) {
        throw new RivalsimError('Market potential below the starting users', m.potential!.path, state.potential, `a potential ≥ initialUsers (${state.users})`);
      }
      state.bassP = draw(m.bassP!);
      state.bassQ = draw(m.bassQ!);
      state.turnover = draw(m.reconsiderationRate!);
      state.peakConcurrency = draw(m.peakConcurrency!);
      state.elasticity = draw(m.elasticity!);
      state.outageHazard = draw(m.outageHazard!);
      state.outageSeverity = draw(m.outageSeverity!);
      for (let j = 0; j < n; j++) state.own[j] = m.participants[j].initialShare * state.users;
    }
  }

  /**
   * Solves loyalties and intercepts so that the starting shares are an
   * equilibrium, then computes the state at step 0. The solution depends
   * only on the parameters' and the landscape's sampled inputs (not on drift
   * rates), so it is reused while they are unchanged.
   */
  private calibrate(): void {
    this.updateAttributes(0);
    this.updatePartnershipsAndCapacity(0);
    let key = '';
    for (const path in this.inputs) {
      if ((path.startsWith('landscape.') || path.startsWith('parameters.')) && !path.includes('.weightDrift.')) key += `${path}=${this.inputs[path]};`;
    }
    const reuse = key === this.calibrationKey;
    for (const m of this.markets) {
      this.updateWeights(m, 0);
      this.fixedUtility(m);
      if (m.kind === 'devices') this.deviceAI(m); else this.assistantAttributes(m);
      if (reuse) {
        const c = this.calibrated[m.index];
        m.alpha.set(c.alpha);
        m.loyalty.set(c.loyalty);
        m.seasonal = c.seasonal;
      } else {
        const shares = m.plan.participants.map((p) => p.initialShare);
        this.attributeUtilities(m, m.util);
        const base = Array.from(m.util);
        const { loyalty, clamped } = solveLoyalty(shares, m.repurchase, m.loyaltyFixed, m.defaultLoyalty);
        if (clamped.length > 0) {
          const p = m.plan.participants[clamped[0]];
          throw new RivalsimError('Repurchase rate below what free choice alone gives', `${p.path}.repurchaseRate`, m.repurchase[clamped[0]],
            'a repurchase rate above the brand\'s own choice probability among switchers (loyalty would be negative)',
            'Raise it, or give a loyalty instead');
        }
        m.loyalty.set(loyalty);
        const switching = loyalty.map((l) => 1 - l);
        const target = m.kind === 'devices'
          ? equilibriumChoice(shares, switching, 1, 0)
          : equilibriumChoice(shares, switching, m.turnover, bassIncrement(m.users, m.potential, m.bassP, m.bassQ) / m.users);
        const lifts = m.lift ? Array.from({ length: 12 }, (_, cal) => Array.from({ length: m.n }, (_, j) => m.lift![j * 12 + cal])) : undefined;
        const alpha = solveIntercepts(target, base, m.active, lifts);
        m.plan.participants.forEach((p, j) => { m.alpha[j] = p.intercept ?? alpha[j]; });
        m.seasonal = lifts ? this.seasonalPattern(m, base) : undefined;
        this.calibrated[m.index] = { alpha: m.alpha.slice(), loyalty: m.loyalty.slice(), seasonal: m.seasonal };
      }
      this.computeUtilities(m, 0);
      softmax(m.util, m.active, m.prob);
      if (m.kind === 'devices') {
        this.updateOrigin(m, m.season[this.cal[0]]);
        this.deviceShares(m);
      } else {
        this.assistantTotals(m);
      }
    }
    this.calibrationKey = key;
  }

  /**
   * The share pattern over the calendar that the product cycles alone
   * produce at the calibrated equilibrium (loyal repurchases plus the free
   * choosers' logit with each month's lift), so policies can look at
   * seasonally adjusted changes.
   */
  private seasonalPattern(m: MarketState, base: number[]): Float64Array {
    const out = new Float64Array(m.n * 12);
    const util = new Float64Array(m.n), prob = new Float64Array(m.n);
    const shares = m.plan.participants.map((p) => p.initialShare);
    let free = 0;
    for (let j = 0; j < m.n; j++) free += shares[j] * (1 - m.loyalty[j]);
    for (let cal = 0; cal < 12; cal++) {
      for (let j = 0; j < m.n; j++) util[j] = m.alpha[j] + base[j] + m.lift![j * 12 + cal];
      softmax(util, m.active, prob);
      for (let j = 0; j < m.n; j++) out[j * 12 + cal] = shares[j] * m.loyalty[j] + free * prob[j];
    }
    return out;
  }

  // ---------------------------------------------------------------- step parts

  private updateWeights(m: MarketState, t: number): void {
    for (const d of m.drift) {
      let w = m.baseWeights[d.attr] + d.perMonth * t;
      if (d.limit !== undefined) w = d.perMonth >= 0 ? Math.min(w, d.limit) : Math.max(w, d.limit);
      m.weights[d.attr] = w;
    }
  }

  private updateAttributes(t: number): void {
    const { nA, nK, attrMod, ownAI, baseAttr } = this;
    // Cleared in full only when effects wrote to it last step; else only reach (assistantAttributes rewrites it).
    if (this.attrModDirty) { attrMod.fill(0); this.attrModDirty = false; } else for (let a = 0; a < nA; a++) attrMod[a * nK + REACH] = 0;
    for (const m of this.markets) {
      if (m.utilModDirty) { m.utilMod.fill(0); m.utilModDirty = false; }
      if (m.aiBonusDirty) { m.aiBonus.fill(0); m.aiBonusDirty = false; }
    }
    // Expired effects are dropped in place (no allocation per step).
    const effects = this.effects;
    let kept = 0;
    for (let i = 0; i < effects.length; i++) {
      const e = effects[i];
      // Applied once a step, from the step it starts: amount × decay^(t − start), as a running product.
      const v = e.level;
      e.level *= e.decay;
      if (e.attr === UTILITY) {
        for (const m of this.markets) {
          if (e.market >= 0 && e.market !== m.index) continue;
          const j = m.slotOf[e.agent];
          if (j >= 0) { m.utilMod[j] += v; m.utilModDirty = true; }
        }
      } else {
        attrMod[e.agent * nK + e.attr] += v;
        this.attrModDirty = true;
      }
      if (e.decay === 1 || Math.abs(v) > 1e-12) effects[kept++] = e;
    }
    if (kept !== effects.length) effects.length = kept;
    const settled = this.settledAI;
    for (let a = 0; a < nA; a++) ownAI[a] = baseAttr[a * nK + AI] + attrMod[a * nK + AI] + settled[a];
    const launches = this.launches;
    for (let i = 0; i < launches.length; i++) {
      const l = launches[i];
      if (l.settled || t < l.month || t < 1) continue;
      const r = rampAt(l.ramp, t + 1 - l.month);
      const gain = l.gain * r;
      if (l.markets === null) {
        ownAI[l.agent] += gain;
        // A launch at its full gain for good (linear or immediate ramps) joins the settled sum.
        if (r === 1 && l.ramp.kind !== 'bass') { settled[l.agent] += l.gain; l.settled = true; }
      } else for (const mi of l.markets) { const m = this.markets[mi]; m.aiBonus[m.slotOf[l.agent]] += gain; m.aiBonusDirty = true; }
    }
  }

  private updatePartnershipsAndCapacity(t: number): void {
    const { servedExtra, creditedExtra } = this;
    servedExtra.fill(0);
    creditedExtra.fill(0);
    for (const p of this.partnerships) {
      if (p.status !== 'live') continue;
      const r = rampAt(p.ramp, t + 1 - p.goLive);
      const base = this.markets[p.deviceMarket].base[this.markets[p.deviceMarket].slotOf[p.deviceMaker]];
      const served = base * p.adoption * r;
      servedExtra[p.provider] += served;
      creditedExtra[p.provider] += p.visibility * served;
    }
    for (let a = 0; a < this.nA; a++) {
      this.quality[a] = 1;
      this.outageNow[a] = 0;
      this.loadNow[a] = 0;
      const stream = this.outageStreams[a];
      const home = this.homeMarket[a];
      if (home < 0 || !stream) continue;
      // One draw per month, whatever the load, so the stream stays aligned.
      const u = t === 0 ? 1 : stream.random();
      const m = this.markets[home];
      const j = m.slotOf[a];
      const demand = (m.own[j] + servedExtra[a]) * m.peakConcurrency;
      // Capacity grows by a factor each month (kept as a running product; recomputed off sequence).
      const capacity = t > 0 && t === this.capacityStep + 1 ? this.capacityNow[a] * (1 + this.capacityGrowth[a])
        : this.capacity0[a] * Math.pow(1 + this.capacityGrowth[a], t);
      this.capacityNow[a] = capacity;
      const load = demand / capacity;
      this.loadNow[a] = load;
      if (load > 1) this.quality[a] = Math.pow(load, -m.elasticity);
      if (t === 0) continue;
      if (load > 1 && u < 1 - Math.exp(-m.outageHazard * (load - 1))) {
        this.outageNow[a] = 1;
        this.quality[a] *= 1 - m.outageSeverity;
        this.emit(t, 'outage', { agent: this.plan.agents[a].id, detail: `load ${load.toFixed(2)}` });
      }
    }
    this.capacityStep = t;
  }

  /** Effective AI of each device-market slot: own, or the best live partner's. */
  private deviceAI(m: MarketState): void {
    const n = m.n, agents = m.agents, aiBonus = m.aiBonus, attrAI = m.attrAI, ownAI = this.ownAI, partnerships = this.partnerships;
    for (let j = 0; j < n; j++) attrAI[j] = ownAI[agents[j]] + aiBonus[j];
    for (let i = 0; i < partnerships.length; i++) {
      const p = partnerships[i];
      if (p.status !== 'live' || p.deviceMarket !== m.index) continue;
      const am = this.markets[p.assistantMarket];
      const providerAI = ownAI[p.provider] + am.aiBonus[am.slotOf[p.provider]];
      const cap = providerAI * this.quality[p.provider] * p.integration * p.privacy * rampAt(p.ramp, this.t + 1 - p.goLive);
      const j = m.slotOf[p.deviceMaker];
      if (cap > attrAI[j]) attrAI[j] = cap;
    }
  }

  /** AI (after service quality) and reach of each assistant-market slot. */
  private assistantAttributes(m: MarketState): void {
    const n = m.n, agents = m.agents, aiBonus = m.aiBonus, attrAI = m.attrAI, ownAI = this.ownAI, quality = this.quality;
    const attrMod = this.attrMod, nK = this.nK, reachFrom = m.reachFrom;
    for (let j = 0; j < n; j++) {
      const a = agents[j];
      attrAI[j] = (ownAI[a] + aiBonus[j]) * quality[a];
    }
    // Reach is 0 without a device market to take it from; else it is rewritten below.
    if (reachFrom < 0) {
      for (let j = 0; j < n; j++) attrMod[agents[j] * nK + REACH] = 0;
      return;
    }
    const dm = this.markets[reachFrom], base = dm.base, nd = dm.n, defaultFrom = m.defaultFrom;
    let total = 0;
    for (let d = 0; d < nd; d++) total += base[d];
    const reach = this.agentScratch;
    for (let j = 0; j < n; j++) reach[agents[j]] = 0;
    for (let d = 0; d < nd; d++) {
      const j = defaultFrom[d];
      if (j >= 0) reach[agents[j]] += base[d];
    }
    const partnerships = this.partnerships;
    for (let i = 0; i < partnerships.length; i++) {
      const p = partnerships[i];
      if (p.status !== 'live' || p.assistantMarket !== m.index || p.deviceMarket !== reachFrom) continue;
      reach[p.provider] += p.visibility * base[dm.slotOf[p.deviceMaker]] * rampAt(p.ramp, this.t + 1 - p.goLive);
    }
    for (let j = 0; j < n; j++) { const a = agents[j]; attrMod[a * nK + REACH] = total > 0 ? reach[a] / total : 0; }
  }

  /** This run's Σ w_k x_k over the attributes whose weights never drift, before effects (see {@link World.attributeUtilities}). */
  private fixedUtility(m: MarketState): void {
    const { nK, baseAttr } = this, fixed = m.fixedAttrs, w = m.baseWeights;
    for (let j = 0; j < m.n; j++) {
      const row = m.agents[j] * nK;
      let u = 0;
      for (let i = 0; i < fixed.length; i++) u += w[fixed[i]] * baseAttr[row + fixed[i]];
      m.fixedU[j] = u;
    }
  }

  /**
   * Σ_k w_k x_k of every slot into `out` (attributes only: no intercept,
   * lift, shock): the fixed part computed once a run, effects on it when
   * there are any, the attributes with drifting weights, AI and reach.
   */
  private attributeUtilities(m: MarketState, out: Float64Array): void {
    const n = m.n, nK = this.nK, agents = m.agents, w = m.weights;
    const attrMod = this.attrMod, baseAttr = this.baseAttr, fixedU = m.fixedU, attrAI = m.attrAI;
    const fixed = m.fixedAttrs, moving = m.movingAttrs;
    const nFixed = this.attrModDirty ? fixed.length : 0, nMoving = moving.length;
    const usesAI = m.usesAI, usesReach = m.usesReach, wAI = w[AI], wReach = w[REACH];
    for (let j = 0; j < n; j++) {
      const row = agents[j] * nK;
      let u = fixedU[j];
      for (let i = 0; i < nFixed; i++) { const k = fixed[i]; u += w[k] * attrMod[row + k]; }
      for (let i = 0; i < nMoving; i++) { const k = moving[i]; u += w[k] * (baseAttr[row + k] + attrMod[row + k]); }
      if (usesAI) u += wAI * attrAI[j];
      if (usesReach) u += wReach * attrMod[row + REACH];
      out[j] = u;
    }
  }

  /** Utilities of all slots: intercept, {@link World.attributeUtilities}, effects, noise, lift. */
  private computeUtilities(m: MarketState, t: number): void {
    const cal = this.cal[t], n = m.n, alpha = m.alpha, utilMod = m.utilMod, eps = m.eps, util = m.util, lift = m.lift;
    this.attributeUtilities(m, util);
    for (let j = 0; j < n; j++) util[j] = alpha[j] + util[j] + utilMod[j] + eps[j] + (lift !== undefined ? lift[j * 12 + cal] : 0);
  }

  private updateNoise(m: MarketState): void {
    if (m.innovation === 0) return;
    const draws = this.shockDraws[m.index], eps = m.eps, rho = m.rho, innovation = m.innovation, n = m.n;
    const H = this.plan.horizon, at = this.t - 1;
    for (let j = 0; j < n; j++) eps[j] = rho * eps[j] + innovation * draws[j * H + at];
  }

  private applyMemberships(m: MarketState, t: number): void {
    for (const e of this.memberships) {
      if (e.done || e.market !== m.index || t < e.month || t < 1) continue;
      e.done = true;
      const j = m.slotOf[e.agent];
      if (e.type === 'exit') {
        m.active[j] = 0;
        if (!m.active.some((x) => x === 1)) {
          throw new RivalsimError('Every participant has left the market', `events (${e.id})`, m.plan.id, 'at least one active participant at all times');
        }
      } else {
        // Intercept so that the entrant wins `choiceShare` of this month's choices.
        let z = 0;
        for (let k = 0; k < m.n; k++) if (m.active[k]) z += Math.exp(m.util[k]);
        const rest = m.util[j] - m.alpha[j];
        m.alpha[j] = Math.log(e.choiceShare / (1 - e.choiceShare)) + Math.log(z) - rest;
        m.util[j] = m.alpha[j] + rest;
        let sum = 0, cnt = 0;
        for (let k = 0; k < m.n; k++) if (m.active[k]) { sum += m.loyalty[k]; cnt++; }
        m.loyalty[j] = e.loyalty ?? (cnt > 0 ? sum / cnt : 0);
        m.active[j] = 1;
      }
      this.emit(t, e.type, { event: e.id, agent: this.plan.agents[e.agent].id, detail: m.plan.id });
    }
  }

  /** Origin of this month's buyers: installed base over replacement cycle, normalised. */
  /**
   * Origin of this month's replacement buyers: each brand's installed base
   * over its replacement cycle, times seasonality (never more than the
   * whole base), normalised. Returns the month's replacements.
   */
  private updateOrigin(m: MarketState, season: number): number {
    const n = m.n, origin = m.origin, base = m.base, invCycle = m.invCycle;
    let sum = 0;
    for (let j = 0; j < n; j++) { const o = base[j] * Math.min(1, invCycle[j] * season); origin[j] = o; sum += o; }
    for (let j = 0; j < n; j++) origin[j] /= sum;
    return sum;
  }

  /**
   * Sales shares: loyal repurchases plus the free choosers' logit choice;
   * `newFraction` of the buyers are first-time buyers (market growth), who
   * all choose freely.
   */
  private deviceShares(m: MarketState, newFraction = 0): void {
    const n = m.n, origin = m.origin, active = m.active, loyalty = m.loyalty, share = m.share, prob = m.prob;
    let free = 0;
    for (let j = 0; j < n; j++) free += origin[j] * (active[j] ? 1 - loyalty[j] : 1);
    const old = 1 - newFraction;
    for (let j = 0; j < n; j++) { const pr = prob[j]; share[j] = old * ((active[j] ? origin[j] * loyalty[j] : 0) + free * pr) + newFraction * pr; }
  }

  private stepDevices(m: MarketState, t: number): void {
    this.updateWeights(m, t);
    this.deviceAI(m);
    this.updateNoise(m);
    this.computeUtilities(m, t);
    this.applyMemberships(m, t);
    softmax(m.util, m.active, m.prob);
    // Replacements follow the installed base (each brand's base over its cycle), with
    // seasonality; growth of g a year adds first-time buyers, base × ((1 + g)^(1/12) − 1)
    // a month (or, if negative, removes retirees who do not buy).
    const replacing = this.updateOrigin(m, m.season[this.cal[t]]);
    const n = m.n, base = m.base, share = m.share, origin = m.origin;
    let total = 0;
    for (let j = 0; j < n; j++) total += base[j];
    const newcomers = total * m.monthlyGrowth;
    const sales = (m.unitsNow = Math.max(0, replacing + newcomers));
    this.deviceShares(m, newcomers > 0 ? newcomers / sales : 0);
    for (let j = 0; j < n; j++) base[j] += sales * share[j] - replacing * origin[j];
  }

  private assistantTotals(m: MarketState): void {
    const n = m.n, agents = m.agents, own = m.own, credited = m.credited, served = m.served, share = m.share;
    const creditedExtra = this.creditedExtra, servedExtra = this.servedExtra;
    let total = 0;
    for (let j = 0; j < n; j++) {
      const a = agents[j], o = own[j], c = o + creditedExtra[a];
      credited[j] = c;
      served[j] = o + servedExtra[a];
      total += c;
    }
    for (let j = 0; j < n; j++) share[j] = credited[j] / total;
  }

  private stepAssistants(m: MarketState, t: number): void {
    this.updateWeights(m, t);
    this.assistantAttributes(m);
    this.updateNoise(m);
    this.computeUtilities(m, t);
    this.applyMemberships(m, t);
    softmax(m.util, m.active, m.prob);
    const adopters = bassIncrement(m.users, m.potential, m.bassP, m.bassQ);
    const n = m.n, own = m.own, active = m.active, loyalty = m.loyalty, prob = m.prob, turnover = m.turnover;
    let free = adopters;
    for (let j = 0; j < n; j++) {
      const o = own[j];
      const leaving = active[j] ? turnover * o * (1 - loyalty[j]) : o;
      own[j] = o - leaving;
      free += leaving;
    }
    for (let j = 0; j < n; j++) own[j] += free * prob[j];
    m.users += adopters;
    this.assistantTotals(m);
  }

  private record(t: number): void {
    const T1 = this.plan.horizon + 1, markets = this.markets;
    for (let k = 0; k < markets.length; k++) {
      const m = markets[k];
      if (m.kind === 'devices') this.recordDevices(m, t, T1); else this.recordAssistants(m, t, T1);
    }
  }

  /** {@link World.record} for a device market (its series arrays loaded once). */
  private recordDevices(m: MarketState, t: number, T1: number): void {
    const d = m.series.data, n = m.n, share = m.share, attrAI = m.attrAI, base = m.base, unitsNow = m.unitsNow;
    const dShare = d.share, dAI = d.aiCapability, dSales = d.sales, dBase = d.installedBase, dBaseShare = d.installedBaseShare;
    let total = 0;
    for (let j = 0; j < n; j++) {
      const i = j * T1 + t, s = share[j], b = base[j];
      dShare[i] = s;
      dAI[i] = attrAI[j];
      dSales[i] = s * unitsNow;
      dBase[i] = b;
      total += b;
    }
    for (let j = 0; j < n; j++) dBaseShare[j * T1 + t] = base[j] / total;
  }

  /** {@link World.record} for an assistant market (its series arrays loaded once). */
  private recordAssistants(m: MarketState, t: number, T1: number): void {
    const d = m.series.data, n = m.n, share = m.share, attrAI = m.attrAI, agents = m.agents;
    const credited = m.credited, own = m.own, served = m.served, loadNow = this.loadNow, outageNow = this.outageNow;
    const dShare = d.share, dAI = d.aiCapability, dUsers = d.users, dOwn = d.ownUsers, dServed = d.servedUsers, dLoad = d.load, dOutages = d.outages;
    for (let j = 0; j < n; j++) {
      const i = j * T1 + t, a = agents[j];
      dShare[i] = share[j];
      dAI[i] = attrAI[j];
      dUsers[i] = credited[j];
      dOwn[i] = own[j];
      dServed[i] = served[j];
      dLoad[i] = loadNow[a];
      dOutages[i] = outageNow[a];
    }
  }

  // ---------------------------------------------------------------- events and policies

  private emit(t: number, kind: EventLogKind, fields: Omit<EventLogEntry, 'step' | 'date' | 'kind'>): void {
    // Fields in a fixed order, only those given (no spread: this runs for every policy action).
    const e: EventLogEntry = { step: t, date: this.plan.dates[t], kind };
    if (fields.event !== undefined) e.event = fields.event;
    if (fields.agent !== undefined) e.agent = fields.agent;
    if (fields.partner !== undefined) e.partner = fields.partner;
    if (fields.detail !== undefined) e.detail = fields.detail;
    this.log.push(e);
  }

  private emitDeal(t: number, kind: EventLogKind, p: Partnership): void {
    const agents = this.plan.agents;
    this.emit(t, kind, { event: p.id, agent: agents[p.deviceMaker].id, partner: agents[p.provider].id });
  }

  private runEvents(t: number): void {
    const agents = this.plan.agents;
    for (const l of this.launches) {
      if (!l.logged && t >= l.month) {
        l.logged = true;
        this.emit(t, 'launch', { event: l.id, agent: agents[l.agent].id, detail: `capability +${l.gain.toFixed(3)}` });
      }
    }
    for (const p of this.partnerships) {
      if (p.status === 'live' || p.status === 'rejected') continue;
      if (p.status === 'pending' && t >= p.announce) { p.status = 'announced'; this.emitDeal(t, 'announced', p); }
      if (p.status === 'announced' && t >= p.decision) {
        p.status = p.approved ? 'approved' : 'rejected';
        this.emitDeal(t, p.status, p);
      }
      if (p.status === 'approved' && t >= p.goLive) { p.status = 'live'; this.emitDeal(t, 'live', p); }
    }
    for (const s of this.shocks) {
      let fire = false;
      if (s.stream) fire = s.stream.random() < s.hazard!;
      else if (!s.fired && t >= s.month!) { fire = true; s.fired = true; }
      if (!fire) continue;
      for (const a of s.agents) this.effects.push({ agent: a, attr: s.attr, market: s.market, level: s.change, decay: s.decay });
      this.emit(t, 'shock', { event: s.id, detail: `${s.attr === UTILITY ? 'utility' : this.plan.attributes[s.attr]} ${s.change >= 0 ? '+' : ''}${s.change.toFixed(3)} for ${s.agents.map((a) => agents[a].id).join(', ')}` });
    }
  }

  /**
   * What agent `a` observes at the end of step `step`, deciding for
   * `decideStep`. One observation object per agent is reused from step to
   * step (policies must copy what they keep); its lists are computed on
   * first read, since policies read few of them.
   */
  private observation(a: number, step: number, decideStep: number, lookback: number): AgentObservation {
    let obs = this.observations[a];
    if (!obs) obs = this.observations[a] = new AgentObservation(this.viewOf(), a, this.plan.agents[a]);
    obs.update(step, decideStep, lookback);
    return obs;
  }

  private observations: AgentObservation[] = [];

  /** The world's internals, for observations (an object so the class stays private). */
  private viewOf(): WorldInternals {
    return (this.internals ??= {
      plan: this.plan, markets: this.markets, partnerships: this.partnerships, launches: this.launches,
      ownAI: this.ownAI, baseAttr: this.baseAttr, attrMod: this.attrMod, nK: this.nK, homeMarket: this.homeMarket, cal: this.cal,
    });
  }

  private internals?: WorldInternals;

  /** Every (agent, policy) pair in agent order, with the policy's period and, for a built-in policy, its native form; flattened once. */
  private readonly policyList: PolicyEntry[];
  /** The same entries by agent (`policiesOf[a][k]`: agent a's policy k). */
  private readonly policiesOf: PolicyEntry[][];

  /** The native form of agent `a`'s `policy` if it is a built-in one (see {@link World.runPolicies}), else undefined. */
  private nativePolicy(policy: Policy, a: number): NativePolicy | undefined {
    const spec = builtinPolicyOf(policy.decide);
    if (!spec) return undefined;
    // The markets its decide goes through, in the observation's order (the agent's markets, in market order).
    let markets = this.markets.filter((m) => m.slotOf[a] >= 0);
    if (spec.kind === 'defendShare') markets = markets.filter((m) => spec.market === undefined || m.plan.id === spec.market);
    else if (spec.kind === 'seekPartner') markets = markets.filter((m) => m.kind === 'devices');
    return new NativePolicy(spec, policy.decide, markets, Int32Array.from(markets, (m) => m.slotOf[a]));
  }

  /**
   * Lets the policies due this step act, in agent order. A built-in policy
   * (made by defendShare, accelerateAI or seekPartner, its decide unchanged)
   * is evaluated natively on the world's arrays: the same expressions on the
   * same numbers, the same actions in the same order, the same log entries
   * and memory as its decide through an observation, without building one.
   * seekPartner only rules out natively that it acts (its early returns);
   * when it may act, it takes the generic path.
   */
  private runPolicies(t: number): void {
    const list = this.policyList, native = nativePolicies;
    let last = -1;
    let obs: AgentObservation | undefined;
    for (let i = 0; i < list.length; i++) {
      const entry = list[i];
      const a = entry.agent, policy = entry.policy, every = entry.every, fast = entry.native;
      if (every !== 1 && (t - 1) % every !== 0) continue;
      if (native && fast !== undefined && policy.decide === fast.decide) {
        let outcome: NativeOutcome;
        switch (fast.kind) {
          case DEFEND_SHARE: outcome = this.nativeDefendShare(fast, a, entry.memory, policy, t); break;
          case ACCELERATE_AI: outcome = this.nativeAccelerateAI(fast, a, entry.memory, policy, t); break;
          default: outcome = this.seekPartnerMayAct(fast, a, t);
        }
        if (outcome === NATIVE_IDLE) continue;
        if (outcome === NATIVE_ACTED) {
          // As below: the agent's next policy sees what this one did.
          if (last === a) obs!.forgetLists();
          continue;
        }
        // NATIVE_UNDECIDED: decided the generic way.
      }
      if (a !== last) { obs = this.observation(a, t - 1, t, 3); last = a; }
      const actions = policy.decide(obs!, entry.memory);
      if (!actions || actions.length === 0) continue;
      for (const action of actions) this.apply(a, policy.name, action, t);
      // The next policy sees what this one did (a deal announced, a launch planned).
      obs!.forgetLists();
    }
  }

  /** {@link defendShare}'s decide and its price cuts, on the arrays; whether it cut. */
  private nativeDefendShare(f: NativePolicy, a: number, memory: Record<string, unknown>, policy: Policy, t: number): NativeOutcome {
    const last = (memory.lastCut as number | undefined) ?? -Infinity;
    if (t - last < f.cooldownMonths) return NATIVE_IDLE;
    const markets = f.markets, slots = f.slots, n = markets.length;
    const step = t - 1, T1 = this.plan.horizon + 1, cal = this.cal;
    // shareChange (lookback 3) and shareHistory[min(lookback, length − 1)] are both the share
    // less the seasonally adjusted share min(lookback, step) months ago (lookback ≤ 12).
    const back = Math.min(f.lookbackMonths, step);
    let acted = false;
    for (let i = 0; i < n; i++) {
      const m = markets[i], j = slots[i];
      if (m.active[j] !== 1) continue;
      const shares = m.series.data.share;
      const change = shares[j * T1 + step] - adjustedShare(m, shares, j, step, back, T1, cal);
      if (change <= -f.dropThreshold) {
        // decide sets the memory before its cuts are applied (which neither read it nor change shares).
        if (!acted) { memory.lastCut = t; acted = true; }
        const name = policy.name;
        if (!Number.isFinite(f.utility)) throw new RivalsimError('Invalid price cut', policyWhere(name, this.plan.agents[a].id), f.utility, 'a finite utility lift');
        this.cutPrice(a, m.index, f.utility, f.halfLifeMonths, t, f.cutDetail(name, i));
      }
    }
    return acted ? NATIVE_ACTED : NATIVE_IDLE;
  }

  /** {@link accelerateAI}'s decide and its action, on the arrays; whether it acted. */
  private nativeAccelerateAI(f: NativePolicy, a: number, memory: Record<string, unknown>, policy: Policy, t: number): NativeOutcome {
    const last = (memory.lastAct as number | undefined) ?? -Infinity;
    if (t - last < f.cooldownMonths) return NATIVE_IDLE;
    const markets = f.markets, slots = f.slots, n = markets.length, own = this.ownAI[a], step = t - 1;
    let behind = false;
    for (let i = 0; i < n; i++) {
      const m = markets[i], j = slots[i];
      if (m.active[j] === 1 && bestRivalAI(m, j, step) - Math.max(own, m.attrAI[j]) > f.gap) { behind = true; break; }
    }
    if (!behind) return NATIVE_IDLE;
    memory.lastAct = t;
    // Its first launch still to come: obs.pendingLaunches (month > step), then month > t.
    const launches = this.launches;
    for (let i = 0; i < launches.length; i++) {
      const l = launches[i];
      if (l.agent === a && l.month > step && l.month > t) {
        const name = policy.name;
        this.accelerate(a, name, l.id, f.pullForwardMonths, t, f.pullDetail(name, l.id));
        return NATIVE_ACTED;
      }
    }
    const name = policy.name;
    if (!Number.isFinite(f.gain) || !(f.months >= 0)) {
      throw new RivalsimError('Invalid AI investment', policyWhere(name, this.plan.agents[a].id), { kind: 'investAI', gain: f.gain, months: f.months }, 'a finite gain and months ≥ 0');
    }
    this.investAI(a, f.gain, f.months, t, f.investDetail(name));
    return NATIVE_ACTED;
  }

  /**
   * {@link seekPartner}'s early returns, on the arrays: idle when its decide
   * certainly returns nothing (too early, not a device maker, selling no
   * devices, its devices have AI, or a deal not rejected is on its way);
   * else undecided (its decide, through an observation, decides).
   */
  private seekPartnerMayAct(f: NativePolicy, a: number, t: number): NativeOutcome {
    if (t < f.byMonth || !this.plan.agents[a].roles.includes('deviceMaker')) return NATIVE_IDLE;
    const markets = f.markets, slots = f.slots, n = markets.length;
    let deviceAI = this.ownAI[a], sellsDevices = false;
    for (let i = 0; i < n; i++) {
      const m = markets[i], j = slots[i], ai = m.attrAI[j];
      if (ai > deviceAI) deviceAI = ai;
      if (m.active[j] === 1) sellsDevices = true;
    }
    if (!sellsDevices) return NATIVE_IDLE;
    if (deviceAI >= f.minAICapability) return NATIVE_IDLE;
    // obs.partnerships holds its deals (agent ids are unique, so the device maker's id is `a`'s).
    const partnerships = this.partnerships;
    for (let i = 0; i < partnerships.length; i++) {
      const p = partnerships[i];
      if (p.deviceMaker === a && p.status !== 'rejected') return NATIVE_IDLE;
    }
    return NATIVE_UNDECIDED;
  }

  private apply(a: number, policyName: string, action: PolicyAction, t: number): void {
    const agentId = this.plan.agents[a].id;
    switch (action.kind) {
      case 'cutPrice': {
        const market = action.market === undefined ? -1 : this.plan.marketIndex.get(action.market);
        if (market === undefined) throw new RivalsimError('Unknown market in a policy action', policyWhere(policyName, agentId), action.market, `one of ${[...this.plan.marketIndex.keys()].join(', ')}`);
        if (!Number.isFinite(action.utility)) throw new RivalsimError('Invalid price cut', policyWhere(policyName, agentId), action.utility, 'a finite utility lift');
        this.cutPrice(a, market, action.utility, action.halfLifeMonths, t, cutPriceDetail(policyName, action.market, action.utility));
        break;
      }
      case 'investAI': {
        if (!Number.isFinite(action.gain) || !(action.months >= 0)) throw new RivalsimError('Invalid AI investment', policyWhere(policyName, agentId), action, 'a finite gain and months ≥ 0');
        this.investAI(a, action.gain, action.months, t, investDetail(policyName, action.gain, action.months));
        break;
      }
      case 'accelerate':
        this.accelerate(a, policyName, action.event, action.months, t, undefined);
        break;
      case 'seekPartner': {
        const provider = this.plan.agentIndex.get(action.provider);
        if (provider === undefined || this.homeMarket[provider] < 0) {
          throw new RivalsimError('Unknown AI provider in a policy action', policyWhere(policyName, agentId), action.provider, 'the id of an AI provider in an assistant market');
        }
        const dm = this.markets.find((m) => m.kind === 'devices' && m.agents.includes(a));
        if (!dm) throw new RivalsimError('Partnership for an agent in no device market', policyWhere(policyName, agentId), agentId, 'a device maker');
        const terms = { ...DEFAULT_TERMS, ...action.terms };
        const offer = { deviceMaker: agentId, provider: action.provider, terms };
        const declined = this.policiesOf[provider].some(({ policy, memory }) =>
          policy.acceptPartnership !== undefined && !policy.acceptPartnership(offer, this.observation(provider, t - 1, t, 3), memory));
        if (declined) {
          this.emit(t, 'policy', { agent: agentId, detail: `${policyName}: ${action.provider} declined a partnership` });
          break;
        }
        const key = `${agentId}+${action.provider}@${t}`;
        const stream = this.streams.get(`policy:${key}`);
        const decision = t + terms.reviewMonths;
        const p: Partnership = {
          id: key, deviceMaker: a, provider, deviceMarket: dm.index, assistantMarket: this.homeMarket[provider],
          announce: t, decision, approved: stream() < terms.approvalProbability, goLive: decision + terms.goLiveDelayMonths,
          integration: terms.integrationQuality, privacy: terms.privacyCap, visibility: terms.visibility, adoption: terms.adoption,
          ramp: rampFromTerms(terms.ramp, stream), status: 'announced',
        };
        if (!p.approved) p.goLive = Infinity;
        this.partnerships.push(p);
        this.emit(t, 'policy', { agent: agentId, detail: `${policyName}: seek partner ${action.provider}` });
        this.emit(t, 'announced', { event: key, agent: agentId, partner: action.provider });
        break;
      }
      default:
        throw new RivalsimError('Unknown policy action', policyWhere(policyName, agentId), (action as { kind: unknown }).kind, "'cutPrice', 'investAI', 'accelerate' or 'seekPartner'");
    }
  }

  /** A price cut (validated): a decaying utility lift in `market` (−1: all), logged with `detail`. */
  private cutPrice(a: number, market: number, utility: number, halfLifeMonths: number | undefined, t: number, detail: string): void {
    const half = halfLifeMonths ?? 4;
    this.effects.push({ agent: a, attr: UTILITY, market, level: utility, decay: Math.pow(0.5, 1 / half) });
    this.emit(t, 'policy', { agent: this.plan.agents[a].id, detail });
  }

  /** An AI investment (validated): a launch of `gain` from now, linear over `months`, logged with `detail`. */
  private investAI(a: number, gain: number, months: number, t: number, detail: string): void {
    const agentId = this.plan.agents[a].id;
    this.launches.push({ id: `invest:${agentId}@${t}`, agent: a, markets: null, month: t, gain, ramp: { kind: 'linear', months }, logged: true, settled: false });
    this.emit(t, 'policy', { agent: agentId, detail });
  }

  /**
   * Pulls agent `a`'s launch or deal `event` forward by `months` (not before
   * now) and logs it with `detail` (built here when undefined); throws if it
   * has neither by that id.
   */
  private accelerate(a: number, policyName: string, event: string, months: number, t: number, detail: string | undefined): void {
    const agentId = this.plan.agents[a].id;
    const launches = this.launches, partnerships = this.partnerships;
    let launch: Launch | undefined, deal: Partnership | undefined;
    for (let i = 0; i < launches.length; i++) {
      const l = launches[i];
      if (l.id === event && l.agent === a) { launch = l; break; }
    }
    for (let i = 0; i < partnerships.length; i++) {
      const p = partnerships[i];
      if (p.id === event && (p.deviceMaker === a || p.provider === a)) { deal = p; break; }
    }
    if (!launch && !deal) throw new RivalsimError('Unknown event in a policy action', policyWhere(policyName, agentId), event, 'the id of one of its launches or partnerships');
    if (launch && launch.month > t) launch.month = Math.max(t, launch.month - months);
    if (deal && deal.approved && deal.status !== 'live' && deal.goLive > t) deal.goLive = Math.max(t, deal.decision, deal.goLive - months);
    this.emit(t, 'policy', { agent: agentId, detail: detail ?? accelerateDetail(policyName, event, months) });
  }
}

/**
 * One policy of one agent in the flattened policy list: `native` is its
 * native form if it is a built-in one; `memory` its memory in this run.
 */
interface PolicyEntry { agent: number; policy: Policy; every: number; native: NativePolicy | undefined; memory: Record<string, unknown> }

/** What a native policy run came to: nothing to do, done (it acted), or to decide the generic way. */
type NativeOutcome = 0 | 1 | 2;
const NATIVE_IDLE = 0, NATIVE_ACTED = 1, NATIVE_UNDECIDED = 2;

/** Kinds of native policies. */
const DEFEND_SHARE = 0, ACCELERATE_AI = 1, SEEK_PARTNER = 2;

/**
 * A built-in policy of one agent, ready for native evaluation: its kind and
 * options (as given, one class for all kinds so that the step reads them
 * from one object shape), the markets its decide goes through with the
 * agent's slot in each, and the log details of its actions, built once (per
 * policy name) rather than at every action.
 */
class NativePolicy {
  readonly kind: number;
  readonly cooldownMonths: number;
  // defendShare
  readonly dropThreshold: number;
  readonly lookbackMonths: number;
  readonly utility: number;
  readonly halfLifeMonths: number;
  // accelerateAI
  readonly gap: number;
  readonly gain: number;
  readonly months: number;
  readonly pullForwardMonths: number;
  // seekPartner
  readonly byMonth: number;
  readonly minAICapability: number;
  /** The policy name the cached details were built with. */
  private detailName: string | undefined = undefined;
  private cutDetails: Array<string | undefined> = [];
  private investText: string | undefined = undefined;
  private readonly pullDetails = new Map<string, string>();

  constructor(
    spec: Readonly<BuiltinPolicy>,
    /** The built-in decide function; the native path runs while the policy's decide is still this one. */
    readonly decide: Policy['decide'],
    /** The markets its decide goes through, in the observation's order. */
    readonly markets: MarketState[],
    /** The agent's slot in each of `markets`. */
    readonly slots: Int32Array,
  ) {
    const d = spec.kind === 'defendShare' ? spec : undefined, x = spec.kind === 'accelerateAI' ? spec : undefined, p = spec.kind === 'seekPartner' ? spec : undefined;
    this.kind = d ? DEFEND_SHARE : x ? ACCELERATE_AI : SEEK_PARTNER;
    this.cooldownMonths = d ? d.cooldownMonths : x ? x.cooldownMonths : 0;
    this.dropThreshold = d ? d.dropThreshold : 0;
    this.lookbackMonths = d ? d.lookbackMonths : 0;
    this.utility = d ? d.utility : 0;
    this.halfLifeMonths = d ? d.halfLifeMonths : 0;
    this.gap = x ? x.gap : 0;
    this.gain = x ? x.gain : 0;
    this.months = x ? x.months : 0;
    this.pullForwardMonths = x ? x.pullForwardMonths : 0;
    this.byMonth = p ? p.byMonth : 0;
    this.minAICapability = p ? p.minAICapability : 0;
  }

  /** Drops the cached details if the policy was renamed since they were built. */
  private named(name: string): void {
    if (name === this.detailName) return;
    this.detailName = name;
    this.cutDetails = [];
    this.investText = undefined;
    this.pullDetails.clear();
  }

  /** Detail of a price cut in `markets[i]` (defendShare). */
  cutDetail(name: string, i: number): string {
    this.named(name);
    return (this.cutDetails[i] ??= cutPriceDetail(name, this.markets[i].plan.id, this.utility));
  }

  /** Detail of an AI investment (accelerateAI). */
  investDetail(name: string): string {
    this.named(name);
    return (this.investText ??= investDetail(name, this.gain, this.months));
  }

  /** Detail of pulling `event` forward (accelerateAI). */
  pullDetail(name: string, event: string): string {
    this.named(name);
    let detail = this.pullDetails.get(event);
    if (detail === undefined) this.pullDetails.set(event, (detail = accelerateDetail(name, event, this.pullForwardMonths)));
    return detail;
  }
}

/** Log detail of a price cut by policy `policyName` (market undefined: all its markets). */
function cutPriceDetail(policyName: string, market: string | undefined, utility: number): string {
  return `${policyName}: price cut${market ? ' in ' + market : ''} (utility +${utility})`;
}

/** Log detail of an AI investment by policy `policyName`. */
function investDetail(policyName: string, gain: number, months: number): string {
  return `${policyName}: invest in AI (+${gain} over ${months} months)`;
}

/** Log detail of pulling a launch or deal forward, by policy `policyName`. */
function accelerateDetail(policyName: string, event: string, months: number): string {
  return `${policyName}: pull ${event} forward by ${months} months`;
}

/** Slot j's share in m `k` months before `step`, seasonally adjusted to `step`'s season (as observations show it). */
function adjustedShare(m: MarketState, shares: Float64Array, j: number, step: number, k: number, T1: number, cal: Int32Array): number {
  let v = shares[j * T1 + step - k];
  if (m.seasonal) v += m.seasonal[j * 12 + cal[step]] - m.seasonal[j * 12 + cal[step - k]];
  return v;
}

/** The best active AI capability among slot j's rivals in m at `step` (the market's two best, computed once a step for all). */
function bestRivalAI(m: MarketState, j: number, step: number): number {
  if (m.topStep !== step) {
    let top1 = 0, top1Slot = -1, top2 = 0;
    for (let k = 0; k < m.n; k++) {
      if (!m.active[k]) continue;
      const x = m.attrAI[k];
      if (x > top1) { top2 = top1; top1 = x; top1Slot = k; } else if (x > top2) top2 = x;
    }
    m.top1 = top1; m.top1Slot = top1Slot; m.top2 = top2; m.topStep = step;
  }
  return m.top1Slot === j ? m.top2 : m.top1;
}

/** Where a policy's bad action came from, for error messages. */
function policyWhere(policyName: string, agentId: string): string {
  return `policy '${policyName}' of ${agentId}`;
}

/** A policy's ramp: numbers as given, distributions drawn from the policy's stream. */
function rampFromTerms(r: PartnershipTerms['ramp'], stream: RandomSource): Ramp {
  const n = (v: unknown) => {
    if (typeof v !== 'number' && !isDistribution(v)) throw new RivalsimError('Invalid ramp in partnership terms', 'terms.ramp', v, 'numbers or distributions');
    return sampleNumeric(v as Sampleable, stream);
  };
  switch (r.kind) {
    case 'bass': return { kind: 'bass', p: n(r.p), q: n(r.q) };
    case 'linear': return { kind: 'linear', months: n(r.months) };
    default: return { kind: 'immediate' };
  }
}

function sampleRamp(r: PlanRamp, d: (i: PlanInput) => number): Ramp {
  switch (r.kind) {
    case 'bass': return { kind: 'bass', p: d(r.p), q: d(r.q) };
    case 'linear': return { kind: 'linear', months: d(r.months) };
    case 'immediate': return { kind: 'immediate' };
  }
}

/**
 * Builds one world of a scenario (or of an already compiled plan): samples
 * its uncertain inputs, calibrates it and records step 0.
 *
 * @example
 * const world = createWorld(scenario, { seed: 42 });
 * world.t; // => 0
 */
export function createWorld(scenario: ScenarioSpec | Plan, options: WorldOptions = {}): World {
  const plan = 'agentIndex' in scenario ? scenario : compileScenario(scenario);
  const source = options.source ?? createRandomSource(options.seed ?? 0, options.run);
  return new World(plan, source, options.design, options.values);
}

/**
 * Runs one world of a scenario to its horizon.
 *
 * @example
 * const result = runScenario({ id: 'still', landscape: chinaLandscape(), horizon: 12 }, { seed: 1 });
 * result.shares('phones', 12); // => { apple: 0.15…, huawei: 0.16…, … }
 */
export function runScenario(scenario: ScenarioSpec | Plan, options: WorldOptions = {}): RunResult {
  return createWorld(scenario, options).run();
}

/** What observations read of a world. */
interface WorldInternals {
  plan: Plan;
  markets: MarketState[];
  partnerships: Partnership[];
  launches: Launch[];
  ownAI: Float64Array;
  baseAttr: Float64Array;
  attrMod: Float64Array;
  nK: number;
  homeMarket: Int32Array;
  cal: Int32Array;
}

/** A market as one agent sees it; reused from step to step, its values read on demand. */
class AgentMarketView implements MarketView {
  readonly market: string;
  readonly kind: 'devices' | 'assistants';
  private step = 0;
  private lookback = 3;
  private change = NaN;
  private fresh = false;
  private ranked = false;
  private rankValue = 1;
  private readonly history: number[] = [];
  private readonly T1: number;
  private readonly shares: Float64Array;

  constructor(private readonly w: WorldInternals, private readonly m: MarketState, private readonly j: number) {
    this.market = m.plan.id;
    this.kind = m.kind;
    this.T1 = w.plan.horizon + 1;
    this.shares = m.series.data.share;
  }

  /** Share k months ago, seasonally adjusted to this month's season. */
  private adjusted(k: number): number {
    return adjustedShare(this.m, this.shares, this.j, this.step, k, this.T1, this.w.cal);
  }

  update(step: number, lookback: number): void {
    this.step = step;
    this.lookback = lookback;
    this.change = NaN;
    this.ranked = false;
    this.fresh = false;
  }

  get share(): number {
    return this.shares[this.j * this.T1 + this.step];
  }

  get shareChange(): number {
    if (Number.isNaN(this.change)) this.change = this.share - this.adjusted(Math.min(this.lookback, this.step));
    return this.change;
  }

  get users(): number {
    return this.m.kind === 'devices' ? this.m.base[this.j] : this.m.credited[this.j];
  }

  get aiCapability(): number {
    return this.m.attrAI[this.j];
  }

  get active(): boolean {
    return this.m.active[this.j] === 1;
  }

  get rank(): number {
    if (!this.ranked) {
      const { m, j, step, T1, shares } = this;
      const own = shares[j * T1 + step];
      let rank = 1;
      for (let k = 0; k < m.n; k++) if (k !== j && m.active[k] && shares[k * T1 + step] > own) rank++;
      this.rankValue = rank;
      this.ranked = true;
    }
    return this.rankValue;
  }

  get bestRivalAI(): number {
    return bestRivalAI(this.m, this.j, this.step);
  }

  get shareHistory(): number[] {
    if (!this.fresh) {
      const n = Math.min(12, this.step) + 1;
      this.history.length = n;
      for (let k = 0; k < n; k++) this.history[k] = this.adjusted(k);
      this.fresh = true;
    }
    return this.history;
  }

  /** A plain copy of what it shows (for logging and JSON). */
  toJSON(): Omit<MarketView, 'shareHistory'> & { shareHistory: number[] } {
    return {
      market: this.market, kind: this.kind, share: this.share, shareChange: this.shareChange, shareHistory: [...this.shareHistory],
      rank: this.rank, users: this.users, aiCapability: this.aiCapability, bestRivalAI: this.bestRivalAI, active: this.active,
    };
  }
}

/** One agent's observation; reused from step to step. */
class AgentObservation implements Observation {
  step = 0;
  readonly agent: string;
  readonly roles: ReadonlyArray<'deviceMaker' | 'aiProvider'>;
  ownAICapability = 0;
  readonly markets: AgentMarketView[];
  private at = 0;
  private cachedPartnerships?: Observation['partnerships'];
  private cachedProviders?: Observation['providers'];
  private cachedLaunches?: Observation['pendingLaunches'];

  constructor(private readonly w: WorldInternals, private readonly a: number, spec: Plan['agents'][number]) {
    this.agent = spec.id;
    this.roles = spec.roles;
    this.markets = w.markets.filter((m) => m.slotOf[a] >= 0).map((m) => new AgentMarketView(w, m, m.slotOf[a]));
  }

  update(step: number, decideStep: number, lookback: number): void {
    this.at = step;
    this.step = decideStep;
    this.ownAICapability = this.w.ownAI[this.a];
    const markets = this.markets;
    for (let i = 0; i < markets.length; i++) markets[i].update(step, lookback);
    this.forgetLists();
  }

  get date(): string {
    return this.w.plan.dates[Math.min(this.step, this.w.plan.horizon)];
  }

  /** Drops the lists computed so far, so the next read sees new deals and launches. */
  forgetLists(): void {
    this.cachedPartnerships = this.cachedProviders = this.cachedLaunches = undefined;
  }

  get partnerships(): Observation['partnerships'] {
    const { w, a } = this;
    if (!this.cachedPartnerships) {
      const list: Array<Observation['partnerships'][number]> = [];
      for (const p of w.partnerships) {
        if (p.deviceMaker !== a && p.provider !== a) continue;
        list.push({ id: p.id, deviceMaker: w.plan.agents[p.deviceMaker].id, provider: w.plan.agents[p.provider].id, status: p.status === 'pending' ? 'planned' : p.status });
      }
      this.cachedPartnerships = list;
    }
    return this.cachedPartnerships;
  }

  get providers(): Observation['providers'] {
    const { w, a } = this;
    const fit = w.plan.attributes.indexOf('regulatoryFit'), trust = w.plan.attributes.indexOf('privacyTrust');
    const value = (b: number, k: number) => (k < 0 ? 0 : w.baseAttr[b * w.nK + k] + w.attrMod[b * w.nK + k]);
    return (this.cachedProviders ??= w.plan.agents.flatMap((b, i) => (i !== a && b.roles.includes('aiProvider') && w.homeMarket[i] >= 0
      ? [{
        id: b.id, aiCapability: w.ownAI[i], regulatoryFit: value(i, fit), privacyTrust: value(i, trust),
        deviceMarkets: w.markets.filter((m) => m.kind === 'devices' && m.slotOf[i] >= 0 && m.active[m.slotOf[i]] === 1).map((m) => m.plan.id),
      }]
      : [])));
  }

  get pendingLaunches(): Observation['pendingLaunches'] {
    if (!this.cachedLaunches) {
      const list: Array<Observation['pendingLaunches'][number]> = [];
      for (const l of this.w.launches) if (l.agent === this.a && l.month > this.at) list.push({ id: l.id, month: l.month });
      this.cachedLaunches = list;
    }
    return this.cachedLaunches;
  }
}
