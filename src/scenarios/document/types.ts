/**
 * The types of scenario documents: what users write (in JSON files or as
 * TypeScript objects) to extend a bundled scenario or landscape, changing
 * only what they change. The format is described in `docs/scenario-files.md`.
 */
import type { ChinaLandscapeOptions } from '../../landscapes/china.js';
import type {
  AgentSpec, AILaunchEvent, AssistantMarketSpec, CapacityBehaviourSpec, CapacitySpec, ChannelSpec, CustomMetricSpec, EntryEvent, EventSpec,
  ExitEvent, LandscapeSpec, MarketSpec, ParticipantSpec, PartnershipEvent, PriceTierSpec, ProductCycleSpec, ProductLaunchSpec, Role, ScenarioSpec,
  ShockEvent, ShockProcessSpec, SubsidyEvent, WeightDriftSpec,
} from '../../model/types.js';
import type { Numeric } from '../../random/distributions.js';

/** Changes to an object: every key optional; `null` removes an optional key. */
/** Changes to an object: every key optional; `null` removes an optional key. */
export type Changes<T> = { [K in keyof T]?: T[K] | null };

/** Changes to an agent, deep-merged into the agent with that id (a new id adds an agent: give at least `name` and `roles`). */
export interface AgentOverride {
  id?: string;
  name?: string;
  roles?: Role[];
  /** Merged by name; `null` removes an attribute. */
  attributes?: Record<string, Numeric | null>;
  strategic?: boolean | null;
  /** Replaces the policy; `null` removes it. */
  policy?: AgentSpec['policy'] | null;
  capacity?: Changes<CapacitySpec> | null;
  productCycle?: Changes<ProductCycleSpec> | null;
  /** Replaces the product calendar; `null` removes it. */
  launches?: ProductLaunchSpec[] | null;
  launchStrengthSd?: Numeric | null;
  defaultAssistant?: string | null;
}

/** Changes to a participant of a market (a new agent needs `initialShare`). */
export type ParticipantOverride = Changes<ParticipantSpec>;

/**
 * Changes to a market, deep-merged into the market with that id;
 * participants are keyed by agent id and `null` removes one. A new id adds
 * a market (give all its required fields).
 */
export interface MarketOverride {
  kind?: MarketSpec['kind'];
  id?: string;
  name?: string;
  /** Merged by attribute; `null` removes a weight. */
  weights?: Record<string, Numeric | null>;
  weightDrift?: Record<string, Changes<WeightDriftSpec> | null> | null;
  defaultLoyalty?: Numeric | null;
  shocks?: Changes<ShockProcessSpec> | null;
  /** Keyed by agent id; `null` removes a participant. */
  participants?: Record<string, ParticipantOverride | null>;
  // devices
  unitsPerYear?: Numeric;
  seasonality?: number[] | null;
  growthPerYear?: Numeric | null;
  replacementCycleMonths?: Numeric;
  tiers?: PriceTierSpec[] | null;
  tierStickiness?: Numeric | null;
  nestDissimilarity?: Numeric | null;
  priceSensitivity?: Numeric | null;
  // assistants
  initialUsers?: Numeric;
  potential?: Numeric;
  bass?: Changes<AssistantMarketSpec['bass']>;
  multiHoming?: Numeric | null;
  trialFraction?: Numeric | null;
  habitRate?: Numeric | null;
  trialChurn?: Numeric | null;
  habitChurn?: Numeric | null;
  qualitySensitivity?: Numeric | null;
  trialUsage?: Numeric | null;
  adoptionElasticity?: Numeric | null;
  channels?: ChannelSpec[] | null;
  reconsiderationRate?: Numeric | null;
  reachFrom?: string | null;
  capacity?: Changes<CapacityBehaviourSpec> | null;
}

/**
 * An override of a landscape: changes applied to the base scenario's
 * landscape, or to `chinaLandscape(options)` with `extends: 'china'`.
 *
 * @example
 * const o: LandscapeOverride = { agents: { alibaba: { capacity: { concurrentUsers: 20 } } }, removeAgents: ['oppo'] };
 */
