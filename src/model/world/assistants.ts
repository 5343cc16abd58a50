/**
 * The assistant market's month, as people use assistants: a population of
 * users that grows by Bass diffusion (faster when attention surges), each
 * provider's users on trial or by habit, several apps per person
 * (multi-homing), trials drawn by each app's appeal (capability, brand,
 * reach through channels and phones, shocks), trials that become habit or
 * are dropped, habits lost to better apps. Outputs monthly users and the
 * share of use.
 */
import { RivalsimError } from '../../errors.js';
import { bassIncrement } from '../math.js';
import { assistantAttributes, attributeUtilities, updateNoise, updateWeights } from './attributes.js';
import { emit } from './events.js';
import type { AssistantMarketState } from './state.js';
import type { World } from './world.js';

/** Each provider's utility this month: intercept, attributes (AI after service quality, reach), effects, AR(1) shock. */
export function assistantUtilities(w: World, m: AssistantMarketState): void {
  attributeUtilities(w, m, m.util);
  const n = m.n, util = m.util, alpha = m.alpha, utilMod = m.utilMod, eps = m.eps;
  for (let j = 0; j < n; j++) util[j] += alpha[j] + utilMod[j] + eps[j];
}

/**
 * Monthly trial rates: the chance that a person not yet using provider j
 * tries it this month, `a_j = 1 − exp(−exp(V_j))` (a hazard per app, so
 * people may try several: multi-homing). Returns their sum (the market's
 * attention).
 */
export function attentionRates(m: AssistantMarketState): number {
  const n = m.n, util = m.util, active = m.active, a = m.attention;
  let total = 0;
  for (let j = 0; j < n; j++) {
    const x = active[j] ? -Math.expm1(-Math.exp(util[j])) : 0;
    a[j] = x;
    total += x;
  }
  return total;
}

/**
 * Habit formation and habit churn of slot j this month: trial users make
 * the app a habit at `habitRate × exp(s (AI_j − mean AI))` (the mean
 * weighted by last month's share of use), habitual users drop it at
 * `habitChurn × exp(s (best AI − AI_j))`.
 */
export function habitRates(m: AssistantMarketState, out: { conversion: Float64Array; churn: Float64Array }): void {
  const n = m.n, ai = m.attrAI, active = m.active, share = m.share, s = m.qualitySensitivity;
  let mean = 0, weight = 0, best = -Infinity;
  for (let j = 0; j < n; j++) {
    if (!active[j]) continue;
    mean += share[j] * ai[j];
    weight += share[j];
    if (ai[j] > best) best = ai[j];
  }
  mean = weight > 0 ? mean / weight : 0;
  const cap = 1 - m.trialChurn;
  for (let j = 0; j < n; j++) {
    out.conversion[j] = Math.min(cap, m.habitRate * Math.exp(s * (ai[j] - mean)));
    out.churn[j] = Math.min(1, m.habitChurn * Math.exp(s * (best - ai[j])));
  }
}

const rates = new WeakMap<AssistantMarketState, { conversion: Float64Array; churn: Float64Array }>();

/** Scratch arrays of a market's habit rates. */
export function habitScratch(m: AssistantMarketState): { conversion: Float64Array; churn: Float64Array } {
  let r = rates.get(m);
  if (!r) rates.set(m, (r = { conversion: new Float64Array(m.n), churn: new Float64Array(m.n) }));
  return r;
}

/**
 * Credited and served users and the share of use: a provider's own users
 * (habitual ones count fully, trial users `trialUsage`) plus the users its
 * partners' devices send it (credited: the visible part).
 */
export function assistantTotals(w: World, m: AssistantMarketState): void {
  const n = m.n, agents = m.agents, credited = m.credited, served = m.served, share = m.share;
  const creditedExtra = w.creditedExtra, servedExtra = w.servedExtra, trial = m.trial, habit = m.habit, tu = m.trialUsage;
  let total = 0;
  for (let j = 0; j < n; j++) {
    const a = agents[j], own = trial[j] + habit[j];
    credited[j] = own + creditedExtra[a];
    served[j] = own + servedExtra[a];
    const use = habit[j] + tu * trial[j] + creditedExtra[a];
    share[j] = use;
    total += use;
  }
  const inv = total > 0 ? 1 / total : 0;
  for (let j = 0; j < n; j++) share[j] *= inv;
}

/**
 * One month of an assistant market: weights, AI after quality and reach,
 * shocks, utilities, entries and exits, trial rates; new people
 * (`Bass(N) × (Σa / Σa₀)^ν`); each provider's trials from the people not
 * yet using it, conversions to habit, churn; totals and share of use.
 */
export function stepAssistants(w: World, m: AssistantMarketState, t: number): void {
  updateWeights(m, t);
  assistantAttributes(w, m);
  updateNoise(w, m);
  assistantUtilities(w, m);
  applyAssistantMemberships(w, m, t);
  const attention = attentionRates(m);
  const r = habitScratch(m);
  habitRates(m, r);
  const n = m.n, trial = m.trial, habit = m.habit, a = m.attention, active = m.active, people = m.users, tc = m.trialChurn;
  for (let j = 0; j < n; j++) {
    if (!active[j]) { trial[j] = 0; habit[j] = 0; continue; }
    const T = trial[j], H = habit[j];
    const tries = Math.max(0, people - T - H) * a[j];
    const converted = T * r.conversion[j];
    trial[j] = T - converted - T * tc + tries;
    habit[j] = H - H * r.churn[j] + converted;
  }
  const pull = m.attention0 > 0 ? Math.pow(attention / m.attention0, m.adoptionElasticity) : 1;
  m.users = Math.min(m.potential, people + bassIncrement(people, m.potential, m.bassP, m.bassQ) * pull);
  assistantTotals(w, m);
}

/**
 * Entries and exits of this month. An exit drops the provider's users (they
 * keep their other apps); an entrant gets the trial rate `c / (1 − c)`
 * times the others' summed trial rates (c = `choiceShare`: its part of the
 * market's attention) and starts with no users.
 */
function applyAssistantMemberships(w: World, m: AssistantMarketState, t: number): void {
  for (const e of w.memberships) {
    if (e.done || e.market !== m.index || t < e.month || t < 1) continue;
    e.done = true;
    const j = m.slotOf[e.agent];
    if (e.type === 'exit') {
      m.active[j] = 0;
      if (!m.active.some((x) => x === 1)) {
        throw new RivalsimError('Every participant has left the market', `events (${e.id})`, m.plan.id, 'at least one active participant at all times');
      }
    } else {
      // Its trial rate: choiceShare of the market's attention (the sum of the others' trial rates).
      let total = 0;
      for (let k = 0; k < m.n; k++) if (m.active[k] && k !== j) total += -Math.expm1(-Math.exp(m.util[k]));
      const rate = Math.min(0.999, Math.max(1e-12, (e.choiceShare / (1 - e.choiceShare)) * total));
      const rest = m.util[j] - m.alpha[j];
      m.alpha[j] = Math.log(-Math.log1p(-rate)) - rest;
      m.util[j] = m.alpha[j] + rest;
      m.trial[j] = m.habit[j] = 0;
      m.active[j] = 1;
    }
    emit(w, t, e.type, { event: e.id, agent: w.plan.agents[e.agent].id, detail: m.plan.id });
  }
}
