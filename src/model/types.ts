/**
 * The declared model: what users write. A {@link ScenarioSpec} holds a
 * {@link LandscapeSpec} (agents and markets) and a list of events; it is
 * validated and compiled by `compileScenario`, then instantiated per run.
 * The declarations live by concept in `spec/` (agents, markets, events,
 * the scenario) and the ids they declare, as types, in `ids.ts`.
 */
export type { Role, AgentSpec, ProductLaunchSpec, CapacitySpec, ProductCycleSpec } from './spec/agents.js';
export type {
  ParticipantSpec, WeightDriftSpec, ShockProcessSpec, DeviceMarketSpec, PriceTierSpec, AssistantMarketSpec, ChannelSpec,
  CapacityBehaviourSpec, MarketSpec,
} from './spec/markets.js';
export type {
  MonthSpec, RampSpec, AILaunchEvent, PartnershipEvent, ShockEvent, EntryEvent, ExitEvent, SubsidyEvent, EventSpec,
} from './spec/events.js';
export type { LandscapeSpec, ScenarioSpec, CustomMetricSpec } from './spec/scenario.js';
