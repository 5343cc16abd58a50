/**
 * Compiling a scenario's events: AI launches, partnerships, shocks,
 * entries and exits, subsidies. Ids default by type and are unique.
 */
import { RivalsimError } from '../../errors.js';
import { anyFinite, nonNegative, positive, probability } from '../../random/distributions.js';
import { UTILITY, type PlanEvent, type PlanRamp } from '../plan.js';
import type { EntryEvent, EventSpec, RampSpec, Role, SubsidyEvent } from '../types.js';
import { compileTierShares } from './markets.js';
import { fail, requireArray, requireId, requireObject, type CompileContext } from './context.js';
import { DefaultIdNumbering, defaultEventId, EVENT_TYPES } from './rules.js';

/** Event ids: given ones checked, defaults numbered (`shock`, `shock#2`, …: see {@link defaultEventId}), all unique. */
class EventIds {
  private readonly ids = new Set<string>();
  private readonly numbering = new DefaultIdNumbering();

  unique(ev: EventSpec, path: string): string {
    const id = ev.id !== undefined ? requireId(ev.id, path) : this.numbering.next(defaultEventId(ev as Parameters<typeof defaultEventId>[0]));
    if (this.ids.has(id)) fail('Duplicate event id', path, id, 'ids that appear once', 'Give the events distinct ids');
    this.ids.add(id);
    return id;
  }
}

/**
 * Compiles the scenario's events (after the markets, whose participant
 * lists entries may extend).
 *
 * @example
 * compileEvents(ctx, [{ type: 'aiLaunch', agent: 'huawei', month: 2, capabilityGain: 0.1 }])[0].id; // => 'launch:huawei'
 */
export function compileEvents(ctx: CompileContext, raw: unknown): PlanEvent[] {
  const specs = raw === undefined ? [] : (requireArray(raw, 'events', 'event list', false) as EventSpec[]);
  const ids = new EventIds();
  return specs.map((e, i) => compileEvent(ctx, ids, e, `events[${i}]`));
}

function compileEvent(ctx: CompileContext, ids: EventIds, e: EventSpec, path: string): PlanEvent {
  requireObject(e, path, 'event');
  const ev = e as EventSpec & Record<string, unknown>;
  switch (ev.type) {
    case 'aiLaunch': return compileLaunch(ctx, ids, ev, path);
    case 'partnership': return compilePartnership(ctx, ids, ev, path);
    case 'shock': return compileShock(ctx, ids, ev, path);
    case 'entry': case 'exit': return compileMembership(ctx, ids, ev, path);
    case 'subsidy': return compileSubsidy(ctx, ids, ev, path);
    default:
      return fail('Unknown event type', `${path}.type`, (ev as { type: unknown }).type, `one of ${EVENT_TYPES.map((t) => `'${t}'`).join(', ')}`);
  }
}

function participates(ctx: CompileContext, agent: number, market: number): boolean {
  return ctx.markets[market].participants.some((p) => p.agent === agent);
}

function compileLaunch(ctx: CompileContext, ids: EventIds, ev: Extract<EventSpec, { type: 'aiLaunch' }>, path: string): PlanEvent {
  const agent = ctx.agentRef(ev.agent, `${path}.agent`);
  let markets: number[] | null = null;
  if (ev.markets !== undefined) {
    markets = requireArray(ev.markets, `${path}.markets`, 'market list').map((mk, k) => {
      const mi = ctx.marketRef(mk, `${path}.markets[${k}]`);
      if (!participates(ctx, agent, mi)) fail('Launch in a market the agent is not in', `${path}.markets[${k}]`, mk, `a market where '${ev.agent}' takes part`);
      return mi;
    });
  }
  return {
    type: 'aiLaunch', id: ids.unique(ev, `${path}.id`), agent, markets,
    month: ctx.month(ev.month, `${path}.month`),
    gain: ctx.input(ev.capabilityGain, `${path}.capabilityGain`, anyFinite),
    ramp: compileRamp(ctx, ev.ramp, `${path}.ramp`, { kind: 'immediate' }),
  };
}

