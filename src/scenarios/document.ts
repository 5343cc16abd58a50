/**
 * Scenario documents: what users write in JSON files (or as TypeScript
 * objects) to extend a bundled scenario or landscape and override only what
 * they change. Portable: no Node-only API. The format is described in
 * `docs/scenario-files.md`; in short:
 *
 * ```jsonc
 * {
 *   "id": "slow-approval",                 // required, kebab-case
 *   "extends": "apple-alibaba",            // a bundled scenario to start from (optional)
 *   "name": "…", "description": "…", "horizon": 48,
 *   "parameters": { "quality": { "dist": "uniform", "min": 0.6, "max": 0.9 } },   // merged by name; null removes
 *   "switches": { "noise": false },        // merged
 *   "landscape": {                         // a full LandscapeSpec, or an override:
 *     "extends": "china", "options": { "tracker": "idc", "start": "2024-01" },   // start from chinaLandscape(options) instead
 *     "agents": { "alibaba": { "capacity": { "concurrentUsers": 20 } } },   // deep-merged by id; new ids add agents
 *     "removeAgents": ["oppo"],
 *     "markets": { "phones": { "participants": { "apple": { "initialShare": 0.15 }, "xiaomi": null } } }
 *   },
 *   "events": [ … ],                       // replaces the base's events
 *   "removeEvents": ["launch:honor-assistant"],
 *   "eventOverrides": { "apple+alibaba": { "approvalProbability": 0.5 } },
 *   "addEvents": [ … ],                    // appended
 *   "metrics": [{ "id": "appleLead", "market": "phones", "expr": "share_apple - share_huawei" }]
 * }
 * ```
 *
 * Merging: plain objects merge key by key, `null` removes an optional key,
 * arrays and values (numbers, strings, distributions `{ dist }`, expressions
 * `{ expr }`, ramps and policies `{ kind }`) replace what they override.
 * The shape is checked with valibot; errors are {@link RivalsimError}s whose
 * `path` is a dotted path inside the document.
 */
import * as v from 'valibot';
import { RivalsimError } from '../errors.js';
import { ExpressionsNotLoaded, loadExpressions } from '../expressions/expression.js';
import { chinaLandscape, PHONE_TRACKERS, type ChinaLandscapeOptions } from '../landscapes/china.js';
import { compileScenario, type Plan } from '../model/compile.js';
import type {
  AgentSpec, AILaunchEvent, AssistantMarketSpec, CapacityBehaviourSpec, CapacitySpec, ChannelSpec, CustomMetricSpec, EntryEvent, EventSpec,
  ExitEvent, LandscapeSpec, MarketSpec, ParticipantSpec, PartnershipEvent, PriceTierSpec, ProductCycleSpec, ProductLaunchSpec, Role, ScenarioSpec,
  ShockEvent, ShockProcessSpec, SubsidyEvent, WeightDriftSpec,
} from '../model/types.js';
import { DISTRIBUTION_NAMES, type Numeric } from '../random/distributions.js';
import { scenarios } from './china.js';
import { checkDocumentShape } from './shape.js';
import { checkStart } from './start-check.js';

// ---------------------------------------------------------------- document types

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
 * The study settings of a scenario document (checked with the rest of it
 * by {@link resolveScenarioDocument}), or undefined.
 *
 * @example
 * studySettings({ id: 'x', extends: 'baseline', study: { rankAt: ['2027-12'] } }); // => { rankAt: ['2027-12'] }
 */
export function studySettings(doc: unknown): StudySettings | undefined {
  return isObject(doc) && isObject(doc.study) ? clonePlain(doc.study as StudySettings) : undefined;
}

// ---------------------------------------------------------------- schemas

type Schema = v.GenericSchema;
type Entries = Record<string, Schema>;

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function isPolicyObject(x: unknown): boolean {
  return isObject(x) && typeof x.decide === 'function';
}

/** A strict object: unknown keys are errors listing the allowed ones. */
function obj(entries: Entries, what: string): Schema {
  const keys = Object.keys(entries);
  return v.strictObject(entries, (issue) => {
    if (issue.expected === 'never') return `one of the keys of ${what}: ${keys.join(', ')}`;
    if (issue.received === 'undefined' && issue.path?.length) return `a value for ${issue.expected} (required in ${what})`;
    return `${what}: an object with keys ${keys.join(', ')}`;
  });
}

/** Objects that overrides merge into key by key (not values such as distributions or ramps). */
const STRUCTS = new WeakMap<Schema, { entries: Entries; what: string }>();

/** A strict object that overrides merge into key by key. */
function struct(entries: Entries, what: string): Schema {
  const s = obj(entries, what);
  STRUCTS.set(s, { entries, what });
  return s;
}

/** The schema of changes to a value of schema `s`: structs and records become partial, values stay. */
function changesOf(s: Schema): Schema {
  const st = STRUCTS.get(s);
  if (st) return partialOf(st.entries, `changes to ${st.what}`);
  const r = s as unknown as { type: string; key: Schema; value: Schema; message: string };
  if (r.type === 'record') return v.record(r.key as v.GenericSchema<string, string>, v.nullable(changesOf(r.value)), r.message);
  return s;
}

/** The object with every key optional and deeply partial, and optional keys nullable (null removes them). */
function partialOf(entries: Entries, what: string): Schema {
  return obj(Object.fromEntries(Object.entries(entries).map(([k, s]) => {
    const optional = (s as { type: string }).type === 'optional';
    const inner = changesOf(optional ? (s as unknown as { wrapped: Schema }).wrapped : s);
    return [k, v.optional(optional ? v.nullable(inner) : inner)];
  })), what);
}

