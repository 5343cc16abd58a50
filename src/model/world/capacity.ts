/**
 * Partnerships in service and cloud capacity: the users each live
 * partnership serves and credits to its provider, each provider's load,
 * service quality and outages.
 */
import { rampAt } from './attributes.js';
import { emit } from './events.js';
import type { DeviceMarketState } from './state.js';
import type { World } from './world.js';

/**
 * For each live partnership, its ramp this step (kept in `rampNow`), then
 * `served = B_maker × adoption × ramp` (the maker's installed base at the
 * end of last month), `visibility` of it
 * credited to the provider; then each capacity-limited provider's
 * `load = (own users + served) × peakConcurrency / capacity`, quality
 * `load^−elasticity` over capacity, and from step 1 one outage draw a month
 * (`u < 1 − exp(−hazard × (load − 1))` over capacity).
 */
export function updatePartnershipsAndCapacity(w: World, t: number): void {
  const { servedExtra, creditedExtra } = w;
  servedExtra.fill(0);
  creditedExtra.fill(0);
  for (const p of w.partnerships) {
    if (p.status !== 'live') continue;
    // The ramp of this step, kept for the device and assistant attributes of the same step.
    const r = (p.rampNow = rampAt(p.ramp, t + 1 - p.goLive));
    const dm = w.markets[p.deviceMarket] as DeviceMarketState, K = dm.K, d = dm.slotOf[p.deviceMaker];
    let base = 0;
    for (let k = 0; k < K; k++) base += dm.base[d * K + k];
    const served = base * p.adoption * r;
    servedExtra[p.provider] += served;
    creditedExtra[p.provider] += p.visibility * served;
  }
  for (let a = 0; a < w.nA; a++) {
    w.quality[a] = 1;
    w.outageNow[a] = 0;
    w.loadNow[a] = 0;
    const stream = w.outageStreams[a];
    const home = w.homeMarket[a];
    if (home < 0 || !stream) continue;
    // One draw per month, whatever the load, so the stream stays aligned.
    const u = t === 0 ? 1 : stream.random();
    const m = w.markets[home];
    if (m.kind !== 'assistants') continue;
    const j = m.slotOf[a];
    const demand = (m.trial[j] + m.habit[j] + servedExtra[a]) * m.peakConcurrency;
    // Capacity grows by a factor each month (kept as a running product; recomputed off sequence).
    const capacity = t > 0 && t === w.capacityStep + 1 ? w.capacityNow[a] * (1 + w.capacityGrowth[a])
      : w.capacity0[a] * Math.pow(1 + w.capacityGrowth[a], t);
    w.capacityNow[a] = capacity;
    const load = demand / capacity;
    w.loadNow[a] = load;
    if (load > 1) w.quality[a] = Math.pow(load, -m.elasticity);
    if (t === 0) continue;
    if (load > 1 && u < 1 - Math.exp(-m.outageHazard * (load - 1))) {
      w.outageNow[a] = 1;
      w.quality[a] *= 1 - m.outageSeverity;
      emit(w, t, 'outage', { agent: w.plan.agents[a].id, detail: `load ${load.toFixed(2)}` });
    }
  }
  w.capacityStep = t;
}
