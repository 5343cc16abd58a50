/**
 * Compiling the landscape's markets: weights and drifts, participants with
 * their starting state, the shock process, and each kind's own fields
 * (units, cycles and price tiers for devices; population, habits and
 * channels for assistants).
 */
import { anyFinite, describe, nonNegative, positive, probability, validateNumeric, within } from '../../random/distributions.js';
import { AI, ASSISTANT_APPEAL, REACH, type PlanAgent, type PlanAssistantMarket, type PlanDeviceMarket, type PlanInput, type PlanMarket, type PlanParticipant } from '../plan.js';
import type { AssistantMarketSpec, DeviceMarketSpec, MarketSpec, ParticipantSpec, Role } from '../types.js';
import { fail, requireArray, requireId, requireObject, type CompileContext } from './context.js';

/**
 * Registers the markets' ids in `ctx`, checking for duplicates.
 *
 * @example
 * indexMarkets(ctx, landscape.markets); ctx.marketIndex.get('phones'); // => 0
 */
export function indexMarkets(ctx: CompileContext, raw: unknown): void {
  ctx.marketSpecs = requireArray(raw, 'landscape.markets', 'market list') as MarketSpec[];
  ctx.marketSpecs.forEach((m, i) => {
    requireObject(m, `landscape.markets[${i}]`, 'market');
    const id = requireId(m.id, `landscape.markets[${i}].id`);
    if (ctx.marketIndex.has(id)) fail('Duplicate market id', `landscape.markets[${i}].id`, id, 'ids that appear once');
    ctx.marketIndex.set(id, i);
  });
}

/**
 * Compiles every market (after the agents and markets are indexed).
 *
 * @example
 * compileMarkets(ctx).map((m) => m.kind); // => ['devices', 'assistants']
 */
export function compileMarkets(ctx: CompileContext): PlanMarket[] {
  return ctx.marketSpecs.map((m, i) => {
    const path = `landscape.markets[${i}]`;
    if (m.kind === 'devices') return compileDeviceMarket(ctx, m, path);
    if (m.kind === 'assistants') return compileAssistantMarket(ctx, m, path);
    return fail('Invalid market kind', `${path}.kind`, (m as { kind: unknown }).kind, "'devices' or 'assistants'");
  });
}

/** What both kinds share: name, weights, drifts, participants, loyalty default, shocks. */
function compileBase(ctx: CompileContext, m: MarketSpec, path: string, tiers: readonly string[]) {
  const role: Role = m.kind === 'devices' ? 'deviceMaker' : 'aiProvider';
  requireObject(m.weights, `${path}.weights`, 'weights');
  const weightList = Object.entries(m.weights).map(([name, w]): [number, PlanInput] => {
    if (name === 'reach' && m.kind === 'devices') fail('Reach weight in a device market', `${path}.weights.reach`, w, 'no reach weight: reach applies to assistant markets');
    if (name === 'assistantAppeal' && m.kind === 'assistants') fail('Assistant appeal weight in an assistant market', `${path}.weights.assistantAppeal`, w, 'no such weight: assistantAppeal applies to device markets');
    return [ctx.attr(name), ctx.input(w, `${path}.weights.${name}`, anyFinite)];
  });
  const drift = Object.entries(m.weightDrift ?? {}).map(([name, d]) => {
    requireObject(d, `${path}.weightDrift.${name}`, 'weight drift');
    if (d.limit !== undefined) validateNumeric(d.limit, `${path}.weightDrift.${name}.limit`, anyFinite);
    if (d.limit !== undefined && typeof d.limit !== 'number') fail('Invalid drift limit', `${path}.weightDrift.${name}.limit`, d.limit, 'a finite number');
    return { attr: ctx.attr(name), perMonth: ctx.input(d.perMonth, `${path}.weightDrift.${name}.perMonth`, anyFinite), limit: d.limit };
  });
  const participants = compileParticipants(ctx, m, path, role, tiers);
  let shocks: PlanMarket['shocks'];
  if (m.shocks !== undefined) {
    requireObject(m.shocks, `${path}.shocks`, 'shock process');
    shocks = {
      persistence: ctx.input(m.shocks.persistence, `${path}.shocks.persistence`, { min: 0, max: 0.999, describe: 'a persistence in [0, 1)' }),
      sd: ctx.input(m.shocks.sd, `${path}.shocks.sd`, nonNegative),
    };
  }
  return {
    id: m.id, name: typeof m.name === 'string' ? m.name : m.id, participants, weightList, weights: new Float64Array(0), drift, shocks,
    defaultLoyalty: ctx.optionalInput((m as { defaultLoyalty?: unknown }).defaultLoyalty, `${path}.defaultLoyalty`, { min: 0, max: 0.999 }, 0.3),
  };
}