function compilePartnership(ctx: CompileContext, ids: EventIds, ev: Extract<EventSpec, { type: 'partnership' }>, path: string): PlanEvent {
  const deviceMaker = ctx.agentRef(ev.deviceMaker, `${path}.deviceMaker`, 'deviceMaker');
  const provider = ctx.agentRef(ev.provider, `${path}.provider`, 'aiProvider');
  const dm = ev.deviceMarket === undefined ? ctx.firstOfKind('devices') : ctx.marketRef(ev.deviceMarket, `${path}.deviceMarket`, 'devices');
  const am = ev.assistantMarket === undefined ? ctx.firstOfKind('assistants') : ctx.marketRef(ev.assistantMarket, `${path}.assistantMarket`, 'assistants');
  if (dm < 0 || am < 0) fail('Partnership needs both markets', path, ev, 'a landscape with a devices market and an assistants market');
  if (!participates(ctx, deviceMaker, dm)) fail('Device maker not in the device market', `${path}.deviceMaker`, ev.deviceMaker, `a participant of '${ctx.marketSpecs[dm].id}'`);
  if (!participates(ctx, provider, am)) fail('Provider not in the assistant market', `${path}.provider`, ev.provider, `a participant of '${ctx.marketSpecs[am].id}'`);
  return {
    type: 'partnership', id: ids.unique(ev, `${path}.id`),
    deviceMaker, provider, deviceMarket: dm, assistantMarket: am,
    announce: ctx.month(ev.announceMonth, `${path}.announceMonth`),
    approvalProbability: ctx.input(ev.approvalProbability, `${path}.approvalProbability`, probability),
    reviewMonths: ctx.optionalInput(ev.reviewMonths, `${path}.reviewMonths`, nonNegative, 0),
    goLiveDelayMonths: ctx.optionalInput(ev.goLiveDelayMonths, `${path}.goLiveDelayMonths`, nonNegative, 0),
    integrationQuality: ctx.input(ev.integrationQuality, `${path}.integrationQuality`, probability),
    privacyCap: ctx.optionalInput(ev.privacyCap, `${path}.privacyCap`, probability, 1),
    visibility: ctx.input(ev.visibility, `${path}.visibility`, probability),
    adoption: ctx.input(ev.adoption, `${path}.adoption`, probability),
    ramp: compileRamp(ctx, ev.ramp, `${path}.ramp`, { kind: 'linear', months: 6 }),
  };
}

function compileShock(ctx: CompileContext, ids: EventIds, ev: Extract<EventSpec, { type: 'shock' }>, path: string): PlanEvent {
  const agents = requireArray(ev.agents, `${path}.agents`, 'agent list').map((a, k) => ctx.agentRef(a, `${path}.agents[${k}]`));
  const attribute = ev.attribute ?? 'utility';
  if (typeof attribute !== 'string') fail('Invalid attribute', `${path}.attribute`, attribute, "an attribute name or 'utility'");
  if (attribute === 'reach' || attribute === 'assistantAppeal') fail(`${attribute === 'reach' ? 'Reach' : 'Assistant appeal'} cannot be shocked`, `${path}.attribute`, attribute, 'another attribute: it is computed');
  const market = ev.market === undefined ? -1 : ctx.marketRef(ev.market, `${path}.market`);
  if (market >= 0 && attribute !== 'utility') fail('Market only applies to utility shocks', `${path}.market`, ev.market, "no market, or attribute 'utility'");
  if ((ev.month === undefined) === (ev.hazardPerMonth === undefined)) {
    fail('Shock timing', path, { month: ev.month, hazardPerMonth: ev.hazardPerMonth }, 'exactly one of month or hazardPerMonth');
  }
  return {
    type: 'shock', id: ids.unique(ev, `${path}.id`), agents,
    attr: attribute === 'utility' ? UTILITY : ctx.attr(attribute), market,
    change: ctx.input(ev.change, `${path}.change`, anyFinite),
    month: ev.month === undefined ? undefined : ctx.month(ev.month, `${path}.month`),
    hazard: ev.hazardPerMonth === undefined ? undefined : ctx.input(ev.hazardPerMonth, `${path}.hazardPerMonth`, probability),
    halfLife: ev.halfLifeMonths === undefined ? undefined : ctx.input(ev.halfLifeMonths, `${path}.halfLifeMonths`, positive),
  };
}