const num = (expected = 'a finite number'): Schema => v.pipe(v.number(expected), v.finite(expected));
const str = (expected = 'a string'): Schema => v.string(expected);
const bool = (): Schema => v.boolean('true or false');
const opt = (s: Schema): Schema => v.optional(s);
const strings = (expected = 'an array of strings') => v.array(v.string(expected), expected);
const integerIn = (min: number, max: number, expected: string): Schema =>
  v.pipe(v.number(expected), v.integer(expected), v.minValue(min, expected), v.maxValue(max, expected));

const DIST_KEYS: Record<string, Entries> = {
  fixed: { value: num() },
  uniform: { min: num(), max: num() },
  normal: { mean: num(), sd: num(), min: opt(num()), max: opt(num()) },
  lognormal: { mu: num(), sigma: num() },
  triangular: { min: num(), mode: num(), max: num() },
  pert: { min: num(), mode: num(), max: num(), lambda: opt(num()) },
  beta: { alpha: num(), beta: num(), min: opt(num()), max: opt(num()) },
  bernoulli: { p: num() },
  discrete: {
    values: v.pipe(v.array(num(), 'a non-empty array of numbers'), v.minLength(1, 'a non-empty array of numbers')),
    weights: opt(v.array(num(), 'an array of weights')),
  },
};
const DISTRIBUTION: Schema = v.variant('dist',
  DISTRIBUTION_NAMES.map((d) => obj({ dist: v.literal(d), ...DIST_KEYS[d] }, `a ${d} distribution`)) as unknown as v.VariantOptions<'dist'>,
  `one of the distributions ${DISTRIBUTION_NAMES.join(', ')}`);

const NUMERIC_EXPECTED = "a number, a distribution such as { \"dist\": \"uniform\", \"min\": 0, \"max\": 1 }, or an expression such as \"0.6 * quality\"";
const EXPRESSION_OBJECT = obj({ expr: str('an expression string') }, 'an expression object');
const EXPRESSION_STRING: Schema = v.pipe(v.string(), v.minLength(1, 'a non-empty expression or month'));

/** A number, a distribution, an expression (string or `{ expr }`) — or, for months, `'YYYY-MM'`. */
const NUMERIC: Schema = v.lazy((x) => {
  if (typeof x === 'number') return num();
  if (typeof x === 'string') return EXPRESSION_STRING;
  if (isObject(x) && 'dist' in x) return DISTRIBUTION;
  if (isObject(x) && 'expr' in x) return EXPRESSION_OBJECT;
  return v.custom(() => false, NUMERIC_EXPECTED);
});
const MONTH = NUMERIC;
/** Parameters: numbers or distributions only. */
const SAMPLEABLE: Schema = v.lazy((x) => {
  if (typeof x === 'number') return num();
  if (isObject(x) && 'dist' in x) return DISTRIBUTION;
  return v.custom(() => false, 'a number or a distribution (parameters cannot be expressions)');
});
const START: Schema = v.pipe(v.string("a month 'YYYY-MM'"), v.regex(/^\d{4}-(0[1-9]|1[0-2])$/, "a month 'YYYY-MM'"));
const ID: Schema = v.pipe(v.string('an id string'), v.minLength(1, 'a non-empty id'));
const KEBAB: Schema = v.pipe(v.string('a kebab-case id'), v.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "a kebab-case id such as 'slow-approval'"));

const RAMP: Schema = v.variant('kind', <v.VariantOptions<'kind'>><unknown>[
  obj({ kind: v.literal('bass'), p: NUMERIC, q: NUMERIC }, 'a Bass ramp'),
  obj({ kind: v.literal('linear'), months: NUMERIC }, 'a linear ramp'),
  obj({ kind: v.literal('immediate') }, 'an immediate ramp'),
], "one of the ramps 'bass' { p, q }, 'linear' { months }, 'immediate'");

const TERMS = obj({
  approvalProbability: opt(num()), reviewMonths: opt(num()), goLiveDelayMonths: opt(num()), integrationQuality: opt(num()),
  privacyCap: opt(num()), visibility: opt(num()), adoption: opt(num()), ramp: opt(RAMP),
}, 'partnership terms');
const POLICY_SPEC: Schema = v.variant('kind', <v.VariantOptions<'kind'>><unknown>[
  obj({
    kind: v.literal('defendShare'), market: opt(str()), dropThreshold: opt(num()), lookbackMonths: opt(num()),
    utility: opt(num()), halfLifeMonths: opt(num()), cooldownMonths: opt(num()),
  }, 'a defendShare policy'),
  obj({
    kind: v.literal('seekPartner'), byMonth: opt(num()), minRegulatoryFit: opt(num()), minAICapability: opt(num()), terms: opt(TERMS),
    allowRivals: opt(bool()),
  }, 'a seekPartner policy'),
  obj({
    kind: v.literal('accelerateAI'), market: opt(str()), gap: opt(num()), gain: opt(num()), months: opt(num()),
    pullForwardMonths: opt(num()), cooldownMonths: opt(num()),
  }, 'an accelerateAI policy'),
  obj({ kind: v.literal('passive') }, 'a passive policy'),
], "one of the policies 'defendShare', 'seekPartner', 'accelerateAI', 'passive' (or, in TypeScript, a policy object with decide())");
const ONE_POLICY: Schema = v.lazy((x) => (isPolicyObject(x) ? v.any() : POLICY_SPEC));
const POLICY: Schema = v.lazy((x) => (Array.isArray(x) ? v.array(ONE_POLICY) : ONE_POLICY));