function compileParticipants(ctx: CompileContext, m: MarketSpec, path: string, role: Role, tiers: readonly string[]): PlanParticipant[] {
  const raw = requireArray(m.participants, `${path}.participants`, 'participant list');
  const seen = new Set<number>();
  let sum = 0;
  const out = raw.map((pRaw, k): PlanParticipant => {
    const pp = `${path}.participants[${k}]`;
    const p = requireObject(pRaw, pp, 'participant') as unknown as ParticipantSpec;
    const agent = ctx.agentRef(p.agent, `${pp}.agent`, role);
    if (seen.has(agent)) fail('Duplicate participant', `${pp}.agent`, p.agent, 'each agent once per market');
    seen.add(agent);
    if (typeof p.initialShare !== 'number' || !(p.initialShare >= 0 && p.initialShare <= 1)) fail('Invalid share', `${pp}.initialShare`, p.initialShare, 'a share in [0, 1]');
    sum += p.initialShare;
    if (p.loyalty !== undefined && p.repurchaseRate !== undefined) fail('Both loyalty and repurchase rate', pp, { loyalty: p.loyalty, repurchaseRate: p.repurchaseRate }, 'one of loyalty or repurchaseRate (loyalty is solved from the repurchase rate)');
    if (m.kind === 'assistants' && (p.replacementCycleMonths !== undefined || p.installedBase !== undefined || p.tierShares !== undefined)) {
      fail('Device fields in an assistant market', pp, p, 'no replacementCycleMonths, installedBase or tierShares');
    }
    if (m.kind === 'devices' && p.trialFraction !== undefined) fail('Assistant field in a device market', `${pp}.trialFraction`, p.trialFraction, 'no trialFraction');
    if (p.intercept !== undefined && (typeof p.intercept !== 'number' || !within(p.intercept, anyFinite))) fail('Invalid intercept', `${pp}.intercept`, p.intercept, describe(anyFinite));
    return {
      agent, initialShare: p.initialShare, path: pp, intercept: p.intercept,
      loyalty: p.loyalty === undefined ? undefined : ctx.input(p.loyalty, `${pp}.loyalty`, { min: 0, max: 0.999, describe: 'a loyalty in [0, 0.999]' }),
      repurchaseRate: p.repurchaseRate === undefined ? undefined : ctx.input(p.repurchaseRate, `${pp}.repurchaseRate`, probability),
      replacementCycleMonths: p.replacementCycleMonths === undefined ? undefined : ctx.input(p.replacementCycleMonths, `${pp}.replacementCycleMonths`, { min: 2, describe: 'a number of months ≥ 2' }),
      installedBase: p.installedBase === undefined ? undefined : ctx.input(p.installedBase, `${pp}.installedBase`, positive),
      tierShares: compileTierShares(p.tierShares, `${pp}.tierShares`, tiers, p.initialShare > 0),
      trialFraction: p.trialFraction === undefined ? undefined : ctx.input(p.trialFraction, `${pp}.trialFraction`, probability),
    };
  });
  if (Math.abs(sum - 1) > 1e-6) {
    const others = out.find((p) => ctx.agentSpecs[p.agent].id === 'others');
    const remainder = others ? others.initialShare + 1 - sum : -1;
    fail('Initial shares do not sum to 1', `${path}.participants`, `shares summing to ${sum}`, 'shares summing to 1 (within 1e-6)',
      remainder >= 0 ? `Set others' share to ${Number(remainder.toFixed(12))}, or rescale them` : 'Rescale them so they sum to 1');
  }
  return out;
}

/**
 * A participant's split of sales over the market's tiers: required when the
 * market has two or more tiers and the participant is active at the start;
 * one tier is always `[1]`; an inactive participant without a split gets an
 * even one (an entry event may give its own).
 *
 * @example
 * compileTierShares({ mass: 0.2, premium: 0.8 }, 'p.tierShares', ['mass', 'premium'], true); // => Float64Array [0.2, 0.8]
 */