function compileMembership(ctx: CompileContext, ids: EventIds, ev: Extract<EventSpec, { type: 'entry' | 'exit' }>, path: string): PlanEvent {
  const agent = ctx.agentRef(ev.agent, `${path}.agent`);
  const market = ctx.marketRef(ev.market, `${path}.market`);
  const m = ctx.markets[market];
  const part = m.participants.find((p) => p.agent === agent);
  const id = ids.unique(ev, `${path}.id`);
  if (ev.type === 'exit') {
    if (!part) fail('Exit from a market the agent is not in', `${path}.agent`, ev.agent, `a participant of '${ev.market}'`);
    return { type: 'exit', id, agent, market, month: ctx.month(ev.month, `${path}.month`) };
  }
  if (part && part.initialShare > 0) fail('Entry of an agent already in the market', `${path}.agent`, ev.agent, `an agent not active in '${ev.market}' at the start`);
  const role: Role = m.kind === 'devices' ? 'deviceMaker' : 'aiProvider';
  if (!ctx.agentSpecs[agent].roles.includes(role)) fail('Agent has the wrong role', `${path}.agent`, ev.agent, `an agent with role '${role}'`);
  const entry = ev as EntryEvent;
  const tiers = m.kind === 'devices' ? m.tiers.map((t) => t.id) : ['all'];
  const tierShares = entry.tierShares === undefined ? undefined : compileTierShares(entry.tierShares, `${path}.tierShares`, tiers, true);
  if (!part) m.participants.push({ agent, initialShare: 0, path, tierShares: tierShares ?? compileTierShares(undefined, `${path}.tierShares`, tiers, false) });
  else if (tierShares) part.tierShares = tierShares;
  return {
    type: 'entry', id, agent, market, month: ctx.month(ev.month, `${path}.month`), tierShares,
    choiceShare: ctx.optionalInput(entry.choiceShare, `${path}.choiceShare`, { min: 0, max: 1, minExclusive: true, describe: 'a share in (0, 1)' }, 0.05),
    loyalty: entry.loyalty === undefined ? undefined : ctx.input(entry.loyalty, `${path}.loyalty`, probability),
  };
}

function compileSubsidy(ctx: CompileContext, ids: EventIds, ev: SubsidyEvent, path: string): PlanEvent {
  const market = ctx.marketRef(ev.market, `${path}.market`, 'devices');
  const m = ctx.markets[market];
  if (m.kind !== 'devices') throw new RivalsimError('Wrong market kind', `${path}.market`, ev.market, "a 'devices' market");
  const tierIds = m.tiers.map((t) => t.id);
  const tiers = requireArray(ev.tiers, `${path}.tiers`, 'tier list').map((t, k) => {
    const i = typeof t === 'string' ? tierIds.indexOf(t) : -1;
    if (i < 0) fail('Unknown tier', `${path}.tiers[${k}]`, t, `one of ${tierIds.join(', ')}`, m.tiers.length === 1 ? `Declare the market's price tiers first (tiers)` : undefined);
    return i;
  });
  return {
    type: 'subsidy', id: ids.unique(ev, `${path}.id`), market, tiers,
    priceCut: ctx.input(ev.priceCut, `${path}.priceCut`, { min: 0, max: 0.9, describe: 'a price cut in [0, 0.9]' }),
    month: ctx.month(ev.month, `${path}.month`),
    endMonth: ev.endMonth === undefined ? undefined : ctx.month(ev.endMonth, `${path}.endMonth`),
    demandBoost: ctx.optionalInput(ev.demandBoost, `${path}.demandBoost`, { min: 0, max: 2, describe: 'a relative rise in [0, 2]' }, 0),
  };
}

/**
 * A ramp (`fallback` when absent).
 *
 * @example
 * compileRamp(ctx, { kind: 'linear', months: 6 }, 'events[0].ramp', { kind: 'immediate' }).kind; // => 'linear'
 */
export function compileRamp(ctx: CompileContext, v: RampSpec | undefined, path: string, fallback: RampSpec): PlanRamp {
  const r = v ?? fallback;
  requireObject(r, path, 'ramp');
  switch (r.kind) {
    case 'bass': return { kind: 'bass', p: ctx.input(r.p, `${path}.p`, positive), q: ctx.input(r.q, `${path}.q`, nonNegative) };
    case 'linear': return { kind: 'linear', months: ctx.input(r.months, `${path}.months`, nonNegative) };
    case 'immediate': return { kind: 'immediate' };
    default: return fail('Unknown ramp', `${path}.kind`, (r as { kind: unknown }).kind, "'bass', 'linear' or 'immediate'");
  }
}
