/**
 * Validation and compilation: a declared scenario becomes a {@link Plan}
 * whose references are resolved to indices and whose months are steps.
 * Uncertain inputs stay uncertain here; each run samples them.
 */
import { RivalsimError } from '../errors.js';
import {
  ALLOWED_CONSTANTS, ALLOWED_FUNCTIONS, ExpressionsNotLoaded, compileExpression, expressionSource, loadExpressions, type CompiledExpression,
} from '../expressions/expression.js';
import {
  anyFinite, nonNegative, positive, probability, validateNumeric,
  type NumericConstraint, type Sampleable,
} from '../random/distributions.js';
import type { Policy, PolicySpec } from './policy-types.js';
import { resolvePolicy } from './policies.js';
import { compileMetrics, type PlanMetric } from './metrics.js';
import { dateAt, parseMonth, stepOf } from './time.js';
import type {
  AgentSpec, AssistantMarketSpec, DeviceMarketSpec, EventSpec, LandscapeSpec,
  MarketSpec, MonthSpec, RampSpec, Role, ScenarioSpec,
} from './types.js';

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

/** A compiled agent. */
export interface PlanAgent {
  id: string;
  name: string;
  roles: Role[];
  strategic: boolean;
  attributes: Array<{ attr: number; input: PlanInput }>;
  capacity?: { concurrentUsers: PlanInput; growthPerMonth: PlanInput };
  productCycle?: { launchMonth: number; lift: PlanInput; halfLifeMonths: PlanInput };
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
  path: string;
}

/** A compiled market. */
export interface PlanMarket {
  id: string;
  name: string;
  kind: 'devices' | 'assistants';
  participants: PlanParticipant[];
  /** Weight per attribute index (filled once all attributes are known). */
  weights: Float64Array;
  /** Declared weights as (attribute index, weight). */
  weightList: Array<[number, number]>;
  drift: Array<{ attr: number; perMonth: PlanInput; limit?: number }>;
  shocks?: { persistence: PlanInput; sd: PlanInput };
  defaultLoyalty: PlanInput;
  // devices
  unitsPerYear?: PlanInput;
  seasonality?: Float64Array;
  growthPerYear?: PlanInput;
  replacementCycleMonths?: PlanInput;
  // assistants
  initialUsers?: PlanInput;
  potential?: PlanInput;
  bassP?: PlanInput;
  bassQ?: PlanInput;
  reconsiderationRate?: PlanInput;
  reachFrom: number;
  peakConcurrency?: PlanInput;
  elasticity?: PlanInput;
  outageHazard?: PlanInput;
  outageSeverity?: PlanInput;
}

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
  | { type: 'entry'; id: string; agent: number; market: number; month: PlanInput; choiceShare: PlanInput; loyalty?: PlanInput }
  | { type: 'exit'; id: string; agent: number; market: number; month: PlanInput };

/**
 * A validated, compiled scenario: references resolved, months as steps,
 * uncertain inputs kept for sampling per run.
 *
 * @example
 * const plan = compileScenario({ id: 'still', landscape: chinaLandscape(), horizon: 12 });
 * plan.dates[12]; // => '2026-01'
 */
export interface Plan {
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
  /** Attribute names; index 0 is `aiCapability`, 1 is `reach`. */
  attributes: string[];
  markets: PlanMarket[];
  marketIndex: ReadonlyMap<string, number>;
  events: PlanEvent[];
  /** The declaration it came from. */
  spec: ScenarioSpec;
  /** Named parameters (numbers or distributions), sampled first in each run. */
  parameters: Array<{ name: string; input: PlanInput }>;
  /** Custom output metrics, compiled once (evaluated after each run). */
  metrics?: PlanMetric[];
}

/** Attribute index of the computed AI capability. */
export const AI = 0;
/** Attribute index of the computed reach of an assistant. */
export const REACH = 1;
/** Pseudo-attribute index meaning "utility itself". */
export const UTILITY = -1;

