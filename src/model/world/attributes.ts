/**
 * Attributes and utilities: decaying effects, AI capability (own, launched,
 * a partner's), the computed attributes (a phone's AI and its assistant's
 * appeal, an assistant's reach), drifting weights, the AR(1) shocks and the
 * weighted sum of attributes that enters utility.
 */
import { bassCumulative } from '../math.js';
import { AI, ASSISTANT_APPEAL, REACH, UTILITY } from '../plan.js';
import type { AssistantMarketState, DeviceMarketState, MarketState, Ramp } from './state.js';
import type { World } from './world.js';

/**
 * Ramp level at the end of step t for something that started at month m:
 * `tau = t + 1 − m` months of ramp (so the first month already counts).
 *
 * @example
 * rampAt({ kind: 'linear', months: 4 }, 1); // => 0.25
 */
export function rampAt(r: Ramp, tau: number): number {
  if (tau <= 0) return 0;
  switch (r.kind) {
    case 'immediate': return 1;
    case 'linear': return r.months <= 0 ? 1 : Math.min(1, tau / r.months);
    case 'bass': return bassCumulative(tau, r.p, r.q);
  }
}

/** Weights at step t: each drifting weight moves by `perMonth × t`, stopped at its limit. */
export function updateWeights(m: MarketState, t: number): void {
  for (const d of m.drift) {
    let w = m.baseWeights[d.attr] + d.perMonth * t;
    if (d.limit !== undefined) w = d.perMonth >= 0 ? Math.min(w, d.limit) : Math.max(w, d.limit);
    m.weights[d.attr] = w;
  }
}

/**
 * Applies this step's effects (attribute effects to the attributes,
 * utility effects to each market's `utilMod`), then each agent's own AI:
 * its sampled capability, effects on it, settled launches and launches
 * still ramping (market-restricted ones into the markets' `aiBonus`).
 */
export function updateAttributes(w: World, t: number): void {
  const { nA, nK, attrMod, ownAI, baseAttr } = w;
  // Cleared in full only when effects wrote to it last step; else only the computed attributes (rewritten each step).
  if (w.attrModDirty) { attrMod.fill(0); w.attrModDirty = false; }
  else for (let a = 0; a < nA; a++) { attrMod[a * nK + REACH] = 0; attrMod[a * nK + ASSISTANT_APPEAL] = 0; }
  const markets = w.markets;
  for (let i = 0; i < markets.length; i++) {
    const m = markets[i];
    if (m.utilModDirty) { m.utilMod.fill(0); m.utilModDirty = false; }
    if (m.aiBonusDirty) { m.aiBonus.fill(0); m.aiBonusDirty = false; }
  }
  // Expired effects are dropped in place (no allocation per step).
  const effects = w.effects;
  let kept = 0;
  for (let i = 0; i < effects.length; i++) {
    const e = effects[i];
    // Applied once a step, from the step it starts: amount × decay^(t − start), as a running product.
    const v = e.level;
    e.level *= e.decay;
    if (e.attr === UTILITY) {
      for (let k = 0; k < markets.length; k++) {
        const m = markets[k];
        if (e.market >= 0 && e.market !== m.index) continue;
        const j = m.slotOf[e.agent];
        if (j >= 0) { m.utilMod[j] += v; m.utilModDirty = true; }
      }
    } else {
      attrMod[e.agent * nK + e.attr] += v;
      w.attrModDirty = true;
    }
    if (e.decay === 1 || Math.abs(v) > 1e-12) effects[kept++] = e;
  }
  if (kept !== effects.length) effects.length = kept;
  const settled = w.settledAI;
  for (let a = 0; a < nA; a++) ownAI[a] = baseAttr[a * nK + AI] + attrMod[a * nK + AI] + settled[a];
  const launches = w.launches;
  for (let i = 0; i < launches.length; i++) {
    const l = launches[i];
    if (l.settled || t < l.month || t < 1) continue;
    const r = rampAt(l.ramp, t + 1 - l.month);
    const gain = l.gain * r;
    if (l.markets === null) {
      ownAI[l.agent] += gain;
      // A launch at its full gain for good (linear or immediate ramps) joins the settled sum.
      if (r === 1 && l.ramp.kind !== 'bass') { settled[l.agent] += l.gain; l.settled = true; }
    } else for (const mi of l.markets) { const m = markets[mi]; m.aiBonus[m.slotOf[l.agent]] += gain; m.aiBonusDirty = true; }
  }
}

/**
 * The computed attributes of a device market's slots: the AI its phones
 * offer (own, or the best live partner's delivered AI) and the appeal of
 * its assistant (the largest share of use, in last month's assistant
 * market, of the assistants its phones ship: its default and live
 * partners', the latter times their ramp).
 */
export function deviceAttributes(w: World, m: DeviceMarketState): void {
  const n = m.n, agents = m.agents, aiBonus = m.aiBonus, attrAI = m.attrAI, ownAI = w.ownAI, partnerships = w.partnerships;
  const attrMod = w.attrMod, nK = w.nK, t = w.t, plan = w.plan;
  for (let j = 0; j < n; j++) attrAI[j] = ownAI[agents[j]] + aiBonus[j];
  if (m.usesAppeal) {
    for (let j = 0; j < n; j++) {
      const d = plan.agents[agents[j]].defaultAssistant;
      attrMod[agents[j] * nK + ASSISTANT_APPEAL] = d < 0 ? 0 : assistantShare(w, d);
    }
  }
  for (let i = 0; i < partnerships.length; i++) {
    const p = partnerships[i];
    if (p.status !== 'live' || p.deviceMarket !== m.index) continue;
    const am = w.markets[p.assistantMarket];
    // This step's ramp, computed once by updatePartnershipsAndCapacity (the reference computes it again).
    const r = w.reference ? rampAt(p.ramp, t + 1 - p.goLive) : p.rampNow;
    const providerAI = ownAI[p.provider] + am.aiBonus[am.slotOf[p.provider]];
    const delivered = providerAI * w.quality[p.provider] * p.integration * p.privacy * r;
    const j = m.slotOf[p.deviceMaker];
    if (delivered > attrAI[j]) attrAI[j] = delivered;
    if (m.usesAppeal) {
      const k = agents[j] * nK + ASSISTANT_APPEAL;
      const appeal = am.share[am.slotOf[p.provider]] * r;
      if (appeal > attrMod[k]) attrMod[k] = appeal;
    }
  }
}

