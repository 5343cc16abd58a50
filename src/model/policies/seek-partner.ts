/**
 * Seek a partner: a device maker without AI offers a deal to the best
 * provider. Its decide and its native early returns side by side.
 */
import type { Observation, Policy, SeekPartnerOptions } from '../policy-types.js';
import type { World } from '../world/world.js';
import { builtin, marketsOf, NATIVE_IDLE, NATIVE_UNDECIDED, type NativeOutcome, type NativeView } from './builtin.js';

/**
 * Seek a partner: a device maker still without AI (own capability below
 * `minAICapability`, no partnership planned, announced, approved or live) from month
 * `byMonth` on announces a partnership with the most capable AI provider
 * whose regulatory fit passes `minRegulatoryFit`, skipping providers that
 * were rejected before and (unless `allowRivals`) providers that sell
 * devices in the same market. Approval probability defaults to that provider's
 * regulatory fit.
 *
 * @example
 * const p = seekPartner({ byMonth: 6, minRegulatoryFit: 0.6 });
 * p.name; // => 'seekPartner'
 */
export function seekPartner(options: SeekPartnerOptions = {}): Policy {
  const { byMonth = 6, minRegulatoryFit = 0.6, minAICapability = 0.05, terms = {}, allowRivals = false } = options;
  const policy: Policy = {
    name: 'seekPartner',
    decide(obs) {
      if (obs.step < byMonth || !obs.roles.includes('deviceMaker')) return;
      // Its AI on its devices: its own, with launches restricted to its device markets.
      let deviceAI = obs.ownAICapability, sellsDevices = false;
      for (const m of obs.markets) {
        if (m.kind !== 'devices') continue;
        if (m.aiCapability > deviceAI) deviceAI = m.aiCapability;
        if (m.active) sellsDevices = true;
      }
      if (!sellsDevices) return; // sells no devices: nothing to put an assistant on
      if (deviceAI >= minAICapability) return;
      const myDeviceMarkets = obs.markets.filter((m) => m.kind === 'devices' && m.active).map((m) => m.market);
      // Planned, announced, approved or live: a deal is on its way.
      for (const p of obs.partnerships) if (p.deviceMaker === obs.agent && p.status !== 'rejected') return;
      const rejected = new Set(obs.partnerships.filter((p) => p.status === 'rejected').map((p) => p.provider));
      let best: Observation['providers'][number] | undefined;
      for (const p of obs.providers) {
        if (p.regulatoryFit < minRegulatoryFit || rejected.has(p.id)) continue;
        if (!allowRivals && p.deviceMarkets.some((m) => myDeviceMarkets.includes(m))) continue;
        if (!best || p.aiCapability > best.aiCapability) best = p;
      }
      if (!best) return;
      return [{ kind: 'seekPartner', provider: best.id, terms: { approvalProbability: Math.min(1, Math.max(0, best.regulatoryFit)), ...terms } }];
    },
  };
  /**
   * Its early returns on the arrays: idle when its decide certainly returns
   * nothing (too early, not a device maker, selling no devices, its devices
   * have AI, or a deal not rejected is on its way); else undecided (its
   * decide, through an observation, decides).
   */
  const native = (w: World, a: number, view: NativeView, _memory: Record<string, unknown>, _p: Policy, t: number): NativeOutcome => {
    if (t < byMonth || !w.plan.agents[a].roles.includes('deviceMaker')) return NATIVE_IDLE;
    const markets = view.markets, slots = view.slots;
    let deviceAI = w.ownAI[a], sellsDevices = false;
    for (let i = 0; i < markets.length; i++) {
      const m = markets[i], j = slots[i], ai = m.attrAI[j];
      if (ai > deviceAI) deviceAI = ai;
      if (m.active[j] === 1) sellsDevices = true;
    }
    if (!sellsDevices || deviceAI >= minAICapability) return NATIVE_IDLE;
    // obs.partnerships holds its deals (agent ids are unique, so the device maker's id is `a`'s).
    for (const p of w.partnerships) if (p.deviceMaker === a && p.status !== 'rejected') return NATIVE_IDLE;
    return NATIVE_UNDECIDED;
  };
  return builtin(policy, { kind: 'seekPartner', markets: (w, a) => marketsOf(w, a).filter((m) => m.kind === 'devices'), native });
}
