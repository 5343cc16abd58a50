/**
 * The declared model's markets: device markets (sales, installed bases,
 * price tiers) and AI-assistant markets (adoption, habits, channels,
 * capacity), and each agent's place in them at the start.
 */
import type { Numeric } from '../../random/distributions.js';

/**
 * One agent's place in a market at the start.
 *
 * @example
 * const p: ParticipantSpec = { agent: 'apple', initialShare: 0.155, repurchaseRate: 0.528 };
 */
export interface ParticipantSpec {
  /** The agent's id. */
  agent: string;
  /** Starting share (devices: share of sales; assistants: share of the providers' monthly users); shares sum to 1. */
  initialShare: number;
  /** Devices: fraction of its replacing users who buy it again without a fresh choice. Solved from `repurchaseRate` when that is given. Not used in assistant markets. */
  loyalty?: Numeric;
  /** Devices: share of its replacing users who buy it again (e.g. QuestMobile's repurchase rate); loyalty is solved from it. Not used in assistant markets. */
  repurchaseRate?: Numeric;
  /** Devices: this brand's replacement cycle in months (default: the market's). */
  replacementCycleMonths?: Numeric;
  /** Devices: the brand's installed base (users, millions) at the start; its replacement cycle is then solved from it. */
  installedBase?: Numeric;
  /** Utility intercept; normally left out and solved so that the model reproduces the starting shares. */
  intercept?: number;
  /**
   * Devices with price tiers: the fraction of the brand's sales in each tier
   * (keys are the market's tier ids; fractions sum to 1), e.g.
   * `{ mass: 0.2, premium: 0.8 }` for a premium brand. Its installed base
   * starts split the same way.
   */
  tierShares?: Record<string, number>;
  /** Assistants: the share of its starting users still on trial (default: the market's `trialFraction`), e.g. high for an app launched weeks before. */
  trialFraction?: Numeric;
}

/**
 * Linear drift of one utility weight, per month, optionally bounded.
 *
 * @example
 * const aiRising: WeightDriftSpec = { perMonth: 0.03, limit: 1.5 };
 */
export interface WeightDriftSpec {
  /** Change of the weight per month. */
  perMonth: Numeric;
  /** The weight stops at this value (a ceiling when rising, a floor when falling). */
  limit?: number;
}

/**
 * Persistent random utility shocks: AR(1) with the given persistence and
 * stationary standard deviation, one per participant.
 *
 * @example
 * const shocks: ShockProcessSpec = { persistence: 0.8, sd: 0.05 };
 */
export interface ShockProcessSpec {
  /** AR(1) coefficient in [0, 1). */
  persistence: Numeric;
  /** Stationary standard deviation of the shock (utility units). */
  sd: Numeric;
}

interface MarketSpecBase {
  /** Unique id, e.g. `phones`. */
  id: string;
  /** Display name. */
  name: string;
  /**
   * Utility weight of each attribute (a number, a distribution or an
   * expression over the parameters, e.g. consumers' uncertain weight on AI).
   * `aiCapability`, `reach` (assistants) and `assistantAppeal` (devices) are computed attributes.
   */
  weights: Record<string, Numeric>;
  /** Drifting weights, e.g. consumers' weight on AI rising. */
  weightDrift?: Record<string, WeightDriftSpec>;
  /** Devices: loyalty of participants that give neither loyalty nor repurchase rate. Default 0.3. Assistants: only sets the legacy default of `habitChurn` with `reconsiderationRate`. */
  defaultLoyalty?: Numeric;
  /** AR(1) utility shocks. Default none. */
  shocks?: ShockProcessSpec;
  /** Participants and their starting state. */
  participants: ParticipantSpec[];
}

/**
 * A device market (smartphones): sales to replacing users, installed base.
 *
 * @example
 * const phones: DeviceMarketSpec = {
 *   kind: 'devices', id: 'phones', name: 'Smartphones (China)',
 *   unitsPerYear: 286.2, replacementCycleMonths: 40,
 *   weights: { brand: 1, aiCapability: 0.5 },
 *   participants: [{ agent: 'apple', initialShare: 0.5 }, { agent: 'others', initialShare: 0.5 }],
 * };
 */
export interface DeviceMarketSpec extends MarketSpecBase {
  kind: 'devices';
  /** Units sold per year (millions) at the start. */
  unitsPerYear: Numeric;
  /** Twelve multipliers of monthly units, January first, averaging 1 (e.g. the 618 and Singles' Day peaks). Default flat. */
  seasonality?: number[];
  /** Relative change of yearly units per year. Default 0. */
  growthPerYear?: Numeric;
  /** Default replacement cycle in months. */
  replacementCycleMonths: Numeric;
  /**
   * Price tiers (at least two to matter), e.g. under and over a subsidy
   * cap: buyers choose a tier, then a brand within it (a nested logit whose
   * nests are the tiers), and tend to stay in the tier they come from.
   * Every participant then gives `tierShares`. Default: one tier (a plain logit).
   */
  tiers?: PriceTierSpec[];
  /** Utility bonus of a buyer's own tier over the others (γ ≥ 0): how strongly buyers stay in their tier. Default 2. */
  tierStickiness?: Numeric;
  /** Dissimilarity λ of the tier nests, (0, 1]: 1 is a plain logit, lower means brands within a tier substitute more. Default 0.7. */
  nestDissimilarity?: Numeric;
  /** Utility per unit of log price (price elasticity of the tier choice), used by subsidies. Default 2. */
  priceSensitivity?: Numeric;
}