/** Share of use of provider `a` in its home assistant market (0 when it has none). */
function assistantShare(w: World, a: number): number {
  const home = w.homeMarket[a];
  if (home < 0) return 0;
  const am = w.markets[home];
  return am.share[am.slotOf[a]];
}

/**
 * The computed attributes of an assistant market's slots: AI after service
 * quality, and reach — channel audiences, the installed base of the phones
 * that ship the assistant by default, and partners' phones (visibility ×
 * base × ramp) — over the market's potential.
 */
export function assistantAttributes(w: World, m: AssistantMarketState): void {
  const n = m.n, agents = m.agents, aiBonus = m.aiBonus, attrAI = m.attrAI, ownAI = w.ownAI, quality = w.quality;
  const attrMod = w.attrMod, nK = w.nK, reachFrom = m.reachFrom;
  for (let j = 0; j < n; j++) attrAI[j] = (ownAI[agents[j]] + aiBonus[j]) * quality[agents[j]];
  const reach = w.agentScratch;
  for (let j = 0; j < n; j++) reach[agents[j]] = m.channelAudience[j];
  if (reachFrom >= 0) {
    const dm = w.markets[reachFrom] as DeviceMarketState, base = dm.base, K = dm.K, defaultFrom = m.defaultFrom;
    for (let d = 0; d < dm.n; d++) {
      const j = defaultFrom[d];
      if (j < 0) continue;
      let b = 0;
      for (let k = 0; k < K; k++) b += base[d * K + k];
      reach[agents[j]] += b;
    }
    const partnerships = w.partnerships;
    for (let i = 0; i < partnerships.length; i++) {
      const p = partnerships[i];
      if (p.status !== 'live' || p.assistantMarket !== m.index || p.deviceMarket !== reachFrom) continue;
      const d = dm.slotOf[p.deviceMaker];
      let b = 0;
      for (let k = 0; k < K; k++) b += base[d * K + k];
      reach[p.provider] += p.visibility * b * (w.reference ? rampAt(p.ramp, w.t + 1 - p.goLive) : p.rampNow);
    }
  }
  const scale = m.potential > 0 ? 1 / m.potential : 0;
  for (let j = 0; j < n; j++) { const a = agents[j]; attrMod[a * nK + REACH] = reach[a] * scale; }
}

/** This run's Σ w_k x_k over the attributes whose weights never drift, before effects (see {@link attributeUtilities}). */
export function fixedUtility(w: World, m: MarketState): void {
  const { nK, baseAttr } = w, fixed = m.fixedAttrs, wt = m.baseWeights;
  for (let j = 0; j < m.n; j++) {
    const row = m.agents[j] * nK;
    let u = 0;
    for (let i = 0; i < fixed.length; i++) u += wt[fixed[i]] * baseAttr[row + fixed[i]];
    m.fixedU[j] = u;
  }
}

/**
 * Σ_k w_k x_k of every slot into `out` (attributes only: no intercept,
 * lift, shock): the fixed part computed once a run, effects on it when
 * there are any, the attributes with drifting weights, and the computed
 * attributes (AI, reach, assistant appeal).
 */
export function attributeUtilities(w: World, m: MarketState, out: Float64Array): void {
  const n = m.n, nK = w.nK, agents = m.agents, wt = m.weights;
  const attrMod = w.attrMod, baseAttr = w.baseAttr, fixedU = m.fixedU, attrAI = m.attrAI;
  const fixed = m.fixedAttrs, moving = m.movingAttrs;
  const nFixed = w.attrModDirty ? fixed.length : 0, nMoving = moving.length;
  const usesAI = m.usesAI, usesReach = m.usesReach, usesAppeal = m.usesAppeal;
  const wAI = wt[AI], wReach = wt[REACH], wAppeal = wt[ASSISTANT_APPEAL];
  for (let j = 0; j < n; j++) {
    const row = agents[j] * nK;
    let u = fixedU[j];
    for (let i = 0; i < nFixed; i++) { const k = fixed[i]; u += wt[k] * attrMod[row + k]; }
    for (let i = 0; i < nMoving; i++) { const k = moving[i]; u += wt[k] * (baseAttr[row + k] + attrMod[row + k]); }
    if (usesAI) u += wAI * attrAI[j];
    if (usesReach) u += wReach * attrMod[row + REACH];
    if (usesAppeal) u += wAppeal * attrMod[row + ASSISTANT_APPEAL];
    out[j] = u;
  }
}

/** The AR(1) utility shocks of month `w.t`: `ε ← ρ ε + σ √(1 − ρ²) z`. */
export function updateNoise(w: World, m: MarketState): void {
  if (m.innovation === 0) return;
  const draws = w.shockDraws[m.index], eps = m.eps, rho = m.rho, innovation = m.innovation, n = m.n;
  const H = w.plan.horizon, at = w.t - 1;
  for (let j = 0; j < n; j++) eps[j] = rho * eps[j] + innovation * draws[j * H + at];
}
