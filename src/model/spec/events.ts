/**
 * The declared model's events: AI launches, partnerships, shocks, entries,
 * exits and subsidies, and the months and ramps they use.
 */
import type { Numeric } from '../../random/distributions.js';

/** A month: a step index from the landscape's start (0 = start month, may be fractional, uncertain or an expression) or a `'YYYY-MM'` date. */
export type MonthSpec = Numeric | string;

/**
 * Adoption ramp after a launch or go-live: Bass (monthly p, q), linear over
 * `months`, or immediate.
 *
 * @example
 * const fast: RampSpec = { kind: 'bass', p: 0.15, q: 0.6 };
 * const sixMonths: RampSpec = { kind: 'linear', months: 6 };
 */
export type RampSpec =
  | { kind: 'bass'; p: Numeric; q: Numeric }
  | { kind: 'linear'; months: Numeric }
  | { kind: 'immediate' };

/**
 * An AI launch: the agent's AI capability rises by `capabilityGain`,
 * following the ramp from `month`.
 *
 * @example
 * const r1: AILaunchEvent = { type: 'aiLaunch', agent: 'deepseek', month: 0, capabilityGain: 0.25, ramp: { kind: 'bass', p: 0.2, q: 0.8 } };
 */
export interface AILaunchEvent {
  type: 'aiLaunch';
  /** Unique id; default `launch:<agent>` (with a suffix when repeated). */
  id?: string;
  agent: string;
  /** Markets where the gain applies (default: all the agent's markets, and partners' devices). */
  markets?: string[];
  /** Launch month. */
  month: MonthSpec;
  /** Added AI capability at full ramp. */
  capabilityGain: Numeric;
  /** Ramp of the gain. Default immediate. */
  ramp?: RampSpec;
}

/**
 * A partnership: the device maker ships the provider's AI. It is announced,
 * reviewed by the regulator (approved with `approvalProbability` after
 * `reviewMonths`), then goes live after `goLiveDelayMonths`. Live, the device
 * maker's AI is the provider's capability × integration quality × privacy cap
 * × service quality; the provider serves `adoption` of the device maker's
 * installed base and is credited with `visibility` of that usage.
 *
 * @example
 * const deal: PartnershipEvent = {
 *   type: 'partnership', deviceMaker: 'apple', provider: 'alibaba', announceMonth: 1,
 *   approvalProbability: 0.8, reviewMonths: { dist: 'triangular', min: 2, mode: 4, max: 9 },
 *   integrationQuality: 0.85, privacyCap: 0.9, visibility: 0.3, adoption: 0.5,
 * };
 */
export interface PartnershipEvent {
  type: 'partnership';
  /** Unique id; default `<deviceMaker>+<provider>`. */
  id?: string;
  deviceMaker: string;
  provider: string;
  /** Month of announcement / submission to the regulator. */
  announceMonth: MonthSpec;
  /** Probability that the regulator approves. */
  approvalProbability: Numeric;
  /** Months from announcement to the regulator's decision. Default 0. */
  reviewMonths?: Numeric;
  /** Months from approval to go-live. Default 0. */
  goLiveDelayMonths?: Numeric;
  /** Fraction of the provider's capability the integration delivers, [0, 1]. */
  integrationQuality: Numeric;
  /** Fraction of capability left under the privacy constraint on device users' data, [0, 1]. Default 1. */
  privacyCap?: Numeric;
  /** Share of the served usage credited to the provider's own brand, [0, 1]. */
  visibility: Numeric;
  /** Fraction of the device maker's installed base using the AI at full ramp, [0, 1]. */
  adoption: Numeric;
  /** Ramp after go-live. Default linear over 6 months. */
  ramp?: RampSpec;
  /** The device market (default: the first). */
  deviceMarket?: string;
  /** The assistant market (default: the first). */
  assistantMarket?: string;
}

