/**
 * The runtime state of one world: the types of what a run holds (launches,
 * partnerships, shocks, effects, subsidies, each market's arrays) and their
 * allocation. Every field is declared here, once; the mechanisms
 * (`devices.ts`, `assistants.ts`, `events.ts`, …) read and write them.
 */
import type { PlanAssistantMarket, PlanDeviceMarket, PlanMarket } from '../plan.js';
import { AI, ASSISTANT_APPEAL, REACH } from '../plan.js';
import type { MarketSeries } from '../result.js';
import type { TycheI } from '../../random/source.js';

/** A sampled ramp. */
export type Ramp = { kind: 'bass'; p: number; q: number } | { kind: 'linear'; months: number } | { kind: 'immediate' };

/** An AI launch or investment; `settled` once its full gain is folded into the agent's settled AI. */
export interface Launch { id: string; agent: number; markets: number[] | null; month: number; gain: number; ramp: Ramp; logged: boolean; settled: boolean }

/** Status of a partnership: `pending` is declared but not yet announced. */
export type PartnershipStatus = 'pending' | 'announced' | 'approved' | 'rejected' | 'live';

/** A partnership of one run, declared or made by a policy. */
export interface Partnership {
  id: string; deviceMaker: number; provider: number; deviceMarket: number; assistantMarket: number;
  announce: number; decision: number; approved: boolean; goLive: number;
  integration: number; privacy: number; visibility: number; adoption: number; ramp: Ramp;
  status: PartnershipStatus;
  /**
   * Its ramp at the current step while live, `rampAt(ramp, t + 1 − goLive)`:
   * computed once a step by `updatePartnershipsAndCapacity`, read by the
   * device and assistant attributes of the same step.
   */
  rampNow: number;
}

/** A declared shock of one run: one-off at `month` or at random with `hazard`. */
export interface Shock {
  id: string; agents: number[]; attr: number; market: number; change: number;
  month?: number; hazard?: number; decay: number; fired: boolean; stream?: TycheI;
}

/** A decaying additive effect on an attribute (or on utility, attr = UTILITY); `level` is its value this step (amount × decay^(t − start)). */
export interface Effect { agent: number; attr: number; market: number; level: number; decay: number }

/** An entry or exit of one run. */
export interface Membership {
  id: string; type: 'entry' | 'exit'; agent: number; market: number; month: number; choiceShare: number; loyalty?: number; done: boolean;
}

/** A subsidy of one run: the tiers' utility lift while `from ≤ t ≤ to`. */
export interface Subsidy {
  id: string; market: number; tiers: number[]; utility: number; demandBoost: number; from: number; to: number; started: boolean; ended: boolean;
}

/** What both market kinds hold. */
interface MarketStateBase {
  index: number;
  n: number;
  /** Agent of each slot. */
  agents: Int32Array;
  /** Slot of each agent in this market, −1 if absent. */
  slotOf: Int32Array;
  active: Uint8Array;
  loyalty: Float64Array;
  baseWeights: Float64Array;
  weights: Float64Array;
  drift: Array<{ attr: number; perMonth: number; limit?: number }>;
  /** Used attributes other than the computed ones whose weights never drift, and those whose weights drift. */
  fixedAttrs: Int32Array;
  movingAttrs: Int32Array;
  usesAI: boolean;
  usesReach: boolean;
  usesAppeal: boolean;
  /** This run's Σ w_k x_k over the fixed attributes, before effects, per slot. */
  fixedU: Float64Array;
  /** The two best AI capabilities among active slots (for observations), at step `topStep` of this run (−1: not computed). */
  topStep: number; top1: number; top1Slot: number; top2: number;
  rho: number;
  innovation: number;
  eps: Float64Array;
  /** Each slot's utility this month (devices: the brand's utility before tier terms). */
  util: Float64Array;
  utilMod: Float64Array;
  utilModDirty: boolean;
  aiBonusDirty: boolean;
  /** AI gains of launches restricted to this market, per slot. */
  aiBonus: Float64Array;
  /** Computed AI capability per slot (devices: own or the best partner's; assistants: after service quality). */
  attrAI: Float64Array;
  /** Headline share per slot (devices: sales share; assistants: share of use). */
  share: Float64Array;
  /** This run's loyalty inputs: fixed loyalties, repurchase rates, the default. */
  loyaltyFixed: Array<number | undefined>; repurchase: Array<number | undefined>; defaultLoyalty: number;
  series: MarketSeries;
}

