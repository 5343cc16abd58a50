/**
 * Validation and compilation: a declared scenario becomes a {@link Plan}
 * whose references are resolved to indices and whose months are steps.
 * Uncertain inputs stay uncertain here; each run samples them. One
 * {@link CompileContext} per compilation carries what the concerns share
 * (agents, markets, events: `compile/*.ts`).
 */
import { ExpressionsNotLoaded, loadExpressions } from '../expressions/expression.js';
import { compileAgents, indexAgents } from './compile/agents.js';
import { CompileContext, fail, requireObject } from './compile/context.js';
import { compileEvents } from './compile/events.js';
import { checkScenarioSize, checkText } from './compile/limits.js';
import { compileMarkets, fillWeights, indexMarkets } from './compile/markets.js';
import { compileParameters } from './compile/parameters.js';
import { DEFAULT_HORIZON, HORIZON_EXPECTED, isHorizon } from './compile/rules.js';
import { compileMetrics } from './metrics.js';
import type { LandscapeIds } from './ids.js';
import type { Plan } from './plan.js';
import { dateAt, parseMonth } from './time.js';
import type { LandscapeSpec, ScenarioSpec } from './types.js';

export type {
  Plan, PlanAgent, PlanAssistantMarket, PlanChannel, PlanDeviceMarket, PlanEvent, PlanInput, PlanLaunch, PlanMarket, PlanParticipant, PlanRamp,
} from './plan.js';
export { AI, ASSISTANT_APPEAL, COMPUTED_ATTRIBUTES, REACH, UTILITY } from './plan.js';
export { SCENARIO_LIMITS } from './compile/limits.js';
export { RESERVED_NAMES } from './compile/parameters.js';
export { DEFAULT_HORIZON, MAX_HORIZON, OBJECT_INTERNALS, PARAMETER_NAME_RE } from './compile/rules.js';

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
export function compileScenario<I extends LandscapeIds = LandscapeIds, E extends string = string>(spec: ScenarioSpec<I, E>): Plan<I, E> {
  requireObject(spec, '', 'scenario');
  if (typeof spec.id !== 'string' || spec.id.length === 0) fail('Invalid scenario id', 'id', spec.id, 'a non-empty string');
  const horizon = spec.horizon ?? DEFAULT_HORIZON;
  if (!isHorizon(horizon)) fail('Invalid horizon', 'horizon', horizon, HORIZON_EXPECTED);
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
  fillWeights(markets, attributes, agents);
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
export async function prepareScenario<I extends LandscapeIds = LandscapeIds, E extends string = string>(spec: ScenarioSpec<I, E> | Plan<I, E>): Promise<Plan<I, E>> {
  if (typeof spec === 'object' && spec !== null && 'agentIndex' in spec) return spec;
  try {
    return compileScenario(spec);
  } catch (e) {
    if (!(e instanceof ExpressionsNotLoaded)) throw e;
    await loadExpressions();
    return compileScenario(spec);
  }
}
