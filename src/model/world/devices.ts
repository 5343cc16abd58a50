/**
 * The device market's month: brand utilities, the nested logit over price
 * tiers, replacements from the installed base, loyal repurchases and free
 * choices, sales by brand and tier, the flows between brands, and the
 * installed base carried forward.
 */
import { RivalsimError } from '../../errors.js';
import { attributeUtilities, deviceAttributes, updateNoise, updateWeights } from './attributes.js';
import { emit } from './events.js';
import type { DeviceMarketState } from './state.js';
import type { World } from './world.js';

/**
 * Each brand's utility this month, before tier terms: its attributes
 * (computed AI and assistant appeal included), effects, AR(1) shock and
 * product-calendar lift.
 */
export function brandUtilities(w: World, m: DeviceMarketState, t: number): void {
  attributeUtilities(w, m, m.util);
  const n = m.n, util = m.util, utilMod = m.utilMod, eps = m.eps, lift = m.lift, T1 = w.plan.horizon + 1;
  for (let j = 0; j < n; j++) util[j] += utilMod[j] + eps[j] + (lift !== undefined ? lift[j * T1 + t] : 0);
}

/**
 * The nested logit: within tier τ, brand j is chosen with
 * `P(j|τ) = exp(V_jτ/λ) / Σ_k exp(V_kτ/λ)`, `V_jτ = V_j + α_jτ + δ_τ`; a free
 * chooser coming from tier s picks tier τ with
 * `P(τ|s) ∝ exp(λ I_τ + γ [τ = s])`, `I_τ = log Σ_k exp(V_kτ/λ)` (a
 * first-time buyer has no tier of origin: row K, no γ). Writes `condProb`,
 * `inclusive`, `tierProb` and `destination` (where a chooser from each tier
 * ends, by brand). With one tier it is a plain logit.
 *
 * @example
 * deviceChoice(m); m.destination[0 * m.n + 2]; // P(a chooser from tier 0 buys brand 2)
 */
export function deviceChoice(m: DeviceMarketState, util: Float64Array = m.util): void {
  const n = m.n, K = m.K, lambda = m.lambda, alpha = m.alpha, active = m.active, cond = m.condProb, dest = m.destination;
  for (let k = 0; k < K; k++) {
    let max = -Infinity;
    const tu = m.tierUtil[k];
    for (let j = 0; j < n; j++) {
      const a = alpha[j * K + k];
      if (!active[j] || a === -Infinity) { cond[j * K + k] = -Infinity; continue; }
      const x = (util[j] + a + tu) / lambda;
      cond[j * K + k] = x;
      if (x > max) max = x;
    }
    let sum = 0;
    for (let j = 0; j < n; j++) { const e = cond[j * K + k] === -Infinity ? 0 : Math.exp(cond[j * K + k] - max); cond[j * K + k] = e; sum += e; }
    const inv = sum > 0 ? 1 / sum : 0;
    for (let j = 0; j < n; j++) cond[j * K + k] *= inv;
    m.inclusive[k] = sum > 0 ? max + Math.log(sum) : -Infinity;
  }
  const tierProb = m.tierProb, gamma = m.gamma;
  for (let s = 0; s <= K; s++) {
    let max = -Infinity;
    for (let k = 0; k < K; k++) {
      const z = m.inclusive[k] === -Infinity ? -Infinity : lambda * m.inclusive[k] + (k === s ? gamma : 0);
      tierProb[s * K + k] = z;
      if (z > max) max = z;
    }
    let sum = 0;
    for (let k = 0; k < K; k++) { const e = tierProb[s * K + k] === -Infinity ? 0 : Math.exp(tierProb[s * K + k] - max); tierProb[s * K + k] = e; sum += e; }
    for (let k = 0; k < K; k++) tierProb[s * K + k] /= sum;
    for (let j = 0; j < n; j++) {
      let p = 0;
      for (let k = 0; k < K; k++) p += tierProb[s * K + k] * cond[j * K + k];
      dest[s * n + j] = p;
    }
  }
}

/**
 * Origin of this month's replacement buyers: each brand-tier's installed
 * base over the brand's replacement cycle, times `rate` (seasonality, a
 * subsidy's pull-forward), never more than the whole base, normalised.
 * Returns the month's replacements.
 */
export function updateOrigin(m: DeviceMarketState, rate: number): number {
  const n = m.n, K = m.K, origin = m.origin, base = m.base, invCycle = m.invCycle;
  let sum = 0;
  for (let j = 0; j < n; j++) {
    const r = Math.min(1, invCycle[j] * rate);
    for (let k = 0; k < K; k++) { const o = base[j * K + k] * r; origin[j * K + k] = o; sum += o; }
  }
  const inv = sum > 0 ? 1 / sum : 0;
  for (let i = 0; i < n * K; i++) origin[i] *= inv;
  return sum;
}

/**
 * Sales shares by brand and tier: each active brand keeps a loyal fraction
 * `l_j` of its own replacing users (in their tier); every other replacing
 * user chooses freely from the tier they come from; `newFraction` of the
 * buyers are first-time buyers (market growth), who choose freely from no tier.
 */