export function compileTierShares(v: unknown, path: string, tiers: readonly string[], required: boolean): Float64Array {
  if (tiers.length <= 1) {
    if (v !== undefined) fail('Tier shares in a market without tiers', path, v, 'no tierShares (declare the market\'s tiers first)');
    return Float64Array.of(1);
  }
  if (v === undefined) {
    if (required) fail('Missing tier shares', path, v, `the fraction of its sales in each tier (${tiers.join(', ')}), summing to 1`);
    return new Float64Array(tiers.length).fill(1 / tiers.length);
  }
  const o = requireObject(v, path, 'tier shares');
  for (const k of Object.keys(o)) if (!tiers.includes(k)) fail('Unknown tier', `${path}.${k}`, k, `one of ${tiers.join(', ')}`);
  const out = Float64Array.from(tiers, (t) => {
    const x = o[t] ?? 0;
    if (typeof x !== 'number' || !(x >= 0 && x <= 1)) fail('Invalid tier share', `${path}.${t}`, x, 'a fraction in [0, 1]');
    return x;
  });
  const sum = out.reduce((a, b) => a + b, 0);
  if (Math.abs(sum - 1) > 1e-6) fail('Tier shares do not sum to 1', path, `fractions summing to ${sum}`, 'fractions summing to 1 (within 1e-6)');
  return out;
}

function compileDeviceMarket(ctx: CompileContext, m: DeviceMarketSpec, path: string): PlanDeviceMarket {
  const tiers = compileTiers(m, path);
  const base = compileBase(ctx, m, path, tiers.map((t) => t.id));
  let seasonality: Float64Array | undefined;
  if (m.seasonality !== undefined) {
    const s = m.seasonality;
    if (!Array.isArray(s) || s.length !== 12 || !s.every((x) => typeof x === 'number' && Number.isFinite(x) && x > 0)) {
      fail('Invalid seasonality', `${path}.seasonality`, s, 'twelve positive multipliers, January first');
    }
    const mean = s.reduce((a, b) => a + b, 0) / 12;
    if (Math.abs(mean - 1) > 1e-3) fail('Seasonality does not average 1', `${path}.seasonality`, `multipliers averaging ${mean}`, 'multipliers averaging 1', 'Divide each by their mean');
    seasonality = Float64Array.from(s, (x) => x / mean);
  }
  return {
    ...base, kind: 'devices', seasonality, tiers,
    unitsPerYear: ctx.input(m.unitsPerYear, `${path}.unitsPerYear`, positive),
    growthPerYear: ctx.optionalInput(m.growthPerYear, `${path}.growthPerYear`, { min: -0.9, max: 10 }, 0),
    replacementCycleMonths: ctx.input(m.replacementCycleMonths, `${path}.replacementCycleMonths`, { min: 2, describe: 'a number of months ≥ 2' }),
    tierStickiness: ctx.optionalInput(m.tierStickiness, `${path}.tierStickiness`, { min: 0, max: 20, describe: 'a utility bonus in [0, 20]' }, 2),
    nestDissimilarity: ctx.optionalInput(m.nestDissimilarity, `${path}.nestDissimilarity`, { min: 0.05, max: 1, describe: 'a dissimilarity in [0.05, 1]' }, 0.7),
    priceSensitivity: ctx.optionalInput(m.priceSensitivity, `${path}.priceSensitivity`, { min: 0, max: 20, describe: 'a utility per log price in [0, 20]' }, 2),
  };
}

function compileTiers(m: DeviceMarketSpec, path: string): PlanDeviceMarket['tiers'] {
  if (m.tiers === undefined) return [{ id: 'all', name: 'All' }];
  const raw = requireArray(m.tiers, `${path}.tiers`, 'tier list');
  const seen = new Set<string>();
  return raw.map((t, k) => {
    const o = requireObject(t, `${path}.tiers[${k}]`, 'tier');
    const id = requireId(o.id, `${path}.tiers[${k}].id`);
    if (seen.has(id)) fail('Duplicate tier id', `${path}.tiers[${k}].id`, id, 'ids that appear once');
    seen.add(id);
    if (o.name !== undefined && typeof o.name !== 'string') fail('Invalid tier name', `${path}.tiers[${k}].name`, o.name, 'a string');
    return { id, name: (o.name as string | undefined) ?? id };
  });
}