export interface LandscapeOverride {
  /** Start from the default China landscape built with `options` instead of the base scenario's landscape. */
  extends?: 'china';
  /** Options of `chinaLandscape` (needs `extends: 'china'`). */
  options?: ChinaLandscapeOptions;
  /** Replaces the start month. */
  start?: string;
  /** Replaces the sources. */
  sources?: string[];
  /** Merged by name into the landscape's parameters; `null` removes one. */
  parameters?: Record<string, Numeric | null>;
  /** Agents to change or add, by id. */
  agents?: Record<string, AgentOverride>;
  /** Agents to remove (with their participations). */
  removeAgents?: string[];
  /** Markets to change or add, by id; `null` removes one. */
  markets?: Record<string, MarketOverride | null>;
}

/** Changes to an event, deep-merged into the event with that id (its type cannot change). */
export type EventOverride = { type?: EventSpec['type'] } & (
  | Changes<Omit<AILaunchEvent, 'type'>> | Changes<Omit<PartnershipEvent, 'type'>> | Changes<Omit<ShockEvent, 'type'>>
  | Changes<Omit<EntryEvent, 'type'>> | Changes<Omit<ExitEvent, 'type'>> | Changes<Omit<SubsidyEvent, 'type'>>
);

/**
 * A scenario document: a full scenario, or changes to a bundled one.
 *
 * @example
 * const doc: ScenarioDocument = {
 *   id: 'big-cloud', extends: 'apple-alibaba',
 *   landscape: { agents: { alibaba: { capacity: { concurrentUsers: 30 } } } },
 *   eventOverrides: { 'apple+alibaba': { visibility: 0.5 } },
 * };
 */
export interface ScenarioDocument {
  /** Ignored (editor support). */
  $schema?: string;
  /** Ignored (a comment). */
  $comment?: string;
  /** Kebab-case id. */
  id: string;
  /** A bundled scenario id to start from. */
  extends?: string;
  name?: string;
  description?: string;
  horizon?: number;
  /** Merged by name into the base's parameters; `null` removes one. */
  parameters?: Record<string, Numeric | null>;
  /** Merged into the base's switches. */
  switches?: ScenarioSpec['switches'];
  /** A full landscape, or an override of the base's. */
  landscape?: LandscapeSpec | LandscapeOverride;
  /** Replaces the base's events. */
  events?: EventSpec[];
  /** Appended after the others. */
  addEvents?: EventSpec[];
  /** Ids of events to remove. */
  removeEvents?: string[];
  /** Changes to events, by id. */
  eventOverrides?: Record<string, EventOverride>;
  /** Custom output metrics (replace the base's). */
  metrics?: CustomMetricSpec[];
  /** How to study it (read by the command line, not part of the scenario): rank dates and named predicates. */
  study?: StudySettings;
}

/**
 * A scenario document's study settings: months at which rank
 * probabilities are counted besides the horizon (`rankAt`), and named
 * predicates whose probabilities are estimated (the predicate language).
 *
 * @example
 * const study: StudySettings = { rankAt: ['2027-12'], predicates: { appleFirst: 'rank(phones, apple, 2027-Q4) == 1' } };
 */
export interface StudySettings {
  rankAt?: Array<string | number>;
  predicates?: Record<string, string>;
}

/**
 * A landscape a document may build with `landscape.extends` (and
 * `landscape.options`), as a {@link DocumentRegistry} lists it.
 *
 * @example
 * const china: LandscapeEntry = { build: chinaLandscape, options: CHINA_OPTIONS, describe: "'china' (the default landscape)", label: 'the China landscape' };
 */
export interface LandscapeEntry {
  /** Builds the landscape from the document's options (checked against `options` first). */
  build(options?: never): LandscapeSpec;
  /**
   * The schema of its options: a valibot schema (typed as an object here:
   * valibot is bundled into rivalsim, not a dependency its users install).
   */
  options: object;
  /** How errors name it as a value of `extends`: `"'china' (the default landscape)"`. */
  describe: string;
  /** How errors name it as what an item is inherited from: `'the China landscape'`. */
  label: string;
}

/**
 * What a scenario document may extend: the scenarios (top-level `extends`)
 * and the landscapes (`landscape.extends`), by id. Document resolution
 * receives it; the bundled one (`scenarios/registry.ts`) lists China's.
 *
 * @example
 * const registry: DocumentRegistry = { scenarios: { baseline }, landscapes: { china } };
 */
export interface DocumentRegistry {
  /** Scenarios by id (never changed by resolution). */
  scenarios: Readonly<Record<string, ScenarioSpec>>;
  /** Landscapes by id. */
  landscapes: Readonly<Record<string, LandscapeEntry>>;
}
