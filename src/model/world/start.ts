/**
 * The start of a run: loyalties and intercepts solved so that the model
 * reproduces the declared starting state, then the state at step 0.
 *
 * Devices: the brands' sales shares by tier (over a year of the product
 * calendar) and their repurchase rates, *given the installed base the
 * market starts with* — which need not be the base those shares would
 * build in the long run, so a brand whose sales run ahead of its base keeps
 * gaining as its base catches up (the start is a point on a path, not a
 * steady state). Assistants: each provider's trial rate that keeps its
 * starting users level at step 0.
 */
import { RivalsimError } from '../../errors.js';
import { assistantAttributes, attributeUtilities, deviceAttributes, fixedUtility, updateAttributes, updateWeights } from './attributes.js';
import { assistantTotals, attentionRates, habitRates, habitScratch } from './assistants.js';
import { updatePartnershipsAndCapacity } from './capacity.js';
import { brandUtilities, deviceChoice, deviceFlows, deviceShares, updateOrigin } from './devices.js';
import type { AssistantMarketState, DeviceMarketState } from './state.js';
import type { World } from './world.js';

/**
 * A solved start, kept per market while the inputs it depends on stay the
 * same. Device markets keep the *total* starting utility of each brand and
 * tier (`utility = α + Σ w x` at step 0): attributes and weights only move
 * the intercepts, so a run whose attributes or weights differ reuses it.
 */
export interface Calibration {
  key: string;
  markets: Array<{ utility: Float64Array; loyalty: Float64Array; seasonal?: Float64Array }>;
}

/**
 * The inputs a device start depends on: its device markets' own inputs
 * (but weights, weight drifts and the shock process) and the product
 * calendars. Attributes and weights only shift intercepts, shocks start at
 * 0; expressions are recorded under their own paths, so parameters need
 * not be looked at.
 */
function calibrationKey(w: World): string {
  if (w.reference) return calibrationKeyReference(w);
  // The inputs it depends on were noted as they were drawn (see `startDependsOn`), in the order of `w.inputs`.
  const paths = w.startPaths, values = w.startValues;
  let key = '';
  for (let i = 0; i < paths.length; i++) key += `${paths[i]}=${values[i]};`;
  return key;
}

/**
 * Whether the start depends on input `path` (whether it enters the
 * calibration key, see {@link calibrationKey}): decided by the path alone,
 * so once per world and input.
 *
 * @example
 * startDependsOn(world, 'landscape.markets[0].unitsPerYear'); // => true
 * startDependsOn(world, 'landscape.markets[0].weights.price'); // => false
 */
export function startDependsOn(w: World, path: string): boolean {
  const devices = w.markets.filter((m) => m.kind === 'devices').map((m) => `landscape.markets[${m.index}].`);
  const relevant = devices.some((d) => path.startsWith(d)) || path.includes('.launches[') || path.includes('.productCycle.');
  return relevant && !(path.includes('.weightDrift.') || path.includes('.weights.') || path.includes('.shocks.'));
}

/** The reference form of {@link calibrationKey} (`World.reference`): every path's relevance decided again in each run. */
function calibrationKeyReference(w: World): string {
  const devices = w.markets.filter((m) => m.kind === 'devices').map((m) => `landscape.markets[${m.index}].`);
  let key = '';
  // (w.inputs builds its record on each read: read it once.)
  const inputs = w.inputs;
  for (const path in inputs) {
    const relevant = devices.some((d) => path.startsWith(d)) || path.includes('.launches[') || path.includes('.productCycle.');
    if (!relevant || path.includes('.weightDrift.') || path.includes('.weights.') || path.includes('.shocks.')) continue;
    key += `${path}=${inputs[path]};`;
  }
  return key;
}

/**
 * Solves (or reuses) the start of every market and computes step 0.
 *
 * @example
 * calibrateStart(world); world.markets[0].share; // => the starting sales shares
 */