function compileAssistantMarket(ctx: CompileContext, m: AssistantMarketSpec, path: string): PlanAssistantMarket {
  const base = compileBase(ctx, m, path, ['all']);
  requireObject(m.bass, `${path}.bass`, 'Bass coefficients');
  const c = m.capacity ?? {};
  requireObject(c, `${path}.capacity`, 'capacity behaviour');
  const rate = (v: unknown, key: string, fallback: number) => ctx.optionalInput(v, `${path}.${key}`, probability, fallback);
  // Legacy markets give a reconsideration rate τ instead: habitual users then leave at τ (1 − loyalty) a month.
  const habitChurn = m.habitChurn === undefined ? undefined : rate(m.habitChurn, 'habitChurn', 0.04);
  const reconsiderationRate = m.reconsiderationRate === undefined ? undefined : rate(m.reconsiderationRate, 'reconsiderationRate', 0.2);
  const reachFrom = (m as { reachFrom?: unknown }).reachFrom === undefined ? ctx.firstOfKind('devices') : ctx.marketRef(m.reachFrom, `${path}.reachFrom`, 'devices');
  const channels = (m.channels === undefined ? [] : requireArray(m.channels, `${path}.channels`, 'channel list', false)).map((raw, k) => {
    const cp = `${path}.channels[${k}]`;
    const ch = requireObject(raw, cp, 'channel');
    return {
      id: requireId(ch.id, `${cp}.id`),
      provider: ctx.agentRef(ch.provider, `${cp}.provider`, 'aiProvider'),
      audience: ctx.input(ch.audience, `${cp}.audience`, nonNegative),
      weight: ctx.optionalInput(ch.weight, `${cp}.weight`, probability, 1),
    };
  });
  return {
    ...base, kind: 'assistants', reachFrom, channels,
    initialUsers: ctx.input(m.initialUsers, `${path}.initialUsers`, positive),
    potential: ctx.input(m.potential, `${path}.potential`, positive),
    bassP: ctx.input(m.bass.p, `${path}.bass.p`, { min: 0, max: 1 }),
    bassQ: ctx.input(m.bass.q, `${path}.bass.q`, { min: 0, max: 1 }),
    multiHoming: ctx.optionalInput(m.multiHoming, `${path}.multiHoming`, { min: 1, max: 20, describe: 'apps per person in [1, 20]' }, 1),
    trialFraction: rate(m.trialFraction, 'trialFraction', 0.3),
    habitRate: rate(m.habitRate, 'habitRate', 0.25),
    trialChurn: rate(m.trialChurn, 'trialChurn', 0.35),
    habitChurn, reconsiderationRate,
    qualitySensitivity: ctx.optionalInput(m.qualitySensitivity, `${path}.qualitySensitivity`, { min: 0, max: 50, describe: 'a sensitivity in [0, 50]' }, 2),
    trialUsage: ctx.optionalInput(m.trialUsage, `${path}.trialUsage`, { min: 0, max: 1, minExclusive: true, describe: 'a relative use in (0, 1]' }, 0.3),
    adoptionElasticity: ctx.optionalInput(m.adoptionElasticity, `${path}.adoptionElasticity`, { min: 0, max: 5, describe: 'an elasticity in [0, 5]' }, 1),
    peakConcurrency: ctx.optionalInput(c.peakConcurrency, `${path}.capacity.peakConcurrency`, probability, 0.05),
    elasticity: ctx.optionalInput(c.elasticity, `${path}.capacity.elasticity`, nonNegative, 1),
    outageHazard: ctx.optionalInput(c.outageHazard, `${path}.capacity.outageHazard`, nonNegative, 2),
    outageSeverity: ctx.optionalInput(c.outageSeverity, `${path}.capacity.outageSeverity`, probability, 0.5),
  };
}

/**
 * Sets each market's weights by attribute index (once every attribute is
 * registered), and checks that every weighted attribute is declared by at
 * least one agent (or is computed).
 *
 * @example
 * fillWeights(ctx.markets, ctx.attributes, agents); ctx.markets[0].weights.length === ctx.attributes.length; // => true
 */
export function fillWeights(markets: PlanMarket[], attributes: readonly string[], agents: readonly PlanAgent[]): void {
  for (const m of markets) {
    m.weights = new Float64Array(attributes.length);
    for (const [k, v] of m.weightList) m.weights[k] = typeof v.value === 'number' ? v.value : NaN;
  }
  const declared = new Set<number>([AI, REACH, ASSISTANT_APPEAL]);
  for (const a of agents) for (const x of a.attributes) declared.add(x.attr);
  markets.forEach((m, i) => m.weights.forEach((w, k) => {
    if (w !== 0 && !declared.has(k)) {
      fail('Weight on an attribute no agent has', `landscape.markets[${i}].weights.${attributes[k]}`, w,
        `a weight on one of ${[...declared].map((d) => attributes[d]).join(', ')}`, 'Give agents that attribute or drop the weight');
    }
  }));
}