/** A device market's state: installed bases by brand and tier, the nested logit over tiers. */
export interface DeviceMarketState extends MarketStateBase {
  kind: 'devices';
  plan: PlanDeviceMarket;
  /** Number of price tiers (1: a plain logit). */
  K: number;
  /** Intercept of each brand in each tier, `alpha[j * K + τ]` (−Infinity where the brand sells nothing). */
  alpha: Float64Array;
  /** Utility terms of whole tiers this month (subsidies), per tier. */
  tierUtil: Float64Array;
  /** Within-tier choice probabilities, `condProb[j * K + τ]`, and each tier's inclusive value. */
  condProb: Float64Array;
  inclusive: Float64Array;
  /** Tier choice of a free chooser from tier s (rows 0…K−1) or a first-time buyer (row K): `tierProb[s * K + τ]`. */
  tierProb: Float64Array;
  /** Σ_τ tierProb[s, τ] condProb[j, τ]: where a free chooser from tier s ends, `destination[s * n + j]`. */
  destination: Float64Array;
  /** Tier stickiness γ, nest dissimilarity λ, price sensitivity. */
  gamma: number; lambda: number; priceSensitivity: number;
  /** Product-calendar lift of each slot at each step, `lift[j * (H + 1) + t]`; undefined when no agent has a calendar. */
  lift?: Float64Array;
  /** The calendar's lift at typical strength by calendar month, `liftCal[j * 12 + month]` (for the start and seasonal adjustment). */
  liftCal?: Float64Array;
  /** The calibrated seasonal share pattern, `seasonal[j * 12 + month]`, for seasonally adjusted observations. */
  seasonal?: Float64Array;
  units: number; unitsNow: number; season: Float64Array; growth: number; monthlyGrowth: number; demandBoost: number;
  /** Installed base and this month's replacing users' origin, `[j * K + τ]`. */
  base: Float64Array; origin: Float64Array;
  invCycle: Float64Array;
  /** Sales share by brand and tier, `[j * K + τ]`. */
  shareTier: Float64Array;
  /** This month's buyers moving from brand k to brand j (millions), `flows[k * n + j]`. */
  flows: Float64Array;
  /** The starting sales split by tier of each slot. */
  tierShares: Float64Array;
}

/** An assistant market's state: people using assistants, each provider's trial and habitual users. */
export interface AssistantMarketState extends MarketStateBase {
  kind: 'assistants';
  plan: PlanAssistantMarket;
  alpha: Float64Array;
  /** People using any assistant (millions), the potential, Bass coefficients. */
  users: number; potential: number; bassP: number; bassQ: number;
  habitRate: number; trialChurn: number; habitChurn: number; qualitySensitivity: number; trialUsage: number; adoptionElasticity: number;
  /** Each provider's users on trial and by habit (millions). */
  trial: Float64Array; habit: Float64Array;
  /** Monthly trial rate of each provider (share of people not yet using it who try it), and their sum at the start. */
  attention: Float64Array; attention0: number;
  /** Users credited to each provider's brand and served by its cloud (own plus partners'). */
  credited: Float64Array; served: Float64Array;
  /** Each provider's channel audience (weighted, millions) in this run. */
  channelAudience: Float64Array;
  reachFrom: number; defaultFrom: Int32Array;
  peakConcurrency: number; elasticity: number; outageHazard: number; outageSeverity: number;
}

/** A market's state. */
export type MarketState = DeviceMarketState | AssistantMarketState;

/**
 * The attributes a market uses (weighted at some point): the fixed ones
 * (computed once a run) and the moving ones (drifting weights).
 */