const ID_RE = /^[A-Za-z0-9][A-Za-z0-9_.+:@#-]*$/;

function fail(what: string, path: string, received: unknown, expected: string, fix?: string): never {
  throw new RivalsimError(what, path, received, expected, fix);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function requireObject(v: unknown, path: string, what: string): Record<string, unknown> {
  if (!isObject(v)) fail(`Invalid ${what}`, path, v, 'an object');
  return v;
}

function requireArray(v: unknown, path: string, what: string, nonEmpty = true): unknown[] {
  if (!Array.isArray(v) || (nonEmpty && v.length === 0)) fail(`Invalid ${what}`, path, v, nonEmpty ? 'a non-empty array' : 'an array');
  return v;
}

function requireId(v: unknown, path: string): string {
  if (typeof v !== 'string' || !ID_RE.test(v)) fail('Invalid id', path, v, 'a string of letters, digits and - _ . + : @ #, starting with a letter or digit');
  return v;
}

/** Names a parameter may not take: expressions' constants and functions, and mathjs's reserved `end`. */
const RESERVED_NAMES: ReadonlySet<string> = new Set<string>([...ALLOWED_CONSTANTS, ...ALLOWED_FUNCTIONS, 'end']);

/** Names of the scenario's parameters while a scenario is being compiled. */
let parameterNames: string[] = [];

function input(v: unknown, path: string, c: NumericConstraint): PlanInput {
  const source = expressionSource(v);
  if (source !== undefined) {
    // Counts and keys are plain numbers; an uncertain expression is re-checked against `c` in each run.
    return { path, value: compileExpression(source, parameterNames, path), constraint: c };
  }
  return { path, value: validateNumeric(v, path, c) };
}

function optionalInput(v: unknown, path: string, c: NumericConstraint, fallback: number): PlanInput {
  return v === undefined ? { path, value: fallback } : input(v, path, c);
}

/**
 * Validates and compiles a scenario. Throws a {@link RivalsimError} naming
 * the path, the received value and what is allowed on any bad input: unknown
 * agent ids, probabilities outside [0, 1], shares not summing to 1, …
 *
 * @example
 * compileScenario({ id: 'x', landscape: chinaLandscape(), events: [
 *   { type: 'aiLaunch', agent: 'nokia', month: 1, capabilityGain: 0.2 }] });
 * // throws: Unknown agent: expected one of apple, alibaba, … but received "nokia" → at events[0].agent
 */
export function compileScenario(spec: ScenarioSpec): Plan {
  requireObject(spec, '', 'scenario');
  const parameters: Plan['parameters'] = [];
  if (spec.parameters !== undefined) {
    requireObject(spec.parameters, 'parameters', 'parameters');
    for (const [name, v] of Object.entries(spec.parameters)) {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || RESERVED_NAMES.has(name)) {
        fail('Invalid parameter name', `parameters.${name}`, name,
          `a name of letters, digits and _ (not starting with a digit; not ${[...RESERVED_NAMES].join(', ')}: expressions use them)`);
      }
      if (expressionSource(v) !== undefined) fail('Parameters cannot be expressions', `parameters.${name}`, v, 'a number or a distribution');
      parameters.push({ name, input: { path: `parameters.${name}`, value: validateNumeric(v, `parameters.${name}`, anyFinite) } });
    }
  }
  const previous = parameterNames;
  parameterNames = parameters.map((p) => p.name);
  try {
    return compileBody(spec, parameters);
  } finally {
    parameterNames = previous;
  }
}

function compileBody(spec: ScenarioSpec, parameters: Plan['parameters']): Plan {
  if (typeof spec.id !== 'string' || spec.id.length === 0) fail('Invalid scenario id', 'id', spec.id, 'a non-empty string');
  const horizon = spec.horizon ?? 36;
  if (!Number.isInteger(horizon) || horizon < 1 || horizon > 1200) fail('Invalid horizon', 'horizon', horizon, 'an integer number of months in [1, 1200]');
  const landscape = requireObject(spec.landscape, 'landscape', 'landscape') as unknown as LandscapeSpec;
  const start = landscape.start;
  parseMonth(start, 'landscape.start');
  const switches = spec.switches ?? {};

  // Agents.
  const agentSpecs = requireArray(landscape.agents, 'landscape.agents', 'agent list') as AgentSpec[];
  const agentIndex = new Map<string, number>();
  agentSpecs.forEach((a, i) => {
    const path = `landscape.agents[${i}]`;
    requireObject(a, path, 'agent');
    const id = requireId(a.id, `${path}.id`);
    if (agentIndex.has(id)) fail('Duplicate agent id', `${path}.id`, id, 'ids that appear once', 'Rename or remove the second agent');
    agentIndex.set(id, i);
  });
  const agentIds = [...agentIndex.keys()];
  const agentRef = (v: unknown, path: string, role?: Role): number => {
    const i = typeof v === 'string' ? agentIndex.get(v) : undefined;
    if (i === undefined) fail('Unknown agent', path, v, `one of ${agentIds.join(', ')}`, 'Declare the agent in landscape.agents or fix the id');
    if (role && !agentSpecs[i].roles.includes(role)) {
      fail('Agent has the wrong role', path, v, `an agent with role '${role}'`, `Add '${role}' to its roles or pick another agent`);
    }
    return i;
  };

  const attributes = ['aiCapability', 'reach'];
  const attrIndex = new Map(attributes.map((a, i) => [a, i]));
  const attr = (name: string): number => {
    let i = attrIndex.get(name);
    if (i === undefined) { i = attributes.length; attributes.push(name); attrIndex.set(name, i); }
    return i;
  };

  const agents: PlanAgent[] = agentSpecs.map((a, i) => {
    const path = `landscape.agents[${i}]`;
    if (typeof a.name !== 'string') fail('Invalid agent name', `${path}.name`, a.name, 'a string');
    const roles = requireArray(a.roles, `${path}.roles`, 'roles') as Role[];
    roles.forEach((r, k) => {
      if (r !== 'deviceMaker' && r !== 'aiProvider') fail('Invalid role', `${path}.roles[${k}]`, r, "'deviceMaker' or 'aiProvider'");
    });
    const attrs: PlanAgent['attributes'] = [];
    if (a.attributes !== undefined) {
      requireObject(a.attributes, `${path}.attributes`, 'attributes');
      for (const [name, v] of Object.entries(a.attributes)) {
        if (name === 'reach') fail('Reserved attribute', `${path}.attributes.reach`, v, 'no value: reach is computed from installed bases');
        attrs.push({ attr: attr(name), input: input(v, `${path}.attributes.${name}`, anyFinite) });
      }
    }
    let capacity: PlanAgent['capacity'];
    if (a.capacity !== undefined) {
      requireObject(a.capacity, `${path}.capacity`, 'capacity');
      capacity = {
        concurrentUsers: input(a.capacity.concurrentUsers, `${path}.capacity.concurrentUsers`, positive),
        growthPerMonth: optionalInput(a.capacity.growthPerMonth, `${path}.capacity.growthPerMonth`, { min: -0.5, max: 1 }, 0),
      };
    }
    let productCycle: PlanAgent['productCycle'];
    if (a.productCycle !== undefined) {
      const pc = requireObject(a.productCycle, `${path}.productCycle`, 'product cycle');
      const lm = pc.launchMonth;
      if (!Number.isInteger(lm) || (lm as number) < 1 || (lm as number) > 12) fail('Invalid launch month', `${path}.productCycle.launchMonth`, lm, 'a calendar month 1–12');
      productCycle = {
        launchMonth: lm as number,
        lift: input(pc.lift, `${path}.productCycle.lift`, anyFinite),
        halfLifeMonths: input(pc.halfLifeMonths, `${path}.productCycle.halfLifeMonths`, positive),
      };
    }
    const defaultAssistant = a.defaultAssistant === undefined ? -1 : agentRef(a.defaultAssistant, `${path}.defaultAssistant`, 'aiProvider');
    const policySpecs = a.policy === undefined ? [] : Array.isArray(a.policy) ? a.policy : [a.policy];
    const policies = policySpecs.map((p, k) => resolvePolicy(p as Policy | PolicySpec, `${path}.policy${Array.isArray(a.policy) ? `[${k}]` : ''}`));
    return { id: a.id, name: a.name, roles, strategic: a.strategic ?? false, attributes: attrs, capacity, productCycle, defaultAssistant, policies };
  });

  // Markets.
  const marketSpecs = requireArray(landscape.markets, 'landscape.markets', 'market list') as MarketSpec[];
  const marketIndex = new Map<string, number>();
  marketSpecs.forEach((m, i) => {
    requireObject(m, `landscape.markets[${i}]`, 'market');
    const id = requireId(m.id, `landscape.markets[${i}].id`);
    if (marketIndex.has(id)) fail('Duplicate market id', `landscape.markets[${i}].id`, id, 'ids that appear once');
    marketIndex.set(id, i);
  });
  const firstOfKind = (kind: string) => marketSpecs.findIndex((m) => m.kind === kind);
  const marketRef = (v: unknown, path: string, kind?: 'devices' | 'assistants'): number => {
    const i = typeof v === 'string' ? marketIndex.get(v) : undefined;
    if (i === undefined) fail('Unknown market', path, v, `one of ${[...marketIndex.keys()].join(', ')}`);
    if (kind && marketSpecs[i].kind !== kind) fail('Wrong market kind', path, v, `a '${kind}' market`);
    return i;
  };

  // Attributes used by weights must exist (declared by some agent or computed).
  const markets: PlanMarket[] = marketSpecs.map((m, i) => compileMarket(m, i, agentSpecs, agentRef, attr, marketRef, firstOfKind));

  // Events.
  const eventSpecs = spec.events === undefined ? [] : (requireArray(spec.events, 'events', 'event list', false) as EventSpec[]);
  const eventIds = new Set<string>();
  const month = (v: MonthSpec | undefined, path: string): PlanInput => {
    if (typeof v === 'string' && /^\d{4}-\d{2}$/.test(v.trim())) {
      const step = stepOf(start, v.trim(), path);
      if (step < 0) throw new RivalsimError('Month before the start', path, v, `a month from the landscape's start (${start}) on`, 'Fold what happened before the start into the starting state');
      return { path, value: step };
    }
    return input(v, path, { min: 0, describe: "a month ≥ 0 (steps from the start) or 'YYYY-MM'" });
  };
  const counters = new Map<string, number>();
  const uniqueId = (given: unknown, fallback: string, path: string): string => {
    let id: string;
    if (given !== undefined) id = requireId(given, path);
    else {
      const n = counters.get(fallback) ?? 0;
      counters.set(fallback, n + 1);
      id = n === 0 ? fallback : `${fallback}#${n + 1}`;
    }
    if (eventIds.has(id)) fail('Duplicate event id', path, id, 'ids that appear once', 'Give the events distinct ids');
    eventIds.add(id);
    return id;
  };
  const participates = (agent: number, market: number) => markets[market].participants.some((p) => p.agent === agent);

  const events: PlanEvent[] = eventSpecs.map((e, i): PlanEvent => {
    const path = `events[${i}]`;
    requireObject(e, path, 'event');
    const ev = e as EventSpec & Record<string, unknown>;
    switch (ev.type) {
      case 'aiLaunch': {
        const agent = agentRef(ev.agent, `${path}.agent`);
        let launchMarkets: number[] | null = null;
        if (ev.markets !== undefined) {
          launchMarkets = requireArray(ev.markets, `${path}.markets`, 'market list').map((mk, k) => {
            const mi = marketRef(mk, `${path}.markets[${k}]`);
            if (!participates(agent, mi)) fail('Launch in a market the agent is not in', `${path}.markets[${k}]`, mk, `a market where '${ev.agent}' takes part`);
            return mi;
          });
        }
        return {
          type: 'aiLaunch', id: uniqueId(ev.id, `launch:${ev.agent}`, `${path}.id`), agent, markets: launchMarkets,
          month: month(ev.month, `${path}.month`),
          gain: input(ev.capabilityGain, `${path}.capabilityGain`, anyFinite),
          ramp: compileRamp(ev.ramp, `${path}.ramp`, { kind: 'immediate' }),
        };
      }
      case 'partnership': {
        const deviceMaker = agentRef(ev.deviceMaker, `${path}.deviceMaker`, 'deviceMaker');
        const provider = agentRef(ev.provider, `${path}.provider`, 'aiProvider');
        const dm = ev.deviceMarket === undefined ? firstOfKind('devices') : marketRef(ev.deviceMarket, `${path}.deviceMarket`, 'devices');
        const am = ev.assistantMarket === undefined ? firstOfKind('assistants') : marketRef(ev.assistantMarket, `${path}.assistantMarket`, 'assistants');
        if (dm < 0 || am < 0) fail('Partnership needs both markets', path, ev, 'a landscape with a devices market and an assistants market');
        if (!participates(deviceMaker, dm)) fail('Device maker not in the device market', `${path}.deviceMaker`, ev.deviceMaker, `a participant of '${marketSpecs[dm].id}'`);
        if (!participates(provider, am)) fail('Provider not in the assistant market', `${path}.provider`, ev.provider, `a participant of '${marketSpecs[am].id}'`);
        return {
          type: 'partnership', id: uniqueId(ev.id, `${ev.deviceMaker}+${ev.provider}`, `${path}.id`),
          deviceMaker, provider, deviceMarket: dm, assistantMarket: am,
          announce: month(ev.announceMonth, `${path}.announceMonth`),
          approvalProbability: input(ev.approvalProbability, `${path}.approvalProbability`, probability),
          reviewMonths: optionalInput(ev.reviewMonths, `${path}.reviewMonths`, nonNegative, 0),
          goLiveDelayMonths: optionalInput(ev.goLiveDelayMonths, `${path}.goLiveDelayMonths`, nonNegative, 0),
          integrationQuality: input(ev.integrationQuality, `${path}.integrationQuality`, probability),
          privacyCap: optionalInput(ev.privacyCap, `${path}.privacyCap`, probability, 1),
          visibility: input(ev.visibility, `${path}.visibility`, probability),
          adoption: input(ev.adoption, `${path}.adoption`, probability),
          ramp: compileRamp(ev.ramp, `${path}.ramp`, { kind: 'linear', months: 6 }),
        };
      }
      case 'shock': {
        const targets = requireArray(ev.agents, `${path}.agents`, 'agent list').map((a, k) => agentRef(a, `${path}.agents[${k}]`));
        const attribute = ev.attribute ?? 'utility';
        if (typeof attribute !== 'string') fail('Invalid attribute', `${path}.attribute`, attribute, "an attribute name or 'utility'");
        if (attribute === 'reach') fail('Reach cannot be shocked', `${path}.attribute`, attribute, 'another attribute: reach is computed');
        const market = ev.market === undefined ? -1 : marketRef(ev.market, `${path}.market`);
        if (market >= 0 && attribute !== 'utility') fail('Market only applies to utility shocks', `${path}.market`, ev.market, "no market, or attribute 'utility'");
        if ((ev.month === undefined) === (ev.hazardPerMonth === undefined)) {
          fail('Shock timing', path, { month: ev.month, hazardPerMonth: ev.hazardPerMonth }, 'exactly one of month or hazardPerMonth');
        }
        return {
          type: 'shock', id: uniqueId(ev.id, 'shock', `${path}.id`), agents: targets,
          attr: attribute === 'utility' ? UTILITY : attr(attribute), market,
          change: input(ev.change, `${path}.change`, anyFinite),
          month: ev.month === undefined ? undefined : month(ev.month, `${path}.month`),
          hazard: ev.hazardPerMonth === undefined ? undefined : input(ev.hazardPerMonth, `${path}.hazardPerMonth`, probability),
          halfLife: ev.halfLifeMonths === undefined ? undefined : input(ev.halfLifeMonths, `${path}.halfLifeMonths`, positive),
        };
      }
      case 'entry': case 'exit': {
        const agent = agentRef(ev.agent, `${path}.agent`);
        const market = marketRef(ev.market, `${path}.market`);
        const part = markets[market].participants.find((p) => p.agent === agent);
        const id = uniqueId(ev.id, `${ev.type}:${ev.agent}@${ev.market}`, `${path}.id`);
        if (ev.type === 'exit') {
          if (!part) fail('Exit from a market the agent is not in', `${path}.agent`, ev.agent, `a participant of '${ev.market}'`);
          return { type: 'exit', id, agent, market, month: month(ev.month, `${path}.month`) };
        }
        if (part && part.initialShare > 0) fail('Entry of an agent already in the market', `${path}.agent`, ev.agent, `an agent not active in '${ev.market}' at the start`);
        const role: Role = markets[market].kind === 'devices' ? 'deviceMaker' : 'aiProvider';
        if (!agentSpecs[agent].roles.includes(role)) fail('Agent has the wrong role', `${path}.agent`, ev.agent, `an agent with role '${role}'`);
        if (!part) markets[market].participants.push({ agent, initialShare: 0, path: `${path}` });
        const entryEv = ev as import('./types.js').EntryEvent;
        return {
          type: 'entry', id, agent, market, month: month(ev.month, `${path}.month`),
          choiceShare: optionalInput(entryEv.choiceShare, `${path}.choiceShare`, { min: 0, max: 1, minExclusive: true, describe: 'a share in (0, 1)' }, 0.05),
          loyalty: entryEv.loyalty === undefined ? undefined : input(entryEv.loyalty, `${path}.loyalty`, probability),
        };
      }
      default:
        fail('Unknown event type', `${path}.type`, (ev as { type: unknown }).type, "one of 'aiLaunch', 'partnership', 'shock', 'entry', 'exit'");
    }
  });

  for (const m of markets) {
    m.weights = new Float64Array(attributes.length);
    for (const [k, v] of m.weightList) m.weights[k] = v;
  }

  // Every weighted attribute should be declared by at least one agent (or be computed).
  markets.forEach((m, i) => {
    const declared = new Set<number>([AI, REACH]);
    for (const a of agents) for (const x of a.attributes) declared.add(x.attr);
    m.weights.forEach((w, k) => {
      if (w !== 0 && !declared.has(k)) {
        fail('Weight on an attribute no agent has', `landscape.markets[${i}].weights.${attributes[k]}`, w,
          `a weight on one of ${[...declared].map((d) => attributes[d]).join(', ')}`, 'Give agents that attribute or drop the weight');
      }
    });
  });

  const dates = Array.from({ length: horizon + 1 }, (_, t) => dateAt(start, t));
  return {
    id: spec.id, name: spec.name ?? spec.id, description: spec.description ?? '', start, horizon, dates,
    noise: switches.noise ?? true, policiesOn: switches.policies ?? true,
    agents, agentIndex, attributes, markets, marketIndex, events, spec, parameters,
    metrics: compileMetrics(spec.metrics, markets, agents, parameters.map((p) => p.name)),
  };
}

function compileRamp(v: RampSpec | undefined, path: string, fallback: RampSpec): PlanRamp {
  const r = v ?? fallback;
  requireObject(r, path, 'ramp');
  switch (r.kind) {
    case 'bass': return { kind: 'bass', p: input(r.p, `${path}.p`, positive), q: input(r.q, `${path}.q`, nonNegative) };
    case 'linear': return { kind: 'linear', months: input(r.months, `${path}.months`, nonNegative) };
    case 'immediate': return { kind: 'immediate' };
    default: fail('Unknown ramp', `${path}.kind`, (r as { kind: unknown }).kind, "'bass', 'linear' or 'immediate'");
  }
}

function compileMarket(
  m: MarketSpec, i: number, agentSpecs: AgentSpec[],
  agentRef: (v: unknown, path: string, role?: Role) => number,
  attr: (name: string) => number,
  marketRef: (v: unknown, path: string, kind?: 'devices' | 'assistants') => number,
  firstOfKind: (kind: string) => number,
): PlanMarket {
  const path = `landscape.markets[${i}]`;
  if (m.kind !== 'devices' && m.kind !== 'assistants') fail('Invalid market kind', `${path}.kind`, (m as { kind: unknown }).kind, "'devices' or 'assistants'");
  const role: Role = m.kind === 'devices' ? 'deviceMaker' : 'aiProvider';
  requireObject(m.weights, `${path}.weights`, 'weights');
  const weightEntries = Object.entries(m.weights).map(([name, w]) => {
    if (typeof w !== 'number' || !Number.isFinite(w)) fail('Invalid weight', `${path}.weights.${name}`, w, 'a finite number');
    if (name === 'reach' && m.kind === 'devices') fail('Reach weight in a device market', `${path}.weights.reach`, w, 'no reach weight: reach applies to assistant markets');
    return [attr(name), w] as const;
  });
  const drift = Object.entries(m.weightDrift ?? {}).map(([name, d]) => {
    requireObject(d, `${path}.weightDrift.${name}`, 'weight drift');
    if (d.limit !== undefined && !Number.isFinite(d.limit)) fail('Invalid drift limit', `${path}.weightDrift.${name}.limit`, d.limit, 'a finite number');
    return { attr: attr(name), perMonth: input(d.perMonth, `${path}.weightDrift.${name}.perMonth`, anyFinite), limit: d.limit };
  });
  const participantsRaw = requireArray(m.participants, `${path}.participants`, 'participant list');
  const seen = new Set<number>();
  let sum = 0;
  const participants: PlanParticipant[] = participantsRaw.map((pRaw, k) => {
    const pp = `${path}.participants[${k}]`;
    const p = requireObject(pRaw, pp, 'participant') as unknown as import('./types.js').ParticipantSpec;
    const agent = agentRef(p.agent, `${pp}.agent`, role);
    if (seen.has(agent)) fail('Duplicate participant', `${pp}.agent`, p.agent, 'each agent once per market');
    seen.add(agent);
    if (typeof p.initialShare !== 'number' || !(p.initialShare >= 0 && p.initialShare <= 1)) fail('Invalid share', `${pp}.initialShare`, p.initialShare, 'a share in [0, 1]');
    sum += p.initialShare;
    if (p.loyalty !== undefined && p.repurchaseRate !== undefined) fail('Both loyalty and repurchase rate', pp, { loyalty: p.loyalty, repurchaseRate: p.repurchaseRate }, 'one of loyalty or repurchaseRate (loyalty is solved from the repurchase rate)');
    if (p.replacementCycleMonths !== undefined && p.installedBase !== undefined) fail('Both replacement cycle and installed base', pp, { replacementCycleMonths: p.replacementCycleMonths, installedBase: p.installedBase }, 'one of them (the cycle is solved from the installed base)');
    if (m.kind === 'assistants' && (p.replacementCycleMonths !== undefined || p.installedBase !== undefined)) fail('Device fields in an assistant market', pp, p, 'no replacementCycleMonths or installedBase');
    if (p.intercept !== undefined && !Number.isFinite(p.intercept)) fail('Invalid intercept', `${pp}.intercept`, p.intercept, 'a finite number');
    return {
      agent, initialShare: p.initialShare, path: pp, intercept: p.intercept,
      loyalty: p.loyalty === undefined ? undefined : input(p.loyalty, `${pp}.loyalty`, { min: 0, max: 0.999, describe: 'a loyalty in [0, 0.999]' }),
      repurchaseRate: p.repurchaseRate === undefined ? undefined : input(p.repurchaseRate, `${pp}.repurchaseRate`, probability),
      replacementCycleMonths: p.replacementCycleMonths === undefined ? undefined : input(p.replacementCycleMonths, `${pp}.replacementCycleMonths`, { min: 2, describe: 'a number of months ≥ 2' }),
      installedBase: p.installedBase === undefined ? undefined : input(p.installedBase, `${pp}.installedBase`, positive),
    };
  });
  if (Math.abs(sum - 1) > 1e-6) {
    const others = participants.find((p) => agentSpecs[p.agent].id === 'others');
    const remainder = others ? others.initialShare + 1 - sum : -1;
    fail('Initial shares do not sum to 1', `${path}.participants`, `shares summing to ${sum}`,
      'shares summing to 1 (within 1e-6)',
      remainder >= 0 ? `Set others' share to ${Number(remainder.toFixed(12))}, or rescale them` : 'Rescale them so they sum to 1');
  }
  const base: PlanMarket = {
    id: m.id, name: typeof m.name === 'string' ? m.name : m.id, kind: m.kind, participants,
    weightList: weightEntries.map(([k, v]) => [k, v] as [number, number]), weights: new Float64Array(0), drift,
    defaultLoyalty: optionalInput((m as { defaultLoyalty?: unknown }).defaultLoyalty, `${path}.defaultLoyalty`, { min: 0, max: 0.999 }, 0.3),
    reachFrom: -1,
  };
  if (m.shocks !== undefined) {
    requireObject(m.shocks, `${path}.shocks`, 'shock process');
    base.shocks = {
      persistence: input(m.shocks.persistence, `${path}.shocks.persistence`, { min: 0, max: 0.999, describe: 'a persistence in [0, 1)' }),
      sd: input(m.shocks.sd, `${path}.shocks.sd`, nonNegative),
    };
  }
  if (m.kind === 'devices') {
    const d = m as DeviceMarketSpec;
    base.unitsPerYear = input(d.unitsPerYear, `${path}.unitsPerYear`, positive);
    base.growthPerYear = optionalInput(d.growthPerYear, `${path}.growthPerYear`, { min: -0.9, max: 10 }, 0);
    base.replacementCycleMonths = input(d.replacementCycleMonths, `${path}.replacementCycleMonths`, { min: 2, describe: 'a number of months ≥ 2' });
    if (d.seasonality !== undefined) {
      const s = d.seasonality;
      if (!Array.isArray(s) || s.length !== 12 || !s.every((x) => typeof x === 'number' && Number.isFinite(x) && x > 0)) {
        fail('Invalid seasonality', `${path}.seasonality`, s, 'twelve positive multipliers, January first');
      }
      const mean = s.reduce((a, b) => a + b, 0) / 12;
      if (Math.abs(mean - 1) > 1e-3) fail('Seasonality does not average 1', `${path}.seasonality`, `multipliers averaging ${mean}`, 'multipliers averaging 1', 'Divide each by their mean');
      base.seasonality = Float64Array.from(s, (x) => x / mean);
    }
  } else {
    const a = m as AssistantMarketSpec;
    base.initialUsers = input(a.initialUsers, `${path}.initialUsers`, positive);
    base.potential = input(a.potential, `${path}.potential`, positive);
    requireObject(a.bass, `${path}.bass`, 'Bass coefficients');
    base.bassP = input(a.bass.p, `${path}.bass.p`, { min: 0, max: 1 });
    base.bassQ = input(a.bass.q, `${path}.bass.q`, { min: 0, max: 1 });
    base.reconsiderationRate = input(a.reconsiderationRate, `${path}.reconsiderationRate`, probability);
    base.reachFrom = a.reachFrom === undefined ? firstOfKind('devices') : marketRef(a.reachFrom, `${path}.reachFrom`, 'devices');
    const c = a.capacity ?? {};
    requireObject(c, `${path}.capacity`, 'capacity behaviour');
    base.peakConcurrency = optionalInput(c.peakConcurrency, `${path}.capacity.peakConcurrency`, probability, 0.05);
    base.elasticity = optionalInput(c.elasticity, `${path}.capacity.elasticity`, nonNegative, 1);
    base.outageHazard = optionalInput(c.outageHazard, `${path}.capacity.outageHazard`, nonNegative, 2);
    base.outageSeverity = optionalInput(c.outageSeverity, `${path}.capacity.outageSeverity`, probability, 0.5);
  }
  return base;
}

/**
 * Compiles a scenario, loading mathjs first if (and only if) the scenario
 * uses expressions. Use it instead of {@link compileScenario} for scenarios
 * with expressions; `simulate` and `compare` call it for you.
 *
 * @example
 * const plan = await prepareScenario({ ...scenario, parameters: { q: 0.8 }, events: [{ type: 'aiLaunch', agent: 'alibaba', month: 3, capabilityGain: '0.2 * q' }] });
 */
export async function prepareScenario(spec: ScenarioSpec | Plan): Promise<Plan> {
  if (typeof spec === 'object' && spec !== null && 'agentIndex' in spec) return spec;
  try {
    return compileScenario(spec);
  } catch (e) {
    if (!(e instanceof ExpressionsNotLoaded)) throw e;
    await loadExpressions();
    return compileScenario(spec);
  }
}
