/**
 * The compiled scenario (a {@link Plan}): references resolved to indices,
 * months as steps, every number an input with its declaration path.
 * Uncertain inputs stay uncertain here; each run samples them.
 */
import type { CompiledExpression } from '../expressions/expression.js';
import type { NumericConstraint, Sampleable } from '../random/distributions.js';
import type { PlanMetric } from './metrics.js';
import type { Policy } from './policy-types.js';
import type { EVENT_IDS, LANDSCAPE_IDS, LandscapeIds } from './ids.js';
import type { Role, ScenarioSpec } from './types.js';

/** A numeric input with the path it was declared at (and, for expressions, the constraint checked per run). */
export interface PlanInput {
  path: string;
  value: Sampleable | CompiledExpression;
  constraint?: NumericConstraint;
}

/** A compiled ramp. */
export type PlanRamp =
  | { kind: 'bass'; p: PlanInput; q: PlanInput }
  | { kind: 'linear'; months: PlanInput }
  | { kind: 'immediate' };

/** One launch of a device maker's product calendar (`month` 0 = January). */
export interface PlanLaunch {
  name: string;
  month: number;
  lift: PlanInput;
  halfLifeMonths: PlanInput;
}

/** A compiled agent. */
export interface PlanAgent {
  id: string;
  name: string;
  roles: Role[];
  strategic: boolean;
  attributes: Array<{ attr: number; input: PlanInput }>;
  capacity?: { concurrentUsers: PlanInput; growthPerMonth: PlanInput };
  /** The product calendar (empty: none). */
  launches: PlanLaunch[];
  /** Year-to-year spread (log sd) of each launch's strength. */
  launchStrengthSd: PlanInput;
  defaultAssistant: number;
  policies: Policy[];
}

/** A compiled participant. */
export interface PlanParticipant {
  agent: number;
  initialShare: number;
  loyalty?: PlanInput;
  repurchaseRate?: PlanInput;
  replacementCycleMonths?: PlanInput;
  installedBase?: PlanInput;
  intercept?: number;
  /** Devices: fraction of its sales in each of the market's tiers (sums to 1). */
  tierShares: Float64Array;
  /** Assistants: its own starting trial fraction. */
  trialFraction?: PlanInput;
  path: string;
}

/** What every compiled market has. */
interface PlanMarketBase {
  id: string;
  name: string;
  participants: PlanParticipant[];
  /** Weight per attribute index where it is a plain number, NaN where it is uncertain (filled once all attributes are known). */
  weights: Float64Array;
  /** Declared weights as (attribute index, weight input). */
  weightList: Array<[number, PlanInput]>;
  drift: Array<{ attr: number; perMonth: PlanInput; limit?: number }>;
  shocks?: { persistence: PlanInput; sd: PlanInput };
  defaultLoyalty: PlanInput;
}

/** A compiled device market. */
export interface PlanDeviceMarket extends PlanMarketBase {
  kind: 'devices';
  unitsPerYear: PlanInput;
  seasonality?: Float64Array;
  growthPerYear: PlanInput;
  replacementCycleMonths: PlanInput;
  /** Price tiers (one, `all`, when none is declared). */
  tiers: Array<{ id: string; name: string }>;
  tierStickiness: PlanInput;
  nestDissimilarity: PlanInput;
  priceSensitivity: PlanInput;
}

/** A compiled distribution channel of an assistant market. */
export interface PlanChannel {
  id: string;
  provider: number;
  audience: PlanInput;
  weight: PlanInput;
}

/** A compiled assistant market. */
export interface PlanAssistantMarket extends PlanMarketBase {
  kind: 'assistants';
  initialUsers: PlanInput;
  potential: PlanInput;
  bassP: PlanInput;
  bassQ: PlanInput;
  multiHoming: PlanInput;
  trialFraction: PlanInput;
  habitRate: PlanInput;
  trialChurn: PlanInput;
  /** Habitual users' monthly churn; absent: `reconsiderationRate × (1 − defaultLoyalty)` if that is given, else 0.04. */
  habitChurn?: PlanInput;
  /** Legacy: the monthly reconsideration rate. */
  reconsiderationRate?: PlanInput;
  qualitySensitivity: PlanInput;
  trialUsage: PlanInput;
  adoptionElasticity: PlanInput;
  channels: PlanChannel[];
  /** The device market whose installed bases give reach (−1: none). */
  reachFrom: number;
  peakConcurrency: PlanInput;
  elasticity: PlanInput;
  outageHazard: PlanInput;
  outageSeverity: PlanInput;
}