export function calibrateStart(w: World): void {
  updateAttributes(w, 0);
  updatePartnershipsAndCapacity(w, 0);
  const key = calibrationKey(w);
  const reuse = w.calibration?.key === key ? w.calibration : undefined;
  const solved: Calibration = { key, markets: [] };
  for (const m of w.markets) {
    updateWeights(m, 0);
    fixedUtility(w, m);
    // Shares of use first: a phone's assistant appeal reads them.
    if (m.kind === 'assistants') assistantTotals(w, m);
  }
  for (const m of w.markets) {
    if (m.kind !== 'devices') continue;
    deviceAttributes(w, m);
    const base = new Float64Array(m.n);
    attributeUtilities(w, m, base);
    const c = reuse?.markets[m.index];
    let utility: Float64Array;
    if (c) {
      utility = c.utility;
      m.loyalty.set(c.loyalty);
      m.seasonal = c.seasonal;
    } else {
      utility = solveDeviceStart(w, m);
    }
    // Intercepts: the total starting utility less this run's attributes.
    for (let j = 0; j < m.n; j++) for (let k = 0; k < m.K; k++) m.alpha[j * m.K + k] = utility[j * m.K + k] - base[j];
    const intercepts = m.plan.participants;
    intercepts.forEach((p, j) => { if (p.intercept !== undefined) for (let k = 0; k < m.K; k++) if (m.alpha[j * m.K + k] !== -Infinity) m.alpha[j * m.K + k] = p.intercept; });
    solved.markets[m.index] = { utility, loyalty: m.loyalty.slice(), seasonal: m.seasonal };
    startChoice(w, m, utility, base);
    const replacing = updateOrigin(m, m.season[w.cal[0]]);
    m.unitsNow = replacing;
    deviceShares(m, 0);
    if (w.recordFlows) deviceFlows(m, replacing);
  }
  for (const m of w.markets) {
    if (m.kind !== 'assistants') continue;
    assistantAttributes(w, m);
    solveAssistantStart(w, m);
    attributeUtilities(w, m, m.util);
    for (let j = 0; j < m.n; j++) m.util[j] += m.alpha[j];
    m.attention0 = attentionRates(m);
    assistantTotals(w, m);
  }
  w.calibration = solved;
}

/**
 * Device intercepts `α_jτ` and loyalties `l_j` such that, over a year of
 * the product calendar at typical strength (months weighted by their units,
 * as trackers weigh an annual share), brand j sells `s_j θ_jτ` in tier τ
 * and repurchases at its repurchase rate `R_j = l_j + (1 − l_j) P_j`
 * (`P_j` the chance that its own free choosers pick it again), given the
 * starting installed base. A fixed point: α moves by λ log(target/model) of
 * the free choices (Berry 1994's contraction for nested logit), l from R.
 */
function solveDeviceStart(w: World, m: DeviceMarketState): Float64Array {
  const n = m.n, K = m.K, plan = m.plan, lambda = m.lambda;
  // Solved for the total utility (attributes at 0), so that the answer depends on the key's inputs alone.
  const base = new Float64Array(n);
  const target = new Float64Array(n * K);
  for (let j = 0; j < n; j++) for (let k = 0; k < K; k++) target[j * K + k] = plan.participants[j].initialShare * m.tierShares[j * K + k];
  for (let i = 0; i < n * K; i++) m.alpha[i] = target[i] > 0 ? Math.log(target[i]) : -Infinity;
  const solveL = Array.from({ length: n }, (_, j) => m.repurchase[j] !== undefined && m.loyaltyFixed[j] === undefined && plan.participants[j].initialShare > 0);
  for (let j = 0; j < n; j++) m.loyalty[j] = m.loyaltyFixed[j] ?? (solveL[j] ? 0.3 : m.defaultLoyalty);
  updateOrigin(m, 1);
  const months = m.liftCal ? 12 : 1;
  const util = new Float64Array(n), mean = new Float64Array(n * K), own = new Float64Array(n);
  let clamped = -1;
  for (let iter = 0; iter < 10_000; iter++) {
    mean.fill(0);
    own.fill(0);
    for (let c = 0; c < months; c++) {
      // Months weigh by their units, as trackers' annual shares do.
      const weight = months === 1 ? 1 : m.season[c] / 12;
      for (let j = 0; j < n; j++) util[j] = base[j] + (m.liftCal ? m.liftCal[j * 12 + c] : 0);
      deviceChoice(m, util);
      deviceShares(m, 0);
      for (let i = 0; i < n * K; i++) mean[i] += m.shareTier[i] * weight;
      for (let j = 0; j < n; j++) {
        let o = 0, p = 0;
        for (let s = 0; s < K; s++) { o += m.origin[j * K + s]; p += m.origin[j * K + s] * m.destination[s * n + j]; }
        own[j] += (o > 0 ? p / o : 0) * weight;
      }
    }
    let change = 0;
    for (let j = 0; j < n; j++) {
      for (let k = 0; k < K; k++) {
        const i = j * K + k;
        if (!(target[i] > 0)) continue;
        const loyal = m.origin[i] * m.loyalty[j];
        const wanted = target[i] - loyal, got = mean[i] - loyal;
        if (!(wanted > 0)) infeasible(w, m, j, k, loyal, target[i]);
        const step = Math.log(wanted / got);
        m.alpha[i] += lambda * step;
        change = Math.max(change, Math.abs(step));
      }
    }
    clamped = -1;
    for (let j = 0; j < n; j++) {
      if (!solveL[j]) continue;
      const R = m.repurchase[j]!, P = own[j];
      let l = P < 1 ? (R - P) / (1 - P) : 0.999;
      if (l < 0) { clamped = j; l = 0; }
      l = Math.min(0.999, l);
      change = Math.max(change, Math.abs(l - m.loyalty[j]));
      m.loyalty[j] = l;
    }
    if (change < 1e-12) break;
  }
  if (clamped >= 0) {
    const p = plan.participants[clamped];
    throw new RivalsimError('Repurchase rate below what free choice alone gives', `${p.path}.repurchaseRate`, m.repurchase[clamped],
      'a repurchase rate above the brand\'s own choice probability among switchers (loyalty would be negative)',
      'Raise it, or give a loyalty instead');
  }
  m.seasonal = m.liftCal ? seasonalPattern(m, base) : undefined;
  return m.alpha.slice();
}

