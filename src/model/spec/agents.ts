/**
 * The declared model's agents: companies, their roles, attributes,
 * product calendars and cloud capacity.
 */
import type { Numeric } from '../../random/distributions.js';
import type { Policy, PolicySpec } from '../policy-types.js';

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