/** A compiled market: devices or assistants. */
export type PlanMarket = PlanDeviceMarket | PlanAssistantMarket;

/** A compiled event. Months are steps (possibly uncertain). */
export type PlanEvent =
  | { type: 'aiLaunch'; id: string; agent: number; markets: number[] | null; month: PlanInput; gain: PlanInput; ramp: PlanRamp }
  | {
      type: 'partnership'; id: string; deviceMaker: number; provider: number; announce: PlanInput;
      approvalProbability: PlanInput; reviewMonths: PlanInput; goLiveDelayMonths: PlanInput;
      integrationQuality: PlanInput; privacyCap: PlanInput; visibility: PlanInput; adoption: PlanInput;
      ramp: PlanRamp; deviceMarket: number; assistantMarket: number;
    }
  | {
      type: 'shock'; id: string; agents: number[]; attr: number; market: number; change: PlanInput;
      month?: PlanInput; hazard?: PlanInput; halfLife?: PlanInput;
    }
  | { type: 'entry'; id: string; agent: number; market: number; month: PlanInput; choiceShare: PlanInput; loyalty?: PlanInput; tierShares?: Float64Array }
  | { type: 'exit'; id: string; agent: number; market: number; month: PlanInput }
  | {
      type: 'subsidy'; id: string; market: number; tiers: number[]; priceCut: PlanInput;
      month: PlanInput; endMonth?: PlanInput; demandBoost: PlanInput;
    };

/**
 * A validated, compiled scenario: references resolved, months as steps,
 * uncertain inputs kept for sampling per run. `I` and `E` are, for
 * TypeScript only, the ids of the scenario it was compiled from (see
 * {@link ScenarioSpec}), which `simulate` passes on to its result.
 *
 * @example
 * const plan = compileScenario({ id: 'still', landscape: chinaLandscape(), horizon: 12 });
 * plan.dates[12]; // => '2026-01'
 */
export interface Plan<I extends LandscapeIds = LandscapeIds, E extends string = string> {
  /** Type-only: the ids of the landscape compiled (never set at run time). */
  readonly [LANDSCAPE_IDS]?: I;
  /** Type-only: the ids of the declared events (never set at run time). */
  readonly [EVENT_IDS]?: E;
  id: string;
  name: string;
  description: string;
  start: string;
  horizon: number;
  /** `dates[t]` is the `'YYYY-MM'` of step t, t = 0 … horizon. */
  dates: string[];
  noise: boolean;
  policiesOn: boolean;
  agents: PlanAgent[];
  agentIndex: ReadonlyMap<string, number>;
  /** Attribute names; index 0 is `aiCapability`, 1 is `reach`, 2 is `assistantAppeal`. */
  attributes: string[];
  markets: PlanMarket[];
  marketIndex: ReadonlyMap<string, number>;
  events: PlanEvent[];
  /** The declaration it came from. */
  spec: ScenarioSpec;
  /** Named parameters (the landscape's, then the scenario's), sampled first in each run; paths `parameters.<name>`. */
  parameters: Array<{ name: string; input: PlanInput }>;
  /** Custom output metrics, compiled once (evaluated after each run). */
  metrics?: PlanMetric[];
}

/** Attribute index of the computed AI capability. */
export const AI = 0;
/** Attribute index of the computed reach of an assistant. */
export const REACH = 1;
/** Attribute index of the computed appeal of a device's assistant (its share of use in the assistant market). */
export const ASSISTANT_APPEAL = 2;
/** Names of the computed attributes, by index. */
export const COMPUTED_ATTRIBUTES = ['aiCapability', 'reach', 'assistantAppeal'] as const;
/** Pseudo-attribute index meaning "utility itself". */
export const UTILITY = -1;
