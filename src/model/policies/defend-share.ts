/**
 * Defend share: cut price when the headline share fell. Its decide (through
 * an observation) and its native form (on the world's arrays) side by side.
 */
import { RivalsimError } from '../../errors.js';
import type { DefendShareOptions, Policy, PolicyAction } from '../policy-types.js';
import { adjustedShare, cutPrice, cutPriceDetail, policyWhere } from '../world/actions.js';
import type { World } from '../world/world.js';
import { builtin, marketsOf, NATIVE_ACTED, NATIVE_IDLE, type NativeOutcome, type NativeView } from './builtin.js';

/**
 * Defend share: when the headline share fell by at least `dropThreshold`
 * over `lookbackMonths` (seasonally adjusted), cut price (a decaying utility
 * lift), then wait `cooldownMonths`.
 *
 * @example
 * const p = defendShare({ market: 'phones', dropThreshold: 0.01, utility: 0.15 });
 * p.name; // => 'defendShare'
 */
export function defendShare(options: DefendShareOptions = {}): Policy {
  const { market, dropThreshold = 0.01, lookbackMonths = 3, utility = 0.15, halfLifeMonths = 4, cooldownMonths = 6 } = options;
  if (!(Number.isInteger(lookbackMonths) && lookbackMonths >= 1 && lookbackMonths <= 12)) {
    throw new RivalsimError('Invalid lookback', 'defendShare.lookbackMonths', lookbackMonths, 'an integer number of months in 1–12');
  }
  const policy: Policy = {
    name: 'defendShare',
    decide(obs, memory) {
      const last = (memory.lastCut as number | undefined) ?? -Infinity;
      if (obs.step - last < cooldownMonths) return;
      let actions: PolicyAction[] | undefined;
      const markets = obs.markets;
      for (let i = 0; i < markets.length; i++) {
        const m = markets[i];
        if ((market !== undefined && m.market !== market) || !m.active) continue;
        // shareChange is the 3-month change; other lookbacks read the history.
        const change = lookbackMonths === 3 ? m.shareChange : m.share - m.shareHistory[Math.min(lookbackMonths, m.shareHistory.length - 1)];
        if (change <= -dropThreshold) (actions ??= []).push({ kind: 'cutPrice', market: m.market, utility, halfLifeMonths });
      }
      if (actions) memory.lastCut = obs.step;
      return actions;
    },
  };
  /** The decide above on the world's arrays: the share less the adjusted share min(lookback, step) months ago. */
  const native = (w: World, a: number, view: NativeView, memory: Record<string, unknown>, p: Policy, t: number): NativeOutcome => {
    const last = (memory.lastCut as number | undefined) ?? -Infinity;
    if (t - last < cooldownMonths) return NATIVE_IDLE;
    const markets = view.markets, slots = view.slots, step = t - 1, T1 = w.plan.horizon + 1, cal = w.cal;
    const back = Math.min(lookbackMonths, step);
    let acted = false;
    for (let i = 0; i < markets.length; i++) {
      const m = markets[i], j = slots[i];
      if (m.active[j] !== 1) continue;
      const shares = m.series.data.share;
      const change = shares[j * T1 + step] - adjustedShare(m, shares, j, step, back, T1, cal);
      if (change > -dropThreshold) continue;
      // decide sets the memory before its cuts are applied (which neither read it nor change shares).
      if (!acted) { memory.lastCut = t; acted = true; }
      if (!Number.isFinite(utility)) throw new RivalsimError('Invalid price cut', policyWhere(p.name, w.plan.agents[a].id), utility, 'a finite utility lift');
      // No closure here (see NativeView.detail): this runs for every agent every month.
      const name = p.name, id = m.plan.id;
      cutPrice(w, a, m.index, utility, halfLifeMonths, t, view.detail(name, id) ?? view.keep(name, id, cutPriceDetail(name, id, utility)));
    }
    return acted ? NATIVE_ACTED : NATIVE_IDLE;
  };
  return builtin(policy, {
    kind: 'defendShare',
    markets: (w, a) => marketsOf(w, a).filter((m) => market === undefined || m.plan.id === market),
    native,
  });
}
