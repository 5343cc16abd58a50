/**
 * Compiling the landscape's agents: ids, roles, attributes, capacity, the
 * product calendar, default assistant and policies.
 */
import { anyFinite, positive } from '../../random/distributions.js';
import { resolvePolicy } from '../policies/index.js';
import type { PlanAgent, PlanLaunch } from '../plan.js';
import type { Policy, PolicySpec } from '../policy-types.js';
import type { AgentSpec, Role } from '../types.js';
import { fail, requireArray, requireId, requireObject, type CompileContext } from './context.js';

/**
 * Registers the agents' ids in `ctx` (so that references between agents resolve), checking for duplicates.
 *
 * @example
 * indexAgents(ctx, landscape.agents); ctx.agentIndex.get('apple'); // => 0
 */
export function indexAgents(ctx: CompileContext, raw: unknown): void {
  ctx.agentSpecs = requireArray(raw, 'landscape.agents', 'agent list') as AgentSpec[];
  ctx.agentSpecs.forEach((a, i) => {
    const path = `landscape.agents[${i}]`;
    requireObject(a, path, 'agent');
    const id = requireId(a.id, `${path}.id`);
    if (ctx.agentIndex.has(id)) fail('Duplicate agent id', `${path}.id`, id, 'ids that appear once', 'Rename or remove the second agent');
    ctx.agentIndex.set(id, i);
  });
}

/**
 * Compiles every agent (after {@link indexAgents}).
 *
 * @example
 * compileAgents(ctx)[0].launches.map((l) => l.name); // => ['iPhone (on sale late September: …)'] (China's Apple)
 */
export function compileAgents(ctx: CompileContext): PlanAgent[] {
  return ctx.agentSpecs.map((a, i) => compileAgent(ctx, a, `landscape.agents[${i}]`));
}

function compileAgent(ctx: CompileContext, a: AgentSpec, path: string): PlanAgent {
  if (typeof a.name !== 'string') fail('Invalid agent name', `${path}.name`, a.name, 'a string');
  const roles = requireArray(a.roles, `${path}.roles`, 'roles') as Role[];
  roles.forEach((r, k) => {
    if (r !== 'deviceMaker' && r !== 'aiProvider') fail('Invalid role', `${path}.roles[${k}]`, r, "'deviceMaker' or 'aiProvider'");
  });
  const attributes: PlanAgent['attributes'] = [];
  if (a.attributes !== undefined) {
    requireObject(a.attributes, `${path}.attributes`, 'attributes');
    for (const [name, v] of Object.entries(a.attributes)) {
      if (name === 'reach' || name === 'assistantAppeal') {
        fail('Reserved attribute', `${path}.attributes.${name}`, v, `no value: ${name} is computed by the model`);
      }
      attributes.push({ attr: ctx.attr(name), input: ctx.input(v, `${path}.attributes.${name}`, anyFinite) });
    }
  }
  let capacity: PlanAgent['capacity'];
  if (a.capacity !== undefined) {
    requireObject(a.capacity, `${path}.capacity`, 'capacity');
    capacity = {
      concurrentUsers: ctx.input(a.capacity.concurrentUsers, `${path}.capacity.concurrentUsers`, positive),
      growthPerMonth: ctx.optionalInput(a.capacity.growthPerMonth, `${path}.capacity.growthPerMonth`, { min: -0.5, max: 1 }, 0),
    };
  }
  const defaultAssistant = a.defaultAssistant === undefined ? -1 : ctx.agentRef(a.defaultAssistant, `${path}.defaultAssistant`, 'aiProvider');
  const policySpecs = a.policy === undefined ? [] : Array.isArray(a.policy) ? a.policy : [a.policy];
  const policies = policySpecs.map((p, k) => resolvePolicy(p as Policy | PolicySpec, `${path}.policy${Array.isArray(a.policy) ? `[${k}]` : ''}`));
  return {
    id: a.id, name: a.name, roles, strategic: a.strategic ?? false, attributes, capacity,
    launches: compileLaunches(ctx, a, path),
    launchStrengthSd: ctx.optionalInput(a.launchStrengthSd, `${path}.launchStrengthSd`, { min: 0, max: 3, describe: 'a log-sd in [0, 3]' }, 0),
    defaultAssistant, policies,
  };
}

/** The product calendar: `launches`, or `productCycle` read as one launch (not both). */
function compileLaunches(ctx: CompileContext, a: AgentSpec, path: string): PlanLaunch[] {
  if (a.launches !== undefined && a.productCycle !== undefined) {
    fail('Both launches and productCycle', path, { launches: a.launches, productCycle: a.productCycle }, 'one of them (productCycle is a single launch)', 'Move the product cycle into launches');
  }
  if (a.productCycle !== undefined) {
    const pc = requireObject(a.productCycle, `${path}.productCycle`, 'product cycle');
    return [launch(ctx, { month: pc.launchMonth, lift: pc.lift, halfLifeMonths: pc.halfLifeMonths, name: a.name }, `${path}.productCycle`, 'launchMonth')];
  }
  if (a.launches === undefined) return [];
  return requireArray(a.launches, `${path}.launches`, 'launch list', false).map((l, k) => {
    const p = `${path}.launches[${k}]`;
    const o = requireObject(l, p, 'launch');
    if (o.name !== undefined && typeof o.name !== 'string') fail('Invalid launch name', `${p}.name`, o.name, 'a string');
    return launch(ctx, { month: o.month, lift: o.lift, halfLifeMonths: o.halfLifeMonths, name: (o.name as string | undefined) ?? `${a.name} ${k + 1}` }, p, 'month');
  });
}

function launch(ctx: CompileContext, l: { month: unknown; lift: unknown; halfLifeMonths: unknown; name: string }, path: string, monthKey: string): PlanLaunch {
  const m = l.month;
  if (!Number.isInteger(m) || (m as number) < 1 || (m as number) > 12) fail('Invalid launch month', `${path}.${monthKey}`, m, 'a calendar month 1–12');
  return {
    name: l.name, month: (m as number) - 1,
    lift: ctx.input(l.lift, `${path}.lift`, anyFinite),
    halfLifeMonths: ctx.input(l.halfLifeMonths, `${path}.halfLifeMonths`, positive),
  };
}

