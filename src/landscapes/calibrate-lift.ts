/**
 * Calibrating a device maker's product-cycle lift on its seasonal pattern.
 */
import { RivalsimError } from '../errors.js';
import { runScenario } from '../model/world.js';
import type { LandscapeSpec } from '../model/types.js';

/**
 * Solves (by bisection on the deterministic model: no noise, no policies,
 * no events) the product-cycle lift of `agent` in device market `market`
 * so that its Q4 sales share over its annual sales share, in the third
 * simulated year, equals `targetQ4OverAnnual`. The half-life and launch
 * month are taken from the agent's `productCycle`.
 *
 * @example
 * calibrateSeasonalLift(chinaLandscape(), 'apple', 'phones', 1.1355); // => 1.11...
 */
export function calibrateSeasonalLift(landscape: LandscapeSpec, agent: string, market: string, targetQ4OverAnnual: number): number {
  const index = landscape.agents.findIndex((a) => a.id === agent);
  const cycle = landscape.agents[index]?.productCycle;
  if (!cycle) throw new RivalsimError('No product cycle to calibrate', `landscape.agents.${agent}.productCycle`, undefined, 'a productCycle with launchMonth and halfLifeMonths');
  if (!(targetQ4OverAnnual > 0)) throw new RivalsimError('Invalid target ratio', 'targetQ4OverAnnual', targetQ4OverAnnual, 'a number > 0');
  const startMonth = Number(landscape.start.slice(5, 7)) - 1;
  const ratio = (lift: number): number => {
    const agents = landscape.agents.map((a, i) => (i === index ? { ...a, productCycle: { ...cycle, lift } } : a));
    const r = runScenario({ id: 'calibration', landscape: { ...landscape, agents }, horizon: 36, switches: { noise: false, policies: false } });
    const s = r.series(market, 'share', agent);
    // The third calendar year that is fully simulated.
    const first = 24 + ((12 - startMonth) % 12);
    let year = 0, q4 = 0;
    for (let k = 0; k < 12; k++) year += s[first + k] / 12;
    for (let k = 9; k < 12; k++) q4 += s[first + k] / 3;
    return q4 / year;
  };
  let lo = -5, hi = 5;
  if (ratio(lo) > targetQ4OverAnnual || ratio(hi) < targetQ4OverAnnual) {
    throw new RivalsimError('Seasonal ratio out of reach', 'targetQ4OverAnnual', targetQ4OverAnnual, `a ratio between ${ratio(lo).toFixed(3)} and ${ratio(hi).toFixed(3)}`);
  }
  for (let i = 0; i < 50; i++) {
    const mid = (lo + hi) / 2;
    if (ratio(mid) < targetQ4OverAnnual) lo = mid; else hi = mid;
  }
  return (lo + hi) / 2;
}
