/**
 * What policies can do to a world, and what they read of it natively: a
 * price cut, an AI investment, pulling a launch or go-live forward, a
 * partnership offer; seasonally adjusted shares and the best rival's AI.
 */
import { RivalsimError } from '../../errors.js';
import { isDistribution, sampleNumeric, type Sampleable } from '../../random/distributions.js';
import type { RandomSource } from '../../random/source.js';
import type { PartnershipTerms, PolicyAction } from '../policy-types.js';
import { UTILITY } from '../plan.js';
import { emit } from './events.js';
import type { MarketState, Partnership, Ramp } from './state.js';
import type { World } from './world.js';

/** Terms of a policy-made partnership where the policy gives none. */
export const DEFAULT_TERMS: PartnershipTerms = {
  approvalProbability: 0.5, reviewMonths: 4, goLiveDelayMonths: 1, integrationQuality: 0.8,
  privacyCap: 1, visibility: 0.5, adoption: 0.4, ramp: { kind: 'linear', months: 6 },
};

/** Where a policy's bad action came from, for error messages. */
export function policyWhere(policyName: string, agentId: string): string {
  return `policy '${policyName}' of ${agentId}`;
}

/** Log detail of a price cut by policy `policyName` (market undefined: all its markets). */
export function cutPriceDetail(policyName: string, market: string | undefined, utility: number): string {
  return `${policyName}: price cut${market ? ' in ' + market : ''} (utility +${utility})`;
}

/** Log detail of an AI investment by policy `policyName`. */
export function investDetail(policyName: string, gain: number, months: number): string {
  return `${policyName}: invest in AI (+${gain} over ${months} months)`;
}

/** Log detail of pulling a launch or deal forward, by policy `policyName`. */
export function accelerateDetail(policyName: string, event: string, months: number): string {
  return `${policyName}: pull ${event} forward by ${months} months`;
}

/** A price cut (validated): a decaying utility lift in `market` (−1: all), logged with `detail`. */
export function cutPrice(w: World, a: number, market: number, utility: number, halfLifeMonths: number | undefined, t: number, detail: string): void {
  const half = halfLifeMonths ?? 4;
  w.effects.push({ agent: a, attr: UTILITY, market, level: utility, decay: Math.pow(0.5, 1 / half) });
  emit(w, t, 'policy', { agent: w.plan.agents[a].id, detail });
}

/** An AI investment (validated): a launch of `gain` ramping linearly over `months` from now. */
export function investAI(w: World, a: number, gain: number, months: number, t: number, detail: string): void {
  w.launches.push({ id: `invest:${w.plan.agents[a].id}@${t}`, agent: a, markets: null, month: t, gain, ramp: { kind: 'linear', months }, logged: true, settled: false });
  emit(w, t, 'policy', { agent: w.plan.agents[a].id, detail });
}

/**
 * Pulls agent `a`'s launch or deal `event` forward by `months` (not before
 * now) and logs it with `detail` (built here when undefined); throws if it
 * has neither by that id.
 */
export function accelerate(w: World, a: number, policyName: string, event: string, months: number, t: number, detail: string | undefined): void {
  const agentId = w.plan.agents[a].id;
  const launch = w.launches.find((l) => l.id === event && l.agent === a);
  const deal = w.partnerships.find((p) => p.id === event && (p.deviceMaker === a || p.provider === a));
  if (!launch && !deal) throw new RivalsimError('Unknown event in a policy action', policyWhere(policyName, agentId), event, 'the id of one of its launches or partnerships');
  if (launch && launch.month > t) launch.month = Math.max(t, launch.month - months);
  if (deal && deal.approved && deal.status !== 'live' && deal.goLive > t) deal.goLive = Math.max(t, deal.decision, deal.goLive - months);
  emit(w, t, 'policy', { agent: agentId, detail: detail ?? accelerateDetail(policyName, event, months) });
}

/** A policy's ramp: numbers as given, distributions drawn from the policy's stream. */
function rampFromTerms(r: PartnershipTerms['ramp'], stream: RandomSource): Ramp {
  const n = (v: unknown) => {
    if (typeof v !== 'number' && !isDistribution(v)) throw new RivalsimError('Invalid ramp in partnership terms', 'terms.ramp', v, 'numbers or distributions');
    return sampleNumeric(v as Sampleable, stream);
  };
  switch (r.kind) {
    case 'bass': return { kind: 'bass', p: n(r.p), q: n(r.q) };
    case 'linear': return { kind: 'linear', months: n(r.months) };
    default: return { kind: 'immediate' };
  }
}

/**
 * A partnership proposed by agent `a`'s policy to `providerId`: the
 * provider's policies may decline; else it is announced now, its approval
 * and ramp drawn from the stream `policy:<maker>+<provider>@<t>`.
 */