const AGENT_ENTRIES: Entries = {
  id: ID,
  name: str(),
  roles: v.pipe(
    v.array(v.picklist(['deviceMaker', 'aiProvider'], "'deviceMaker' or 'aiProvider'"), "an array of roles: 'deviceMaker', 'aiProvider'"),
    v.minLength(1, "at least one role: 'deviceMaker', 'aiProvider'"),
  ),
  attributes: opt(v.record(v.string(), NUMERIC, 'an object of attribute scores')),
  strategic: opt(bool()),
  policy: opt(POLICY),
  capacity: opt(struct({ concurrentUsers: NUMERIC, growthPerMonth: opt(NUMERIC) }, 'a capacity')),
  productCycle: opt(struct({ launchMonth: integerIn(1, 12, 'a calendar month 1–12'), lift: NUMERIC, halfLifeMonths: NUMERIC }, 'a product cycle')),
  launches: opt(v.array(obj({ month: integerIn(1, 12, 'a calendar month 1–12'), lift: NUMERIC, halfLifeMonths: NUMERIC, name: opt(str()) }, 'a launch'), 'an array of launches')),
  launchStrengthSd: opt(NUMERIC),
  defaultAssistant: opt(str('an AI provider id')),
};
const AGENT = obj(AGENT_ENTRIES, 'an agent');
const AGENT_PARTIAL = partialOf(AGENT_ENTRIES, 'an agent override');

const PARTICIPANT_ENTRIES: Entries = {
  agent: ID, initialShare: num('a share in [0, 1]'), loyalty: opt(NUMERIC), repurchaseRate: opt(NUMERIC),
  replacementCycleMonths: opt(NUMERIC), installedBase: opt(NUMERIC), intercept: opt(num()),
  tierShares: opt(v.record(v.string(), num('a fraction in [0, 1]'), 'an object of tier fractions keyed by tier id')),
  trialFraction: opt(NUMERIC),
};
const PARTICIPANT = obj(PARTICIPANT_ENTRIES, 'a participant');
const PARTICIPANT_PARTIAL = partialOf(PARTICIPANT_ENTRIES, 'a participant override');

const MARKET_BASE: Entries = {
  id: ID, name: str(),
  weights: v.record(v.string(), NUMERIC, 'an object of utility weights (numbers, distributions or expressions)'),
  weightDrift: opt(v.record(v.string(), struct({ perMonth: NUMERIC, limit: opt(num()) }, 'a weight drift'), 'an object of weight drifts')),
  defaultLoyalty: opt(NUMERIC),
  shocks: opt(struct({ persistence: NUMERIC, sd: NUMERIC }, 'a shock process')),
};
const DEVICE_ENTRIES: Entries = {
  ...MARKET_BASE,
  unitsPerYear: NUMERIC,
  seasonality: opt(v.pipe(v.array(num(), 'twelve numbers'), v.length(12, 'twelve multipliers, January first'))),
  growthPerYear: opt(NUMERIC),
  replacementCycleMonths: NUMERIC,
  tiers: opt(v.array(obj({ id: ID, name: opt(str()) }, 'a price tier'), 'an array of price tiers')),
  tierStickiness: opt(NUMERIC), nestDissimilarity: opt(NUMERIC), priceSensitivity: opt(NUMERIC),
};
const ASSISTANT_ENTRIES: Entries = {
  ...MARKET_BASE,
  initialUsers: NUMERIC, potential: NUMERIC,
  bass: struct({ p: NUMERIC, q: NUMERIC }, 'Bass coefficients'),
  multiHoming: opt(NUMERIC), trialFraction: opt(NUMERIC), habitRate: opt(NUMERIC), trialChurn: opt(NUMERIC), habitChurn: opt(NUMERIC),
  qualitySensitivity: opt(NUMERIC), trialUsage: opt(NUMERIC), adoptionElasticity: opt(NUMERIC),
  channels: opt(v.array(obj({ id: ID, provider: ID, audience: NUMERIC, weight: opt(NUMERIC) }, 'a channel'), 'an array of channels')),
  reconsiderationRate: opt(NUMERIC),
  reachFrom: opt(str('a device market id')),
  capacity: opt(struct({ peakConcurrency: opt(NUMERIC), elasticity: opt(NUMERIC), outageHazard: opt(NUMERIC), outageSeverity: opt(NUMERIC) }, 'a capacity behaviour')),
};
const PARTICIPANTS: Schema = v.pipe(v.array(PARTICIPANT, 'an array of participants'), v.minLength(1, 'at least one participant'));
const MARKET: Schema = v.variant('kind', <v.VariantOptions<'kind'>><unknown>[
  obj({ kind: v.literal('devices'), ...DEVICE_ENTRIES, participants: PARTICIPANTS }, 'a devices market'),
  obj({ kind: v.literal('assistants'), ...ASSISTANT_ENTRIES, participants: PARTICIPANTS }, 'an assistants market'),
], "a market of kind 'devices' or 'assistants'");
const MARKET_PARTIAL = partialOf({
  kind: v.picklist(['devices', 'assistants'], "'devices' or 'assistants'"),
  ...DEVICE_ENTRIES, ...ASSISTANT_ENTRIES,
  participants: v.record(v.string(), v.nullable(PARTICIPANT_PARTIAL), 'an object of participant overrides keyed by agent id'),
}, 'a market override');

