/**
 * The declared model: what users write. A {@link ScenarioSpec} holds a
 * {@link LandscapeSpec} (agents and markets) and a list of events; it is
 * validated and compiled by `compileScenario`, then instantiated per run.
 */
import type { Numeric } from '../random/distributions.js';
import type { Policy, PolicySpec } from './policy-types.js';

/** A month: a step index from the landscape's start (0 = start month, may be fractional, uncertain or an expression) or a `'YYYY-MM'` date. */
export type MonthSpec = Numeric | string;

/** What an agent does: make devices, provide AI assistants, or both. */
export type Role = 'deviceMaker' | 'aiProvider';

/**
 * A company. Attributes are scores (conventionally 0–1) that feed consumer
 * utility through each market's weights; any of them may be uncertain.
 *
 * @example
 * const apple: AgentSpec = {
 *   id: 'apple', name: 'Apple', roles: ['deviceMaker'],
 *   attributes: { brand: 0.9, aiCapability: 0, privacyTrust: 0.8, regulatoryFit: 0.4 },
 *   productCycle: { launchMonth: 9, lift: 0.35, halfLifeMonths: 2 },
 * };
 */
export interface AgentSpec {
  /** Unique id, lower-case kebab, e.g. `apple`. */
  id: string;
  /** Display name, e.g. `Apple`. */
  name: string;
  /** Device maker, AI provider or both. */
  roles: Role[];
  /** Named attribute scores (brand, hardware, price, ecosystem, aiCapability, privacyTrust, regulatoryFit, …). */
  attributes?: Record<string, Numeric>;
  /** Strategic agents are the focus of the study; others are named players with simple policies. */
  strategic?: boolean;
  /** The agent's policy (a function object or a declarative `{ kind: … }`); several run in order. */
  policy?: Policy | PolicySpec | Array<Policy | PolicySpec>;
  /** AI providers: cloud capacity in millions of concurrent users (unlimited when absent). */
  capacity?: CapacitySpec;
  /**
   * Device makers: the product calendar — each yearly launch (flagship or
   * series) with its calendar month, utility lift and decay. Replaces
   * `productCycle` (which is read as one launch).
   */
  launches?: ProductLaunchSpec[];
  /**
   * Device makers: year-to-year variation of each launch's strength: the
   * lift of year y is `lift × exp(sd z − sd²/2)`, z standard normal drawn per
   * launch and calendar year (its mean is `lift`). Default 0 (every year alike).
   */
  launchStrengthSd?: Numeric;
  /** Device makers: one yearly launch (read as `launches: [{ month: launchMonth, lift, halfLifeMonths }]`). */
  productCycle?: ProductCycleSpec;
  /** Device makers: the AI provider whose assistant ships on its devices by default. */
  defaultAssistant?: string;
}

/**
 * One launch of a device maker's product calendar: every year in calendar
 * month `month` its utility rises by `lift`, halving every `halfLifeMonths`
 * until the next year's launch.
 *
 * @example
 * const mate: ProductLaunchSpec = { name: 'Mate', month: 9, lift: 0.3, halfLifeMonths: 3 };
 */
export interface ProductLaunchSpec {
  /** Calendar month of the launch (sales start), 1–12. */
  month: number;
  /** Utility lift in the launch month at typical strength. */
  lift: Numeric;
  /** Months for the lift to halve. */
  halfLifeMonths: Numeric;
  /** The product line, e.g. `iPhone`, `Mate`, `Pura` (for reports). */
  name?: string;
}

/**
 * Cloud capacity of an AI provider.
 *
 * @example
 * const capacity: CapacitySpec = { concurrentUsers: 12, growthPerMonth: 0.03 };
 */
export interface CapacitySpec {
  /** Concurrent users it can serve at full quality, in millions. */
  concurrentUsers: Numeric;
  /** Relative capacity growth per month (0.03 = +3 %/month). Default 0. */
  growthPerMonth?: Numeric;
}