function proposePartnership(w: World, a: number, policyName: string, providerId: string, given: Partial<PartnershipTerms> | undefined, t: number): void {
  const agentId = w.plan.agents[a].id;
  const provider = w.plan.agentIndex.get(providerId);
  if (provider === undefined || w.homeMarket[provider] < 0) {
    throw new RivalsimError('Unknown AI provider in a policy action', policyWhere(policyName, agentId), providerId, 'the id of an AI provider in an assistant market');
  }
  const dm = w.markets.find((m) => m.kind === 'devices' && m.slotOf[a] >= 0);
  if (!dm) throw new RivalsimError('Partnership for an agent in no device market', policyWhere(policyName, agentId), agentId, 'a device maker');
  const terms = { ...DEFAULT_TERMS, ...given };
  const offer = { deviceMaker: agentId, provider: providerId, terms };
  const declined = w.policiesOf[provider].some(({ policy, memory }) =>
    policy.acceptPartnership !== undefined && !policy.acceptPartnership(offer, w.observation(provider, t - 1, t, 3), memory));
  if (declined) {
    emit(w, t, 'policy', { agent: agentId, detail: `${policyName}: ${providerId} declined a partnership` });
    return;
  }
  const key = `${agentId}+${providerId}@${t}`;
  const stream = w.streams.get(`policy:${key}`);
  const decision = t + terms.reviewMonths;
  const p: Partnership = {
    id: key, deviceMaker: a, provider, deviceMarket: dm.index, assistantMarket: w.homeMarket[provider],
    announce: t, decision, approved: stream() < terms.approvalProbability, goLive: decision + terms.goLiveDelayMonths,
    integration: terms.integrationQuality, privacy: terms.privacyCap, visibility: terms.visibility, adoption: terms.adoption,
    ramp: rampFromTerms(terms.ramp, stream), status: 'announced', rampNow: 0,
  };
  if (!p.approved) p.goLive = Infinity;
  w.partnerships.push(p);
  emit(w, t, 'policy', { agent: agentId, detail: `${policyName}: seek partner ${providerId}` });
  emit(w, t, 'announced', { event: key, agent: agentId, partner: providerId });
}

/**
 * Carries out one action of agent `a`'s policy `policyName` at step t, checking it.
 *
 * @example
 * applyAction(world, 0, 'defendShare', { kind: 'cutPrice', market: 'phones', utility: 0.1 }, 5);
 */
export function applyAction(w: World, a: number, policyName: string, action: PolicyAction, t: number): void {
  const agentId = w.plan.agents[a].id;
  switch (action.kind) {
    case 'cutPrice': {
      const market = action.market === undefined ? -1 : w.plan.marketIndex.get(action.market);
      if (market === undefined) throw new RivalsimError('Unknown market in a policy action', policyWhere(policyName, agentId), action.market, `one of ${[...w.plan.marketIndex.keys()].join(', ')}`);
      if (!Number.isFinite(action.utility)) throw new RivalsimError('Invalid price cut', policyWhere(policyName, agentId), action.utility, 'a finite utility lift');
      cutPrice(w, a, market, action.utility, action.halfLifeMonths, t, cutPriceDetail(policyName, action.market, action.utility));
      break;
    }
    case 'investAI':
      if (!Number.isFinite(action.gain) || !(action.months >= 0)) throw new RivalsimError('Invalid AI investment', policyWhere(policyName, agentId), action, 'a finite gain and months ≥ 0');
      investAI(w, a, action.gain, action.months, t, investDetail(policyName, action.gain, action.months));
      break;
    case 'accelerate':
      accelerate(w, a, policyName, action.event, action.months, t, undefined);
      break;
    case 'seekPartner':
      proposePartnership(w, a, policyName, action.provider, action.terms, t);
      break;
    default:
      throw new RivalsimError('Unknown policy action', policyWhere(policyName, agentId), (action as { kind: unknown }).kind, "'cutPrice', 'investAI', 'accelerate' or 'seekPartner'");
  }
}

/**
 * Slot j's share in m `k` months before `step`, seasonally adjusted to
 * `step`'s season (as observations show it).
 */
export function adjustedShare(m: MarketState, shares: Float64Array, j: number, step: number, k: number, T1: number, cal: Int32Array): number {
  let v = shares[j * T1 + step - k];
  const seasonal = m.kind === 'devices' ? m.seasonal : undefined;
  if (seasonal) v += seasonal[j * 12 + cal[step]] - seasonal[j * 12 + cal[step - k]];
  return v;
}

/** The best active AI capability among slot j's rivals in m at `step` (the market's two best, computed once a step for all). */
export function bestRivalAI(m: MarketState, j: number, step: number): number {
  if (m.topStep !== step) {
    let top1 = 0, top1Slot = -1, top2 = 0;
    for (let k = 0; k < m.n; k++) {
      if (!m.active[k]) continue;
      const x = m.attrAI[k];
      if (x > top1) { top2 = top1; top1 = x; top1Slot = k; } else if (x > top2) top2 = x;
    }
    m.top1 = top1; m.top1Slot = top1Slot; m.top2 = top2; m.topStep = step;
  }
  return m.top1Slot === j ? m.top2 : m.top1;
}