/**
 * A shock: a change of an attribute (or directly of utility) of chosen
 * agents, once at `month` or at random with `hazardPerMonth`, decaying with
 * `halfLifeMonths` (permanent when absent).
 *
 * @example
 * const crackdown: ShockEvent = { type: 'shock', agents: ['deepseek'], attribute: 'regulatoryFit', change: -0.3, month: 6, halfLifeMonths: 12 };
 * const priceWars: ShockEvent = { type: 'shock', agents: ['xiaomi', 'honor'], market: 'phones', change: 0.2, hazardPerMonth: 0.05, halfLifeMonths: 3 };
 */
export interface ShockEvent {
  type: 'shock';
  /** Unique id; default `shock`, then `shock#2`, `shock#3`, … */
  id?: string;
  /** Targets (agent ids). */
  agents: string[];
  /** Attribute to change; default `utility` (added to utility directly). */
  attribute?: string;
  /** Restrict a utility shock to one market (default: all the agents' markets). */
  market?: string;
  /** Additive change at impact. */
  change: Numeric;
  /** Month of a one-off shock. */
  month?: MonthSpec;
  /** Probability per month of a random shock (instead of `month`). */
  hazardPerMonth?: Numeric;
  /** Half-life of the effect in months; absent = permanent. */
  halfLifeMonths?: Numeric;
}

/**
 * An agent enters a market at `month`, winning `choiceShare` of the free choices (devices) or of the attention (assistants) at entry.
 *
 * @example
 * const e: EntryEvent = { type: 'entry', agent: 'newco', market: 'assistants', month: 6, choiceShare: 0.05 };
 */
export interface EntryEvent {
  type: 'entry';
  id?: string;
  agent: string;
  market: string;
  month: MonthSpec;
  /** Devices: its share of each tier's free choosers at entry; assistants: its part of the market's attention (summed trial rates) at entry. Sets its intercept. Default 0.05. */
  choiceShare?: Numeric;
  /** Devices: its loyalty in that market. Default: the active brands' average. Not used in assistant markets. */
  loyalty?: Numeric;
  /** Device markets with price tiers: the fraction of its sales in each tier. Default: even. */
  tierShares?: Record<string, number>;
  /** Not used: an entrant starts with no users (the compiler ignores this field; scenario files reject it). */
  trialFraction?: Numeric;
}

/**
 * An agent leaves a market at `month`: it sells nothing more, its users must choose again.
 *
 * @example
 * const x: ExitEvent = { type: 'exit', agent: 'others', market: 'phones', month: 12 };
 */
export interface ExitEvent {
  type: 'exit';
  id?: string;
  agent: string;
  market: string;
  month: MonthSpec;
}

/**
 * A price subsidy on device tiers (e.g. China's 2025 trade-in subsidy of
 * 15 % on phones under RMB 6,000): while active, phones in the covered
 * tiers are `priceCut` cheaper, which raises their tier's utility by
 * `priceSensitivity × −ln(1 − priceCut)`, and the month's replacements rise
 * by `demandBoost`.
 *
 * @example
 * const tradeIn: SubsidyEvent = { type: 'subsidy', market: 'phones', tiers: ['mass'], priceCut: 0.12, month: '2025-01', endMonth: '2025-12' };
 */
export interface SubsidyEvent {
  type: 'subsidy';
  /** Unique id; default `subsidy` (with a suffix when repeated). */
  id?: string;
  /** The device market. */
  market: string;
  /** Tiers covered (their ids). */
  tiers: string[];
  /** Effective price cut, a fraction in [0, 0.9]. */
  priceCut: Numeric;
  /** First month. */
  month: MonthSpec;
  /** Last month (inclusive); absent = to the horizon. */
  endMonth?: MonthSpec;
  /** Relative rise of the month's replacements while active (pulled-forward purchases). Default 0. */
  demandBoost?: Numeric;
}

/** Any scenario event. */
export type EventSpec = AILaunchEvent | PartnershipEvent | ShockEvent | EntryEvent | ExitEvent | SubsidyEvent;