/**
 * A price tier of a device market.
 *
 * @example
 * const mass: PriceTierSpec = { id: 'mass', name: 'Under RMB 6,000' };
 */
export interface PriceTierSpec {
  /** Tier id, e.g. `mass` or `premium`. */
  id: string;
  /** Display name. */
  name?: string;
}

/**
 * An AI-assistant market: people adopt assistants (Bass diffusion toward a
 * potential, pulled by the market's attention); each provider's monthly
 * users are on trial or by habit, trials come from its appeal (a hazard per
 * app, so people may use several), trial users form a habit or drop the
 * app, habitual users drop it when better apps exist.
 *
 * @example
 * const assistants: AssistantMarketSpec = {
 *   kind: 'assistants', id: 'assistants', name: 'AI assistants',
 *   initialUsers: 249, potential: 880, bass: { p: 0.0025, q: 0.032 },
 *   habitRate: 0.2, trialChurn: 0.4, weights: { aiCapability: 2, reach: 1 },
 *   participants: [{ agent: 'alibaba', initialShare: 0.1 }, { agent: 'others', initialShare: 0.9 }],
 * };
 */
export interface AssistantMarketSpec extends MarketSpecBase {
  kind: 'assistants';
  /** People using any assistant at the start (millions), e.g. CNNIC's generative-AI users. */
  initialUsers: Numeric;
  /** Market potential (millions of people). */
  potential: Numeric;
  /** Monthly Bass coefficients of innovation `p` and imitation `q` of the population of users. */
  bass: { p: Numeric; q: Numeric };
  /**
   * Apps used per person at the start (multi-homing, ≥ 1): the providers'
   * starting monthly users are `initialShare × initialUsers × multiHoming`.
   * Default 1.
   */
  multiHoming?: Numeric;
  /** Share of each provider's starting users still on trial (not yet a habit). Default 0.3. */
  trialFraction?: Numeric;
  /** Share of trial users a month who make the app a habit, at the market's mean capability. Default 0.25. */
  habitRate?: Numeric;
  /** Share of trial users a month who drop the app. Default 0.35. */
  trialChurn?: Numeric;
  /** Share of habitual users a month who drop the app, at the market's best capability. Default `reconsiderationRate × (1 − defaultLoyalty)` if those are given, else 0.04. */
  habitChurn?: Numeric;
  /** How strongly habit formation and churn follow capability gaps (per unit of capability). Default 2. */
  qualitySensitivity?: Numeric;
  /** Use of a trial user relative to a habitual user, for the share of use. Default 0.3. */
  trialUsage?: Numeric;
  /** Elasticity of new people's adoption to the market's total attention (surges pull people in). Default 1. */
  adoptionElasticity?: Numeric;
  /** Distribution channels (Douyin for Doubao, WeChat for Yuanbao, …): audiences that give their provider reach. */
  channels?: ChannelSpec[];
  /** Legacy: fraction of users reconsidering each month (sets the default habit churn with `defaultLoyalty`). */
  reconsiderationRate?: Numeric;
  /** The device market whose installed base gives providers reach. Default: the landscape's first device market. */
  reachFrom?: string;
  /** Concurrency and overload behaviour. */
  capacity?: CapacityBehaviourSpec;
}

/**
 * A distribution channel of an AI assistant: an app or service whose
 * audience sees the assistant (a super-app entry, a search box, a browser).
 *
 * @example
 * const douyin: ChannelSpec = { id: 'douyin', provider: 'bytedance', audience: 750, weight: 0.3 };
 */
export interface ChannelSpec {
  /** Channel id, e.g. `douyin`. */
  id: string;
  /** The AI provider it promotes. */
  provider: string;
  /** Monthly audience, millions. */
  audience: Numeric;
  /** How much of that audience counts as reach (0–1). Default 1. */
  weight?: Numeric;
}

/**
 * How concurrent demand meets capacity: the peak share of served users online
 * at once; over capacity, quality falls as `load^-elasticity` and an outage
 * happens in a month with probability `1 - exp(-outageHazard * (load - 1))`.
 *
 * @example
 * const c: CapacityBehaviourSpec = { peakConcurrency: 0.05, elasticity: 1, outageHazard: 2, outageSeverity: 0.5 };
 */
export interface CapacityBehaviourSpec {
  /** Share of served users online at the peak. */
  peakConcurrency?: Numeric;
  /** Quality loss exponent over capacity. */
  elasticity?: Numeric;
  /** Outage hazard per unit of excess load per month. */
  outageHazard?: Numeric;
  /** Fraction of quality lost in an outage month. */
  outageSeverity?: Numeric;
}

/** A market: devices or assistants. */
export type MarketSpec = DeviceMarketSpec | AssistantMarketSpec;
