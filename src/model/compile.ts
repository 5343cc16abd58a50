/**
 * Validation and compilation: a declared scenario becomes a {@link Plan}
 * whose references are resolved to indices and whose months are steps.
 * Uncertain inputs stay uncertain here; each run samples them. One
 * {@link CompileContext} per compilation carries what the concerns share
 * (agents, markets, events: `compile/*.ts`).
 */
import { ALLOWED_CONSTANTS, ALLOWED_FUNCTIONS, ExpressionsNotLoaded, expressionSource, loadExpressions } from '../expressions/expression.js';
import { anyFinite, validateNumeric } from '../random/distributions.js';
import { compileAgents, indexAgents } from './compile/agents.js';
import { CompileContext, fail, requireObject } from './compile/context.js';
import { compileEvents } from './compile/events.js';
import { checkScenarioSize, checkText } from './compile/limits.js';
import { compileMarkets, indexMarkets } from './compile/markets.js';
import { compileMetrics } from './metrics.js';
import { AI, ASSISTANT_APPEAL, REACH, type Plan } from './plan.js';
import { dateAt, parseMonth } from './time.js';
import type { LandscapeSpec, ScenarioSpec } from './types.js';

export type {
  Plan, PlanAgent, PlanAssistantMarket, PlanChannel, PlanDeviceMarket, PlanEvent, PlanInput, PlanLaunch, PlanMarket, PlanParticipant, PlanRamp,
} from './plan.js';
export { AI, ASSISTANT_APPEAL, COMPUTED_ATTRIBUTES, REACH, UTILITY } from './plan.js';
export { SCENARIO_LIMITS } from './compile/limits.js';

/** The longest horizon a scenario may have, in months. */
export const MAX_HORIZON = 1200;

/**
 * Names of JavaScript's object internals (`Object.prototype`'s own
 * properties, and `prototype`): a parameter may not take them (scopes are
 * plain objects), nor may any key of a scenario document.
 */
export const OBJECT_INTERNALS: readonly string[] = [
  '__proto__', 'constructor', 'prototype', 'toString', 'toLocaleString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf',
  'propertyIsEnumerable', '__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__',
];

/** Names a parameter may not take: expressions' constants and functions, mathjs's reserved `end`, and object internals. */
export const RESERVED_NAMES: ReadonlySet<string> = new Set<string>([...ALLOWED_CONSTANTS, ...ALLOWED_FUNCTIONS, 'end', ...OBJECT_INTERNALS]);

/** The rule for parameter names: letters, digits and `_`, not starting with a digit. */
export const PARAMETER_NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The landscape's parameters, then the scenario's (a scenario parameter
 * replaces a landscape one of the same name), all at `parameters.<name>`.
 */
function compileParameters(spec: ScenarioSpec, landscape: LandscapeSpec): Plan['parameters'] {
  const byName = new Map<string, Plan['parameters'][number]>();
  const add = (block: unknown, where: string) => {
    if (block === undefined) return;
    requireObject(block, where, 'parameters');
    for (const [name, v] of Object.entries(block as Record<string, unknown>)) {
      if (!PARAMETER_NAME_RE.test(name) || RESERVED_NAMES.has(name)) {
        fail(RESERVED_NAMES.has(name) ? 'Reserved parameter name' : 'Invalid parameter name', `${where}.${name}`, name,
          `a name of letters, digits and _ (not starting with a digit; not ${[...RESERVED_NAMES].join(', ')}: expressions use them, or objects)`);
      }
      if (expressionSource(v) !== undefined) fail('Parameters cannot be expressions', `${where}.${name}`, v, 'a number or a distribution');
      const path = `parameters.${name}`;
      byName.set(name, { name, input: { path, value: validateNumeric(v, `${where}.${name}`, anyFinite) } });
    }
  };
  add(landscape.parameters, 'landscape.parameters');
  add(spec.parameters, 'parameters');
  return [...byName.values()];
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
  if (typeof spec.id !== 'string' || spec.id.length === 0) fail('Invalid scenario id', 'id', spec.id, 'a non-empty string');
  const horizon = spec.horizon ?? 36;
  if (!Number.isInteger(horizon) || horizon < 1 || horizon > MAX_HORIZON) fail('Invalid horizon', 'horizon', horizon, `an integer number of months in [1, ${MAX_HORIZON}]`);
  const landscape = requireObject(spec.landscape, 'landscape', 'landscape') as unknown as LandscapeSpec;
  checkScenarioSize(spec, landscape, horizon);
  checkText(spec, landscape);
  const start = landscape.start;
  parseMonth(start, 'landscape.start');
  const parameters = compileParameters(spec, landscape);
  const ctx = new CompileContext(start, parameters.map((p) => p.name));
  indexAgents(ctx, landscape.agents);
  indexMarkets(ctx, landscape.markets);
  const agents = compileAgents(ctx);
  ctx.markets = compileMarkets(ctx);
  const events = compileEvents(ctx, spec.events);
  const markets = ctx.markets, attributes = ctx.attributes;
  for (const m of markets) {
    m.weights = new Float64Array(attributes.length);
    for (const [k, v] of m.weightList) m.weights[k] = typeof v.value === 'number' ? v.value : NaN;
  }
  // Every weighted attribute should be declared by at least one agent (or be computed).
  const declared = new Set<number>([AI, REACH, ASSISTANT_APPEAL]);
  for (const a of agents) for (const x of a.attributes) declared.add(x.attr);
  markets.forEach((m, i) => m.weights.forEach((w, k) => {
    if (w !== 0 && !declared.has(k)) {
      fail('Weight on an attribute no agent has', `landscape.markets[${i}].weights.${attributes[k]}`, w,
        `a weight on one of ${[...declared].map((d) => attributes[d]).join(', ')}`, 'Give agents that attribute or drop the weight');
    }
  }));
  const switches = spec.switches ?? {};
  return {
    id: spec.id, name: spec.name ?? spec.id, description: spec.description ?? '', start, horizon,
    dates: Array.from({ length: horizon + 1 }, (_, t) => dateAt(start, t)),
    noise: switches.noise ?? true, policiesOn: switches.policies ?? true,
    agents, agentIndex: ctx.agentIndex, attributes, markets, marketIndex: ctx.marketIndex, events, spec, parameters,
    metrics: compileMetrics(spec.metrics, markets, agents, parameters.map((p) => p.name)),
  };
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