/**
 * A device maker's yearly flagship launch: a utility lift in its launch month
 * that halves every `halfLifeMonths`.
 *
 * @example
 * const iphone: ProductCycleSpec = { launchMonth: 9, lift: 0.4, halfLifeMonths: 2 };
 */
export interface ProductCycleSpec {
  /** Calendar month of the launch, 1–12 (9 = September). */
  launchMonth: number;
  /** Utility lift in the launch month. */
  lift: Numeric;
  /** Months for the lift to halve. */
  halfLifeMonths: Numeric;
}

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

/**
 * The world at the start: agents, markets, and the calendar.
 *
 * @example
 * const landscape = chinaLandscape();
 * landscape.start; // => '2025-01'
 */
export interface LandscapeSpec {
  /** First month, `'YYYY-MM'`. */
  start: string;
  /** All agents (ids unique). */
  agents: AgentSpec[];
  /** All markets (ids unique). */
  markets: MarketSpec[];
  /** Where the figures come from (free text, shown in reports). */
  sources?: string[];
  /**
   * Named inputs of the landscape (numbers or distributions: the
   * distributions are their priors), sampled first in each run and used by
   * expressions anywhere in the scenario, as the scenario's `parameters`
   * are (a scenario parameter of the same name replaces one of these).
   * Calibration fits them (`calibrate`).
   */
  parameters?: Record<string, Numeric>;
  /** What each landscape parameter means and where its prior comes from. */
  parameterNotes?: Record<string, string>;
}

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

/**
 * A scenario: a landscape, a horizon and events.
 *
 * @example
 * const s: ScenarioSpec = {
 *   id: 'deal', landscape: chinaLandscape(), horizon: 36,
 *   events: [{ type: 'partnership', deviceMaker: 'apple', provider: 'alibaba', announceMonth: 1,
 *              approvalProbability: 0.8, reviewMonths: 4, integrationQuality: 0.85, visibility: 0.3, adoption: 0.5 }],
 * };
 */
export interface ScenarioSpec {
  /** Kebab-case id. */
  id: string;
  /** Title. */
  name?: string;
  /** What the scenario assumes and why. */
  description?: string;
  /** Named parameters (numbers or distributions, sampled once per run) that expressions may use. */
  parameters?: Record<string, Numeric>;
  /** The starting world. */
  landscape: LandscapeSpec;
  /** Months simulated after the start. Default 36. */
  horizon?: number;
  /** Events. */
  events?: EventSpec[];
  /** Switches for experiments: turn off random shocks (`noise: false`) or policies (`policies: false`). */
  switches?: { noise?: boolean; policies?: boolean };
  /** Custom output metrics, computed from each run's series (see {@link CustomMetricSpec}). */
  metrics?: CustomMetricSpec[];
}

/**
 * A custom output metric: an expression evaluated for each agent of
 * `market` at each step of each run, recorded beside the built-in metrics
 * (in `RunResult`, summaries and CSV). Its names are the market's metrics
 * (the agent's own value: `share`, `users`, `servedUsers`, …), `<metric>_<agent>`
 * for any agent of the market (non-alphanumerics in ids replaced by `_`),
 * `step`, and the scenario's parameters.
 *
 * @example
 * const partnerUsers: CustomMetricSpec = { id: 'partnerUsers', market: 'assistants', expr: 'servedUsers - ownUsers' };
 * const gap: CustomMetricSpec = { id: 'appleLead', market: 'phones', expr: 'share_apple - share_huawei' };
 */
export interface CustomMetricSpec {
  /** Metric name: letters, digits, `_` and `-`, starting with a letter; not a built-in metric. */
  id: string;
  /** The market whose agents it is computed for. */
  market: string;
  /** The expression (mathjs syntax, whitelisted functions only). */
  expr: string;
  /** What it measures. */
  description?: string;
}