const LANDSCAPE = obj({
  start: START,
  agents: v.pipe(v.array(AGENT, 'an array of agents'), v.minLength(1, 'at least one agent')),
  markets: v.pipe(v.array(MARKET, 'an array of markets'), v.minLength(1, 'at least one market')),
  sources: opt(strings()),
  parameters: opt(v.record(v.string(), SAMPLEABLE, 'an object of parameters')),
  parameterNotes: opt(v.record(v.string(), str(), 'an object of notes keyed by parameter name')),
}, 'a landscape');
const CHINA_OPTIONS = obj({
  start: opt(START),
  tracker: opt(v.picklist(PHONE_TRACKERS, `one of the trackers ${PHONE_TRACKERS.join(', ')}`)),
  appleInstalledBase: opt(NUMERIC),
  replacementCycleMonths: opt(num('a number of months in [25, 45]')),
  shocks: opt(obj({ persistence: NUMERIC, sd: NUMERIC }, 'a shock process')),
  parameters: opt(v.picklist(['posterior', 'point', 'prior'], "'posterior', 'point' or 'prior'")),
  policies: opt(bool()),
}, 'China landscape options');
const LANDSCAPE_OVERRIDE = obj({
  extends: opt(v.literal('china', "'china' (the default landscape)")),
  options: opt(CHINA_OPTIONS),
  start: opt(START),
  sources: opt(strings()),
  parameters: opt(v.record(v.string(), v.nullable(SAMPLEABLE), 'an object of parameters')),
  agents: opt(v.record(v.string(), AGENT_PARTIAL, 'an object of agent overrides keyed by agent id')),
  removeAgents: opt(strings('an array of agent ids')),
  markets: opt(v.record(v.string(), v.nullable(MARKET_PARTIAL), 'an object of market overrides keyed by market id')),
}, 'a landscape override');
/** Full when it lists agents or markets as arrays. */
function isFullLandscape(x: unknown): boolean {
  return isObject(x) && (Array.isArray(x.agents) || Array.isArray(x.markets));
}
const ANY_LANDSCAPE: Schema = v.lazy((x) => (isFullLandscape(x) ? LANDSCAPE : LANDSCAPE_OVERRIDE));

const EVENT_ENTRIES: Record<EventSpec['type'], Entries> = {
  aiLaunch: {
    id: opt(ID), agent: ID, markets: opt(strings('an array of market ids')), month: MONTH, capabilityGain: NUMERIC, ramp: opt(RAMP),
  },
  partnership: {
    id: opt(ID), deviceMaker: ID, provider: ID, announceMonth: MONTH, approvalProbability: NUMERIC,
    reviewMonths: opt(NUMERIC), goLiveDelayMonths: opt(NUMERIC), integrationQuality: NUMERIC, privacyCap: opt(NUMERIC),
    visibility: NUMERIC, adoption: NUMERIC, ramp: opt(RAMP), deviceMarket: opt(str('a device market id')), assistantMarket: opt(str('an assistant market id')),
  },
  shock: {
    id: opt(ID), agents: v.pipe(strings('an array of agent ids'), v.minLength(1, 'at least one agent id')), attribute: opt(str("an attribute name or 'utility'")),
    market: opt(str('a market id')), change: NUMERIC, month: opt(MONTH), hazardPerMonth: opt(NUMERIC), halfLifeMonths: opt(NUMERIC),
  },
  entry: {
    id: opt(ID), agent: ID, market: ID, month: MONTH, choiceShare: opt(NUMERIC), loyalty: opt(NUMERIC),
    tierShares: opt(v.record(v.string(), num('a fraction in [0, 1]'), 'an object of tier fractions keyed by tier id')),
  },
  exit: { id: opt(ID), agent: ID, market: ID, month: MONTH },
  subsidy: {
    id: opt(ID), market: ID, tiers: v.pipe(strings('an array of tier ids'), v.minLength(1, 'at least one tier id')),
    priceCut: NUMERIC, month: MONTH, endMonth: opt(MONTH), demandBoost: opt(NUMERIC),
  },
};
const EVENT_TYPES = Object.keys(EVENT_ENTRIES) as Array<EventSpec['type']>;
const EVENT: Schema = v.variant('type',
  EVENT_TYPES.map((t) => obj({ type: v.literal(t), ...EVENT_ENTRIES[t] }, `a${t === 'aiLaunch' || t === 'entry' || t === 'exit' ? 'n' : ''} ${t} event`)) as unknown as v.VariantOptions<'type'>,
  `one of the event types ${EVENT_TYPES.join(', ')}`);
const EVENT_PARTIAL: Record<string, Schema> = Object.fromEntries(EVENT_TYPES.map((t) => [t, partialOf({ type: v.literal(t, `'${t}' (an override cannot change the event type)`), ...EVENT_ENTRIES[t] }, `an override of a ${t} event`)]));
const EVENTS = v.array(EVENT, 'an array of events');

const METRIC = obj({
  id: v.pipe(v.string('a metric id'), v.regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'a metric id: letters, digits, _ and -, starting with a letter')),
  market: ID, expr: v.pipe(v.string('an expression string'), v.minLength(1, 'a non-empty expression')), description: opt(str()),
}, 'a custom metric');