export function deviceShares(m: DeviceMarketState, newFraction = 0): void {
  const n = m.n, K = m.K, origin = m.origin, active = m.active, loyalty = m.loyalty, tierProb = m.tierProb, cond = m.condProb;
  const shareTier = m.shareTier, share = m.share, old = 1 - newFraction;
  // D_τ: the buyers choosing freely in tier τ (from each tier of origin, and first-time buyers).
  const D = tierScratch(m);
  for (let k = 0; k < K; k++) {
    let d = newFraction * tierProb[K * K + k];
    for (let s = 0; s < K; s++) {
      let free = 0;
      for (let j = 0; j < n; j++) free += origin[j * K + s] * (active[j] ? 1 - loyalty[j] : 1);
      d += old * free * tierProb[s * K + k];
    }
    D[k] = d;
  }
  for (let j = 0; j < n; j++) {
    let sj = 0;
    for (let k = 0; k < K; k++) {
      const v = (active[j] ? old * origin[j * K + k] * loyalty[j] : 0) + D[k] * cond[j * K + k];
      shareTier[j * K + k] = v;
      sj += v;
    }
    share[j] = sj;
  }
}

const scratch = new WeakMap<DeviceMarketState, Float64Array>();
function tierScratch(m: DeviceMarketState): Float64Array {
  let s = scratch.get(m);
  if (!s) scratch.set(m, (s = new Float64Array(m.K)));
  return s;
}

/**
 * This month's flows between brands, millions: `flows[k * n + j]` buyers
 * who replaced a phone of `k` and bought one of `j` (loyal repurchases on
 * the diagonal included; first-time buyers are not a flow).
 */
export function deviceFlows(m: DeviceMarketState, buyers: number): void {
  const n = m.n, K = m.K, origin = m.origin, active = m.active, loyalty = m.loyalty, dest = m.destination, flows = m.flows;
  for (let k = 0; k < n; k++) {
    const y = active[k] ? 1 - loyalty[k] : 1;
    let own = 0;
    for (let j = 0; j < n; j++) flows[k * n + j] = 0;
    for (let s = 0; s < K; s++) {
      const o = origin[k * K + s];
      if (o === 0) continue;
      own += o;
      const free = buyers * o * y;
      for (let j = 0; j < n; j++) flows[k * n + j] += free * dest[s * n + j];
    }
    if (active[k]) flows[k * n + k] += buyers * own * loyalty[k];
  }
}

/**
 * One month of a device market: weights, computed attributes, shocks,
 * utilities, entries and exits, the nested logit; replacements (with
 * seasonality and any subsidy's pull-forward), first-time buyers (growth),
 * sales by brand and tier, flows, and the installed base carried forward.
 */
export function stepDevices(w: World, m: DeviceMarketState, t: number): void {
  updateWeights(m, t);
  deviceAttributes(w, m);
  updateNoise(w, m);
  brandUtilities(w, m, t);
  applyDeviceMemberships(w, m, t);
  deviceChoice(m);
  const replacing = updateOrigin(m, m.season[w.cal[t]] * (1 + m.demandBoost));
  const n = m.n, K = m.K, base = m.base, shareTier = m.shareTier, origin = m.origin;
  let total = 0;
  for (let i = 0; i < n * K; i++) total += base[i];
  const newcomers = total * m.monthlyGrowth;
  const sales = (m.unitsNow = Math.max(0, replacing + newcomers));
  const f = newcomers > 0 ? newcomers / sales : 0;
  deviceShares(m, f);
  if (w.recordFlows) deviceFlows(m, sales * (1 - f));
  for (let i = 0; i < n * K; i++) base[i] += sales * shareTier[i] - replacing * origin[i];
}

/**
 * Entries and exits of this month. An exit makes the brand's users choose
 * freely; an entrant gets intercepts that win it `choiceShare` of the free
 * choices within each tier it sells in, and the market's mean loyalty
 * unless it gives one.
 */
function applyDeviceMemberships(w: World, m: DeviceMarketState, t: number): void {
  for (const e of w.memberships) {
    if (e.done || e.market !== m.index || t < e.month || t < 1) continue;
    e.done = true;
    const j = m.slotOf[e.agent], K = m.K;
    if (e.type === 'exit') {
      m.active[j] = 0;
      if (!m.active.some((x) => x === 1)) {
        throw new RivalsimError('Every participant has left the market', `events (${e.id})`, m.plan.id, 'at least one active participant at all times');
      }
    } else {
      const c = e.choiceShare;
      for (let k = 0; k < K; k++) {
        if (m.tierShares[j * K + k] <= 0) { m.alpha[j * K + k] = -Infinity; continue; }
        let z = 0;
        for (let i = 0; i < m.n; i++) {
          const a = m.alpha[i * K + k];
          if (m.active[i] && i !== j && a !== -Infinity) z += Math.exp((m.util[i] + a + m.tierUtil[k]) / m.lambda);
        }
        m.alpha[j * K + k] = z > 0 ? m.lambda * (Math.log(c / (1 - c)) + Math.log(z)) - m.util[j] - m.tierUtil[k] : 0;
      }
      let sum = 0, cnt = 0;
      for (let i = 0; i < m.n; i++) if (m.active[i]) { sum += m.loyalty[i]; cnt++; }
      m.loyalty[j] = e.loyalty ?? (cnt > 0 ? sum / cnt : 0);
      m.active[j] = 1;
    }
    emit(w, t, e.type, { event: e.id, agent: w.plan.agents[e.agent].id, detail: m.plan.id });
  }
}