function attributeSets(m: PlanMarket): Pick<MarketStateBase, 'fixedAttrs' | 'movingAttrs' | 'usesAI' | 'usesReach' | 'usesAppeal'> {
  const used = new Set<number>();
  m.weights.forEach((w, k) => { if (w !== 0) used.add(k); });
  for (const d of m.drift) used.add(d.attr);
  const computed = (k: number) => k === AI || k === REACH || k === ASSISTANT_APPEAL;
  const drifting = (k: number) => m.drift.some((d) => d.attr === k);
  const sorted = (f: (k: number) => boolean) => Int32Array.from([...used].filter(f).sort((a, b) => a - b));
  return {
    fixedAttrs: sorted((k) => !computed(k) && !drifting(k)),
    movingAttrs: sorted((k) => !computed(k) && drifting(k)),
    usesAI: used.has(AI), usesReach: used.has(REACH), usesAppeal: used.has(ASSISTANT_APPEAL),
  };
}

function baseState(m: PlanMarket, index: number, nAgents: number, series: MarketSeries): MarketStateBase {
  const n = m.participants.length;
  return {
    index, n, agents: Int32Array.from(m.participants, (p) => p.agent),
    slotOf: Int32Array.from({ length: nAgents }, (_, a) => m.participants.findIndex((p) => p.agent === a)),
    active: new Uint8Array(n), loyalty: new Float64Array(n),
    baseWeights: m.weights.slice(), weights: m.weights.slice(), drift: [],
    ...attributeSets(m),
    fixedU: new Float64Array(n), topStep: -1, top1: 0, top1Slot: -1, top2: 0,
    rho: 0, innovation: 0,
    eps: new Float64Array(n), util: new Float64Array(n), utilMod: new Float64Array(n), aiBonus: new Float64Array(n), attrAI: new Float64Array(n),
    share: new Float64Array(n),
    utilModDirty: false, aiBonusDirty: false,
    loyaltyFixed: [], repurchase: [], defaultLoyalty: 0,
    series,
  };
}

/**
 * Allocates a device market's state for a world of `nAgents` agents and `horizon` steps.
 *
 * @example
 * allocateDeviceMarket(plan.markets[0] as PlanDeviceMarket, 0, plan.agents.length, series).K; // => 2
 */
export function allocateDeviceMarket(m: PlanDeviceMarket, index: number, nAgents: number, series: MarketSeries): DeviceMarketState {
  const n = m.participants.length, K = m.tiers.length;
  const tierShares = new Float64Array(n * K);
  m.participants.forEach((p, j) => tierShares.set(p.tierShares, j * K));
  return {
    ...baseState(m, index, nAgents, series), kind: 'devices', plan: m, K,
    alpha: new Float64Array(n * K), tierUtil: new Float64Array(K), condProb: new Float64Array(n * K), inclusive: new Float64Array(K),
    tierProb: new Float64Array((K + 1) * K), destination: new Float64Array((K + 1) * n),
    gamma: 0, lambda: 1, priceSensitivity: 0,
    lift: undefined, liftCal: undefined, seasonal: undefined,
    units: 0, unitsNow: 0, season: new Float64Array(12).fill(1), growth: 0, monthlyGrowth: 0, demandBoost: 0,
    base: new Float64Array(n * K), origin: new Float64Array(n * K), invCycle: new Float64Array(n),
    shareTier: new Float64Array(n * K), flows: new Float64Array(n * n), tierShares,
  };
}

/**
 * Allocates an assistant market's state.
 *
 * @example
 * allocateAssistantMarket(plan.markets[1] as PlanAssistantMarket, 1, plan.agents.length, series).kind; // => 'assistants'
 */
export function allocateAssistantMarket(m: PlanAssistantMarket, index: number, nAgents: number, series: MarketSeries): AssistantMarketState {
  const n = m.participants.length;
  return {
    ...baseState(m, index, nAgents, series), kind: 'assistants', plan: m,
    alpha: new Float64Array(n),
    users: 0, potential: 0, bassP: 0, bassQ: 0,
    habitRate: 0, trialChurn: 0, habitChurn: 0, qualitySensitivity: 0, trialUsage: 1, adoptionElasticity: 0,
    trial: new Float64Array(n), habit: new Float64Array(n), attention: new Float64Array(n), attention0: 0,
    credited: new Float64Array(n), served: new Float64Array(n), channelAudience: new Float64Array(n),
    reachFrom: m.reachFrom, defaultFrom: new Int32Array(0),
    peakConcurrency: 0, elasticity: 0, outageHazard: 0, outageSeverity: 0,
  };
}
