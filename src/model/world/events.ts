/**
 * Events of a month and the event log: launches logged, partnerships moving
 * through announcement, decision and go-live, shocks fired (one-off or by
 * hazard) into decaying effects, subsidies switched on and off.
 */
import type { EventLogEntry, EventLogKind } from '../result.js';
import { UTILITY } from '../plan.js';
import type { DeviceMarketState, Partnership } from './state.js';
import type { World } from './world.js';

/**
 * Appends a line to the run's event log.
 *
 * @example
 * emit(world, 3, 'outage', { agent: 'alibaba', detail: 'load 1.20' });
 */
export function emit(w: World, t: number, kind: EventLogKind, fields: Omit<EventLogEntry, 'step' | 'date' | 'kind'>): void {
  // Fields in a fixed order, only those given (no spread: this runs for every policy action).
  const e: EventLogEntry = { step: t, date: w.plan.dates[t], kind };
  if (fields.event !== undefined) e.event = fields.event;
  if (fields.agent !== undefined) e.agent = fields.agent;
  if (fields.partner !== undefined) e.partner = fields.partner;
  if (fields.detail !== undefined) e.detail = fields.detail;
  w.log.push(e);
}

/** Logs a partnership's status change (the device maker as agent, the provider as partner). */
export function emitDeal(w: World, t: number, kind: EventLogKind, p: Partnership): void {
  const agents = w.plan.agents;
  emit(w, t, kind, { event: p.id, agent: agents[p.deviceMaker].id, partner: agents[p.provider].id });
}

/** This month's events, in declaration order by kind: launches, partnerships, shocks, subsidies. */
export function runEvents(w: World, t: number): void {
  const agents = w.plan.agents;
  for (const l of w.launches) {
    if (!l.logged && t >= l.month) {
      l.logged = true;
      emit(w, t, 'launch', { event: l.id, agent: agents[l.agent].id, detail: `capability +${l.gain.toFixed(3)}` });
    }
  }
  for (const p of w.partnerships) {
    if (p.status === 'live' || p.status === 'rejected') continue;
    if (p.status === 'pending' && t >= p.announce) { p.status = 'announced'; emitDeal(w, t, 'announced', p); }
    if (p.status === 'announced' && t >= p.decision) {
      p.status = p.approved ? 'approved' : 'rejected';
      emitDeal(w, t, p.status, p);
    }
    if (p.status === 'approved' && t >= p.goLive) { p.status = 'live'; emitDeal(w, t, 'live', p); }
  }
  for (const s of w.shocks) {
    let fire = false;
    if (s.stream) fire = s.stream.random() < s.hazard!;
    else if (!s.fired && t >= s.month!) { fire = true; s.fired = true; }
    if (!fire) continue;
    for (const a of s.agents) w.effects.push({ agent: a, attr: s.attr, market: s.market, level: s.change, decay: s.decay });
    const what = s.attr === UTILITY ? 'utility' : w.plan.attributes[s.attr];
    emit(w, t, 'shock', { event: s.id, detail: `${what} ${s.change >= 0 ? '+' : ''}${s.change.toFixed(3)} for ${s.agents.map((a) => agents[a].id).join(', ')}` });
  }
  if (w.subsidies.length > 0) runSubsidies(w, t);
}

/** Switches subsidies on (from their first month) and off (after their last), rebuilding each market's tier terms. */
function runSubsidies(w: World, t: number): void {
  let changed = false;
  for (const s of w.subsidies) {
    if (!s.started && t >= s.from) {
      s.started = true; changed = true;
      emit(w, t, 'subsidy', { event: s.id, detail: `on: ${tierNames(w, s.market, s.tiers)} utility +${s.utility.toFixed(3)}` });
    }
    if (s.started && !s.ended && t > s.to) {
      s.ended = true; changed = true;
      emit(w, t, 'subsidy', { event: s.id, detail: 'off' });
    }
  }
  if (!changed) return;
  for (const m of w.markets) {
    if (m.kind !== 'devices') continue;
    const dm = m as DeviceMarketState;
    dm.tierUtil.fill(0);
    dm.demandBoost = 0;
    for (const s of w.subsidies) {
      if (s.market !== m.index || !s.started || s.ended) continue;
      for (const k of s.tiers) dm.tierUtil[k] += s.utility;
      dm.demandBoost += s.demandBoost;
    }
  }
}

function tierNames(w: World, market: number, tiers: number[]): string {
  const m = w.markets[market] as DeviceMarketState;
  return tiers.map((k) => m.plan.tiers[k].id).join(', ');
}