const DOCUMENT = obj({
  $schema: opt(str()), $comment: opt(str()),
  id: KEBAB,
  extends: opt(str('a bundled scenario id')),
  name: opt(str()),
  description: opt(str()),
  horizon: opt(integerIn(1, 1200, 'an integer number of months in [1, 1200]')),
  parameters: opt(v.record(v.pipe(v.string(), v.regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a parameter name of letters, digits and _ (not starting with a digit)')),
    v.nullable(SAMPLEABLE), 'an object of parameters')),
  switches: opt(obj({ noise: opt(bool()), policies: opt(bool()) }, 'switches')),
  landscape: opt(ANY_LANDSCAPE),
  events: opt(EVENTS),
  addEvents: opt(EVENTS),
  removeEvents: opt(strings('an array of event ids')),
  eventOverrides: opt(v.record(v.string(), v.custom(isObject, 'an event override object'), 'an object of event overrides keyed by event id')),
  study: opt(obj({
    rankAt: opt(v.array(v.union([str(), integerIn(0, 1200, 'a step')], "a month 'YYYY-MM' or a step"), "an array of months such as ['2027-12']")),
    predicates: opt(v.record(v.string(), str('a predicate such as "share(phones, apple, 2027-12) > 0.18"'), 'an object of predicates keyed by name')),
  }, 'study settings')),
  metrics: opt(v.array(METRIC, 'an array of custom metrics')),
}, 'a scenario document');

// ---------------------------------------------------------------- paths and errors

type Key = string | number;

/**
 * Renders path keys as a dotted path: `events[2].approvalProbability`,
 * `landscape.agents.apple.capacity`, `eventOverrides["a.b"]`.
 */
function formatPath(keys: readonly Key[]): string {
  let out = '';
  for (const k of keys) {
    if (typeof k === 'number') out += `[${k}]`;
    else if (/^[^.[\]\s"]+$/.test(k)) out += out ? `.${k}` : k;
    else out += `[${JSON.stringify(k)}]`;
  }
  return out;
}

function documentError(source: string, what: string, keys: readonly Key[] | string, received: unknown, expected: string, fix?: string): RivalsimError {
  const path = typeof keys === 'string' ? keys : formatPath(keys);
  const e = new RivalsimError(what, path, received, expected, fix);
  e.message = `${source}: ${e.message}`;
  return e;
}

const DISCRIMINATORS: Record<string, string> = { type: 'event type', dist: 'distribution', kind: 'kind' };

/** Checks `value` against `schema`; the first issue becomes a RivalsimError at `prefix` + the issue's path. */
function check(schema: Schema, value: unknown, prefix: readonly Key[], source: string, rename?: (keys: Key[]) => Key[]): void {
  const r = v.safeParse(schema, value);
  if (r.success) return;
  // The first issue; but an unknown key beside a missing one is likely its misspelling: report it.
  const parent = (i: v.BaseIssue<unknown>) => (i.path ?? []).slice(0, -1).map((p) => p.input);
  let issue = r.issues[0];
  if (issue.received === 'undefined' && issue.path?.length) {
    const misspelt = r.issues.find((i) => i.expected === 'never' && i.path?.length === issue.path!.length
      && parent(i).every((x, k) => x === parent(issue)[k]));
    if (misspelt) issue = misspelt;
  }
  let keys: Key[] = (issue.path ?? []).map((p) => p.key as Key);
  if (rename) keys = rename(keys);
  const last = keys[keys.length - 1];
  let what = 'Invalid value';
  let received: unknown = issue.input;
  if ((issue.type === 'strict_object' || issue.type === 'object') && issue.expected === 'never') what = 'Unknown key';
  else if (issue.received === 'undefined' && issue.path?.length) { what = 'Missing value'; received = undefined; }
  else if (issue.type === 'variant' && typeof last === 'string') what = `Unknown ${DISCRIMINATORS[last] ?? last}`;
  throw documentError(source, what, [...prefix, ...keys], received, issue.message);
}

/** Where paths of the resolved scenario come from in the document. */
interface PathMapping {
  /** Resolved path prefix, e.g. `events[3]` or `landscape.agents[0]`. */
  from: string;
  /**
   * Document path prefix, e.g. `addEvents[1]`, or for an item inherited
   * unchanged the place to change it, e.g. `eventOverrides.apple+alibaba`.
   */
  to: string;
  /** For inherited items: said after the path. */
  note?: string;
}

function relocate(e: RivalsimError, mappings: readonly PathMapping[], source: string): RivalsimError {
  let best: PathMapping | undefined;
  for (const m of mappings) {
    const rest = e.path.slice(m.from.length);
    if (e.path.startsWith(m.from) && (rest === '' || rest[0] === '.' || rest[0] === '[') && (!best || m.from.length > best.from.length)) best = m;
  }
  const path = best ? best.to + e.path.slice(best.from.length) : e.path;
  const out = new RivalsimError('', path, e.received, e.expected);
  const marker = ` → at ${e.path || '(root)'}`;
  const i = e.message.lastIndexOf(marker);
  const located = i >= 0
    ? `${e.message.slice(0, i)} → at ${path || '(root)'}${best?.note ? ` (${best.note})` : ''}${e.message.slice(i + marker.length)}`
    : e.message;
  out.message = `${source}: ${located}`;
  return out;
}

// ---------------------------------------------------------------- merging

/** Plain data objects (not policies, functions or class instances). */
function isPlain(x: unknown): x is Record<string, unknown> {
  if (!isObject(x)) return false;
  const proto = Object.getPrototypeOf(x);
  return (proto === Object.prototype || proto === null) && !Object.values(x).some((y) => typeof y === 'function');
}

/** A copy of plain data (objects and arrays); policies and other non-plain objects are kept as they are. */
function clonePlain<T>(x: T): T {
  if (Array.isArray(x)) return x.map(clonePlain) as T;
  if (isPlain(x)) return Object.fromEntries(Object.entries(x).map(([k, y]) => [k, clonePlain(y)])) as T;
  return x;
}

/** Objects that are values: distributions, expressions, ramps and policies (`kind`), policy objects. */
function isValueObject(x: Record<string, unknown>): boolean {
  return 'dist' in x || 'expr' in x || 'kind' in x || !isPlain(x);
}

/**
 * `over` merged into `base` (a new value; neither is changed). `null`
 * removes (returns undefined); plain objects merge key by key; everything
 * else replaces.
 */
function mergeValue(base: unknown, over: unknown): unknown {
  if (over === undefined) return clonePlain(base);
  if (over === null) return undefined;
  if (isObject(over) && isObject(base) && isPlain(base) && !isValueObject(over) && !isValueObject(base)) {
    const out: Record<string, unknown> = clonePlain(base);
    for (const [k, o] of Object.entries(over)) {
      const m = mergeValue(base[k], o);
      if (m === undefined) delete out[k];
      else out[k] = m;
    }
    return out;
  }
  return clonePlain(over);
}

/** `over` merged key by key into `base` (both objects; neither is changed). */
function mergeInto<T>(base: T, over: object): T {
  const out = clonePlain(base) as Record<string, unknown>;
  for (const [k, o] of Object.entries(over)) {
    const m = mergeValue(out[k], o);
    if (m === undefined) delete out[k];
    else out[k] = m;
  }
  return out as T;
}

/** Removes `null`s (for new items built from overrides). */
function withoutNulls<T extends Record<string, unknown>>(x: T): T {
  return Object.fromEntries(Object.entries(x).filter(([, y]) => y !== null).map(([k, y]) => [k, isPlain(y) ? withoutNulls(y) : y])) as T;
}

/** The ids compileScenario gives events (explicit, or `launch:<agent>` etc. with `#n` for repeats). */
function eventIds(events: readonly EventSpec[]): string[] {
  const counters = new Map<string, number>();
  return events.map((e) => {
    if (typeof e.id === 'string') return e.id;
    const fallback = e.type === 'aiLaunch' ? `launch:${e.agent}`
      : e.type === 'partnership' ? `${e.deviceMaker}+${e.provider}`
      : e.type === 'shock' ? 'shock'
      : e.type === 'subsidy' ? 'subsidy'
      : `${e.type}:${e.agent}@${e.market}`;
    const n = counters.get(fallback) ?? 0;
    counters.set(fallback, n + 1);
    return n === 0 ? fallback : `${fallback}#${n + 1}`;
  });
}

function oneOf(ids: readonly string[]): string {
  return ids.length ? `one of ${ids.join(', ')}` : 'none (there are none)';
}

interface Resolved {
  spec: ScenarioSpec;
  mappings: PathMapping[];
}

function applyLandscapeOverride(landscape: LandscapeSpec, o: LandscapeOverride, source: string, mappings: PathMapping[], origin: string): void {
  const at = (...keys: Key[]) => ['landscape', ...keys];
  if (o.start !== undefined) landscape.start = o.start;
  if (o.sources !== undefined) landscape.sources = [...o.sources];
  for (const [name, p] of Object.entries(o.parameters ?? {})) {
    landscape.parameters ??= {};
    if (p === null) delete landscape.parameters[name];
    else landscape.parameters[name] = clonePlain(p);
  }

  const touchedAgents = new Set<string>();
  (o.removeAgents ?? []).forEach((id, k) => {
    const i = landscape.agents.findIndex((a) => a.id === id);
    if (i < 0) throw documentError(source, 'Unknown agent', at('removeAgents', k), id, oneOf(landscape.agents.map((a) => a.id)));
    if (o.agents && Object.hasOwn(o.agents, id)) {
      throw documentError(source, 'Agent both removed and overridden', at('agents', id), id, 'an agent that is not in removeAgents');
    }
    landscape.agents.splice(i, 1);
    for (const m of landscape.markets) m.participants = m.participants.filter((p) => p.agent !== id);
  });

  for (const [id, over] of Object.entries(o.agents ?? {})) {
    const keys = at('agents', id);
    if (over.id !== undefined && over.id !== id) throw documentError(source, 'Agent id differs from its key', [...keys, 'id'], over.id, `'${id}' (or no id)`);
    const i = landscape.agents.findIndex((a) => a.id === id);
    let agent: AgentSpec;
    if (i >= 0) {
      agent = mergeInto(landscape.agents[i], over);
      landscape.agents[i] = agent;
    } else {
      if (over.name === undefined || over.roles === undefined) {
        throw documentError(source, 'Unknown agent', keys, id,
          `${oneOf(landscape.agents.map((a) => a.id))} to override, or a new agent with at least name and roles`);
      }
      agent = { ...withoutNulls(over as Record<string, unknown>), id } as unknown as AgentSpec;
      landscape.agents.push(agent);
    }
    check(AGENT, agent, keys, source);
    touchedAgents.add(id);
  }

  const touchedMarkets = new Set<string>();
  for (const [id, over] of Object.entries(o.markets ?? {})) {
    const keys = at('markets', id);
    const i = landscape.markets.findIndex((m) => m.id === id);
    const known = oneOf(landscape.markets.map((m) => m.id));
    if (over === null) {
      if (i < 0) throw documentError(source, 'Unknown market', keys, id, `${known} to remove`);
      landscape.markets.splice(i, 1);
      continue;
    }
    if (over.id !== undefined && over.id !== id) throw documentError(source, 'Market id differs from its key', [...keys, 'id'], over.id, `'${id}' (or no id)`);
    const { participants: parts, ...rest } = over;
    let market: MarketSpec;
    if (i >= 0) {
      const base = landscape.markets[i];
      if (rest.kind !== undefined && rest.kind !== base.kind) {
        throw documentError(source, 'A market cannot change kind', [...keys, 'kind'], rest.kind, `'${base.kind}' (or no kind)`, 'Remove the market (null) and add a new one under another id');
      }
      market = mergeInto(base, rest);
    } else {
      if (rest.kind === undefined) {
        throw documentError(source, 'Unknown market', keys, id, `${known} to override, or a new market with kind, name, weights, participants and the kind's required fields`);
      }
      market = { ...withoutNulls(rest as Record<string, unknown>), id, participants: [] } as unknown as MarketSpec;
    }
    for (const [agent, p] of Object.entries(parts ?? {})) {
      const pk = [...keys, 'participants', agent];
      const k = market.participants.findIndex((x) => x.agent === agent);
      if (p === null) {
        if (k < 0) throw documentError(source, 'Unknown participant', pk, agent, `${oneOf(market.participants.map((x) => x.agent))} to remove`);
        market.participants.splice(k, 1);
        continue;
      }
      if (p.agent !== undefined && p.agent !== agent) throw documentError(source, 'Participant agent differs from its key', [...pk, 'agent'], p.agent, `'${agent}' (or no agent)`);
      if (k >= 0) market.participants[k] = mergeInto(market.participants[k], p);
      else market.participants.push({ ...withoutNulls(p as Record<string, unknown>), agent } as unknown as ParticipantSpec);
    }
    // Paths inside the market name participants by agent id, as the document does.
    const byAgent = (ks: Key[]) => (ks[0] === 'participants' && typeof ks[1] === 'number' && market.participants[ks[1]]
      ? ['participants', market.participants[ks[1]].agent, ...ks.slice(2)] : ks);
    check(MARKET, market, keys, source, byAgent);
    if (i >= 0) landscape.markets[i] = market;
    else landscape.markets.push(market);
    touchedMarkets.add(id);
  }

  // Paths name agents, markets and participants by id, as overrides do (inherited ones say so).
  landscape.agents.forEach((a, i) => mappings.push({
    from: `landscape.agents[${i}]`, to: formatPath(['landscape', 'agents', a.id]),
    note: touchedAgents.has(a.id) ? undefined : `agent '${a.id}' inherited from ${origin}`,
  }));
  landscape.markets.forEach((m, i) => {
    const note = touchedMarkets.has(m.id) ? undefined : `market '${m.id}' inherited from ${origin}`;
    mappings.push({ from: `landscape.markets[${i}]`, to: formatPath(['landscape', 'markets', m.id]), note });
    m.participants.forEach((p, k) => mappings.push({
      from: `landscape.markets[${i}].participants[${k}]`, to: formatPath(['landscape', 'markets', m.id, 'participants', String(p.agent)]), note,
    }));
  });
}

function resolve(doc: unknown, source: string): Resolved {
  checkDocumentShape(doc, source);
  if (!isObject(doc)) throw documentError(source, 'Invalid scenario document', [], doc, 'a JSON object { "id": …, "extends": … }');
  check(DOCUMENT, doc, [], source);
  const d = doc as unknown as ScenarioDocument;
  const mappings: PathMapping[] = [];

  let base: ScenarioSpec | undefined;
  if (d.extends !== undefined) {
    if (!Object.hasOwn(scenarios, d.extends)) throw documentError(source, 'Unknown base scenario', ['extends'], d.extends, oneOf(Object.keys(scenarios)));
    base = scenarios[d.extends];
  }
  const inherited = (what: string) => (base ? `${what} inherited from '${base.id}'` : what);

  // Landscape.
  let landscape: LandscapeSpec;
  const L = d.landscape;
  if (L !== undefined && isFullLandscape(L)) {
    landscape = clonePlain(L as LandscapeSpec);
  } else {
    const o = (L ?? {}) as LandscapeOverride;
    if (o.options !== undefined && o.extends !== 'china') {
      throw documentError(source, 'Landscape options without a landscape to build', ['landscape', 'options'], o.options,
        "options together with \"extends\": \"china\" in the landscape", "Add \"extends\": \"china\" to the landscape (it then replaces the base scenario's landscape)");
    }
    if (o.extends === 'china') landscape = chinaLandscape(o.options as ChinaLandscapeOptions | undefined);
    else if (base) landscape = clonePlain(base.landscape);
    else {
      throw documentError(source, 'No landscape', ['landscape'], L,
        "a full landscape { start, agents, markets }, a landscape override with \"extends\": \"china\", or a top-level \"extends\" naming a bundled scenario");
    }
    applyLandscapeOverride(landscape, o, source, mappings, o.extends === 'china' ? 'the China landscape' : `'${base!.id}'`);
  }

  // Events: the list (the document's or the base's), removals, overrides, additions.
  const own = d.events !== undefined;
  const first = (own ? d.events! : base?.events ?? []).map((e) => clonePlain(e));
  const ids = eventIds(first);
  let list: Array<{ spec: EventSpec; to: string; note?: string }> = first.map((spec, i) => (own
    ? { spec, to: formatPath(['events', i]) }
    : { spec, to: formatPath(['eventOverrides', ids[i]]), note: `event '${ids[i]}' inherited from '${base!.id}': change it with eventOverrides or drop it with removeEvents` }));
  const removed = new Set<number>();
  (d.removeEvents ?? []).forEach((id, k) => {
    const i = ids.indexOf(id);
    if (i < 0) throw documentError(source, 'Unknown event id', ['removeEvents', k], id, `${oneOf(ids)} (the ${own ? "document's" : inherited('events')})`);
    removed.add(i);
  });
  for (const [id, over] of Object.entries(d.eventOverrides ?? {})) {
    const i = ids.indexOf(id);
    if (i < 0 || removed.has(i)) {
      throw documentError(source, 'Unknown event id', ['eventOverrides', id], id,
        `${oneOf(ids.filter((_, k) => !removed.has(k)))} (the ${own ? "document's" : inherited('events')}${removed.size ? ', less those removed' : ''})`);
    }
    const target = list[i].spec;
    const partial = EVENT_PARTIAL[target.type];
    check(partial, over, ['eventOverrides', id], source);
    const merged = mergeInto(target, over);
    check(EVENT, merged, ['eventOverrides', id], source);
    list[i] = { spec: merged, to: formatPath(['eventOverrides', id]) };
  }
  list = list.filter((_, i) => !removed.has(i));
  (d.addEvents ?? []).forEach((e, k) => list.push({ spec: clonePlain(e), to: formatPath(['addEvents', k]) }));
  list.forEach((e, i) => mappings.push({ from: `events[${i}]`, to: e.to, note: e.note }));

  // Parameters and switches merge; metrics replace.
  let parameters: Record<string, Numeric> | undefined = base?.parameters ? clonePlain(base.parameters) : undefined;
  for (const [name, p] of Object.entries(d.parameters ?? {})) {
    parameters ??= {};
    if (p === null) delete parameters[name];
    else parameters[name] = clonePlain(p);
  }
  const switches = d.switches || base?.switches ? { ...base?.switches, ...d.switches } : undefined;
  const metrics = d.metrics ?? base?.metrics;
  if (d.metrics === undefined && base?.metrics) base.metrics.forEach((_, i) => mappings.push({ from: `metrics[${i}]`, to: `metrics[${i}]`, note: inherited('a metric') }));

  const spec: ScenarioSpec = {
    id: d.id,
    name: d.name ?? (base ? `${base.name ?? base.id} — ${d.id}` : d.id),
    description: d.description ?? base?.description ?? '',
    landscape,
    horizon: d.horizon ?? base?.horizon,
    events: list.map((e) => e.spec),
  };
  if (parameters && Object.keys(parameters).length) spec.parameters = parameters;
  if (switches) spec.switches = switches;
  if (metrics) spec.metrics = clonePlain(metrics);
  if (spec.horizon === undefined) delete spec.horizon;
  return { spec, mappings };
}

/** Where the paths of each resolved scenario come from in its document. */
const LOCATIONS = new WeakMap<ScenarioSpec, { mappings: PathMapping[]; source: string }>();

function located(r: Resolved, source: string): Resolved {
  LOCATIONS.set(r.spec, { mappings: r.mappings, source });
  return r;
}

/**
 * An error found while running a scenario resolved from a document (an
 * expression out of range in some run, say), located in that document:
 * `events[5].visibility` becomes `eventOverrides["apple+alibaba"].visibility`
 * and the message names the document. Undefined when `spec` was not
 * resolved from a document.
 *
 * @example
 * const spec = await prepareScenarioDocument(doc, 'study.json');
 * try { await simulate(spec, { runs: 100 }); }
 * catch (e) { if (e instanceof RunError && e.cause instanceof RivalsimError) throw locateInDocument(spec, e.cause) ?? e; }
 */
export function locateInDocument(spec: ScenarioSpec, error: RivalsimError): RivalsimError | undefined {
  const at = LOCATIONS.get(spec);
  return at ? relocate(error, at.mappings, at.source) : undefined;
}

/** Compiles the resolved scenario to check cross references; errors name document paths. */
function crossCheck(r: Resolved, source: string, doc: unknown): void {
  let plan: Plan;
  try {
    plan = compileScenario(r.spec);
  } catch (e) {
    if (e instanceof ExpressionsNotLoaded || !(e instanceof RivalsimError)) throw e;
    throw relocate(e, r.mappings, source);
  }
  // The world's start must accept it too (a run would fail otherwise).
  checkStart(r.spec, plan, doc, (e) => relocate(e, r.mappings, source));
}

/**
 * Resolves a scenario document (parsed JSON or a TypeScript object) into a
 * scenario: checks its shape, applies it to the bundled scenario it
 * `extends` (which is never changed), then compiles the result to check
 * cross references (unknown agents or markets, shares, ranges,
 * expressions). Errors are {@link RivalsimError}s naming `source` and the
 * path inside the document. Documents with expressions are fully checked
 * only once mathjs is loaded (`await loadExpressions()`), otherwise when
 * simulated; {@link prepareScenarioDocument} does that for you.
 *
 * @example
 * resolveScenarioDocument({ id: 'longer', extends: 'apple-alibaba', horizon: 48 });
 * resolveScenarioDocument({ id: 'x', extends: 'baseline', removeEvents: ['nope'] }, 'x.json');
 * // throws: x.json: Unknown event id: expected one of apple+alibaba, … but received "nope" → at removeEvents[0]
 */
export function resolveScenarioDocument(doc: unknown, source = 'scenario'): ScenarioSpec {
  const r = located(resolve(doc, source), source);
  try {
    crossCheck(r, source, doc);
  } catch (e) {
    if (!(e instanceof ExpressionsNotLoaded)) throw e;
  }
  return r.spec;
}

/**
 * Like {@link resolveScenarioDocument}, loading mathjs first when the
 * document uses expressions, so every check (expressions included) runs now.
 *
 * @example
 * const spec = await prepareScenarioDocument(JSON.parse(text), 'study.json');
 */
export async function prepareScenarioDocument(doc: unknown, source = 'scenario'): Promise<ScenarioSpec> {
  const r = located(resolve(doc, source), source);
  try {
    crossCheck(r, source, doc);
  } catch (e) {
    if (!(e instanceof ExpressionsNotLoaded)) throw e;
    await loadExpressions();
    crossCheck(r, source, doc);
  }
  return r.spec;
}
