/**
 * The schema (valibot) of scenario documents: agents, markets, landscapes
 * and their overrides, events and their overrides, metrics and the
 * document itself. The rules it shares with compilation (the horizon, the
 * parameter-name rule, ids, roles, event types) come from
 * `model/compile/rules.ts`; the landscapes a document may extend come from
 * the {@link DocumentRegistry} it is resolved with.
 */
import * as v from 'valibot';
import {
  EVENT_TYPES, HORIZON_EXPECTED, MAX_HORIZON, METRIC_ID_RE, PARAMETER_NAME_EXPECTED, PARAMETER_NAME_RE, ROLES,
} from '../../model/compile/rules.js';
import type { EventSpec } from '../../model/types.js';
import { isObject } from './merge.js';
import {
  bool, ID, integerIn, isPolicyObject, KEBAB, MONTH, num, NUMERIC, obj, opt, partialOf, RAMP, SAMPLEABLE, START, str, strings, struct,
  type Entries, type Schema,
} from './schema-values.js';
import type { DocumentRegistry } from './types.js';

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
    v.array(v.picklist(ROLES, ROLES.map((r) => `'${r}'`).join(' or ')), `an array of roles: ${ROLES.map((r) => `'${r}'`).join(', ')}`),
    v.minLength(1, `at least one role: ${ROLES.map((r) => `'${r}'`).join(', ')}`),
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
/** A whole agent (new, or after its override is merged). */
export const AGENT = obj(AGENT_ENTRIES, 'an agent');
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
/** A whole market of either kind (new, or after its override is merged). */
export const MARKET: Schema = v.variant('kind', <v.VariantOptions<'kind'>><unknown>[
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
/**
 * Whether a document's landscape is a full one (it lists agents or markets as arrays), not an override.
 *
 * @example
 * isFullLandscape({ agents: { apple: { name: 'Apple' } } }); // => false
 */
export function isFullLandscape(x: unknown): boolean {
  return isObject(x) && (Array.isArray(x.agents) || Array.isArray(x.markets));
}

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
/** A whole event of any type. */
export const EVENT: Schema = v.variant('type',
  EVENT_TYPES.map((t) => obj({ type: v.literal(t), ...EVENT_ENTRIES[t] }, `a${t === 'aiLaunch' || t === 'entry' || t === 'exit' ? 'n' : ''} ${t} event`)) as unknown as v.VariantOptions<'type'>,
  `one of the event types ${EVENT_TYPES.join(', ')}`);
/** The changes an override may make to an event, by event type. */
export const EVENT_PARTIAL: Record<string, Schema> = Object.fromEntries(EVENT_TYPES.map((t) => [t, partialOf({ type: v.literal(t, `'${t}' (an override cannot change the event type)`), ...EVENT_ENTRIES[t] }, `an override of a ${t} event`)]));
const EVENTS = v.array(EVENT, 'an array of events');

const METRIC = obj({
  id: v.pipe(v.string('a metric id'), v.regex(METRIC_ID_RE, 'a metric id: letters, digits, _ and -, starting with a letter')),
  market: ID, expr: v.pipe(v.string('an expression string'), v.minLength(1, 'a non-empty expression')), description: opt(str()),
}, 'a custom metric');

/** The schema of a landscape override, given the landscapes a document may extend. */
function landscapeOverride(registry: DocumentRegistry): Schema {
  const ids = Object.keys(registry.landscapes), entries = Object.values(registry.landscapes);
  return obj({
    extends: opt(v.picklist(ids, entries.map((l) => l.describe).join(' or '))),
    options: opt(entries.length === 1 ? entries[0].options as Schema : v.custom(isObject, 'an object of landscape options')),
    start: opt(START),
    sources: opt(strings()),
    parameters: opt(v.record(v.string(), v.nullable(SAMPLEABLE), 'an object of parameters')),
    agents: opt(v.record(v.string(), AGENT_PARTIAL, 'an object of agent overrides keyed by agent id')),
    removeAgents: opt(strings('an array of agent ids')),
    markets: opt(v.record(v.string(), v.nullable(MARKET_PARTIAL), 'an object of market overrides keyed by market id')),
  }, 'a landscape override');
}

/** Each registry's document schema (a deliberate cache: schemas are built once per registry). */
const DOCUMENTS = new WeakMap<DocumentRegistry, Schema>();

/**
 * The schema of a whole scenario document resolved with `registry`.
 *
 * @example
 * v.safeParse(documentSchema(BUNDLED_REGISTRY), { id: 'x', extends: 'baseline', horizon: 48 }).success; // => true
 */
export function documentSchema(registry: DocumentRegistry): Schema {
  let schema = DOCUMENTS.get(registry);
  if (!schema) DOCUMENTS.set(registry, schema = buildDocumentSchema(registry));
  return schema;
}

function buildDocumentSchema(registry: DocumentRegistry): Schema {
  const override = landscapeOverride(registry);
  return obj({
    $schema: opt(str()), $comment: opt(str()),
    id: KEBAB,
    extends: opt(str('a bundled scenario id')),
    name: opt(str()),
    description: opt(str()),
    horizon: opt(integerIn(1, MAX_HORIZON, HORIZON_EXPECTED)),
    parameters: opt(v.record(v.pipe(v.string(), v.regex(PARAMETER_NAME_RE, PARAMETER_NAME_EXPECTED)),
      v.nullable(SAMPLEABLE), 'an object of parameters')),
    switches: opt(obj({ noise: opt(bool()), policies: opt(bool()) }, 'switches')),
    landscape: opt(v.lazy((x) => (isFullLandscape(x) ? LANDSCAPE : override))),
    events: opt(EVENTS),
    addEvents: opt(EVENTS),
    removeEvents: opt(strings('an array of event ids')),
    eventOverrides: opt(v.record(v.string(), v.custom(isObject, 'an event override object'), 'an object of event overrides keyed by event id')),
    study: opt(obj({
      rankAt: opt(v.array(v.union([str(), integerIn(0, MAX_HORIZON, 'a step')], "a month 'YYYY-MM' or a step"), "an array of months such as ['2027-12']")),
      predicates: opt(v.record(v.string(), str('a predicate such as "share(phones, apple, 2027-12) > 0.18"'), 'an object of predicates keyed by name')),
    }, 'study settings')),
    metrics: opt(v.array(METRIC, 'an array of custom metrics')),
  }, 'a scenario document');
}