/**
 * Step 0's choice from the solved total utilities themselves: every run
 * starts from the same bits, whatever its attributes, since
 * `(utility − base) + base` differs from `utility` in the last bit from run
 * to run. A brand with a fixed intercept keeps `intercept + base`.
 */
function startChoice(w: World, m: DeviceMarketState, utility: Float64Array, base: Float64Array): void {
  brandUtilities(w, m, 0);
  const n = m.n, K = m.K, alpha = m.alpha, T1 = w.plan.horizon + 1;
  const start = new Float64Array(n * K), rest = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const fixed = m.plan.participants[j].intercept !== undefined;
    for (let k = 0; k < K; k++) start[j * K + k] = fixed && alpha[j * K + k] !== -Infinity ? alpha[j * K + k] + base[j] : utility[j * K + k];
    rest[j] = m.utilMod[j] + m.eps[j] + (m.lift !== undefined ? m.lift[j * T1] : 0);
  }
  m.alpha = start;
  deviceChoice(m, rest);
  m.alpha = alpha;
}

function infeasible(w: World, m: DeviceMarketState, j: number, k: number, loyal: number, target: number): never {
  const p = m.plan.participants[j];
  throw new RivalsimError('Starting share below what loyal repurchases alone give', `${p.path}.initialShare`, p.initialShare,
    `a share whose part in tier '${m.plan.tiers[k].id}' (${target.toFixed(4)}) exceeds the loyal repurchases of its installed base there (${loyal.toFixed(4)})`,
    `Lower ${w.plan.agents[p.agent].id}'s installed base or repurchase rate, or raise its share`);
}

/**
 * The share pattern over the calendar that the product calendars alone
 * produce at the start (loyal repurchases plus free choices with each
 * month's typical lift), so policies can look at seasonally adjusted changes.
 */
function seasonalPattern(m: DeviceMarketState, base: Float64Array): Float64Array {
  const n = m.n, out = new Float64Array(n * 12), util = new Float64Array(n);
  for (let c = 0; c < 12; c++) {
    for (let j = 0; j < n; j++) util[j] = base[j] + m.liftCal![j * 12 + c];
    deviceChoice(m, util);
    deviceShares(m, 0);
    for (let j = 0; j < n; j++) out[j * 12 + c] = m.share[j];
  }
  return out;
}

/**
 * Assistant intercepts: each provider's trial rate `a_j` such that its
 * starting users stay level at step 0 (trials = trial churn + habit churn),
 * `a_j = (χ_T T_j + χ_H,j H_j) / (N − U_j)`, inverted through
 * `a_j = 1 − exp(−exp(V_j))`. A rate cannot reach 1: a provider whose users
 * need more trials than the people who do not use it can make (it starts
 * with nearly everyone, or churns fast) gets 0.999 and starts declining.
 */
function solveAssistantStart(w: World, m: AssistantMarketState): void {
  const n = m.n, plan = m.plan;
  attributeUtilities(w, m, m.util);
  const r = habitScratch(m);
  habitRates(m, r);
  for (let j = 0; j < n; j++) {
    const p = plan.participants[j];
    if (p.intercept !== undefined) { m.alpha[j] = p.intercept; continue; }
    if (!m.active[j]) { m.alpha[j] = 0; continue; }
    const room = m.users - m.trial[j] - m.habit[j];
    const need = m.trialChurn * m.trial[j] + r.churn[j] * m.habit[j];
    const rate = room > 0 ? Math.min(0.999, Math.max(1e-12, need / room)) : 0.999;
    m.alpha[j] = Math.log(-Math.log1p(-rate)) - m.util[j];
  }
}
