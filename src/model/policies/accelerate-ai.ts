/**
 * Accelerate AI: when a rival's AI is ahead, pull a launch forward or
 * invest. Its decide and its native form side by side.
 */
import { RivalsimError } from '../../errors.js';
import type { AccelerateAIOptions, MarketView, Policy } from '../policy-types.js';
import { accelerate, accelerateDetail, bestRivalAI, investAI, investDetail, policyWhere } from '../world/actions.js';
import type { MarketState } from '../world/state.js';
import type { World } from '../world/world.js';
import { builtin, marketsOf, NATIVE_ACTED, NATIVE_IDLE, type NativeOutcome, type NativeView } from './builtin.js';

/**
 * The markets where the policy compares: `market` if given; else the
 * device markets among `markets` (a phone's AI against rival phones'), or,
 * for an agent in no device market, all of them (its assistant markets).
 */
function comparedIn<M extends { kind: 'devices' | 'assistants' }>(markets: M[], id: (m: M) => string, market: string | undefined): M[] {
  if (market !== undefined) return markets.filter((m) => id(m) === market);
  const devices = markets.filter((m) => m.kind === 'devices');
  return devices.length > 0 ? devices : markets;
}

/**
 * Slack on the gap test: capabilities are sums of declared steps, so a gap
 * of exactly `gap` (0.55 − 0.45 with gap 0.1) comes out an ulp above it and
 * would fire.
 */
const GAP_TOLERANCE = 1e-9;

/**
 * Accelerate AI when behind: if the agent's AI trails the best rival's by
 * more than `gap` (an exact tie does not count) in a market it compares in (by default a device maker
 * compares its phones' AI with rival phones', a provider its assistant with
 * rival assistants), pull a pending launch forward by `pullForwardMonths`,
 * or else invest (`gain` over `months`); then wait `cooldownMonths`.
 *
 * @example
 * const p = accelerateAI({ gap: 0.1, gain: 0.05 });
 * p.name; // => 'accelerateAI'
 */
export function accelerateAI(options: AccelerateAIOptions = {}): Policy {
  const { market, gap = 0.1, gain = 0.05, months = 6, pullForwardMonths = 2, cooldownMonths = 6 } = options;
  const policy: Policy = {
    name: 'accelerateAI',
    decide(obs, memory) {
      const last = (memory.lastAct as number | undefined) ?? -Infinity;
      if (obs.step - last < cooldownMonths) return;
      // Own capability (before any overload loss) or a partner's, whichever is higher.
      let behind = false;
      for (const m of comparedIn<MarketView>(obs.markets, (x) => x.market, market)) {
        if (m.active && m.bestRivalAI - Math.max(obs.ownAICapability, m.aiCapability) > gap + GAP_TOLERANCE) { behind = true; break; }
      }
      if (!behind) return;
      memory.lastAct = obs.step;
      const pending = obs.pendingLaunches.find((l) => l.month > obs.step);
      if (pending) return [{ kind: 'accelerate', event: pending.id, months: pullForwardMonths }];
      return [{ kind: 'investAI', gain, months }];
    },
  };
  const native = (w: World, a: number, view: NativeView, memory: Record<string, unknown>, p: Policy, t: number): NativeOutcome => {
    const last = (memory.lastAct as number | undefined) ?? -Infinity;
    if (t - last < cooldownMonths) return NATIVE_IDLE;
    const markets = view.markets, slots = view.slots, own = w.ownAI[a], step = t - 1;
    let behind = false;
    for (let i = 0; i < markets.length; i++) {
      const m = markets[i], j = slots[i];
      if (m.active[j] === 1 && bestRivalAI(m, j, step) - Math.max(own, m.attrAI[j]) > gap + GAP_TOLERANCE) { behind = true; break; }
    }
    if (!behind) return NATIVE_IDLE;
    memory.lastAct = t;
    // Its first launch still to come: obs.pendingLaunches (month > step), then month > t.
    for (const l of w.launches) {
      if (l.agent === a && l.month > step && l.month > t) {
        const name = p.name, id = l.id;
        accelerate(w, a, name, id, pullForwardMonths, t, view.detail(name, id) ?? view.keep(name, id, accelerateDetail(name, id, pullForwardMonths)));
        return NATIVE_ACTED;
      }
    }
    if (!Number.isFinite(gain) || !(months >= 0)) {
      throw new RivalsimError('Invalid AI investment', policyWhere(p.name, w.plan.agents[a].id), { kind: 'investAI', gain, months }, 'a finite gain and months ≥ 0');
    }
    // No closure here either (see NativeView.detail).
    const name = p.name;
    investAI(w, a, gain, months, t, view.detail(name, '|invest') ?? view.keep(name, '|invest', investDetail(name, gain, months)));
    return NATIVE_ACTED;
  };
  return builtin(policy, {
    kind: 'accelerateAI',
    markets: (w, a) => comparedIn<MarketState>(marketsOf(w, a), (m) => m.plan.id, market),
    native,
  });
}
